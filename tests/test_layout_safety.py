"""Printed text is safe in layout: long words break, long fields render in linear time,
and nothing in a clause reorders the text on the page."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from .helpers import finishes_within, render_jobs

WORD = "Abcdefghij" * 30  # one 300-letter word


def _rename(project: Path, name: str) -> None:
    agents = project / "data" / "agents.yaml"
    agents.write_text(agents.read_text(encoding="utf-8").replace("name: Daan Verhoeven", f"name: {name}"))


def test_a_300_character_word_breaks_instead_of_running_off_the_page(project: Path, cli, monkeypatch) -> None:
    _rename(project, WORD)
    monkeypatch.chdir(project)
    assert cli("build", ".", "-o", "out").exit_code == 0
    pages = [p.extract_text() for p in PdfReader(project / "out" / "testkracht" / "association-agreement.en.pdf").pages]
    lines = [line for page in pages for line in page.splitlines()]
    assert not [line for line in lines if WORD in line], "the word runs on in one line, past the page's edge"
    assert WORD in "".join(line.strip() for line in lines if "Abcdefghij" in line)  # all of it is printed


def test_a_100000_character_field_renders_in_linear_time(project: Path) -> None:
    address = "x" * 50_000 + "@" + "y" * 49_999  # one word: the e-mail pattern must not backtrack over it
    agents = project / "data" / "agents.yaml"
    agents.write_text(agents.read_text(encoding="utf-8").replace("Oudegracht 2, 3511 AA Utrecht", address))
    with finishes_within(30):  # a few tenths of a second; quadratic matching took minutes
        jobs = render_jobs(project, ["association-agreement"], ["en"])
        html = jobs[0].html()
    assert address in html


def test_bidirectional_controls_in_a_clause_are_a_located_message(project: Path, cli, monkeypatch) -> None:
    (project / "clauses").mkdir()
    (project / "clauses" / "purpose.en.md").write_text(
        "---\nid: association.purpose\ntitle: Purpose\nversion: 1.0.0\n---\n"
        "1. Pay \u202e0001 RUE\u202c to {{ company.legal_name }}.\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(project)
    result = cli("build", ".", "-o", "out", "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "clauses/purpose.en.md:6:8: the clause holds U+202E (RIGHT-TO-LEFT OVERRIDE), which reorders how text "
        "prints; remove it"
    ]
