"""Drafting rules over the Document tree, in every language, each finding located.

Rules: undefined-term, unused-term, duplicate-definition, broken-reference,
missing-translation, translation-mismatch (the languages of a clause number, label or
reference differently), unknown-variable, literal-term (a period, percentage, amount or
majority written into a clause instead of taken from the data), version-not-bumped (a clause
text changed since its approval but not its version), duplicate-id, empty-clause,
clause-error (a clause that cannot be rendered with the data), missing-glyph (a character of the
data or of a clause that the shipped fonts cannot print), sample-leftover (names, ids and
addresses of the sample a project was copied from, still in its data), and the warnings
term-used-once, base-moved-on (the lower layer's text of an ejected clause changed since it
was ejected) and version-not-bumped-since-eject (an ejected clause was edited but kept the
version it was ejected at).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from typing import Literal

from jinja2 import TemplateSyntaxError

from . import ejected
from .approvals import Ledgers
from .assemble import assemble, document_context, select
from .clauses import Clause, Library
from .clauses.render import environment
from .errors import ProblemsError
from .fonts import missing
from .leftovers import sample_leftovers
from .literals import literal_terms
from .literals import message as literal_message
from .model.network import EnterpriseData
from .outline import Outline
from .project import LoadedProject
from .tree import Article, Blank, Definition, Document, Reference, TermUse, walk_inlines, walk_items
from .validation import _dotted
from .variables import unknown_variables

Severity = Literal["error", "warning"]
WARNINGS = {"term-used-once", "base-moved-on", "version-not-bumped-since-eject"}


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    rule: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {self.rule}: {prefix}{self.message}"


@dataclass
class Report:
    findings: list[Finding]

    def failed(self, strict: bool = False) -> bool:
        return any(f.severity == "error" or strict for f in self.findings)

    def lines(self) -> list[str]:
        return [str(f) for f in self.findings]

    def json(self) -> str:
        return json.dumps([asdict(f) for f in self.findings], indent=2, ensure_ascii=False)


def lint_project(
    loaded: LoadedProject,
    documents: list[str],
    languages: list[str],
    enterprises: list[str] | tuple[str, ...] = (),
) -> Report:
    """Run every rule over every document, language and enterprise the project builds (and,
    for a document made per agent, over each agent's)."""
    library = loaded.library
    ledgers = Ledgers({layer.name: layer.root for layer in loaded.layers})
    langs = list(dict.fromkeys(p for label in languages for p in label.split("+")))
    found: set[Finding] = {_from_problem("duplicate-id", p) for p in library.problems}
    found |= _missing_glyphs_in_data(loaded)
    checked: set[tuple[str, str]] = set()
    for data in loaded.select_views(enterprises):
        for document in documents:
            outline = loaded.outline(document, data)
            ids = [e.clause_id for e in outline.entries]
            found |= _missing_translations(library, ids, langs)
            for lang in langs:
                for clause in _clauses_of(library, ids, lang):
                    if (clause.id, clause.lang) not in checked:
                        checked.add((clause.id, clause.lang))
                        found |= _clause_rules(clause, ledgers, library)
            agents = [a.id for a in data.members()] if outline.per == "agent" else [None]
            for agent_id in agents:
                built: dict[str, Document] = {}
                for lang in langs:
                    doc, findings = _document_rules(loaded, data, outline, lang, agent_id)
                    found |= findings
                    if doc is not None:
                        built[lang] = doc
                found |= _translation_mismatches(built)
    found |= {Finding(at.file, at.line, "sample-leftover", message) for at, message in sample_leftovers(loaded)}
    return Report(sorted(found))


def _clause_rules(clause: Clause, ledgers: Ledgers, library: Library) -> set[Finding]:
    """The rules that read a clause file itself: unknown variables, literal terms, a text
    changed since its approval under the same version, and an ejected copy that fell behind
    the lower layer's text or was edited under the version it was ejected at."""
    found = _variables(clause)
    found |= _missing_glyphs_in_clause(clause)
    found |= {
        Finding(clause.file, line, "literal-term", literal_message(phrase)) for line, phrase in literal_terms(clause)
    }
    status = ledgers.status(clause)
    if status.version_unchanged and status.approval is not None:
        found.add(
            Finding(
                clause.file,
                clause.version_line or 1,
                "version-not-bumped",
                f"the text changed since {status.approval.by} approved version {clause.version} on"
                f" {status.approval.date.isoformat()}; raise the version",
            )
        )
    override = ejected.override_of(library, clause) if clause.layer != library.layers[-1].name else None
    if override is not None:
        found |= {Finding(clause.file, line, rule, message, "warning") for line, rule, message in override.findings()}
    return found


def _glyph_message(chars: list[str]) -> str:
    listed = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in chars)
    return (
        f"the shipped fonts have no glyph for {listed}: it would print in another font of the machine, or as"
        " a box (see templates/fonts/README.md)"
    )


def _missing_glyphs_in_data(loaded: LoadedProject) -> set[Finding]:
    """Every text of the data must print in the shipped fonts."""
    data = loaded.raw_data
    found = set()
    stack: list[tuple[tuple, object]] = [((), data.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
        elif isinstance(value, str) and (chars := missing(value)):
            at = data.locate(path, value=True)
            found.add(Finding(at.file, at.line, "missing-glyph", f"{_dotted(path)}: {_glyph_message(chars)}"))
    return found


def _missing_glyphs_in_clause(clause: Clause) -> set[Finding]:
    found = set()
    if chars := missing(clause.title):
        found.add(Finding(clause.file, 1, "missing-glyph", f"the title: {_glyph_message(chars)}"))
    for n, line in enumerate(clause.body.split("\n"), start=1):
        if chars := missing(line):
            found.add(Finding(clause.file, n, "missing-glyph", _glyph_message(chars)))
    return found


def _document_rules(
    loaded: LoadedProject, data: EnterpriseData, outline: Outline, lang: str, agent_id: str | None
) -> tuple[Document | None, set[Finding]]:
    """Assemble one document and run the rules over its tree."""
    try:
        context = document_context(data, outline, lang, agent_id)
        decisions = select(outline, loaded.library, lang, context, loaded.config.variants)
        # blanks instead of failures: a missing value is one finding, not the end of the lint
        doc, broken = assemble(data, outline, decisions, lang, allow_missing=True, strict=False, agent_id=agent_id)
    except ProblemsError as exc:
        return None, {_from_problem("clause-error", p) for p in exc.problems if "no '" not in p.message}
    found = {_from_problem("broken-reference", p) for p in broken}
    found |= {
        Finding(n.source.file, n.source.line, "clause-error", f"{n.path}: no value for '{n.path}' in the data")
        for a in doc.articles
        for n in walk_inlines(a.blocks)
        if isinstance(n, Blank) and n.source
    }
    found |= _term_rules(doc)
    found |= {
        Finding(a.source.file, 1, "empty-clause", f"clause '{a.clause_id}' has no text with this data")
        for a in doc.articles
        if not a.blocks
    }
    return doc, found


def _shape(article: Article) -> dict[str, list]:
    return {
        "numbered items": [i.path for i in walk_items(article.blocks) if i.path],
        "labels": sorted(i.label for i in walk_items(article.blocks) if i.label),
        "references": sorted(n.target for n in walk_inlines(article.blocks) if isinstance(n, Reference)),
    }


def _translation_mismatches(docs: dict[str, Document]) -> set[Finding]:
    """Each language of an article must number, label and refer alike, so that "clause 14.2"
    and "artikel 14.2" are the same provision."""
    if len(docs) < 2:
        return set()
    (first_lang, first), *others = docs.items()
    base = {a.id: a for a in first.articles}
    found = set()
    for lang, doc in others:
        for art in doc.articles:
            other = base.get(art.id)
            if other is None:
                continue
            mine, theirs = _shape(art), _shape(other)
            for what in mine:
                if mine[what] != theirs[what]:
                    found.add(
                        Finding(
                            art.source.file,
                            1,
                            "translation-mismatch",
                            f"'{art.id}' has other {what} in '{lang}' than in '{first_lang}' "
                            f"({_describe(mine[what])} against {_describe(theirs[what])})",
                        )
                    )
    return found


def _describe(values: list) -> str:
    if values and isinstance(values[0], tuple):
        top = sum(len(v) == 1 for v in values)
        return f"{top} sub-clauses and {len(values) - top} nested items"
    return ", ".join(map(str, values)) or "none"


def _from_problem(rule: str, problem) -> Finding:  # type: ignore[no-untyped-def]
    loc = problem.location
    text = f"{problem.path}: {problem.message}" if problem.path and rule == "clause-error" else problem.message
    return Finding(loc.file, loc.line, rule, text)


def _clauses_of(library: Library, ids: list[str], lang: str) -> list[Clause]:
    out = []
    for clause_id in ids:
        clause = library.get(clause_id, lang)
        out.extend([clause] if clause else library.variants(clause_id, lang))
    return out


def _missing_translations(library: Library, ids: list[str], langs: list[str]) -> set[Finding]:
    """A clause must exist in every language built, and come from the same layer in each:
    an override of the English text alone would leave the Dutch one saying something else."""
    found = set()
    for clause_id in ids:
        winners = {lang: _winners(library, clause_id, lang) for lang in langs}
        present = {lang: w for lang, w in winners.items() if w}
        for lang in langs:
            if lang not in present:
                some = next(iter(present.values()), [])
                file = some[0].file if some else "?"
                found.add(Finding(file, 1, "missing-translation", f"clause '{clause_id}' has no '{lang}' text"))
        layers = {lang: {(c.variant, c.layer) for c in w} for lang, w in present.items()}
        if len({frozenset(v) for v in layers.values()}) > 1:
            for lang, clauses in present.items():
                for c in clauses:
                    others = [o for o in langs if o != lang and (c.variant, c.layer) not in layers.get(o, set())]
                    if others and c.layer != "built-in":
                        found.add(
                            Finding(
                                c.file,
                                1,
                                "missing-translation",
                                f"'{clause_id}' is overridden in '{lang}' ({c.layer}) but not in "
                                f"{', '.join(repr(o) for o in others)}, where another text applies",
                            )
                        )
    return found


def _winners(library: Library, clause_id: str, lang: str) -> list[Clause]:
    clause = library.get(clause_id, lang)
    return [clause] if clause else library.variants(clause_id, lang)


def _variables(clause: Clause) -> set[Finding]:
    env = environment()
    sources = [clause.body] + ["\n" * (line - 1) + text for _, text, line in clause.defines]
    if clause.when:
        sources.append("\n" * (clause.when_line - 1) + "{{ " + clause.when + " }}")
    found = set()
    for source in sources:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as exc:
            found.add(Finding(clause.file, exc.lineno or 0, "clause-error", f"template syntax: {exc.message}"))
            continue
        for line, message in unknown_variables(tree):
            found.add(Finding(clause.file, line, "unknown-variable", message))
    return found


def _term_rules(doc: Document) -> set[Finding]:
    definitions: dict[str, list[Definition]] = defaultdict(list)
    uses: Counter[str] = Counter()
    first_use: dict[str, TermUse] = {}
    for art in doc.articles:
        nodes = list(walk_inlines(art.blocks))
        for _, inlines, _ in art.defines:
            nodes.extend(inlines)
        for node in nodes:
            if isinstance(node, Definition):
                if not any(d is node for d in definitions[node.term]):
                    definitions[node.term].append(node)
            elif isinstance(node, TermUse) and not node.generated:
                uses[node.term] += 1
                first_use.setdefault(node.term, node)
    found = set()

    def at(node: Definition | TermUse, rule: str, message: str, severity: Severity = "error") -> Finding:
        src = node.source
        return Finding(src.file if src else "?", src.line if src else 0, rule, message, severity)

    for term, node in first_use.items():
        if term not in definitions:
            found.add(
                at(
                    node,
                    "undefined-term",
                    f"'{term}' is used but never defined in the {doc.title} ({doc.lang})",
                )
            )
    for term, defs in definitions.items():
        for extra in defs[1:]:
            first = defs[0].source
            found.add(at(extra, "duplicate-definition", f"'{term}' is already defined at {first}"))
        if uses[term] == 0:
            found.add(at(defs[0], "unused-term", f"'{term}' is defined but never used ({doc.lang})"))
        elif uses[term] == 1:
            found.add(
                at(
                    defs[0],
                    "term-used-once",
                    f"'{term}' is used only once ({doc.lang}); consider not defining it",
                    "warning",
                )
            )
    return found
