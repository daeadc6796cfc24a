"""A long document is laid out in parts, one at a time, and joined: the same pages, page
numbers, contents, bookmarks and links as laid out whole (agreements/render/parts.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

import agreements.render.parts as parts
from agreements.build import build
from agreements.render.pdf import write_pdf
from agreements.verify import verify

from .conftest import SAMPLE
from .helpers import page_texts, render_jobs


def _bookmarks(reader: PdfReader) -> list[tuple[int, str, int]]:
    out: list[tuple[int, str, int]] = []

    def walk(items, depth):  # type: ignore[no-untyped-def]
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def _links(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(page, target, page of the target) of every internal link."""
    named = {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}
    out = []
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                out.append((number, str(annot["/Dest"]), named[str(annot["/Dest"])]))
    return out


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_laid_out_in_parts_the_agreement_has_the_pages_of_the_whole(lang: str, tmp_path: Path) -> None:
    (job,) = render_jobs(SAMPLE, ["association-agreement"], [lang])
    html = job.html()
    cut = parts.split(html, 1)
    assert cut is not None and len(cut.bodies) >= 3  # before the signatures and each schedule
    assert all(
        b.lstrip().startswith(('<section class="signatures"', '<section class="schedule"')) for b in cut.bodies[1:]
    )

    whole, loaded_whole, pages_whole = write_pdf(html, roots=job.roots, base=job.base, epoch=job.epoch, split_at=None)
    joined, loaded_joined, pages_joined = write_pdf(html, roots=job.roots, base=job.base, epoch=job.epoch, split_at=1)
    (tmp_path / "whole.pdf").write_bytes(whole)
    (tmp_path / "parts.pdf").write_bytes(joined)
    assert whole != joined and pages_joined == pages_whole and loaded_joined == loaded_whole

    # every page the same text: its footer ("Page 24 of 29"), the contents' page numbers, the running head
    texts = page_texts(tmp_path / "parts.pdf")
    assert texts == page_texts(tmp_path / "whole.pdf")
    assert f" {pages_whole}" in texts[-1]
    a, b = PdfReader(tmp_path / "whole.pdf"), PdfReader(tmp_path / "parts.pdf")
    assert _bookmarks(b) == _bookmarks(a) and len(_bookmarks(a)) > 10
    links = _links(b)
    assert links == _links(a)
    # the contents link to the signature pages and the schedules, laid out in other parts
    contents = {target for page, target, _ in links if page <= 2}
    assert "association.signatures" in contents and "association.schedule.register" in contents


def test_a_final_document_in_parts_is_archival_tagged_and_the_same_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def final(out: Path, split_at: int) -> Path:
        monkeypatch.setattr(parts, "SPLIT_AT", split_at)
        build(
            SAMPLE, out=out, documents=["association-agreement"], languages=["nl"], formats=("pdf",), jobs=1, final=True
        )
        return out / "stroomkracht" / "association-agreement.nl.pdf"

    first, second, whole = final(tmp_path / "a", 1), final(tmp_path / "b", 1), final(tmp_path / "c", 10**9)
    assert first.read_bytes() == second.read_bytes()
    assert hashlib.sha256(first.read_bytes()).digest() != hashlib.sha256(whole.read_bytes()).digest()
    assert verify(first).ok
    with pikepdf.open(first) as pdf, pikepdf.open(whole) as reference:
        assert pdf.check_pdf_syntax() == []
        meta = pdf.open_metadata()
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        assert set(pdf.attachments) == set(reference.attachments)
        assert len(pdf.pages) == len(reference.pages)
        # the tags: every top-level structure element, and a structure entry for every page
        ours, theirs = pdf.Root.StructTreeRoot, reference.Root.StructTreeRoot
        assert [str(k.S) for k in ours.K[0].K] == [str(k.S) for k in theirs.K[0].K]
        assert len(ours.ParentTree.Nums) == len(theirs.ParentTree.Nums)
        nums = list(ours.ParentTree.Nums)
        keys = [int(k) for k in nums[::2]]
        assert keys == sorted(set(keys))  # a number tree: each key once, in order
        pages = [int(p.obj.StructParents) for p in pdf.pages]
        assert len(set(pages)) == len(pages) and set(pages) <= set(keys)


def test_the_samples_are_laid_out_whole() -> None:
    """Even the longest (the Association Agreement side by side) is below the length from
    which a document is laid out in parts: their bytes do not depend on it."""
    (job,) = render_jobs(SAMPLE, ["association-agreement"], ["en+nl"])
    assert len(job.html()) < parts.SPLIT_AT
    assert parts.split(job.html()) is None
