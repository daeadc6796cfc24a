"""The `clauses` commands: list, show and eject, over a project's layered library."""

from __future__ import annotations

import shutil
from pathlib import Path

from .clauses import Clause, Layer, Library
from .config import CONFIG_NAME, project_folder
from .errors import BUILT_IN, AgreementsError, UsageError, relative
from .project import LoadedProject, find_outline, load
from .resources import clauses_dir, templates_dir

KINDS = ("association-agreement", "statutes", "articles", "purpose-agent-agreement", "adoption-declaration")


def _library(folder: Path) -> tuple[Library, LoadedProject | None]:
    """The project's layered library, or the built-in one outside a project."""
    folder = project_folder(folder)
    if not (folder / CONFIG_NAME).is_file():
        return Library.load([Layer("built-in", clauses_dir())]), None
    loaded = load(folder)
    return loaded.checked_library(), loaded


def _documents_using(loaded: LoadedProject | None) -> dict[str, list[str]]:
    using: dict[str, list[str]] = {}
    for kind in KINDS:
        try:
            outline = loaded.outline_of_kind(kind) if loaded else find_outline(kind, [templates_dir()])
        except Exception:  # noqa: BLE001 - a kind without an outline simply uses nothing
            continue
        for entry in outline.entries:
            using.setdefault(entry.clause_id, []).append(kind)
    return using


def list_clauses(folder: Path, document: str | None, lang: str | None) -> list[str]:
    library, loaded = _library(folder)
    using = _documents_using(loaded)
    kinds = {document, "articles"} if document == "statutes" else {document}
    rows = []
    for (cid, clang), clause in sorted(library.clauses.items()):
        key = clause.group or cid
        if lang and clang != lang:
            continue
        if document and not kinds & set(using.get(key, [])):
            continue
        variant = f" (variant '{clause.variant}' of {clause.group})" if clause.group else ""
        rows.append(f"{cid:<42} {clang}  {clause.version:<8} {clause.layer:<10} {clause.title}{variant}")
    return rows


def show_clause(folder: Path, clause_id: str, lang: str | None) -> str:
    library, loaded = _library(folder)
    found = [c for c in library.find(clause_id) if not lang or c.lang == lang]
    if not found:
        raise UsageError(f"no clause '{clause_id}'; see 'agreements clauses list'")
    using = _documents_using(loaded)
    parts = []
    for clause in sorted(found, key=lambda c: (c.lang, c.id)):
        shadowed = [s for s in library.shadowed if s.id == clause.id and s.lang == clause.lang]
        header = [
            f"# {clause.id} ({clause.lang}) — {clause.title}",
            f"version:  {clause.version}",
            f"layer:    {_where(clause)}",
            f"used by:  {', '.join(using.get(clause.group or clause.id, [])) or 'no document outline'}",
        ]
        header += [f"overrides: {_where(s)}" for s in shadowed]
        parts.append("\n".join(header) + "\n\n" + clause.path.read_text(encoding="utf-8").rstrip() + "\n")
    return "\n".join(parts)


def _where(clause: Clause) -> str:
    """``project (clauses/exit.en.md)``; a built-in file names itself."""
    return clause.file if clause.file.startswith(BUILT_IN) else f"{clause.layer} ({clause.file})"


def eject_clause(folder: Path, clause_id: str) -> list[str]:
    """Copy every language of the built-in (or firm) clause into PROJECT/clauses/; given a
    document id instead, copy its outline into PROJECT/templates/<document>/outline.yaml."""
    loaded = load(folder)
    if clause_id in KINDS:
        return [_eject_outline(loaded, clause_id)]

    library = loaded.checked_library()
    found = [c for c in library.find(clause_id)]
    if not found:
        raise UsageError(f"no clause '{clause_id}'; see 'agreements clauses list'")
    own = [c for c in found if c.layer == "project"]
    if own:
        raise UsageError(f"'{clause_id}' is already in the project: {', '.join(c.file for c in own)}")
    written = []
    for clause in found:
        source_root = next(layer.root for layer in loaded.layers if layer.name == clause.layer)
        target = loaded.root / "clauses" / clause.path.resolve().relative_to(source_root.resolve())
        if target.exists():
            raise AgreementsError(f"{relative(target)} exists already; not overwriting it")
        written.append((clause, target))
    for clause, target in written:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(clause.path, target)
    return [relative(t) for _, t in written]


def _eject_outline(loaded: LoadedProject, kind: str) -> str:
    target = loaded.root / "templates" / kind / "outline.yaml"
    if target.exists():
        raise AgreementsError(f"{relative(target)} exists already; not overwriting it")
    source = loaded.outline_of_kind(kind).path
    assert source is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return relative(target)


__all__ = ["eject_clause", "list_clauses", "show_clause"]
