"""Data is text, never code: injection strings print literally; resources stay in the project."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .helpers import render_jobs

INJECTIONS = [
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    '<img src="file:///etc/passwd">',
    "**not bold** _nor italic_ [a link](http://example.org)",
    "{% raw %}x{% endraw %}",
]


@pytest.fixture
def injected(project: Path) -> Path:
    agents = project / "data" / "agents.yaml"
    text = agents.read_text(encoding="utf-8")
    # each injection becomes a name, an address or a role, all printed by the clauses
    text = text.replace("name: Daan Verhoeven", f"name: '{INJECTIONS[0]} {INJECTIONS[1]}'")
    text = text.replace("address: Oudegracht 2, 3511 AA Utrecht", f"address: '{INJECTIONS[2]}'")
    text = text.replace("roles: [Lead Link]", f"roles: ['{INJECTIONS[3]}', '{INJECTIONS[4]}']")
    agents.write_text(text, encoding="utf-8")
    return project


def test_injection_strings_print_literally_in_html(injected: Path) -> None:
    jobs = render_jobs(injected, ["association-agreement"], ["en"])
    html = jobs[0].html()
    assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "49" not in re.sub(r"\d{3,}", "", html)  # no evaluated template
    assert "<script" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    text = re.sub(r"</?span[^>]*>", "", html)  # email and URL spans only keep them unhyphenated
    assert "**not bold** _nor italic_ [a link](http://example.org)" in text
    assert "<strong>not bold" not in html and '<a href="http' not in html
    assert "{% raw %}x{% endraw %}" in html
    assert "<img" not in html


def test_injection_strings_print_literally_in_pdf(injected: Path, cli, monkeypatch) -> None:
    from pypdf import PdfReader

    monkeypatch.chdir(injected)
    result = cli("build", ".", "-o", "out")
    assert result.exit_code == 0, result.output
    reader = PdfReader(injected / "out" / "testkracht" / "association-agreement.en.pdf")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert "{{ 7*7 }}" in text
    assert "<script>alert(1)</script>" in text
    assert "file:///etc/passwd" in text
    for page in reader.pages:  # no image was loaded
        for xobject in page["/Resources"].get("/XObject", {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image"


def test_fetcher_serves_only_allowed_folders(tmp_path: Path) -> None:
    from agreements.render.pdf import FolderFetcher

    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p {}")
    fetcher = FolderFetcher([allowed])
    assert fetcher.fetch((allowed / "ok.css").as_uri()).read() == b"p {}"
    for url in (
        "file:///etc/passwd",
        (allowed / ".." / ".." / "etc" / "passwd").as_uri(),
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError, match="blocked"):
            fetcher.fetch(url)
