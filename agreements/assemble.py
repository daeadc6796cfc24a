"""Data + clauses -> a numbered Document tree with resolved references and definitions."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from . import formatting
from .clauses import Clause, Library
from .clauses.render import evaluate_when, render_clause
from .context import clause_context
from .errors import ClauseError, Location, Problem
from .model.network import EnterpriseData
from .numbering import number_document, resolve_references
from .outline import Entry, Outline
from .parse import parse_blocks, parse_inline
from .tree import (
    Article,
    Blank,
    Block,
    Definition,
    DefinitionsPlaceholder,
    Document,
    Inline,
    ListBlock,
    ListItem,
    Paragraph,
    Reference,
    Source,
    Strong,
    TermUse,
    Text,
    walk_inlines,
    walk_items,
)

# the language a company's documents are drawn up in; any other language is a translation
ORIGINAL_LANGUAGE = {"NL": "nl", "GB": "en"}

DEFINITION_WORDS = {
    "en": (" means ", " has the meaning given in "),
    "nl": (": ", ": als bedoeld in "),
}


@dataclass
class Decision:
    """Whether an outline entry made it into the document, and why."""

    entry: Entry
    clause: Clause | None
    included: bool
    reason: str


def document_context(data: EnterpriseData, outline: Outline, lang: str, agent_id: str | None = None) -> dict[str, Any]:
    """What the clauses of a document see; ``agent_id`` for a document made for one agent."""
    document = {"id": outline.kind, "lang": lang, "title": outline.title(lang), "numbering": outline.numbering}
    return clause_context(data, document, agent_id)


def select(
    outline: Outline, library: Library, lang: str, context: dict[str, Any], variants: dict[str, str] | None = None
) -> list[Decision]:
    """Decide, for every outline entry, which clause (if any) goes in, and say why."""
    variants = variants or {}
    decisions, problems = [], []
    for entry in outline.entries:
        clause = library.get(entry.clause_id, lang)
        options = library.variants(entry.clause_id, lang)
        try:
            if clause is not None:
                ok = evaluate_when(clause, context)
                reason = f"when: {clause.when} -> {'true' if ok else 'false'}" if clause.when else "always"
                decisions.append(Decision(entry, clause, ok, reason))
            elif options:
                decisions.append(_pick_variant(entry, options, context, variants.get(entry.clause_id)))
            else:
                problems.append(
                    Problem(entry.location, f"no '{lang}' text for clause '{entry.clause_id}' in the clause library")
                )
        except ClauseError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ClauseError(problems=problems)
    return decisions


def _pick_variant(entry: Entry, options: list[Clause], context: dict[str, Any], chosen: str | None) -> Decision:
    names = ", ".join(sorted(c.variant or "" for c in options))
    if chosen is not None:
        match = [c for c in options if c.variant == chosen]
        if not match:
            raise ClauseError(
                problems=[
                    Problem(
                        entry.location, f"variant '{chosen}' of '{entry.clause_id}' does not exist; variants: {names}"
                    )
                ]
            )
        return Decision(entry, match[0], True, f"variant '{chosen}' chosen in agreements.toml")
    holding = [c for c in options if c.when and evaluate_when(c, context)]
    if len(holding) == 1:
        return Decision(entry, holding[0], True, f"variant '{holding[0].variant}': when: {holding[0].when} -> true")
    what = "none" if not holding else f"{len(holding)} ({', '.join(c.variant or '' for c in holding)})"
    raise ClauseError(
        problems=[
            Problem(
                entry.location,
                f"cannot choose a variant of '{entry.clause_id}': {what} of their conditions hold; variants: {names}"
                f' (choose one in agreements.toml: [variants] "{entry.clause_id}" = "...")',
            )
        ]
    )


def assemble(
    data: EnterpriseData,
    outline: Outline,
    decisions: list[Decision],
    lang: str,
    *,
    allow_missing: bool = False,
    strict: bool = True,
    agent_id: str | None = None,
    requires: bool = True,
    collect_missing: bool = False,
    highlight: bool = False,
) -> tuple[Document, list[Problem]]:
    """Render every chosen clause with the data, parse it into the tree, number, resolve.

    With ``strict`` false, broken references come back as problems instead of failing
    (the lint uses this to report them with everything else). With ``requires`` false, a
    clause is rendered even when the data lacks a value its front matter requires (a draft
    then shows a blank where it is printed). With ``collect_missing``, every value the data
    lacks is a problem (its data path, clause file and line), all of them found in one run
    rather than the first one of each clause. With ``highlight``, every value printed from
    the data carries its data path into the tree (``Text.data_path``).
    """
    context = document_context(data, outline, lang, agent_id)
    articles, problems = [], []
    missing: list[Problem] = []
    for decision in decisions:
        clause = decision.clause
        if clause is None or not decision.included:
            continue
        try:
            if requires:
                _check_requires(clause, context)
            rendered = render_clause(clause, context, allow_missing or collect_missing, highlight)
        except ClauseError as exc:
            problems.extend(exc.problems)
            continue
        if collect_missing:
            missing.extend(p for p in map(missing_value, rendered.nodes) if p is not None and p not in missing)
        defines = [
            (term, parse_inline(text, rendered.nodes), Source(clause.file, line))
            for term, text, line in rendered.defines
        ]
        articles.append(
            Article(
                id=clause.group or clause.id,
                title=clause.title,
                part=decision.entry.part,
                blocks=parse_blocks(rendered.text, rendered.nodes),
                source=Source(clause.file),
                version=clause.version,
                defines=defines,
                clause_id=clause.id,
                layer=clause.layer,
            )
        )
    if problems:
        raise ClauseError(problems=problems + missing)
    # the document's own fields are read through the context too, so that the cache sees them
    enterprise, company = context["enterprise"], context["company"]
    parties = _parties(context, outline, highlight)
    doc = Document(
        kind=outline.kind,
        lang=lang,
        title=outline.title(lang),
        enterprise=enterprise.name,
        company=company.legal_name,
        date=formatting.date(enterprise.effective_date, lang),
        parties=[name for name, _ in parties],
        company_form=company.form,
        company_number=company["registration_number"] if "registration_number" in company else "",
        articles=articles,
        numbering=outline.numbering,
        prevails=outline.prevails or ORIGINAL_LANGUAGE[company.jurisdiction],
        page_references=outline.page_references,
        data_paths=_title_paths(company, parties) if highlight else {},
    )
    number_document(doc)
    _fill_definitions(doc)
    found = missing + resolve_references(doc, strict=False)
    if found and strict:
        raise ClauseError(problems=found)
    return doc, found


MISSING = "no value for '"  # how a value the data does not give is reported (as clauses/render.py does)


def missing_value(node: object) -> Problem | None:
    """The problem a blank stands for: the value's data path, and the clause file and line."""
    if not isinstance(node, Blank):
        return None
    where = Location(node.source.file, node.source.line) if node.source else Location("?")
    return Problem(where, f"{MISSING}{node.path}' in the data", node.path)


def _parties(context: dict[str, Any], outline: Outline, highlight: bool) -> list[tuple[str, str]]:
    """Who the title page names, each with the data path of the name: the company and its
    agents (or the one agent a per-agent document is for), the ratifiers of an adoption, or
    the company alone. (Other agents' ids are read only for a highlighted draft's paths.)"""
    company = (context["company"].legal_name, "company.legal_name")
    if outline.parties == "ratifiers":
        ratifiers = context["organisation"].ratifiers
        return [(r.name, f"organisation.ratifiers[{n}].name") for n, r in enumerate(ratifiers)]
    if outline.parties == "company":
        return [company]
    agents = context["agents"]
    if "agent" in context:
        agent = context["agent"]
        n = next((n for n, a in enumerate(agents) if a.id == agent.id), 0) if highlight else 0
        return [company, (agent.name, f"agents[{n}].name")]
    return [company] + [(a.name, f"agents[{n}].name") for n, a in enumerate(agents)]


def _title_paths(company: Any, parties: list[tuple[str, str]]) -> dict[str, str]:
    """Where the title page's values come from in the data (what a clause would write)."""
    paths = {"enterprise": "enterprise.name", "company": "company.legal_name", "date": "enterprise.effective_date"}
    if "registration_number" in company:
        paths["company_number"] = "company.registration_number"
    return paths | {f"parties.{n}": path for n, (_, path) in enumerate(parties)}


def _fill_definitions(doc: Document) -> None:
    """Replace the definitions placeholder with every definition, sorted for the language."""
    means, given_in = DEFINITION_WORDS.get(doc.lang, DEFINITION_WORDS["en"])
    entries: list[tuple[str, list[Inline]]] = []  # (term, the listing's line)
    for art in doc.articles:
        for term, inlines, source in art.defines:
            entries.append((term, [Definition(term, source), Text(means), *inlines, *_full_stop(inlines)]))
        for anchor, node in _in_text_definitions(art):
            line: list[Inline] = [
                Text("\u201c"),
                Strong([TermUse(node.term, node.source, generated=True)]),
                Text("\u201d" + given_in),
                Reference(anchor, node.source),
                Text("."),
            ]
            entries.append((node.term, line))
    entries.sort(key=lambda e: collation_key(e[0]))
    for art in doc.articles:
        art.blocks = [_expand(b, entries) for b in art.blocks]


def _full_stop(inlines: list[Inline]) -> list[Inline]:
    last = inlines[-1] if inlines else None
    ends = isinstance(last, Text) and last.text.rstrip().endswith((".", ";", ":"))
    return [] if ends else [Text(".")]


def _expand(block: Block, entries: list[tuple[str, list[Inline]]]) -> Block:
    if not isinstance(block, DefinitionsPlaceholder):
        return block
    items = [ListItem([Paragraph(inlines)]) for _, inlines in entries]
    return ListBlock(False, items, 1)


def _in_text_definitions(art: Article) -> list[tuple[str, Definition]]:
    """(anchor of the enclosing numbered item or article, definition) for define() in the text."""
    found: list[tuple[str, Definition]] = []
    seen: set[int] = set()
    items = [i for i in walk_items(art.blocks) if i.anchor]
    for item in reversed(items):  # innermost items first, so a definition names its own item
        for node in walk_inlines(item.blocks):
            if isinstance(node, Definition) and id(node) not in seen:
                found.append((item.anchor, node))
                seen.add(id(node))
    for node in walk_inlines(art.blocks):
        if isinstance(node, Definition) and id(node) not in seen:
            found.append((art.id, node))
            seen.add(id(node))
    return found[::-1]


def collation_key(term: str) -> tuple[str, str]:
    """Sort key for terms: letters without accents, case-folded ("Zoë" beside "Zoe")."""
    base = unicodedata.normalize("NFKD", term)
    plain = "".join(ch for ch in base if not unicodedata.combining(ch)).casefold()
    return plain, term


REQUIRES = "the clause requires "  # how a value a clause requires, and the data lacks, is reported


def _check_requires(clause: Clause, context: dict[str, Any]) -> None:
    """Each data path the clause declares must have a value."""
    problems = []
    for path, line in zip(clause.requires, clause.requires_lines, strict=True):
        if _lookup(context, path) is None:
            problems.append(
                Problem(Location(clause.file, line), f"{REQUIRES}'{path}', which the data does not give", path)
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
