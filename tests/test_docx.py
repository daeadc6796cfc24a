"""The .docx output as Word and LibreOffice see it: named styles, real list numbering,
cross-reference fields to bookmarks, the pages around the text, and byte-identical builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from agreements.build import build
from agreements.paragraphs import Para, article_units
from agreements.plan import make_plan
from agreements.project import load
from agreements.render.docx_numbering import twips
from agreements.render.html import LABELS, _prevails
from agreements.tree import Definition, Document, Reference, walk_inlines, walk_items

from .conftest import DATA
from .helpers import pdf_text

DOCUMENTS = [("association-agreement", "en"), ("statutes", "nl"), ("association-agreement", "nl+en")]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, sample_dir: Path) -> dict[tuple[str, str], Path]:
    """The sample's agreement (English), statuten (Dutch) and agreement side by side, as .docx."""
    out = tmp_path_factory.mktemp("docx")
    langs = sorted({lang for _, lang in DOCUMENTS})
    build(
        sample_dir, out=out, documents=["association-agreement", "statutes"], languages=langs, formats=["docx"], jobs=1
    )
    return {(d, lang): out / "stroomkracht" / f"{d}.{lang}.docx" for d, lang in DOCUMENTS}


@pytest.fixture(scope="module")
def trees(sample_dir: Path) -> dict[tuple[str, str], Document]:
    plan = make_plan(load(sample_dir), ["association-agreement", "statutes"], ["en", "nl"])
    return {(o.document, o.lang): o.docs[0] for o in plan.outputs}


def paragraphs_in(word: docx.document.Document, style: str) -> list:
    return [p for p in word.paragraphs if p.style is not None and p.style.name == style]


def fields(element) -> list[str]:
    return [" ".join(t.text.split()) for t in element.iter(qn("w:instrText"))]


def test_named_styles_carry_the_text(built, trees) -> None:
    word = docx.Document(str(built[("association-agreement", "en")]))
    tree = trees[("association-agreement", "en")]
    names = {s.name for s in word.styles}
    for style in ("Normal", "Title", "Heading 1", "Front Heading", "Schedule Heading", "Signatures Heading",
                  "Clause 1", "Clause 2", "Clause Text 1", "Definition", "Defined Term", "Review Notice",
                  "Draft Mark", "toc 1", "Schedule Table"):  # fmt: skip
        assert style in names, style
    headings = [p.text for p in paragraphs_in(word, "Heading 1")]
    assert headings == [a.title for a in tree.part("article")]
    assert [p.text for p in paragraphs_in(word, "Schedule Heading")] == [a.title for a in tree.part("schedule")]
    definitions = [p.text for p in paragraphs_in(word, "Definition")]
    assert definitions and all(d.startswith("\u201c") for d in definitions)
    defined = {
        r.text
        for p in paragraphs_in(word, "Definition")
        for r in p.runs
        if r.style is not None and r.style.name == "Defined Term"
    }
    listed = {
        next(n.text or n.term for n in u.inlines if isinstance(n, Definition))
        for a in tree.articles
        for u in article_units(a)
        if isinstance(u, Para) and u.kind == "definition" and any(isinstance(n, Definition) for n in u.inlines)
    }
    assert listed and listed <= defined  # a term is bold where it is defined
    # the shipped font and the document's language are the defaults
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:rFonts')}").get(qn("w:ascii")) == "Charis SIL"
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:val")) == "en-GB"
    assert word.core_properties.language == "en-GB"


def test_numbering_is_word_list_numbering(built, trees) -> None:
    """Every article and sub-clause is a level of a multi-level list, so Word renumbers."""
    for (document, lang), levels in {
        ("association-agreement", "en"): ["%1", "%1.%2", "(%3)", "(%4)"],
        ("statutes", "nl"): ["Artikel %1", "%2.", "%3.", "%4."],
    }.items():
        word = docx.Document(str(built[(document, lang)]))
        numbering = word.part.numbering_part.element
        texts = [
            [lvl.find(qn("w:lvlText")).get(qn("w:val")) for lvl in a.findall(qn("w:lvl"))][:4]
            for a in numbering.findall(qn("w:abstractNum"))
        ]
        assert levels in texts
        formats = {
            lvl.find(qn("w:numFmt")).get(qn("w:val"))
            for a in numbering.findall(qn("w:abstractNum"))
            for lvl in a.findall(qn("w:lvl"))
        }
        assert {"decimal", "lowerLetter", "lowerRoman"} <= formats
        tree = trees[(document, lang)]
        heading = "Heading 1"
        numbered = [p for p in paragraphs_in(word, heading) if p._p.find(f".//{qn('w:numPr')}") is not None]
        assert len(numbered) == len(tree.part("article"))
        items = sum(len(i.path) == 1 for a in tree.part("article") for i in walk_items(a.blocks) if i.path)
        level_1 = [p for p in word.paragraphs if p._p.find(f".//{qn('w:ilvl')}") is not None
                   and p._p.find(f".//{qn('w:ilvl')}").get(qn("w:val")) == "1"
                   and p.style.name == "Clause 1"]  # fmt: skip
        assert len(level_1) >= items
        # no number is typed into the text: the list prints it
        assert not any(re.match(r"\d+\.\d+\s", p.text) for p in level_1)


def test_references_are_ref_fields_to_bookmarks(built, trees) -> None:
    for key in (("association-agreement", "en"), ("statutes", "nl")):
        word = docx.Document(str(built[key]))
        body = word.element.body
        bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
        refs = [f for f in fields(body) if f.startswith("REF ")]
        tree = trees[key]
        references = [n for a in tree.articles for n in walk_inlines(a.blocks) if isinstance(n, Reference)]
        assert len(refs) >= len(references) > 10
        for code in refs:
            assert code.split()[1] in bookmarks, code
        # the cached results read as the engine's labels: "clause 12.1", "artikel 4 lid 1 sub a"
        text = "\n".join(p.text for p in word.paragraphs)
        for ref in references:
            assert ref.label in text, ref.label


def test_contents_header_footer_and_title_page(built, trees, sample_dir) -> None:
    word = docx.Document(str(built[("association-agreement", "en")]))
    tree = trees[("association-agreement", "en")]
    body = word.element.body
    assert any(f.startswith("TOC ") for f in fields(body))
    contents = [p.text for p in paragraphs_in(word, "toc 1")]
    first = tree.part("article")[0]
    assert contents[0] == f"{first.heading}\t{first.title}"
    assert len(contents) == len([a for a in tree.articles if a.part != "front"])
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert f"{tree.title} \u2013 {tree.enterprise}" in section.header.paragraphs[0].text
    assert "DRAFT" in section.header.paragraphs[0].text
    assert fields(section.footer._element) == ["PAGE", "NUMPAGES"]
    assert section.footer.paragraphs[0].text.startswith("Page ")
    title_page = [p.text for p in word.paragraphs[:20]]
    assert "DRAFT" in title_page and tree.title in title_page
    for party in tree.parties:
        assert party in title_page
    notice = paragraphs_in(word, "Review Notice")[0].text
    assert notice == LABELS["en"]["notice"]
    settings = word.settings.element
    assert settings.find(qn("w:autoHyphenation")) is not None


def test_side_by_side_is_a_two_column_table(built, trees) -> None:
    word = docx.Document(str(built[("association-agreement", "nl+en")]))
    nl, en = trees[("association-agreement", "nl")], trees[("association-agreement", "en")]
    tables = [t for t in word.tables if len(t.columns) == 2 and len(t.rows) > 10]
    assert tables, "the articles are rows of a two-column table"
    row = next(r for r in tables[0].rows if r.cells[0].paragraphs[0].text == nl.part("article")[0].title)
    assert row.cells[1].paragraphs[0].text == en.part("article")[0].title
    text = "\n".join(p.text for p in word.paragraphs)
    assert all(line in text for line in _prevails([nl, en]))
    english = [r for r in row.cells[1]._tc.iter(qn("w:lang"))]
    assert english and all(x.get(qn("w:val")) == "en-GB" for x in english)
    title_page = [p.text for p in word.paragraphs[:20]]
    assert "tussen / between" in title_page
    notices = [p.text for p in paragraphs_in(word, "Review Notice")]
    assert notices == [LABELS["nl"]["notice"], LABELS["nl"]["advice"], LABELS["en"]["notice"], LABELS["en"]["advice"]]
    assert nl.parties[0] in title_page


def test_the_draft_box_is_as_wide_as_its_mark(built) -> None:
    """Word draws a paragraph's box across its indents: "CONCEPT / DRAFT" needs a wider box than "DRAFT"."""

    def box_width(lang: str) -> int:
        word = docx.Document(str(built[("association-agreement", lang)]))
        mark = paragraphs_in(word, "Draft Mark")[0]
        ind = mark._p.pPr.find(qn("w:ind"))
        page = word.sections[0]
        text = page.page_width.twips - page.left_margin.twips - page.right_margin.twips
        return text - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right")))

    one, both = box_width("en"), box_width("nl+en")
    assert abs(one - twips(44)) <= 1  # 44 mm round "DRAFT"
    assert both >= twips(4 * len("CONCEPT / DRAFT"))


def test_signature_blocks_do_not_split(built, trees) -> None:
    word = docx.Document(str(built[("association-agreement", "en")]))
    tree = trees[("association-agreement", "en")]
    signer_cells = [t for t in word.tables if any("Signature" == p.text for c in t._cells for p in c.paragraphs)]
    assert signer_cells
    for row in signer_cells[0].rows:
        assert row._tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
    names = {p.text for t in signer_cells for c in t._cells for p in c.paragraphs}
    for agent in tree.parties[1:]:
        assert agent in names


def test_final_build_drops_the_draft_mark(tmp_path: Path, project: Path, cli) -> None:
    """A final build (of approved clauses) has no DRAFT mark and keeps the review notice."""
    shutil.copytree(DATA / "signoff", project, dirs_exist_ok=True)
    approved = cli("approve", "--all-changed", "--by", "mr. A. de Vries", "--project", str(project))
    assert approved.exit_code == 0, approved.output
    build(project, out=tmp_path, formats=["docx"], final=True, jobs=1)
    word = docx.Document(str(tmp_path / "testkracht" / "association-agreement.en.docx"))
    assert not paragraphs_in(word, "Draft Mark")
    assert "DRAFT" not in word.sections[0].header.paragraphs[0].text
    assert [p.text for p in paragraphs_in(word, "Review Notice")][0] == LABELS["en"]["notice_final"]


def test_two_builds_are_byte_identical(tmp_path: Path, project: Path, run) -> None:
    first = run("build", str(project), "-o", str(tmp_path / "a"), "--format", "docx")
    second = run("build", str(project), "-o", str(tmp_path / "b"), "--format", "docx", "--jobs", "1",
                 env={"TZ": "Pacific/Auckland", "LC_ALL": "C"})  # fmt: skip
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    a = (tmp_path / "a" / "testkracht" / "association-agreement.en.docx").read_bytes()
    b = (tmp_path / "b" / "testkracht" / "association-agreement.en.docx").read_bytes()
    assert a == b
    word = docx.Document(str(tmp_path / "a" / "testkracht" / "association-agreement.en.docx"))
    assert word.core_properties.created.date().isoformat() == "2027-03-01"


def test_libreoffice_opens_every_docx(built, trees, libreoffice) -> None:
    """LibreOffice's PDF of each .docx has every article heading with its number, every party."""
    pdfs = libreoffice.convert_all([(path, "pdf", "show") for path in built.values()])
    for ((document, lang), path), pdf in zip(built.items(), pdfs, strict=True):
        text = pdf_text(pdf)
        for part in lang.split("+"):
            tree = trees[(document, part)]
            for art in tree.part("article"):
                assert f"{art.heading} {art.title}" in text, (path.name, art.heading, art.title)
            for art in tree.part("schedule"):
                assert art.title in text
            for party in tree.parties if document == "association-agreement" else [tree.company]:
                assert party in text, (path.name, party)
            # every reference reads as its live number: LibreOffice computes the REF fields itself
            # (its article numbers keep the heading's capital: "Artikel 4 lid 1")
            for art in tree.articles:
                for node in walk_inlines(art.blocks):
                    if isinstance(node, Reference):
                        assert node.label.lower() in text.lower(), (path.name, node.label)
