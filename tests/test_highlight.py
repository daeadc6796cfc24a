"""Highlighted data: what came from the data is marked with its data path; nothing else changes."""

from __future__ import annotations

import dataclasses
import html as htmllib
import io
import re
import shutil
import zipfile
from pathlib import Path

from agreements.jobs import RenderJob
from agreements.plan import make_plan
from agreements.project import load
from agreements.render.docx import render_docx
from agreements.tree import Document, SignatureBlock, Text, walk_inlines

SPAN = re.compile(r'<span class="data" title="([^"]*)">(.*?)</span>', re.S)


def jobs(project: Path, documents: list[str], languages: list[str], highlight: bool) -> list[RenderJob]:
    loaded = load(project)
    plan = make_plan(loaded, documents, languages, highlight=highlight)
    return [RenderJob.of(o, loaded.template_dirs, loaded.root, final=False, highlight=highlight) for o in plan.outputs]


def body(html: str) -> str:
    return html[html.index("<body") :]


def marked(html: str) -> dict[str, set[str]]:
    """data path -> the texts marked with it."""
    found: dict[str, set[str]] = {}
    for path, text in SPAN.findall(body(html)):
        found.setdefault(path, set()).add(htmllib.unescape(re.sub(r"<[^>]+>", "", text)))
    return found


def test_each_value_from_the_data_carries_its_data_path(project: Path) -> None:
    html = jobs(project, ["association-agreement"], ["en"], highlight=True)[0].html()
    paths = marked(html)
    expected = {
        "company.legal_name": "Testkracht B.V.",
        "enterprise.name": "Testkracht",
        "agents[0].name": "Zoë van den Berg",
        "agents[0].address": "Kanaalstraat 1, 3531 CK Utrecht",
        "agents[0].email": "zoe@example.org",
        "agents[1].name": "Daan Verhoeven",
        "company.registration_number": "12345678",
        "enterprise.effective_date": "1 March 2027",
        "association.exit.notice_days": "sixty days",
        "association.compensation.profit_share_percent": "25%",
        "agents[0].focus": "60%",
    }
    for path, text in expected.items():
        assert text in paths.get(path, set()), (path, paths.get(path))
    # a value from the data never appears in the text unmarked
    for text in ("Zoë van den Berg", "Daan Verhoeven", "Testkracht B.V.", "Kanaalstraat 1, 3531 CK Utrecht"):
        unmarked = SPAN.sub("", body(html))
        assert text not in unmarked, text
    assert "text-decoration: underline" in html  # the faint underline the PDF prints
    assert 'title="document.' not in html  # the document's title and language are the engine's


def test_signature_blocks_and_the_title_page_mark_their_data(project: Path) -> None:
    html = jobs(project, ["association-agreement"], ["en"], highlight=True)[0].html()
    assert '<p class="signer"><span class="data" title="agents[0].name">Zoë van den Berg</span></p>' in html
    assert 'for and on behalf of <span class="data" title="company.legal_name">Testkracht B.V.</span>' in html
    assert '<li><span class="data" title="agents[1].name">Daan Verhoeven</span></li>' in html
    assert 'Dated: <span class="data" title="enterprise.effective_date">1 March 2027</span>' in html


def test_a_build_without_highlighting_marks_nothing(project: Path) -> None:
    for job in jobs(project, ["association-agreement", "statutes"], ["en", "nl+en"], highlight=False):
        html = job.html()
        assert 'class="data"' not in html and ".data {" not in html
        assert not any(isinstance(n, Text) and n.data_path for d in job.docs for n in _inlines(d))


def test_highlighting_changes_no_word(sample_dir: Path, tmp_path: Path) -> None:
    """The highlighted trees, with their marks taken off, give the same HTML and Word files."""
    project = tmp_path / "sample"
    shutil.copytree(sample_dir, project, ignore=shutil.ignore_patterns("out"))
    documents = ["association-agreement", "statutes", "purpose-agent-agreement", "adoption-declaration"]
    plain = jobs(project, documents, ["nl", "en+nl"], highlight=False)
    marked_jobs = jobs(project, documents, ["nl", "en+nl"], highlight=True)
    assert [j.stem for j in plain] == [j.stem for j in marked_jobs]
    for before, after in zip(plain, marked_jobs, strict=True):
        assert any(isinstance(n, Text) and n.data_path for d in after.docs for n in _inlines(d))
        unmarked = dataclasses.replace(after, docs=tuple(_without_marks(d) for d in after.docs), highlight=False)
        assert unmarked.html() == before.html(), before.stem
    # Word output ignores the mark: the same words (a marked value is a run of its own)
    words = [
        _docx_text(render_docx(list(j.docs), date=j.effective_date, final=False)) for j in (plain[0], marked_jobs[0])
    ]
    assert words[0] == words[1] and "Stroomkracht B.V." in words[0]


def test_a_final_build_never_highlights(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "html", "--final", "--highlight-data")
    assert result.exit_code == 2
    assert "a final build never highlights data" in result.stderr
    assert cli("build", ".", "--format", "html", "--highlight-data", "-o", "draft").exit_code == 0
    assert 'title="company.legal_name"' in (project / "draft/testkracht/association-agreement.en.html").read_text()


def _docx_text(docx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return htmllib.unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))


def _inlines(doc: Document):
    for art in doc.articles:
        yield from walk_inlines(art.blocks)
        for _, inlines, _ in art.defines:
            yield from inlines


def _without_marks(doc: Document) -> Document:
    """A copy of ``doc`` with every data path taken off (adjacent texts joined, as the parser joins them)."""
    import copy

    from agreements.parse import _merge_text
    from agreements.tree import Emph, Heading, ListBlock, Paragraph, Strong, Table

    doc = copy.deepcopy(doc)
    doc.data_paths = {}

    def inlines(nodes: list) -> list:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                node = Text(node.text)
            elif isinstance(node, (Emph, Strong)):
                node.children = inlines(node.children)
            out.append(node)
        return _merge_text(out)

    def blocks(items: list) -> None:
        for block in items:
            if isinstance(block, (Paragraph, Heading)):
                block.children = inlines(block.children)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    blocks(item.blocks)
            elif isinstance(block, Table):
                block.header = [inlines(c) for c in block.header]
                block.rows = [[inlines(c) for c in row] for row in block.rows]
            elif isinstance(block, SignatureBlock):
                block.data_paths = {}

    for art in doc.articles:
        blocks(art.blocks)
        art.defines = [(term, inlines(nodes), source) for term, nodes, source in art.defines]
    return doc
