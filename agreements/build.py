"""The build, top to bottom: gather and check everything, then render, then write.

1. Gather: the project (settings, data, clauses), the plan (every document assembled), the
   render jobs, and a check that the output folder can take the outputs. Any problem
   stops the build here, before anything is rendered or written.
2. Decide, under the output folder's lock: the previous manifest is the cache index; an
   output whose cache key and file are unchanged is not rendered again.
3. Render what changed (agreements/workers.py), in parallel; Ctrl-C cancels at once.
4. Write all or nothing (agreements/output.py), then the manifest (agreements/manifest.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from . import __version__, manifest, workers
from .cache import FileHashes, cache_key, file_sha256
from .config import DocumentId
from .errors import LintError, SignOffError, UsageError
from .jobs import Archival, RenderJob
from .output import OutputFolder
from .plan import Plan, make_plan
from .project import load

FORMATS = ("pdf", "html", "docx")
DOCUMENTS: tuple[str, ...] = get_args(DocumentId)


@dataclass
class BuildResult:
    out_dir: Path
    written: list[Path] = field(default_factory=list)
    cached: list[Path] = field(default_factory=list)


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
    on_plan: Callable[[Plan, int], None] | None = None,
) -> BuildResult:
    """Build a project's documents. Raises an AgreementsError for any user error.

    ``progress`` hears each output's stem once it is rendered; ``notify`` hears what the
    user should know while waiting (another build holding the output folder); ``on_plan``
    hears the plan and how many outputs are to be rendered, before rendering starts.
    ``highlight_data`` marks every value printed from the data (drafts only).
    """
    # 1. gather and check everything: settings, data, clauses, every document, the folder
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
    ledgers = None
    if final:
        from .signoff import check, ledgers_of

        unapproved = check(loaded)
        if unapproved:
            raise SignOffError(lines=[s.line() for s in unapproved])
        ledgers = ledgers_of(loaded.layers)
    plan = make_plan(loaded, docs, langs, fmts, allow_missing, tuple(enterprises), tuple(agents), highlight_data)
    planned = [
        (
            o.enterprise_id,
            RenderJob.of(
                o, loaded.template_dirs, loaded.root, final, _archival(loaded, o, ledgers, fmts), highlight_data
            ),
        )
        for o in plan.outputs
    ]
    folder = OutputFolder(out_dir)
    folder.check(f"{job.stem}.{fmt}" for _, job in planned for fmt in fmts)

    with folder.locked(notify):
        # 2. decide what to render: the manifest of the previous build is the cache index
        previous = manifest.read_manifest(out_dir)
        before = manifest.previous_outputs(previous)
        hashes = FileHashes()
        result = BuildResult(out_dir)
        entries: dict[str, list[dict]] = {e: [] for e in plan.enterprise_ids()}
        todo: list[tuple[str, RenderJob, str]] = []
        html: dict[int, str] = {}
        for enterprise, job in planned:
            # a final PDF's key also covers what it carries: its provenance and data
            html[id(job)] = job.html() + (job.archival.identifier if job.archival else "")
            for fmt in fmts:
                rel = f"{job.stem}.{fmt}"
                old = before.get(rel)
                now = hashes.now(job.roots, manifest.loaded_of(old)) if old else {}
                if old and old["cache_key"] == cache_key(html[id(job)], fmt, job.base, now) and _matches(out_dir, old):
                    result.cached.append(out_dir / rel)
                    entries[enterprise].append(old)
                else:
                    todo.append((enterprise, job, fmt))

        # 3. render what changed
        if on_plan:
            on_plan(plan, len({id(j) for _, j, _ in todo}))
        rendered = workers.run(list({id(j): j for _, j, _ in todo}.values()), jobs, progress)

        # 4. write every output, then the manifest
        files: dict[str, bytes] = {}
        for enterprise, job, fmt in todo:
            rel = f"{job.stem}.{fmt}"
            output = rendered[id(job)][fmt]
            key = cache_key(html[id(job)], fmt, job.base, output.loaded)
            sha = hashlib.sha256(output.content).hexdigest()
            entries[enterprise].append(
                manifest.output_entry(rel, sha, key, output.loaded, "final" if final else "draft")
            )
            files[rel] = output.content
            result.written.append(out_dir / rel)
        sections = {e: manifest.section(loaded.project, plan.clauses.get(e, {}), entries[e], ledgers) for e in entries}
        new = manifest.merged(previous, sections, rendered=bool(todo), unchanged=lambda o: _matches(out_dir, o))
        interim = manifest.without(previous, files)
        folder.write(files, manifest.dumps(new), manifest.dumps(interim) if interim else None)
    return result


def _matches(out_dir: Path, entry: dict) -> bool:
    """Whether the file a manifest entry lists is there, with the sha256 it records."""
    path = out_dir / entry["path"]
    try:
        return path.is_file() and file_sha256(path) == entry["sha256"]
    except OSError:
        return False


def _archival(loaded, output, ledgers, fmts) -> Archival | None:  # type: ignore[no-untyped-def]
    """A final PDF's attachments and metadata; None for a draft."""
    if ledgers is None or "pdf" not in fmts:
        return None
    from . import provenance
    from .render.pdf import versions

    stack = {"agreements": __version__, **versions()}
    return provenance.archival(loaded, output, provenance.entry(loaded, output, ledgers, stack))
