"""Data is text, never code: injection strings print literally; resources stay in the project."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from .helpers import render_jobs, unmarked

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
    html = unmarked(jobs[0].html())
    assert "{{ 7*7 }} &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "49" not in re.sub(r"\d{3,}", "", html)  # no evaluated template
    assert "<script" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    text = re.sub(r"</?span[^>]*>", "", html)  # spans keep e-mail addresses and URLs unhyphenated, long words breakable
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


def _purpose_clause(project: Path, body: str) -> str:
    """The HTML of the agreement with ``body`` as its purpose clause, Daan named in Markdown."""
    agents = project / "data" / "agents.yaml"
    agents.write_text(agents.read_text(encoding="utf-8").replace("name: Daan Verhoeven", "name: '**Daan** _V_'"))
    (project / "clauses").mkdir(exist_ok=True)
    (project / "clauses" / "purpose.en.md").write_text(
        "---\nid: association.purpose\ntitle: Purpose\nversion: 1.0.0\n---\n" + body, encoding="utf-8"
    )
    jobs = render_jobs(project, ["association-agreement"], ["en"])
    html = jobs[0].html()
    return html[html.index('id="association.purpose"') :].split("</section>")[0]


def test_data_printed_inside_a_macro_is_still_data(project: Path) -> None:
    html = _purpose_clause(
        project, "{% macro signed(who) %}**Signed** by {{ who }}{% endmacro %}\n1. {{ signed(agents[1].name) }}.\n"
    )
    assert "<strong>Signed</strong> by **Daan** _V_." in html  # the lawyer's Markdown works, the name is text
    assert "\ue000" not in html and "\ue001" not in html


@pytest.mark.parametrize(
    ("body", "printed"),
    [
        ("{% filter upper %}Dear {{ agents[1].name }}{% endfilter %}", "DEAR **DAAN** _V_"),
        ('{% filter replace("NAME", agents[1].name) %}Signed by NAME{% endfilter %}', "Signed by **Daan** _V_"),
        ("{% filter truncate(14) %}Signed by {{ agents[1].name }}{% endfilter %}", "Signed by..."),
        (
            '{% filter replace("1", "2") %}{{ agents[1].name }} and {{ agents[0].name }}{% endfilter %}',
            "**Daan** _V_ and Zoë van den Berg",
        ),
    ],
    ids=["upper", "replace-with-data", "truncate", "digits"],
)
def test_data_printed_inside_a_filter_block_is_still_data(body: str, printed: str, project: Path) -> None:
    html = _purpose_clause(project, f"1. {body}.\n")
    assert f"<p>{printed}.</p>" in html
    assert "<strong>" not in html and "<em>" not in html
    assert "\ue000" not in html and "\ue001" not in html


def test_fetcher_serves_only_allowed_folders(tmp_path: Path) -> None:
    from agreements.render.pdf import FolderFetcher

    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p {}")
    (allowed / "passwd").symlink_to("/etc/passwd")
    fetcher = FolderFetcher({"project": allowed})
    assert fetcher.fetch("file:///.agreements/project/ok.css").read() == b"p {}"
    assert fetcher.fetch((allowed / "ok.css").as_uri()).read() == b"p {}"  # a real path inside works too
    assert fetcher.loaded == {"project/ok.css": hashlib.sha256(b"p {}").hexdigest()}
    for url in (
        "file:///etc/passwd",
        (allowed / ".." / ".." / "etc" / "passwd").as_uri(),
        "file:///.agreements/project/../../etc/passwd",
        "file:///.agreements/project/passwd",  # a symlink out of the folder
        "file:///.agreements/elsewhere/x.css",
        "http://127.0.0.1:9/x.css",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
    ):
        with pytest.raises(ValueError, match="blocked"):
            fetcher.fetch(url)


def test_the_quick_look_for_unprintable_text_finds_every_character_it_refuses() -> None:
    from agreements.model import text

    for code in range(0x110000):
        ch = chr(code)
        refused = (
            ch in text.BIDI_CONTROLS
            or 0xD800 <= code <= 0xDFFF
            or ch in text.RESERVED
            or ((code < 0x20 or 0x7F <= code < 0xA0) and ch not in text._ALLOWED_CONTROLS)
        )
        assert refused == (text.unprintable(f"a{ch}b") is not None), f"U+{code:04X}"
