"""Small helpers shared by the tests."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """The PDF's text with hyphenation undone and whitespace collapsed."""
    return normalise("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def page_texts(path: Path) -> list[str]:
    """Each page's text, normalised like pdf_text."""
    return [normalise(page.extract_text() or "") for page in PdfReader(path).pages]


LONG_WORD = re.compile(r'<span class="long-word">([^<]*)</span>')


def unmarked(html: str) -> str:
    """``html`` without the spans that let a long word break anywhere (render/long_words.py)."""
    return LONG_WORD.sub(r"\1", html)


def normalise(text: str) -> str:
    text = text.replace("\xa0", " ")
    text = re.sub(r"[\u2010\u00ad]\s*\n\s*", "", text)  # a word hyphenated at the line end
    text = re.sub(r"-\s*\n\s*", "-", text)  # a hyphenated name broken after its hyphen
    return re.sub(r"\s+", " ", text)


def render_jobs(project_dir: Path, documents: list[str], languages: list[str]) -> list:
    """The render jobs a draft build of these documents would run, in order."""
    from agreements.jobs import RenderJob
    from agreements.plan import make_plan
    from agreements.project import load

    loaded = load(project_dir)
    plan = make_plan(loaded, documents, languages)
    return [RenderJob.of(o, loaded.template_dirs, loaded.root, final=False) for o in plan.outputs]


@contextmanager
def finishes_within(seconds: float) -> Iterator[None]:
    """Fail (rather than hang) when the block runs far longer than it ever should.

    A guard against hangs, not a timing assertion: the limit is many times what the work
    takes even on a loaded machine.
    """

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
