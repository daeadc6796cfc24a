"""Render jobs: a picklable description of one output, and the one pure function that renders it.

A job holds only plain data (the Document trees, folder paths, the date, options): no open
files, no loaded library. The same jobs run in this process, in local worker processes, or
on a cluster, and give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import layout_roots, name_of
from .render.html import render_html
from .stack import Subsetter
from .tree import Document

if TYPE_CHECKING:  # a worker imports this module without the planning side
    from .plan import OutputSpec, PlannedOutput
    from .project import LoadedProject


@dataclass(frozen=True)
class Archival:
    """What makes a final PDF archival: PDF/A-3b, tagged, with the files it was made from.

    ``attachments`` are (file name, description, bytes); ``language`` (e.g. nl-NL) and
    ``identifier`` (e.g. the sha256 of the inputs) go into the XMP metadata beside the title
    and the engine that WeasyPrint writes there.
    """

    attachments: tuple[tuple[str, str, bytes], ...]
    language: str
    identifier: str


@dataclass(frozen=True)
class RenderJob:
    """Everything one output needs.

    ``stem`` is the output's path under the output folder without the format suffix;
    ``docs`` holds one document, or two for the side-by-side layout (the first prevails).
    """

    stem: str
    docs: tuple[Document, ...]
    formats: tuple[str, ...]
    template_dirs: tuple[Path, ...]
    project_root: Path
    effective_date: dt.date
    final: bool
    archival: Archival | None = None  # a final build's PDF: PDF/A-3b with its provenance attached
    highlight: bool = False  # mark the values printed from the data (a draft's --highlight-data)

    @classmethod
    def of(
        cls,
        output: PlannedOutput,
        template_dirs: list[Path],
        project_root: Path,
        final: bool,
        archival: Archival | None = None,
        highlight: bool = False,
    ) -> RenderJob:
        return cls(
            output.stem,
            output.docs,
            output.formats,
            tuple(template_dirs),
            project_root,
            output.effective_date,
            final,
            archival,
            highlight,
        )

    @property
    def doc(self) -> Document:
        return self.docs[0]

    @property
    def lang(self) -> str:
        return "+".join(d.lang for d in self.docs)

    @property
    def epoch(self) -> int:
        return int(dt.datetime.combine(self.effective_date, dt.time(), dt.UTC).timestamp())

    @property
    def style_dir(self) -> Path:
        """The template folder whose print.css applies: a project's own one wins."""
        return next((d for d in self.template_dirs if (d / "print.css").is_file()), self.template_dirs[-1])

    @property
    def roots(self) -> dict[str, Path]:
        """The folders the layout may load from, by name (see agreements/layout.py)."""
        return layout_roots(self.project_root, self.template_dirs)

    @property
    def base(self) -> str:
        """The layout name of the folder relative URLs resolve against: the style folder."""
        name = name_of(self.roots, self.style_dir)
        assert name is not None  # the style folder is one of the template folders
        return name

    def html(self, inline_css: bool = False) -> str:
        """The document's HTML; ``inline_css`` embeds the stylesheet (for the .html output)."""
        css = (self.style_dir / "print.css").read_text(encoding="utf-8") if inline_css else None
        return self._html(css)

    def _html(self, css: str | None) -> str:
        return render_html(
            list(self.docs),
            list(self.template_dirs),
            created=self.effective_date.isoformat(),
            inline_css=css,
            final=self.final,
            allowed=[*self.template_dirs, self.project_root],
            highlight=self.highlight,
        )


@dataclass(frozen=True)
class Output:
    """One format of a rendered job: its bytes and the files the layout loaded (name -> sha256)."""

    content: bytes
    loaded: dict[str, str | None]
    pages: int | None = None  # a PDF's, as laid out (the build's summary adds them up)


def render_job(job: RenderJob, subsetter: Subsetter = "fonttools") -> dict[str, Output]:
    """The pure rendering function: a job in, the bytes of each output format out."""
    out: dict[str, Output] = {}
    if "html" in job.formats:
        stylesheet = job.style_dir / "print.css"
        css = stylesheet.read_bytes()
        name = f"{job.base}/print.css"
        text = css.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads it
        out["html"] = Output(job._html(text).encode("utf-8"), {name: hashlib.sha256(css).hexdigest()})
    if "pdf" in job.formats:
        from .render.pdf import write_pdf  # WeasyPrint is imported only when a PDF is made

        pdf, loaded, pages = write_pdf(
            job.html(), roots=job.roots, base=job.base, epoch=job.epoch, archival=job.archival, subsetter=subsetter
        )
        out["pdf"] = Output(pdf, loaded, pages)
    if "docx" in job.formats:
        from .render.docx import render_docx  # from the tree, not the HTML

        out["docx"] = Output(render_docx(list(job.docs), date=job.effective_date, final=job.final), {})
    return out


@dataclass(frozen=True)
class Options:
    """What every job of one build shares."""

    formats: tuple[str, ...]
    final: bool = False
    allow_missing: bool = False
    subsetter: Subsetter = "fonttools"
    check_only: bool = False  # assemble, report problems, render nothing (a build that will fail anyway)
    highlight: bool = False  # mark the values printed from the data (a draft's --highlight-data)


@dataclass
class Result:
    """What a worker sends back for one output: its formats, or the problems that stop it,
    and what the cache needs to know about it (agreements/cache.py)."""

    stem: str
    outputs: dict[str, Output] = field(default_factory=dict)
    problems: list = field(default_factory=list)  # Problem, when the output could not be assembled
    clauses: list[dict] = field(default_factory=list)  # the manifest's entries of the clauses it uses
    used: list[tuple[str, str]] = field(default_factory=list)  # (clause id, language)
    reads: list[tuple[str, str]] = field(default_factory=list)  # the data it read (context.reading)
    data: str = ""  # the digest of what it read
    templates: list[str] = field(default_factory=list)  # the template names looked up
    blanks: list[str] = field(default_factory=list)  # the data path of each blank a draft holds


def run_spec(loaded: LoadedProject, spec: OutputSpec, options: Options) -> Result:
    """Assemble and render one output from a loaded project: the same bytes in any process."""
    from . import cache
    from .errors import ClauseError
    from .manifest import clause_entry
    from .plan import assemble_output, blanks
    from .render.html import templates_asked

    try:
        assembled = assemble_output(loaded, spec, options.formats, options.allow_missing, options.highlight)
    except ClauseError as exc:
        return Result(spec.stem, problems=list(exc.problems))
    if options.check_only:
        return Result(spec.stem)
    ledgers = _ledgers(loaded) if options.final else None
    archival = _archival(loaded, assembled.output, ledgers, options) if ledgers is not None else None
    job = RenderJob.of(assembled.output, loaded.template_dirs, loaded.root, options.final, archival, options.highlight)
    with templates_asked() as asked:
        outputs = render_job(job, options.subsetter)
    used = sorted(assembled.clauses)
    reads = sorted(assembled.reads)
    return Result(
        spec.stem,
        outputs,
        clauses=[clause_entry(assembled.clauses[k], ledgers) for k in used],
        used=used,
        reads=reads,
        data=cache.data_digest(loaded, spec, reads),
        templates=sorted({*asked, "print.css", f"{spec.kind}/outline.yaml"}),
        blanks=[b.path for doc in assembled.output.docs for b in blanks(doc)],
    )


def _ledgers(loaded: LoadedProject):  # type: ignore[no-untyped-def]
    from .signoff import ledgers_of

    made = loaded.__dict__.setdefault("_ledgers", [])
    if not made:
        made.append(ledgers_of(loaded.layers))
    return made[0]


def _archival(loaded: LoadedProject, output: PlannedOutput, ledgers, options: Options) -> Archival | None:  # type: ignore[no-untyped-def]
    """A final PDF's attachments and metadata."""
    if "pdf" not in options.formats:
        return None
    from . import provenance
    from .stack import versions

    return provenance.archival(loaded, output, provenance.entry(loaded, output, ledgers, versions(options.subsetter)))  # type: ignore[arg-type]
