"""The build, top to bottom: gather and check everything, then render, then write.

Nothing is written until every document has assembled without a problem; each output is
written to a temporary file and renamed, so a failed or killed build leaves the previous
outputs intact. Rendering is a pure function of a picklable job, run in parallel.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import manifest, workers
from .cache import FileHashes, cache_key, file_sha256
from .errors import LintError, UsageError
from .jobs import RenderJob
from .plan import make_plan
from .project import load

FORMATS = ("pdf", "html")
AVAILABLE_DOCUMENTS = ("association-agreement", "statutes")


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
    jobs: int | None = None,
    final: bool = False,
    allow_missing: bool = False,
    strict: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build a project's documents. Raises an AgreementsError for any user error."""
    # 1. gather and check everything: settings, data, clauses, every document assembled
    loaded = load(project_dir)
    docs = list(documents) or list(loaded.config.documents)
    langs = list(languages) or list(loaded.config.languages)
    fmts = tuple(dict.fromkeys(formats)) or ("pdf",)
    for d in docs:
        if d not in AVAILABLE_DOCUMENTS:
            raise UsageError(f"document '{d}' is not available yet; available: {', '.join(AVAILABLE_DOCUMENTS)}")
    for f in fmts:
        if f not in FORMATS:
            raise UsageError(f"unknown format '{f}'; expected one of: {', '.join(FORMATS)}")
    out_dir = Path(out) if out is not None else loaded.root / loaded.config.output
    if final and allow_missing:
        raise UsageError("a final build never leaves blanks: --allow-missing is for drafts only")
    if strict:
        from .lint import lint_project

        report = lint_project(loaded, docs, langs)
        if report.failed(strict=True):
            raise LintError(lines=report.lines())
    plan = make_plan(loaded, docs, langs, fmts, allow_missing)
    render_jobs = [RenderJob.of(o, loaded.template_dirs, loaded.root, final) for o in plan.outputs]

    # 2. decide what to render: the manifest of the previous build is the cache index
    previous = manifest.read_manifest(out_dir)
    before = manifest.previous_outputs(previous)
    hashes = FileHashes()
    todo, result = [], BuildResult(out_dir)
    entries: dict[str, list[dict]] = {e: [] for e in plan.enterprise_ids()}
    html: dict[int, str] = {}
    for planned, job in zip(plan.outputs, render_jobs, strict=True):
        html[id(job)] = job.html()
        for fmt in fmts:
            rel = f"{job.stem}.{fmt}"
            old = before.get(rel)
            now = hashes.now(job.roots, manifest.loaded_of(old)) if old else {}
            target = out_dir / rel
            if (
                old
                and old.get("cache_key") == cache_key(html[id(job)], fmt, job.base, now)
                and target.is_file()
                and file_sha256(target) == old.get("sha256")
            ):
                result.cached.append(target)
                entries[planned.enterprise_id].append(old)
            else:
                todo.append((planned.enterprise_id, job, fmt))

    # 3. render what changed
    jobs_by_id = {id(j): j for _, j, _ in todo}
    rendered = workers.run(list(jobs_by_id.values()), jobs, progress)

    # 4. write atomically, then the manifest
    for enterprise, job, fmt in todo:
        rel = f"{job.stem}.{fmt}"
        output = rendered[id(job)][fmt]
        _write_atomic(out_dir / rel, output.content)
        result.written.append(out_dir / rel)
        key = cache_key(html[id(job)], fmt, job.base, output.loaded)
        sha = hashlib.sha256(output.content).hexdigest()
        entries[enterprise].append(manifest.output_entry(rel, sha, key, output.loaded))
    sections = {e: manifest.section(loaded.project, plan.clauses.get(e, {}), entries[e]) for e in entries}
    _write_atomic(out_dir / manifest.NAME, manifest.dumps(manifest.merged(previous, sections, rendered=bool(todo))))
    return result


def _write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
