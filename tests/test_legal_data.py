"""The data behind sound documents: periods in words, facts printed from one field, and
the literal-term rule that keeps them there."""

from __future__ import annotations

from pathlib import Path

import pytest

from agreements import formatting
from agreements.clauses import read_clause
from agreements.literals import literal_terms

from .helpers import render_jobs


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [
        (30, "day", "nl", "dertig dagen"),
        (30, "day", "en", "thirty days"),
        (1, "month", "en", "one month"),
        (1, "month", "nl", "één maand"),
        (3, "month", "nl", "drie maanden"),
        (2, "year", "nl", "twee jaar"),
        (28, "day", "en", "twenty-eight days"),
    ],
)
def test_periods_are_written_in_words(value: int, unit: str, lang: str, text: str) -> None:
    assert formatting.period(value, unit, lang) == text


def _clause(tmp_path: Path, body: str, literals: str = "") -> list[str]:
    path = tmp_path / "x.en.md"
    path.write_text(f"---\nid: test.x\ntitle: X\nversion: 1.0.0\n{literals}---\n{body}\n", encoding="utf-8")
    return [phrase for _, phrase in literal_terms(read_clause(path, "project"))]


def test_literal_periods_percentages_amounts_and_majorities_are_found(tmp_path: Path) -> None:
    body = (
        "Notice of thirty days; binnen drie maanden; 35% of the profit; € 5,00 a share;"
        " a majority of two-thirds; met twee derde van de stemmen; within 14 days."
    )
    found = _clause(tmp_path, body)
    assert found == ["thirty days", "drie maanden", "14 days", "35%", "€ 5,00", "two-thirds", "twee derde"]


def test_values_from_the_data_citations_and_allowed_literals_are_not_flagged(tmp_path: Path) -> None:
    body = (
        "Within {{ days(association.exit.notice_days) }} after the notice, as artikel 2:192 BW and"
        " section 172 require; the preemption period is vier weken.\n{# a comment of 30 days #}"
    )
    literals = 'literals:\n  vier weken: "minimumtermijn, art. 2:206a lid 3 BW"\n'
    assert _clause(tmp_path, body, literals) == []


def test_statutes_print_the_official_spelling_of_the_seat(project: Path, cli) -> None:
    data = project / "data" / "enterprise.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("seat: Utrecht", "seat: den bosch"), encoding="utf-8")
    out = project / "out"
    result = cli("build", str(project), "--document", "statutes", "--lang", "nl", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = (out / "testkracht" / "statutes.nl.html").read_text(encoding="utf-8")
    assert "’s-Hertogenbosch" in html
    assert "den bosch" not in html


def test_a_group_of_fields_printed_as_one_value_is_a_located_error(project: Path, cli) -> None:
    clauses = project / "clauses"
    clauses.mkdir()
    (clauses / "purpose.en.md").write_text(
        "---\nid: association.purpose\ntitle: Purpose\nversion: 1.0.0\n---\nServes {{ company.golden_share }}.\n",
        encoding="utf-8",
    )
    result = cli("build", str(project), "--format", "html", "-o", str(project / "out"))
    assert result.exit_code == 1
    assert "clauses/purpose.en.md:6: 'company.golden_share' holds several fields" in result.stderr


def test_a_body_prints_as_its_name(project: Path, cli) -> None:
    clauses = project / "clauses"
    clauses.mkdir()
    (clauses / "purpose.en.md").write_text(
        "---\nid: association.purpose\ntitle: Purpose\nversion: 1.0.0\n---\n"
        "Guarded by {{ company.golden_share.holder }}.\n",
        encoding="utf-8",
    )
    result = cli("build", str(project), "--format", "html", "-o", str(project / "out"))
    assert result.exit_code == 0, result.output
    html = (project / "out" / "testkracht" / "association-agreement.en.html").read_text(encoding="utf-8")
    assert "Guarded by Stichting Testdoel." in html


SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _html(project: Path, document: str, lang: str) -> str:
    return render_jobs(project, [document], [lang])[0].html()


@pytest.mark.parametrize(
    ("sample", "document", "lang", "label"),
    [
        ("stroomkracht", "association-agreement", "en", "Unofficial English translation – the Dutch text prevails"),
        ("stroomkracht", "statutes", "en", "Unofficial English translation – the Dutch text prevails"),
        ("hedgerow", "statutes", "nl", "Niet-officiële Nederlandse vertaling – de Engelse tekst is beslissend"),
        (
            "hedgerow",
            "association-agreement",
            "nl",
            "Niet-officiële Nederlandse vertaling – de Engelse tekst is beslissend",
        ),
    ],
)
def test_a_translation_says_so_on_its_cover_and_in_its_running_header(
    sample: str, document: str, lang: str, label: str
) -> None:
    html = _html(SAMPLES / sample, document, lang)
    assert f'<p class="translation-label">{label}</p>' in html
    running = next(line for line in html.splitlines() if 'class="running-title"' in line)
    assert label in running


def test_an_original_carries_no_translation_label() -> None:
    assert "translation-label" not in _html(SAMPLES / "stroomkracht", "statutes", "nl")
    assert "translation-label" not in _html(SAMPLES / "hedgerow", "association-agreement", "en")


def test_references_give_pages_only_where_the_outline_asks(project: Path) -> None:
    html = _html(project, "association-agreement", "en")
    assert "target-counter(attr(href), page)" not in html.split("<body")[0].replace(".toc a::after", "")
    outline = (SAMPLES.parent / "templates" / "association-agreement" / "outline.yaml").read_text(encoding="utf-8")
    target = project / "templates" / "association-agreement" / "outline.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(outline + "page_references: true\n", encoding="utf-8")
    assert 'a.ref::after { content: " on page " target-counter(attr(href), page); }' in _html(
        project, "association-agreement", "en"
    )


def test_a_list_of_references_names_the_noun_once() -> None:
    html = _html(SAMPLES / "stroomkracht", "statutes", "nl")
    assert "wijziging van de artikelen" in html
    text = __import__("re").sub(r"<[^>]+>", "", html)
    assert "de artikelen 3, 4, 5, 13, 14, 15 en 16," in text
    english = __import__("re").sub(r"<[^>]+>", "", _html(SAMPLES / "stroomkracht", "statutes", "en"))
    assert "amendment of articles 3, 4, 5, 13, 14, 15 and 16," in english


def test_dutch_statutes_refer_to_a_sub_item_with_onder() -> None:
    from agreements.numbering import scheme

    assert scheme("statutes", "nl").item_refs[1] == "artikel {n} lid {m} onder {a}"


def test_a_dutch_definitions_list_refers_with_als_bedoeld_in() -> None:
    text = __import__("re").sub(r"<[^>]+>", "", _html(SAMPLES / "stroomkracht", "association-agreement", "nl"))
    assert "“Open Licentie”: als bedoeld in artikel 11.1." in text
    assert "heeft de betekenis die daaraan is gegeven" not in text
