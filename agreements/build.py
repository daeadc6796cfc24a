"""The pipeline, top to bottom: read and check everything first, then render, then write.

Nothing is written until every document has assembled without a problem; each output is
written to a temporary file and renamed, so a failed or killed build leaves the previous
outputs intact. Rendering is a pure function of a picklable job, run in parallel.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version as dist_version
from pathlib import Path

from . import __version__
from .assemble import assemble, document_context, select
from .clauses import Clause, Layer, Library
from .config import Project, load_project
from .errors import ClauseError, ConfigError, DataError, LintError, Location, Problem, ProblemsError, UsageError
from .loading import load_file, merge
from .model import ProjectData
from .model.network import cross_problems
from .outline import Outline, read_outline
from .render.html import render_html
from .resources import clauses_dir, templates_dir
from .tree import Document
from .validation import problems_at, validate

FORMATS = ("pdf", "html", "docx")
AVAILABLE_DOCUMENTS = ("association-agreement", "statutes")


# --- reading and checking ---------------------------------------------------------------


def load_data(project: Project) -> ProjectData:
    """Every data file, merged and validated, with all problems reported at once."""
    parts, problems = [], []
    for i, path in enumerate(project.data_files):
        if not path.is_file():
            problems.append(
                Problem(project.locate("data", i), f"data file '{project.config.data[i]}' not found", f"data[{i}]")
            )
            continue
        try:
            parts.append(load_file(path))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems=problems)
    loaded = merge(parts)
    data = validate(ProjectData, loaded)
    found = list(cross_problems(data)) + list(_entrenched_problems(project, data))
    if found:
        raise DataError(problems=problems_at(loaded, found))
    return data


def _entrenched_problems(project: Project, data: ProjectData):  # type: ignore[no-untyped-def]
    """Entrenched articles must be articles of the company's statutes."""
    company = data.enterprise.company
    if not company.entrenched:
        return
    try:
        outline = find_outline(outline_kind("statutes", data), template_dirs(project))
    except ClauseError:
        return
    ids = {e.clause_id for e in outline.entries if e.part == "article"}
    for i, clause_id in enumerate(company.entrenched):
        if clause_id not in ids:
            yield (
                ("enterprise", "company", "entrenched", i),
                f"'{clause_id}' is not an article of the statutes; "
                f"see 'agreements clauses list --document statutes' for their ids",
            )


def template_dirs(project: Project) -> list[Path]:
    """The template search path: the project's templates/, firm folders, then the built-in."""
    dirs = [project.root / "templates", *(project.root / p for p in project.config.template_paths)]
    return [d for d in dirs if d.is_dir()] + [templates_dir()]


def clause_layers(project: Project) -> list[Layer]:
    """The clause layers: the project's clauses/, firm libraries in order, then the built-in."""
    firm = [Layer(f"firm:{p}", project.root / p) for p in project.config.clause_paths]
    return [Layer("project", project.root / "clauses"), *firm, Layer("built-in", clauses_dir())]


def load_library(project: Project, strict: bool = True) -> Library:
    problems = []
    for i, path in enumerate(project.config.clause_paths):
        if not (project.root / path).is_dir():
            problems.append(Problem(project.locate("clause_paths", i), f"clause folder '{path}' not found"))
    for i, path in enumerate(project.config.template_paths):
        if not (project.root / path).is_dir():
            problems.append(Problem(project.locate("template_paths", i), f"template folder '{path}' not found"))
    if problems:
        raise ConfigError(problems=problems)
    return Library.load(clause_layers(project), strict=strict)


def outline_kind(document: str, data: ProjectData) -> str:
    """The outline a document uses: a Dutch B.V.'s statutes are statuten, others articles."""
    if document == "statutes" and data.enterprise.company.form != "bv":
        return "articles"
    return document


def find_outline(kind: str, dirs: list[Path]) -> Outline:
    for d in dirs:
        path = d / kind / "outline.yaml"
        if path.is_file():
            return read_outline(kind, path)
    raise ClauseError(problems=[Problem(Location(f"templates/{kind}/outline.yaml"), "outline file not found")])


# --- render jobs ------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderJob:
    """Everything one output needs; picklable, so it can run in another process.

    ``docs`` holds one document, or two for the side-by-side layout (the first prevails).
    """

    enterprise_id: str
    document: str
    docs: tuple[Document, ...]
    formats: tuple[str, ...]
    template_dirs: tuple[Path, ...]
    project_root: Path
    effective_date: dt.date
    final: bool

    @property
    def doc(self) -> Document:
        return self.docs[0]

    @property
    def lang(self) -> str:
        return "+".join(d.lang for d in self.docs)

    @property
    def stem(self) -> str:
        return f"{self.enterprise_id}/{self.document}.{self.lang}"

    @property
    def epoch(self) -> int:
        return int(dt.datetime.combine(self.effective_date, dt.time(), dt.UTC).timestamp())

    @property
    def style_dir(self) -> Path:
        """The template folder whose print.css applies: a project's own one wins."""
        return next((d for d in self.template_dirs if (d / "print.css").is_file()), self.template_dirs[-1])

    def html(self, inline_css: bool = False) -> str:
        """The document's HTML; ``inline_css`` embeds the stylesheet (for the .html output)."""
        css = (self.style_dir / "print.css").read_text(encoding="utf-8") if inline_css else None
        return render_html(
            list(self.docs),
            list(self.template_dirs),
            created=self.effective_date.isoformat(),
            inline_css=css,
            final=self.final,
        )


def render_job(job: RenderJob) -> dict[str, bytes]:
    """The pure rendering function: a job in, the bytes of each output format out."""
    out: dict[str, bytes] = {}
    if "html" in job.formats:
        out["html"] = job.html(inline_css=True).encode("utf-8")
    if "pdf" in job.formats:
        from .render.pdf import write_pdf  # WeasyPrint is imported only when a PDF is made

        out["pdf"] = write_pdf(
            job.html(), base_dir=job.style_dir, allowed=[*job.template_dirs, job.project_root], epoch=job.epoch
        )
    if "docx" in job.formats:
        from .render.docx import render_docx  # from the tree, not the HTML

        out["docx"] = render_docx(list(job.docs), date=job.effective_date, final=job.final)
    return out


def resources_digest(template_dirs: Iterable[Path]) -> str:
    """A hash of the files the layout loads (stylesheets, fonts, images); read once per build."""
    h = hashlib.sha256()
    for d in template_dirs:
        for p in sorted(d.rglob("*")):
            if p.is_file() and p.suffix in (".css", ".ttf", ".otf", ".woff", ".woff2", ".png", ".svg", ".jpg"):
                h.update(str(p.relative_to(d)).encode())
                h.update(_sha256(p).encode())
    return h.hexdigest()


def cache_key(html: str, fmt: str, resources: str) -> str:
    """A hash of everything an output depends on: its HTML, the layout's files, the engine."""
    h = hashlib.sha256(f"{__version__}|{fmt}|{_weasyprint_version()}|{resources}".encode())
    h.update(html.encode("utf-8"))
    return h.hexdigest()


def _weasyprint_version() -> str:
    try:
        return dist_version("weasyprint")
    except Exception:  # noqa: BLE001 - not installed: PDFs cannot be made, HTML still can
        return "none"


# --- the build --------------------------------------------------------------------------


def plan(
    project: Project,
    docs: list[str],
    langs: list[str],
    fmts: tuple[str, ...] = ("pdf",),
    final: bool = False,
    allow_missing: bool = False,
) -> tuple[list[RenderJob], dict[tuple[str, str], Clause]]:
    """Read and check everything, assemble every document; all problems are reported at once."""
    data = load_data(project)
    library = load_library(project)
    dirs = template_dirs(project)
    jobs: list[RenderJob] = []
    used: dict[tuple[str, str], Clause] = {}
    problems: list[Problem] = []
    for document in docs:
        outline = find_outline(outline_kind(document, data), dirs)
        assembled: dict[str, Document] = {}
        for lang in dict.fromkeys(part for label in langs for part in label.split("+")):
            try:
                context = document_context(data, outline, lang)
                decisions = select(outline, library, lang, context, project.config.variants)
                doc, _ = assemble(data, outline, decisions, lang, allow_missing=allow_missing)
            except ProblemsError as exc:
                problems.extend(p for p in exc.problems if p not in problems)
                continue
            used.update({(d.clause.id, d.clause.lang): d.clause for d in decisions if d.clause and d.included})
            assembled[lang] = doc
        for label in langs:
            parts = label.split("+")
            if all(p in assembled for p in parts):
                jobs.append(
                    RenderJob(
                        data.enterprise.id,
                        document,
                        tuple(assembled[p] for p in parts),
                        fmts,
                        tuple(dirs),
                        project.root,
                        data.enterprise.effective_date,
                        final,
                    )
                )
    if problems:
        raise ClauseError(problems=problems)
    return jobs, used


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
    project = load_project(project_dir)
    docs = list(documents) or list(project.config.documents)
    langs = list(languages) or list(project.config.languages)
    fmts = tuple(dict.fromkeys(formats)) or ("pdf",)
    for d in docs:
        if d not in AVAILABLE_DOCUMENTS:
            raise UsageError(f"document '{d}' is not available yet; available: {', '.join(AVAILABLE_DOCUMENTS)}")
    for f in fmts:
        if f not in FORMATS:
            raise UsageError(f"unknown format '{f}'; expected one of: {', '.join(FORMATS)}")
    out_dir = Path(out) if out is not None else project.root / project.config.output

    # 1. read and check everything
    if final and allow_missing:
        raise UsageError("a final build never leaves blanks: --allow-missing is for drafts only")
    if strict:
        from .lint import lint_project

        report = lint_project(project, docs, langs)
        if report.failed(strict=True):
            raise LintError(lines=report.lines())
    render_jobs, used = plan(project, docs, langs, fmts, final, allow_missing)

    # 2. render what changed (the manifest of the previous build is the cache index)
    previous = _read_manifest(out_dir)
    before = _previous_outputs(previous)
    todo, result, outputs = [], BuildResult(out_dir), {}
    resources = resources_digest(render_jobs[0].template_dirs) if render_jobs else ""
    for job in render_jobs:
        html = job.html()
        for fmt in fmts:
            rel = f"{job.stem}.{fmt}"
            key = cache_key(html, fmt, resources)
            old = before.get(rel)
            target = out_dir / rel
            if old and old.get("cache_key") == key and target.is_file() and _sha256(target) == old.get("sha256"):
                result.cached.append(target)
                outputs[rel] = old
            else:
                todo.append((job, fmt, key))
    jobs_by_id = {id(j): j for j, _, _ in todo}
    rendered = _run(list(jobs_by_id.values()), jobs, progress)

    # 3. write atomically, then the manifest
    for job, fmt, key in todo:
        rel = f"{job.stem}.{fmt}"
        content = rendered[id(job)][fmt]
        _write_atomic(out_dir / rel, content)
        result.written.append(out_dir / rel)
        outputs[rel] = {"sha256": hashlib.sha256(content).hexdigest(), "cache_key": key}
    enterprise_id = render_jobs[0].enterprise_id
    manifest = _manifest(project, enterprise_id, used, outputs, previous, rendered=bool(todo))
    _write_atomic(out_dir / "manifest.json", (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode())
    return result


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


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(out_dir: Path) -> dict:
    """The previous manifest, or an empty one when there is none or it is unreadable."""
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        if isinstance(manifest, dict) and isinstance(manifest.get("enterprises"), dict):
            return manifest
    except (OSError, ValueError):
        pass
    return {"enterprises": {}}


def _previous_outputs(manifest: dict) -> dict[str, dict]:
    return {
        o["path"]: o
        for section in manifest["enterprises"].values()
        for o in section.get("outputs", [])
        if isinstance(o, dict) and "path" in o
    }


def _manifest(project: Project, enterprise_id: str, used: dict, outputs: dict, previous: dict, rendered: bool) -> dict:
    """One section per enterprise, so several projects can share an output folder."""
    if rendered or not previous.get("versions"):
        from .render.pdf import versions

        stack = {"agreements": __version__, **versions()}
    else:
        stack = previous["versions"]
    inputs = [project.root / "agreements.toml", *project.data_files]
    section = {
        "inputs": [{"path": p.relative_to(project.root).as_posix(), "sha256": _sha256(p)} for p in inputs],
        "clauses": [
            {"id": c.id, "lang": c.lang, "version": c.version, "layer": c.layer, "sha256": _sha256(c.path)}
            for _, c in sorted(used.items())
        ],
        "outputs": [
            {"path": rel, "sha256": e["sha256"], "cache_key": e["cache_key"]} for rel, e in sorted(outputs.items())
        ],
    }
    enterprises = {**previous["enterprises"], enterprise_id: section}
    return {"versions": stack, "enterprises": dict(sorted(enterprises.items()))}
