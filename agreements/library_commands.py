"""The `clauses` commands: list, show, eject, status and diff, over a project's layered library."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from . import ejected, text_diff
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
        override = ejected.override_of(library, clause)
        if override is not None and override.ejected:
            header.append(f"ejected:  {override.status().split('; ', 1)[1]}")
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
        # the copy records what it was copied from, so that a later change there shows up
        text = clause.path.read_bytes().decode("utf-8")
        copy = ejected.with_record(text, clause.version, ejected.text_sha256(clause.path))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(copy.encode("utf-8"))
    return [relative(t) for _, t in written]


def clause_status(folder: Path) -> list[str]:
    """A line for every clause text the project (or a firm library) overrides, saying whether
    the lower layer's text changed since it was ejected; then a count."""
    library, _ = _library(folder)
    found = ejected.overrides(library)
    if not found:
        return ["no clause overrides a lower layer's text"]
    moved = sum(o.base_moved_on for o in found)
    return [o.status() for o in found] + [
        f"{len(found)} overridden clause text(s), {moved} whose lower layer's text changed since it was ejected"
    ]


def clause_diff(
    folder: Path,
    clause_id: str,
    lang: str | None,
    fmt: str = "text",
    style: Callable[[str, text_diff.Op], str] = lambda text, op: text,
) -> list[str]:
    """A word diff of each language of the project's copy of a clause against the lower
    layer's text: lines for a terminal, or (``fmt="html"``) one HTML page."""
    library, _ = _library(folder)
    found = sorted((c for c in library.find(clause_id) if not lang or c.lang == lang), key=lambda c: (c.id, c.lang))
    if not found:
        raise UsageError(f"no clause '{clause_id}'; see 'agreements clauses list'")
    pairs = [(c, base) for c in found if (base := ejected.base_of(library, c)) is not None]
    if not pairs:
        layer = found[0].layer
        raise UsageError(f"'{clause_id}' is not an override: no lower layer than {layer} has it; nothing to compare")
    if fmt == "html":
        return [_diff_page(clause_id, pairs)]
    out: list[str] = []
    for clause, base in pairs:
        pieces = text_diff.word_diff(_text(base), _text(clause))
        out.append(f"--- {base.layer}: {base.file} ({base.version})")
        out.append(f"+++ {clause.layer}: {clause.file} ({clause.version})")
        out.extend(text_diff.terminal(pieces, style) if text_diff.changed(pieces) else ["(the same text)"])
    return out


def _text(clause: Clause) -> str:
    """A clause file's text as diffs compare it: without the ejected_from record."""
    return ejected.without_record(clause.path.read_text(encoding="utf-8-sig"))


def _diff_page(clause_id: str, pairs: list[tuple[Clause, Clause]]) -> str:
    sections = Markup("").join(_diff_section(clause, base) for clause, base in pairs)
    return Markup(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{}: changes</title>\n'
        "<style>body {{ font: 15px/1.5 Georgia, serif; max-width: 60em; margin: 2em auto; padding: 0 1em; }}"
        " pre {{ white-space: pre-wrap; font: 13px/1.5 monospace; background: #fafafa; padding: 1em; }}"
        " del {{ color: #b00; text-decoration: line-through; }} ins {{ color: #05a; text-decoration: underline; }}"
        "</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>The lower layer's text, struck through where the copy deletes"
        " and underlined where it inserts.</p>\n{}</body>\n</html>\n"
    ).format(clause_id, clause_id, sections)


def _diff_section(clause: Clause, base: Clause) -> Markup:
    old = Markup("{}: {} ({})").format(base.layer, base.file, base.version)
    new = Markup("{}: {} ({})").format(clause.layer, clause.file, clause.version)
    pieces = text_diff.word_diff(_text(base), _text(clause))
    return Markup("<h2>{} ({})</h2>\n<p><del>{}</del> <ins>{}</ins></p>\n<pre>{}</pre>\n").format(
        clause.id, clause.lang, old, new, text_diff.html(pieces)
    )


def _eject_outline(loaded: LoadedProject, kind: str) -> str:
    target = loaded.root / "templates" / kind / "outline.yaml"
    if target.exists():
        raise AgreementsError(f"{relative(target)} exists already; not overwriting it")
    source = loaded.outline_of_kind(kind).path
    assert source is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return relative(target)


__all__ = ["clause_diff", "clause_status", "eject_clause", "list_clauses", "show_clause"]
