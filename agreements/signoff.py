"""Sign-off over a project: which clause texts its documents use, which of them a lawyer has
approved, and recording new approvals (the commands ``check`` and ``approve``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .approvals import Ledgers, Status, approve, writable
from .assemble import document_context, select
from .clauses import Clause, Layer, Library
from .errors import ClauseError, UsageError, relative
from .project import LoadedProject


def ledgers_of(layers: list[Layer]) -> Ledgers:
    return Ledgers({layer.name: layer.root for layer in layers})


def used_clauses(
    loaded: LoadedProject, documents: list[str] | None = None, languages: list[str] | None = None
) -> list[Clause]:
    """Every clause text the project's documents use, in every language, enterprise and (for a
    per-agent document) agent: the winning layer's file, after conditions and variants."""
    library = loaded.checked_library()
    docs = documents or list(loaded.config.documents)
    langs = list(dict.fromkeys(p for label in (languages or loaded.config.languages) for p in label.split("+")))
    used: dict[tuple[str, str], Clause] = {}
    for data in loaded.views:
        for document in docs:
            outline = loaded.outline(document, data)
            agents = [a.id for a in data.members()] if outline.per == "agent" else [None]
            for agent_id in agents:
                for lang in langs:
                    context = document_context(data, outline, lang, agent_id)
                    for d in select(outline, library, lang, context, loaded.config.variants):
                        if d.clause is not None and d.included:
                            used[(d.clause.id, d.clause.lang)] = d.clause
    return [used[k] for k in sorted(used)]


def check(loaded: LoadedProject) -> list[Status]:
    """The clause texts the project uses that are not approved, or changed since approval."""
    ledgers = ledgers_of(loaded.layers)
    return [s for s in (ledgers.status(c) for c in used_clauses(loaded)) if not s.approved]


def approve_in_project(
    loaded: LoadedProject,
    ids: list[str],
    *,
    all_changed: bool,
    by: str,
    note: str | None,
    date: dt.date | None = None,
) -> list[str]:
    """Approve the named clauses (every language of each), or every unapproved one the
    project uses; each approval goes into the ledger of the layer the clause comes from."""
    ledgers = ledgers_of(loaded.layers)
    chosen = _named(loaded.checked_library(), ids)
    if all_changed:
        chosen += [c for c in used_clauses(loaded) if not ledgers.status(c).approved and c not in chosen]
    return _record(ledgers, chosen, by=by, note=note, date=date)


def approve_in_library(
    folder: Path, ids: list[str], *, all_changed: bool, by: str, note: str | None, date: dt.date | None = None
) -> list[str]:
    """Approve clauses of one clause library folder (a firm library, or the built-in one in
    its repository), without a project."""
    if not folder.is_dir():
        raise UsageError(f"no clause library folder {relative(folder)}")
    layer = Layer("library", folder)
    library = Library.load([layer])
    ledgers = ledgers_of([layer])
    chosen = _named(library, ids)
    if all_changed:
        everything = [library.clauses[k] for k in sorted(library.clauses)]
        chosen += [c for c in everything if not ledgers.status(c).approved and c not in chosen]
    return _record(ledgers, chosen, by=by, note=note, date=date)


def _named(library: Library, ids: list[str]) -> list[Clause]:
    chosen: list[Clause] = []
    for clause_id in ids:
        found = sorted(library.find(clause_id), key=lambda c: (c.id, c.lang))
        if not found:
            raise UsageError(f"no clause '{clause_id}'; see 'agreements clauses list'")
        chosen.extend(found)
    return chosen


def _record(ledgers: Ledgers, clauses: list[Clause], *, by: str, note: str | None, date: dt.date | None) -> list[str]:
    if not clauses:
        return []
    problems = [p for p in (writable(ledgers.roots[layer]) for layer in {c.layer for c in clauses}) if p]
    if problems:
        raise ClauseError(problems=problems)
    approve(ledgers, clauses, by=by, note=note, date=date)
    return [f"approved {c.id} ({c.lang}) {c.version}: {c.file}" for c in clauses]
