"""Data + clauses -> a numbered Document tree with resolved references."""

from __future__ import annotations

from typing import Any

from . import formatting
from .clauses import Clause, Library
from .clauses.render import render_clause
from .context import clause_context
from .errors import ClauseError, Location, Problem
from .model import ProjectData
from .numbering import number_document, resolve_references
from .outline import Outline
from .parse import parse_blocks
from .tree import Article, Document, Source


def select_clauses(outline: Outline, library: Library, lang: str) -> list[tuple[Clause, str]]:
    """The clause file for every outline entry in ``lang``; all missing ones reported at once."""
    chosen, problems = [], []
    for entry in outline.entries:
        clause = library.get(entry.clause_id, lang)
        if clause is None:
            problems.append(
                Problem(entry.location, f"no '{lang}' text for clause '{entry.clause_id}' in the clause library")
            )
            continue
        chosen.append((clause, entry.part))
    if problems:
        raise ClauseError(problems=problems)
    return chosen


def assemble(data: ProjectData, outline: Outline, clauses: list[tuple[Clause, str]], lang: str) -> Document:
    """Render every clause with the data, parse it into the tree, number, resolve."""
    ent = data.enterprise
    title = outline.title(lang)
    context = clause_context(data, {"id": outline.kind, "lang": lang, "title": title})
    articles, problems = [], []
    for clause, part in clauses:
        try:
            _check_requires(clause, context)
            text, nodes = render_clause(clause, context)
        except ClauseError as exc:
            problems.extend(exc.problems)
            continue
        articles.append(
            Article(
                id=clause.id,
                title=clause.title,
                part=part,  # type: ignore[arg-type]
                blocks=parse_blocks(text, nodes),
                source=Source(clause.file),
                version=clause.version,
            )
        )
    if problems:
        raise ClauseError(problems=problems)
    doc = Document(
        kind=outline.kind,
        lang=lang,
        title=title,
        enterprise=ent.name,
        company=ent.company.legal_name,
        date=formatting.date(ent.effective_date, lang),
        parties=[ent.company.legal_name] + [a.name for a in data.members()],
        articles=articles,
    )
    number_document(doc)
    resolve_references(doc)
    return doc


def _check_requires(clause: Clause, context: dict[str, Any]) -> None:
    """Each data path the clause declares must have a value."""
    problems = []
    for path, line in zip(clause.requires, clause.requires_lines, strict=False):
        if _lookup(context, path) is None:
            problems.append(
                Problem(
                    Location(clause.file, line), f"the clause requires '{path}', which the data does not give", path
                )
            )
    if problems:
        raise ClauseError(problems=problems)


def _lookup(context: dict[str, Any], path: str) -> Any:
    head, *rest = path.split(".")
    value: Any = context.get(head)
    for part in rest:
        if value is None:
            return None
        try:
            value = value[part]
        except (KeyError, TypeError, IndexError):
            return None
    return value
