"""Render jobs: a picklable description of one output, and the one pure function that renders it.

A job holds only plain data (the Document trees, folder paths, the date, options): no open
files, no loaded library. The same jobs run in this process, in local worker processes, or
on a cluster, and give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import layout_roots, name_of
from .render.html import render_html
from .tree import Document

if TYPE_CHECKING:  # a worker imports this module without the planning side
    from .plan import PlannedOutput


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


def render_job(job: RenderJob) -> dict[str, Output]:
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

        pdf, loaded = write_pdf(job.html(), roots=job.roots, base=job.base, epoch=job.epoch, archival=job.archival)
        out["pdf"] = Output(pdf, loaded)
    if "docx" in job.formats:
        from .render.docx import render_docx  # from the tree, not the HTML

        out["docx"] = Output(render_docx(list(job.docs), date=job.effective_date, final=job.final), {})
    return out
