"""The build, top to bottom: gather and check, decide what changed, render, then write.

1. Gather: the project's settings, the list of outputs (agreements/plan.py; when the data
   files are those of a previous build, the list it made, from the cache file), and a
   check that the output folder can take them. A problem stops the build here.
2. Decide, under the output folder's lock: each output's cache key is computed from its
   inputs (agreements/cache.py) before anything is assembled; an output whose key and file
   are unchanged is not made again. A build in which nothing changed reads hashes only.
3. Render what changed (agreements/workers.py): locally on every core, or on a Dask
   cluster; each output is staged in the output folder as soon as it is made. An output
   with a problem stops the build once every problem is known; Ctrl-C stops it at once.
4. Commit all or nothing (agreements/output.py): the outputs, the cache file, the manifest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from . import cache, manifest, workers
from .cache import FileHashes
from .config import DocumentId
from .errors import ClauseError, LintError, Problem, SignOffError, UsageError
from .jobs import Options, Result
from .output import OutputFolder, Staging
from .plan import OutputSpec, candidate_clauses, clause_error, plan_outputs
from .project import LoadedProject, load
from .stack import versions

FORMATS = ("pdf", "html", "docx")
DOCUMENTS: tuple[str, ...] = get_args(DocumentId)


@dataclass
class BuildResult:
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    cached: list[Path] = field(default_factory=list)
    assembled: int = 0  # outputs assembled (and rendered) by this build
    pages: int = 0  # the pages of the PDFs written
    blanks: list[str] = field(default_factory=list)  # the data path of each blank a draft holds


def build(
    project_dir: Path | str = ".",
    *,
    out: Path | str | None = None,
    documents: Iterable[str] = (),
    languages: Iterable[str] = (),
    formats: Iterable[str] = ("pdf",),
    enterprises: Iterable[str] = (),
    agents: Iterable[str] = (),
    jobs: int | None = None,
    final: bool = False,
    allow_missing: bool = False,
    strict: bool = False,
    highlight_data: bool = False,
    progress: Callable[[str], None] | None = None,
    notify: Callable[[str], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
    dask: str | None = None,
) -> BuildResult:
    """Build a project's documents. Raises an AgreementsError for any user error.

    ``progress`` hears each output's stem once it is rendered; ``notify`` hears what the
    user should know while waiting (another build holding the output folder); ``on_plan``
    hears how many outputs are to be made, before the first is. ``highlight_data`` marks
    every value printed from the data (drafts only). ``dask`` is the address of a
    dask.distributed scheduler to render on (``local`` starts one).
    """
    # 1. gather and check: settings, the outputs, the folder
    loaded = load(project_dir)
    docs = list(documents) or list(loaded.config.documents)
    langs = list(languages) or list(loaded.config.languages)
    fmts = tuple(dict.fromkeys(formats)) or ("pdf",)
    for d in docs:
        if d not in DOCUMENTS:
            raise UsageError(f"unknown document '{d}'; expected one of: {', '.join(DOCUMENTS)}")
    for f in fmts:
        if f not in FORMATS:
            raise UsageError(f"unknown format '{f}'; expected one of: {', '.join(FORMATS)}")
    out_dir = Path(out) if out is not None else loaded.root / loaded.config.output
    if final and allow_missing:
        raise UsageError("a final build never leaves blanks: --allow-missing is for drafts only")
    if final and highlight_data:
        raise UsageError("a final build never highlights data: --highlight-data is for drafts only")
    if strict or final:
        from .lint import lint_project

        report = lint_project(loaded, docs, langs, tuple(enterprises))
        if report.failed(strict=strict):
            raise LintError(lines=report.lines())
    if final:
        from .signoff import check

        unapproved = check(loaded)
        if unapproved:
            raise SignOffError(lines=[s.line() for s in unapproved])
    options = Options(fmts, final, allow_missing, loaded.config.font_subsetter, highlight=highlight_data)
    hashes = FileHashes()
    selection = {"documents": docs, "languages": langs, "enterprises": list(enterprises), "agents": list(agents)}
    plan_key = cache.plan_key(loaded, hashes, selection)
    recalled = cache.recalled_plan(cache.read(out_dir), plan_key)
    specs = plan_outputs(loaded, docs, langs, tuple(enterprises), tuple(agents)) if recalled is None else recalled[0]
    folder = OutputFolder(out_dir)
    folder.check(f"{spec.stem}.{fmt}" for spec in specs for fmt in fmts)
    existed = out_dir.exists()
    try:
        return _locked_build(
            loaded, folder, specs, recalled, plan_key, options, hashes, jobs, dask, progress, notify, final, on_plan
        )
    except ClauseError:
        if not existed:  # a build that fails leaves no folder behind that it made itself
            folder.remove_if_empty()
        raise


def _locked_build(  # type: ignore[no-untyped-def]
    loaded, folder, specs, recalled, plan_key, options, hashes, jobs, dask, progress, notify, final, on_plan
) -> BuildResult:
    out_dir = folder.path
    fmts = options.formats
    with folder.locked(notify):
        # 2. decide: the keys of what is there against the keys of what it is made from now
        previous = manifest.read_manifest(out_dir)
        before = manifest.previous_outputs(previous)
        side = cache.read(out_dir)
        keys = _Keys(loaded, options, hashes, side, recalled[1] if recalled else None)
        result = BuildResult(out_dir)
        entries: dict[str, list[dict]] = {e: [] for e in dict.fromkeys(s.enterprise_id for s in specs)}
        used: dict[str, set[tuple[str, str]]] = {e: set() for e in entries}
        todo: list[tuple[OutputSpec, tuple[str, ...]]] = []
        for spec in specs:
            again = []
            for fmt in fmts:
                rel = f"{spec.stem}.{fmt}"
                old, dep = before.get(rel), side["outputs"].get(rel)
                if old and dep and keys.now(spec, fmt, old, dep) == old["cache_key"] and _matches(out_dir, old):
                    result.cached.append(out_dir / rel)
                    entries[spec.enterprise_id].append(old)
                    used[spec.enterprise_id].update((c, lang) for c, lang in dep.get("used", []))
                else:
                    again.append(fmt)
            if again:
                todo.append((spec, tuple(again)))
            elif fmts:
                result.blanks.extend(str(b) for b in side["outputs"][f"{spec.stem}.{fmts[0]}"].get("blanks", []))

        # 3. render what changed; each output is staged as it comes
        staging = Staging(out_dir)
        clauses: dict[str, dict[tuple[str, str], dict]] = {e: {} for e in entries}
        problems: list[Problem] = []
        by_stem = {spec.stem: spec for spec, _ in todo}
        if on_plan:
            on_plan(len(todo))
        try:
            for made in workers.run(loaded, todo, options, jobs, dask):
                if made.problems:
                    problems.extend(p for p in made.problems if p not in problems)
                    continue
                if problems:
                    continue  # the build stops: nothing more is staged
                spec = by_stem[made.stem]
                result.assembled += 1
                if progress:
                    progress(spec.stem)
                _stage(made, spec, keys, staging, side, entries, clauses, used, result, final)
            if problems:
                raise clause_error(problems, options.allow_missing)

            # 4. commit every output, the cache file, then the manifest
            sections = {}
            old_clauses = _old_clauses(previous)
            for enterprise in entries:
                for key in used[enterprise]:
                    if key not in clauses[enterprise] and (enterprise, *key) in old_clauses:
                        clauses[enterprise][key] = old_clauses[(enterprise, *key)]
                sections[enterprise] = {
                    "inputs": [{"path": p, "sha256": sha} for p, sha in cache.inputs_part(loaded, hashes)],
                    "clauses": [clauses[enterprise][k] for k in sorted(clauses[enterprise])],
                    "outputs": sorted(entries[enterprise], key=lambda o: o["path"]),
                }
            new = manifest.merged(
                previous,
                sections,
                stack=versions(options.subsetter),
                rendered=bool(todo),
                unchanged=lambda o: _matches(out_dir, o),
            )
            if recalled is None or todo:
                cache.remember_plan(side, plan_key, specs, keys.digests)
            listed = set(manifest.previous_outputs(new))
            side_bytes = cache.dumps(side, listed)
            staged = {str(Path(t).relative_to(out_dir)) for t, _ in staging.staged}
            interim = manifest.without(previous, staged)
            if staged or manifest.dumps(new) != manifest.dumps(previous) or _differs(out_dir, side_bytes):
                folder.commit(staging, manifest.dumps(new), manifest.dumps(interim) if interim else None, side_bytes)
        finally:
            staging.discard()
    result.written.sort()  # in path order, whichever worker finished first
    result.cached.sort()
    return result


class _Keys:
    """The cache key of each output format, from its inputs as they are now."""

    def __init__(
        self,
        loaded: LoadedProject,
        options: Options,
        hashes: FileHashes,
        side: dict[str, Any],
        digests: dict[str, str] | None,
    ):
        self.loaded = loaded
        self.options = options
        self.hashes = hashes
        self.side = side
        self.recalled = digests  # the data digests of a plan whose data files are unchanged
        self.digests: dict[str, str] = {}
        self.stack = versions(options.subsetter)
        self.settings = cache.settings_digest(loaded)
        self.opts = {"final": options.final, "allow_missing": options.allow_missing}
        if options.highlight:
            self.opts["highlight_data"] = True
        self._library: str | None = None
        self._everything: str | None = None

    def everything(self) -> str:
        """A final PDF depends on all inputs, every clause text and approval, every layout file."""
        if not self.options.final:
            return ""
        if self._everything is None:
            self._everything = cache._digest(
                [
                    cache.inputs_part(self.loaded, self.hashes),
                    cache.library_digest(self.loaded, self.hashes),
                    cache.layout_digest(self.loaded, self.hashes),
                ]
            )
        return self._everything

    def library(self) -> str:
        if self._library is None:
            self._library = cache.library_digest(self.loaded, self.hashes)
        return self._library

    def clause_names(self, spec: OutputSpec, dep: dict[str, Any] | None) -> list[str]:
        """The clause files that could go into the output; recomputed when the library changed."""
        if dep is not None and dep.get("library") == self.library() and isinstance(dep.get("clauses"), list):
            return [str(n) for n in dep["clauses"]]
        return sorted(cache.clause_name(self.loaded, c.path) for c in candidate_clauses(self.loaded, spec))

    def data(self, spec: OutputSpec, dep: dict[str, Any]) -> str | None:
        if spec.stem in self.digests:
            return self.digests[spec.stem]
        if self.recalled is not None and spec.stem in self.recalled:
            digest: str | None = self.recalled[spec.stem]
        else:
            reads = cache.recalled_reads(self.side, str(dep.get("reads")))
            digest = None if reads is None else cache.data_digest(self.loaded, spec, reads)
        if digest is not None:
            self.digests[spec.stem] = digest
        return digest

    def now(self, spec: OutputSpec, fmt: str, old: dict, dep: dict[str, Any]) -> str | None:
        """The key the output would have now, or None when it cannot be told without making it."""
        data = self.data(spec, dep)
        if data is None or not isinstance(dep.get("templates"), list):
            return None
        roots = self.loaded.layout_roots
        return self.key(
            spec,
            fmt,
            [str(t) for t in dep["templates"]],
            self.clause_names(spec, dep),
            self.hashes.now(roots, manifest.loaded_of(old)),
            data,
        )

    def key(
        self,
        spec: OutputSpec,
        fmt: str,
        templates: list[str],
        clause_names: list[str],
        resources: dict[str, str | None],
        data: str,
    ) -> str:
        roots = self.loaded.layout_roots
        return cache.output_key(
            fmt,
            stack=self.stack,
            options={**self.opts, "font_subsetter": self.options.subsetter},
            stem=spec.stem,
            settings=self.settings,
            templates=cache.templates_part(self.loaded, roots, templates, self.hashes),
            clauses=cache.clauses_part(self.loaded, clause_names, self.hashes),
            resources=resources,
            data=data,
            everything=self.everything(),
        )


def _stage(  # type: ignore[no-untyped-def]
    made: Result, spec: OutputSpec, keys: _Keys, staging: Staging, side, entries, clauses, used, result, final
) -> None:
    """Write one made output away, and note its manifest entry and what its key is made of."""
    names = keys.clause_names(spec, None)
    keys.digests[spec.stem] = made.data
    reads = cache.remember_reads(side, made.reads)
    result.blanks.extend(made.blanks)
    for fmt, output in made.outputs.items():
        rel = f"{spec.stem}.{fmt}"
        key = keys.key(spec, fmt, made.templates, names, output.loaded, made.data)
        sha = hashlib.sha256(output.content).hexdigest()
        entries[spec.enterprise_id].append(
            manifest.output_entry(rel, sha, key, output.loaded, "final" if final else "draft")
        )
        side["outputs"][rel] = {
            "cache_key": key,
            "templates": made.templates,
            "clauses": names,
            "library": keys.library(),
            "used": [list(u) for u in made.used],
            "reads": reads,
            "blanks": made.blanks,
        }
        staging.add(rel, output.content)
        result.written.append(result.out_dir / rel)
        result.pages += output.pages or 0
    for entry, clause in zip(made.clauses, made.used, strict=True):
        clauses[spec.enterprise_id][tuple(clause)] = entry
    used[spec.enterprise_id].update(tuple(u) for u in made.used)


def _old_clauses(previous: dict) -> dict[tuple[str, str, str], dict]:
    return {
        (enterprise, str(c.get("id")), str(c.get("lang"))): c
        for enterprise, section in previous["enterprises"].items()
        for c in section.get("clauses", [])
    }


def _differs(out_dir: Path, content: bytes) -> bool:
    try:
        return (out_dir / cache.NAME).read_bytes() != content
    except OSError:
        return True


def _matches(out_dir: Path, entry: dict) -> bool:
    """Whether the file a manifest entry lists is there, with the sha256 it records."""
    path = out_dir / entry["path"]
    try:
        return path.is_file() and cache.file_sha256(path) == entry["sha256"]
    except OSError:
        return False
