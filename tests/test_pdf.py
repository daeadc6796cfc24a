"""The sample's PDF as a reader checks it: names, purpose, headings, metadata, determinism."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from agreements.assemble import document_context, select
from agreements.clauses import Layer, Library
from agreements.model.text import pick
from agreements.outline import read_outline
from agreements.project import load
from agreements.resources import clauses_dir, templates_dir

from .helpers import pdf_text


@pytest.fixture(scope="module")
def text(sample_pdf: Path) -> str:
    return pdf_text(sample_pdf)


def test_every_agent_is_named(text: str, sample_dir: Path) -> None:
    members = load(sample_dir).views[0].members()
    assert len(members) >= 6
    for agent in members:
        assert agent.name in text


def test_purpose_and_company(text: str, sample_dir: Path) -> None:
    data = load(sample_dir).data
    assert re.sub(r"\s+", " ", pick(data.enterprise.purpose, "en")) in text
    assert data.enterprise.company.legal_name in text


def test_every_article_heading_is_printed(text: str, sample_dir: Path) -> None:
    outline = read_outline("association-agreement", templates_dir() / "association-agreement" / "outline.yaml")
    library = Library.load([Layer("built-in", clauses_dir())])
    data = load(sample_dir).views[0]
    decisions = select(outline, library, "en", document_context(data, outline, "en"))
    number = 0
    for entry, clause in ((d.entry, d.clause) for d in decisions):  # the variant for this company's law
        assert clause is not None
        assert clause.title in text, clause.title
        if entry.part == "article":
            number += 1
            assert f"{number} {clause.title}" in text


def test_draft_notice_and_page_numbers(text: str, sample_pdf: Path) -> None:
    pages = len(PdfReader(sample_pdf).pages)
    assert "DRAFT" in text
    assert "reviewed by a qualified lawyer" in text
    assert f"Page 2 of {pages}" in text
    assert f"Page {pages} of {pages}" in text


def test_metadata(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Association Agreement – Stroomkracht"
    assert meta.author == "Stroomkracht B.V."
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert str(meta["/CreationDate"]).startswith("D:20270301")


def test_fonts_are_the_shipped_family(sample_pdf: Path) -> None:
    reader = PdfReader(sample_pdf)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Agreements-Serif" in f for f in fonts), fonts  # Charis SIL, from templates/fonts


def test_two_builds_in_separate_processes_are_byte_identical(sample_dir: Path, tmp_path: Path, run) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    cwd_a, cwd_b = tmp_path / "a", tmp_path / "b"
    cwd_a.mkdir()
    cwd_b.mkdir()
    which = ["--document", "association-agreement", "--lang", "en", "--jobs", "1"]
    first = run("build", str(sample_dir), "-o", str(one), *which, cwd=cwd_a, env={"TZ": "UTC", "LC_ALL": "C"})
    second = run(
        "build",
        str(sample_dir),
        "-o",
        str(two),
        *which,
        cwd=cwd_b,
        env={"TZ": "Pacific/Auckland", "LC_ALL": "C.UTF-8", "SOURCE_DATE_EPOCH": "1"},
    )
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    name = "stroomkracht/association-agreement.en.pdf"
    assert (one / name).read_bytes() == (two / name).read_bytes()
    assert (one / "manifest.json").read_text() == (two / "manifest.json").read_text()
