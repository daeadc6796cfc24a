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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from . import __version__, manifest
from .cache import cache_key, file_sha256, resources_digest
from .config import DocumentId
from .errors import LintError, SignOffError, UsageError
from .jobs import RenderJob, render_job
from .plan import make_plan
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
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build a project's documents. Raises an AgreementsError for any user error."""
    # 1. gather and check everything: settings, data, clauses, every document assembled
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
    plan = make_plan(loaded, docs, langs, fmts, allow_missing, tuple(enterprises), tuple(agents))
    resources = resources_digest(loaded.template_dirs) if plan.outputs else ""
    render_jobs = [
        RenderJob.of(o, loaded.template_dirs, loaded.root, final, _archival(loaded, o, ledgers, resources, fmts))
        for o in plan.outputs
    ]

    # 2. decide what to render: the manifest of the previous build is the cache index
    previous = manifest.read_manifest(out_dir)
    before = manifest.previous_outputs(previous)
    todo, result = [], BuildResult(out_dir)
    outputs: dict[str, dict[str, dict]] = {e: {} for e in plan.enterprise_ids()}  # per enterprise, by path
    for planned, job in zip(plan.outputs, render_jobs, strict=True):
        html = job.html()
        for fmt in fmts:
            rel = f"{job.stem}.{fmt}"
            archival = job.archival.identifier if job.archival and fmt == "pdf" else ""
            key = cache_key(html + archival, fmt, resources)
            old = before.get(rel)
            target = out_dir / rel
            if old and old.get("cache_key") == key and target.is_file() and file_sha256(target) == old.get("sha256"):
                result.cached.append(target)
                outputs[planned.enterprise_id][rel] = old
            else:
                todo.append((planned.enterprise_id, job, fmt, key))

    # 3. render what changed
    jobs_by_id = {id(j): j for _, j, _, _ in todo}
    rendered = _run(list(jobs_by_id.values()), jobs, progress)

    # 4. write atomically, then the manifest
    for enterprise, job, fmt, key in todo:
        rel = f"{job.stem}.{fmt}"
        content = rendered[id(job)][fmt]
        _write_atomic(out_dir / rel, content)
        result.written.append(out_dir / rel)
        outputs[enterprise][rel] = {
            "sha256": hashlib.sha256(content).hexdigest(),
            "cache_key": key,
            "kind": "final" if final else "draft",
        }
    sections = {e: manifest.section(loaded.project, plan.clauses.get(e, {}), outputs[e], ledgers) for e in outputs}
    _write_atomic(out_dir / manifest.NAME, manifest.dumps(manifest.merged(previous, sections, rendered=bool(todo))))
    return result


def _archival(loaded, output, ledgers, resources, fmts):  # type: ignore[no-untyped-def]
    """A final PDF's attachments and metadata; None for a draft."""
    if ledgers is None or "pdf" not in fmts:
        return None
    from . import provenance
    from .render.pdf import versions

    stack = {"agreements": __version__, **versions()}
    return provenance.archival(loaded, output, provenance.entry(loaded, output, ledgers, stack, resources))


def _run(
    todo: list[RenderJob], jobs: int | None, progress: Callable[[str], None] | None
) -> dict[int, dict[str, bytes]]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    results: dict[int, dict[str, bytes]] = {}
    if workers == 1:
        for job in todo:
            if progress:
                progress(job.stem)
            results[id(job)] = render_job(job)
        return results
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for job, res in zip(todo, pool.map(render_job, todo), strict=False):
            if progress:
                progress(job.stem)
            results[id(job)] = res
    return results


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
