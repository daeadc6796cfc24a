"""Input-addressed cache keys, computed before anything is assembled.

An output's key covers everything it is made from: the versions of the software under the
engine (agreements/stack.py), the format and the build's options, the settings that choose
clauses and folders, the templates it looked up (resolved again on the search path, so a
project template that now overrides a built-in one counts), the clause files that could
go into it (each outline entry's text or variants, in each of its languages), the files its
layout loaded (stylesheets, fonts, images), and a digest of the data it read, field by
field (agreements/context.py notes the reads). A final PDF carries the whole data and every
clause's approval, so its key also covers all inputs.

The manifest records each output's key; what is needed to compute the key again goes in a
file of its own beside it, ``OUT/.agreements-cache.json`` (which outputs a set of options
and data files makes, and per output its templates, clause files, reads and data digest).
When the data files are as they were, a build takes the plan and the digests from there
and reads nothing but hashes; when they changed, it validates the data and looks the noted
reads up again, so that a change to one agent re-renders only the documents that read it.
A missing or unreadable cache file only means that everything is made again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .layout import Roots, name_of, path_of

if TYPE_CHECKING:
    from .plan import OutputSpec
    from .project import LoadedProject

NAME = ".agreements-cache.json"
FORMAT = "agreements cache 1"
KINDS = ("association-agreement", "statutes", "articles", "purpose-agent-agreement", "adoption-declaration")
_KEEP_PLANS = 4


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class FileHashes:
    """sha256 of files, each file read at most once per build."""

    def __init__(self) -> None:
        self._seen: dict[Path, str | None] = {}
        self.memo: dict[tuple[str, str], Any] = {}  # path lookups, once per build

    def now(self, roots: Roots, names: Iterable[str]) -> dict[str, str | None]:
        """The current sha256 of each named file (None when it is not there, or leaves its root)."""
        out = {}
        for name in names:
            if ("name", name) not in self.memo:
                self.memo[("name", name)] = self.of(path_of(roots, name))
            out[name] = self.memo[("name", name)]
        return out

    def of(self, path: Path | None) -> str | None:
        if path is None:
            return None
        if path not in self._seen:
            try:
                self._seen[path] = file_sha256(path) if path.is_file() else None
            except OSError:
                self._seen[path] = None
        return self._seen[path]

    def folder(self, root: Path) -> str:
        """A digest of every file under ``root`` (names and contents); empty when it is not there."""
        h = hashlib.sha256()
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = Path(folder) / name
                h.update(f"{path.relative_to(root).as_posix()}={self.of(path)}\n".encode())
        return h.hexdigest()


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


# --- the parts of a key ---------------------------------------------------------------------


def settings_digest(loaded: LoadedProject) -> str:
    """The settings that choose clauses, folders and the font subsetter (not which documents)."""
    config = loaded.config.model_dump(mode="json", exclude={"documents", "languages", "output"})
    return _digest(config)


def resolve_template(loaded: LoadedProject, roots: Roots, name: str) -> str | None:
    """Which file a template name finds on the search path now (its layout name), or None."""
    dirs = loaded.template_dirs
    if name.startswith("!base/"):
        candidates = [dirs[-1] / name[len("!base/") :]]
    else:
        candidates = [d / name for d in dirs]
    for path in candidates:
        if path.is_file():
            return name_of(roots, path)
    return None


def templates_part(loaded: LoadedProject, roots: Roots, names: Iterable[str], hashes: FileHashes) -> list:
    out = []
    for name in names:
        if ("template", name) not in hashes.memo:
            found = resolve_template(loaded, roots, name)
            hashes.memo[("template", name)] = [name, found, hashes.of(path_of(roots, found)) if found else None]
        out.append(hashes.memo[("template", name)])
    return out


def clause_name(loaded: LoadedProject, path: Path) -> str:
    """``clauses-<layer number>/<path in the layer>`` (layers counted from the project's)."""
    for i, layer in enumerate(loaded.layers):
        try:
            return f"clauses-{i}/{path.resolve().relative_to(layer.root.resolve()).as_posix()}"
        except ValueError:
            continue
    return f"clauses-?/{path.as_posix()}"


def clause_path(loaded: LoadedProject, name: str) -> Path | None:
    head, _, rest = name.partition("/")
    try:
        return loaded.layers[int(head.removeprefix("clauses-"))].root / rest
    except (ValueError, IndexError):
        return None


def clauses_part(loaded: LoadedProject, names: Iterable[str], hashes: FileHashes) -> list:
    return [[name, hashes.of(clause_path(loaded, name))] for name in names]


def library_digest(loaded: LoadedProject, hashes: FileHashes) -> str:
    """Every file of every clause layer (texts and approval ledgers)."""
    return _digest([hashes.folder(layer.root) for layer in loaded.layers])


def layout_digest(loaded: LoadedProject, hashes: FileHashes) -> str:
    """Every file of every template folder."""
    return _digest([hashes.folder(d) for d in loaded.template_dirs])


def inputs_part(loaded: LoadedProject, hashes: FileHashes) -> list:
    """agreements.toml and the data files, each with its sha256."""
    files = [loaded.root / "agreements.toml", *loaded.project.data_files]
    return [[p.relative_to(loaded.root).as_posix(), hashes.of(p)] for p in files]


def plan_key(loaded: LoadedProject, hashes: FileHashes, selection: dict[str, Any]) -> str:
    """What decides the list of outputs: settings, data, the options, the outlines found."""
    roots = loaded.layout_roots
    outlines = templates_part(loaded, roots, [f"{kind}/outline.yaml" for kind in KINDS], hashes)
    return _digest([FORMAT, inputs_part(loaded, hashes), selection, outlines])


def data_digest(loaded: LoadedProject, spec: OutputSpec, reads: Iterable[tuple[str, str]]) -> str:
    """What the noted reads find in the project's data now, in each language of the output."""
    from .assemble import document_context
    from .context import lookup

    data = next(v for v in loaded.views if v.enterprise.id == spec.enterprise_id)
    outline = loaded.outline(spec.document, data)
    h = hashlib.sha256()
    reads = list(reads)
    for lang in spec.langs:
        context = document_context(data, outline, lang, spec.agent_id or None)
        for path, name in reads:
            try:
                value = lookup(context, path, name)
            except (LookupError, TypeError):
                value = ["absent"]
            h.update(json.dumps([lang, path, name, value], ensure_ascii=False, default=str).encode("utf-8"))
    return h.hexdigest()


def output_key(
    fmt: str,
    *,
    stack: Mapping[str, str],
    options: Mapping[str, Any],
    stem: str,
    settings: str,
    templates: list,
    clauses: list,
    resources: Mapping[str, str | None],
    data: str,
    everything: str = "",
) -> str:
    """A hash of everything one format of an output depends on."""
    return _digest(
        {
            "format": FORMAT,
            "output": f"{stem}.{fmt}",
            "stack": dict(stack),
            "options": dict(options),
            "settings": settings,
            "templates": templates if fmt != "docx" else [],
            "clauses": clauses,
            "resources": sorted(resources.items()),
            "data": data,
            "everything": everything,  # a final PDF: all inputs, clauses and layout files
        }
    )


# --- the cache file ---------------------------------------------------------------------------


def read(out_dir: Path) -> dict[str, Any]:
    """The cache file of the previous build; an empty one when it is missing or unreadable."""
    empty: dict[str, Any] = {"format": FORMAT, "plans": {}, "reads": {}, "outputs": {}}
    try:
        cache = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return empty
    if not isinstance(cache, dict) or cache.get("format") != FORMAT:
        return empty
    for key in ("plans", "reads", "outputs"):
        if not isinstance(cache.get(key), dict):
            return empty
    return cache


def remember_plan(cache: dict[str, Any], key: str, specs: list[OutputSpec], data: dict[str, str]) -> None:
    plans = cache["plans"]
    plans.pop(key, None)
    plans[key] = {"outputs": [_spec_row(s) for s in specs], "data": dict(sorted(data.items()))}
    while len(plans) > _KEEP_PLANS:
        plans.pop(next(iter(plans)))


def recalled_plan(cache: dict[str, Any], key: str) -> tuple[list[OutputSpec], dict[str, str]] | None:
    from .plan import OutputSpec

    entry = cache["plans"].get(key)
    try:
        return [OutputSpec(*row) for row in entry["outputs"]], dict(entry["data"])
    except (TypeError, KeyError, ValueError):
        return None


def _spec_row(spec: OutputSpec) -> list:
    return [spec.enterprise_id, spec.document, spec.kind, spec.lang, spec.stem, spec.agent_id, spec.members]


def remember_reads(cache: dict[str, Any], reads: list[tuple[str, str]]) -> str:
    key = _digest(reads)[:24]
    cache["reads"][key] = [list(r) for r in reads]
    return key


def recalled_reads(cache: dict[str, Any], key: str) -> list[tuple[str, str]] | None:
    rows = cache["reads"].get(key)
    if not isinstance(rows, list):
        return None
    return [(str(p), str(n)) for p, n in rows]


def dumps(cache: dict[str, Any], listed: set[str]) -> bytes:
    """The cache file, keeping only the outputs the manifest lists and the reads they use."""
    outputs = {rel: o for rel, o in sorted(cache["outputs"].items()) if rel in listed}
    used = {o.get("reads") for o in outputs.values()}
    reads = {k: v for k, v in sorted(cache["reads"].items()) if k in used}
    out = {"format": FORMAT, "plans": cache["plans"], "reads": reads, "outputs": outputs}
    return (json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
