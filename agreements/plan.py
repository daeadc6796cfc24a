"""Which outputs to make, and from which documents: assembled trees, nothing written.

A plan lists every output as (enterprise, document, language label, formats) with the
path stem it is written under, and holds the Document trees those outputs need, each
assembled once per language (a side-by-side output reuses the single-language trees).
Everything is keyed by enterprise id, so a project that holds several enterprises, and
documents made once per agent, fit the same shape.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import MISSING, REQUIRES, assemble, document_context, select
from .clauses import Clause, Library
from .context import reading
from .errors import ClauseError, Problem, ProblemsError, UsageError
from .model.network import EnterpriseData
from .outline import Outline
from .project import LoadedProject
from .tree import Blank, Document, Paragraph, walk_inlines

DocumentKey = tuple[str, str, str, str]  # (enterprise id, document id, agent id or "", language)


@dataclass(frozen=True)
class PlannedOutput:
    """One output file (in one or more formats) and the trees it is made from.

    ``stem`` is the path under the output folder without the format's suffix, e.g.
    ``stroomkracht/statutes.nl+en`` or ``stroomkracht/purpose-agent-agreement/zoe.nl``;
    ``docs`` holds one tree, or two side by side (the first prevails).
    """

    enterprise_id: str
    document: str
    lang: str
    formats: tuple[str, ...]
    stem: str
    docs: tuple[Document, ...]
    effective_date: dt.date
    agent_id: str = ""


@dataclass
class Plan:
    outputs: list[PlannedOutput] = field(default_factory=list)
    documents: dict[DocumentKey, Document] = field(default_factory=dict)
    clauses: dict[str, dict[tuple[str, str], Clause]] = field(default_factory=dict)  # used, per enterprise

    def enterprise_ids(self) -> list[str]:
        return list(dict.fromkeys(o.enterprise_id for o in self.outputs))


def output_stem(enterprise_id: str, document: str, lang: str, agent_id: str = "") -> str:
    """Where an output goes under the output folder: ``<enterprise>/<document>.<lang>``, or
    ``<enterprise>/<document>/<agent>.<lang>`` for a document made for each agent."""
    if agent_id:
        return f"{enterprise_id}/{document}/{agent_id}.{lang}"
    return f"{enterprise_id}/{document}.{lang}"


def make_plan(
    loaded: LoadedProject,
    documents: list[str],
    languages: list[str],
    formats: tuple[str, ...] = ("pdf",),
    allow_missing: bool = False,
    enterprises: list[str] | tuple[str, ...] = (),
    agents: list[str] | tuple[str, ...] = (),
    highlight: bool = False,
) -> Plan:
    """Assemble every document each output needs; all problems are reported at once, as the
    lint reports them: every clause that cannot be read or rendered, every broken reference
    and every value the data does not give (each with its data path and clause file and
    line), in every document, language and agent. With ``allow_missing`` a missing value is
    a highlighted blank instead.

    ``enterprises`` and ``agents`` narrow the plan to those ids (all when empty); a document
    made per agent is made for each Purpose Agent of the enterprise who is selected.
    ``highlight`` keeps the data path of every value printed from the data in the trees.
    """
    library = loaded.library
    plan = Plan()
    problems: list[Problem] = list(library.problems)
    singles = list(dict.fromkeys(part for label in languages for part in label.split("+")))
    _check_agents(loaded, agents)

    def add(found: list[Problem]) -> None:
        problems.extend(p for p in found if p not in problems)

    for data in loaded.select_views(enterprises):
        enterprise = data.enterprise
        used = plan.clauses.setdefault(enterprise.id, {})
        for document in documents:
            try:
                outline = loaded.outline(document, data)
            except ProblemsError as exc:
                add(exc.problems)
                continue
            who = [a.id for a in data.members() if not agents or a.id in agents] if outline.per == "agent" else [""]
            for agent_id in who:
                for lang in singles:
                    try:
                        doc, clauses, broken = _assemble_one(
                            loaded, library, data, outline, lang, agent_id or None, allow_missing, highlight
                        )
                    except ProblemsError as exc:
                        add(exc.problems)
                        continue
                    add(broken)
                    used.update(clauses)
                    plan.documents[(enterprise.id, document, agent_id, lang)] = doc
                for label in languages:
                    keys = [(enterprise.id, document, agent_id, part) for part in label.split("+")]
                    if all(k in plan.documents for k in keys):
                        plan.outputs.append(
                            PlannedOutput(
                                enterprise.id,
                                document,
                                label,
                                formats,
                                output_stem(enterprise.id, document, label, agent_id),
                                tuple(plan.documents[k] for k in keys),
                                enterprise.effective_date,
                                agent_id,
                            )
                        )
    if problems:
        raise clause_error(problems, allow_missing)
    return plan


def _assemble_one(
    loaded: LoadedProject,
    library: Library,
    data: EnterpriseData,
    outline: Outline,
    lang: str,
    agent_id: str | None,
    allow_missing: bool,
    highlight: bool,
) -> tuple[Document, dict[tuple[str, str], Clause], list[Problem]]:
    """One document in one language: its tree, the clauses it uses, and the problems found
    while numbering and resolving it (broken references; values the data lacks unless
    ``allow_missing``, each printed as a blank so that one run finds every one of them).
    A clause that cannot be rendered raises a ProblemsError."""
    context = document_context(data, outline, lang, agent_id)
    decisions = select(outline, library, lang, context, loaded.config.variants)
    doc, broken = assemble(
        data,
        outline,
        decisions,
        lang,
        allow_missing=allow_missing,
        strict=False,
        agent_id=agent_id,
        requires=not allow_missing,
        collect_missing=not allow_missing,
        highlight=highlight,
    )
    used = {(d.clause.id, d.clause.lang): d.clause for d in decisions if d.clause and d.included}
    return doc, used, broken


def clause_error(problems: list[Problem], allow_missing: bool) -> ClauseError:
    """Every problem of a build at once; when values are missing, how to make a draft anyway."""
    missing = len({p.path for p in problems if p.message.startswith((MISSING, REQUIRES))})
    hint = (
        f"{missing} value{'s' if missing != 1 else ''} missing from the data; `agreements build --allow-missing`"
        " makes a draft with a highlighted blank for each"
        if missing and not allow_missing
        else ""
    )
    return ClauseError(problems=problems, hint=hint)


@dataclass(frozen=True)
class OutputSpec:
    """One output as the plan names it, before anything is assembled: small, picklable, and
    enough for a worker holding the project to assemble and render it."""

    enterprise_id: str
    document: str
    kind: str  # the outline: statutes of a B.V., articles of an English company, ...
    lang: str  # one language, or two side by side (nl+en)
    stem: str
    agent_id: str = ""
    members: int = 0  # the enterprise's Purpose Agents: a document's size grows with them

    @property
    def langs(self) -> list[str]:
        return self.lang.split("+")


def plan_outputs(
    loaded: LoadedProject,
    documents: list[str],
    languages: list[str],
    enterprises: list[str] | tuple[str, ...] = (),
    agents: list[str] | tuple[str, ...] = (),
) -> list[OutputSpec]:
    """Every output these options make, in the order make_plan lists them; nothing assembled."""
    _check_agents(loaded, agents)
    specs = []
    for data in loaded.select_views(enterprises):
        enterprise_id = data.enterprise.id
        members = data.members()
        for document in documents:
            outline = loaded.outline(document, data)
            who = [a.id for a in members if not agents or a.id in agents] if outline.per == "agent" else [""]
            for agent_id in who:
                for label in languages:
                    specs.append(
                        OutputSpec(
                            enterprise_id,
                            document,
                            outline.kind,
                            label,
                            output_stem(enterprise_id, document, label, agent_id),
                            agent_id,
                            len(members),
                        )
                    )
    return specs


@dataclass
class Assembled:
    """One output's trees, the clauses they use, and the data they read (see context.reading)."""

    output: PlannedOutput
    clauses: dict[tuple[str, str], Clause]
    reads: set[tuple[str, str]]


def assemble_output(
    loaded: LoadedProject, spec: OutputSpec, formats: tuple[str, ...], allow_missing: bool, highlight: bool = False
) -> Assembled:
    """Assemble the trees of one output (two, side by side); a ClauseError lists every problem:
    every clause that cannot be rendered, every broken reference and, unless ``allow_missing``
    prints a blank for it, every value the data does not give."""
    library = loaded.checked_library()
    data = next(v for v in loaded.views if v.enterprise.id == spec.enterprise_id)
    outline = loaded.outline(spec.document, data)
    agent_id = spec.agent_id or None
    docs: list[Document] = []
    problems: list[Problem] = []
    used: dict[tuple[str, str], Clause] = {}
    with reading() as reads:
        for lang in spec.langs:
            try:
                doc, clauses, broken = _assemble_one(
                    loaded, library, data, outline, lang, agent_id, allow_missing, highlight
                )
            except ProblemsError as exc:
                problems.extend(p for p in exc.problems if p not in problems)
                continue
            problems.extend(p for p in broken if p not in problems)
            used.update(clauses)
            docs.append(doc)
    if problems:
        raise ClauseError(problems=problems)
    planned = PlannedOutput(
        spec.enterprise_id,
        spec.document,
        spec.lang,
        formats,
        spec.stem,
        tuple(docs),
        data.enterprise.effective_date,
        spec.agent_id,
    )
    return Assembled(planned, used, set(reads))


def candidate_clauses(loaded: LoadedProject, spec: OutputSpec) -> list[Clause]:
    """Every clause file that could go into the output: each outline entry's text, or all its
    variants, in each language (a change to any of them may change the document)."""
    library = loaded.checked_library()
    outline = loaded.outline_of_kind(spec.kind)
    out: dict[Path, Clause] = {}
    for lang in spec.langs:
        for entry in outline.entries:
            clause = library.get(entry.clause_id, lang)
            for c in [clause] if clause else library.variants(entry.clause_id, lang):
                out[c.path] = c
    return list(out.values())


def blanks(doc: Document) -> list[Blank]:
    """The blanks a draft holds, where the data has no value yet."""
    found: dict[int, Blank] = {}  # a defined term's meaning is also in the list of definitions
    for art in doc.articles:
        nodes = list(walk_inlines(art.blocks))
        for _, inlines, _ in art.defines:
            nodes.extend(walk_inlines([Paragraph(list(inlines))]))
        found.update((id(n), n) for n in nodes if isinstance(n, Blank))
    return list(found.values())


def _check_agents(loaded: LoadedProject, agents: list[str] | tuple[str, ...]) -> None:
    known = [a.id for a in loaded.data.agents]
    for agent_id in agents:
        if agent_id not in known:
            raise UsageError(f"no agent '{agent_id}' in this project; agents: {', '.join(known)}")
