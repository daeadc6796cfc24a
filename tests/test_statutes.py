"""Purpose-anchored statutes and every document in Dutch, English and side by side."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from pypdf import PdfReader

from agreements import formatting
from agreements.build import build
from agreements.model.text import pick
from agreements.outline import read_outline
from agreements.project import load
from agreements.render.html import LABELS
from agreements.resources import clauses_dir, templates_dir

from .helpers import page_texts, pdf_text, render_jobs

HEDGEROW = Path(__file__).resolve().parents[1] / "samples" / "hedgerow"


@pytest.fixture(scope="module")
def statuten(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("statuten")
    build(sample_dir, out=out, documents=["statutes"], languages=["nl", "nl+en"], jobs=2)
    return out / "stroomkracht"


def test_statuten_pdf_has_every_article_name_seat_purpose_and_share_class(statuten: Path, sample_dir: Path) -> None:
    text = pdf_text(statuten / "statutes.nl.pdf")
    outline = read_outline("statutes", templates_dir() / "statutes" / "outline.yaml")
    articles = [e.clause_id for e in outline.entries if e.part == "article"]
    assert len(articles) >= 17
    for n, clause_id in enumerate(articles, start=1):
        title = re.search(
            r"^title: (.+)$", (clauses_dir() / "statutes" / f"{clause_id.split('.')[1]}.nl.md").read_text(), re.M
        )[1]
        assert f"Artikel {n} {title}" in text, title
    company = load(sample_dir).data.enterprise.company
    assert f"De vennootschap draagt de naam: {company.legal_name}" in text
    assert f"Zij is gevestigd te {company.seat}" in text
    purpose = re.sub(r"\s+", " ", pick(load(sample_dir).data.enterprise.purpose, "nl")).rstrip(".")
    assert purpose in text
    for cls in company.share_classes:
        assert f"aandeel {cls.code}" in text or f"aandelen {cls.code}" in text
        money = formatting.money(cls.nominal_value.amount, "EUR", "nl").replace("\xa0", " ")
        assert f"nominaal bedrag van {money}" in text
    assert "€ 1,00" in text
    assert "notariële akte" in text  # the cover note: statuten take effect by notarial deed


def test_statuten_references_read_as_dutch_statutes(statuten: Path) -> None:
    text = pdf_text(statuten / "statutes.nl.pdf")
    assert re.search(r"artikel \d+ lid \d+", text)
    assert "(pagina" not in text  # statutes cite articles, not pages


def test_side_by_side_puts_both_texts_of_an_article_on_one_page(statuten: Path) -> None:
    pages = page_texts(statuten / "statutes.nl+en.pdf")
    doel = next(i for i, p in enumerate(pages) if "Artikel 3 Doel" in p)
    assert "Article 3 Purpose" in pages[doel]
    first = pages[0]
    assert "Statuten" in first and "Articles of Association" in first
    assert "is de Nederlandse tekst beslissend" in first
    assert "the Dutch text prevails" in first


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_statuten_html_snapshot(lang: str, sample_dir: Path, snapshot_html) -> None:
    jobs = render_jobs(sample_dir, ["statutes"], [lang])
    assert jobs[0].html() == snapshot_html


def test_english_translation_says_the_dutch_text_prevails(sample_dir: Path) -> None:
    jobs = render_jobs(sample_dir, ["statutes"], ["en"])
    html = jobs[0].html()
    assert "Article 2" in html and "Dutch text prevails" in html


def test_english_company_gets_articles_with_its_options(tmp_path: Path) -> None:
    jobs = render_jobs(HEDGEROW, ["statutes"], ["en"])
    doc = jobs[0].doc
    assert doc.title == "Articles of Association"
    assert doc.numbering == "articles"
    html = jobs[0].html()
    data = load(HEDGEROW).data
    assert pick(data.enterprise.company.public_benefit, "en")[:40] in html  # PBC-style benefit statement
    assert "35%" in html  # CIC-style aggregate dividend cap


@pytest.mark.parametrize("sample", ["stroomkracht", "hedgerow"])
def test_every_sample_builds_every_document_in_every_language(sample: str, tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1] / "samples" / sample
    result = build(root, out=tmp_path, formats=("html",))
    names = sorted(p.name for p in result.written)
    pair = "nl+en" if sample == "stroomkracht" else "en+nl"
    langs = ("en", "nl", pair)
    documents = ("association-agreement", "statutes", "adoption-declaration")
    agents = [a.id for a in load(root).views[0].members()]
    expected = sorted(
        [f"{d}.{lang}.html" for d in documents for lang in langs]
        + [f"{a}.{lang}.html" for a in agents for lang in langs]
    )
    assert names == expected


def test_the_outline_decides_which_text_prevails_side_by_side() -> None:
    jobs = render_jobs(HEDGEROW, ["statutes"], ["nl+en"])
    html = jobs[0].html()
    assert "the English text prevails" in html and "is de Engelse tekst beslissend" in html


@pytest.mark.parametrize("sample", ["stroomkracht", "hedgerow"])
def test_samples_lint_clean(sample: str, cli) -> None:
    root = Path(__file__).resolve().parents[1] / "samples" / sample
    result = cli("lint", str(root), "--strict")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_babel_formats_dates_money_numbers_and_percentages_per_language() -> None:
    import datetime as dt
    from decimal import Decimal

    day = dt.date(2027, 3, 1)
    assert formatting.date(day, "nl") == "1 maart 2027"
    assert formatting.date(day, "en") == "1 March 2027"
    assert formatting.money(Decimal("1000"), "EUR", "nl") == "€\xa01.000,00"
    assert formatting.money(Decimal("1000"), "EUR", "en") == "€1,000.00"
    assert formatting.number(Decimal("12500.5"), "nl") == "12.500,5"
    assert formatting.number(Decimal("12500.5"), "en") == "12,500.5"
    assert formatting.percent(Decimal("37.5"), "nl") == "37,5%"
    assert formatting.percent(60, "en") == "60%"


def test_documents_print_dates_and_money_in_their_language(sample_dir: Path) -> None:
    jobs = render_jobs(sample_dir, ["association-agreement"], ["nl", "en"])
    nl, en = (j.html() for j in jobs)
    assert "1 maart 2027" in nl and "1 March 2027" in en
    assert "€\xa03.200,00" in nl and "€3,200.00" in en


def _title_lines(pdf: Path) -> dict[str, float]:
    """Each line of text on the title page, by where it starts (points from the left edge)."""
    starts: dict[str, float] = {}

    def seen(text, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        if text.strip():
            starts.setdefault(text.strip(), cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

    PdfReader(pdf).pages[0].extract_text(visitor_text=seen)
    return starts


def test_side_by_side_title_page_centres_the_enterprise_as_the_one_language_one_does(statuten: Path) -> None:
    one, both = _title_lines(statuten / "statutes.nl.pdf"), _title_lines(statuten / "statutes.nl+en.pdf")
    assert both["Stroomkracht"] == pytest.approx(one["Stroomkracht"], abs=0.5)
    assert both["Stroomkracht"] > 200  # centred on the page, not at the text's left edge (68 pt)
    assert both["Stroomkracht B.V."] > 200


def test_side_by_side_title_page_says_between_whom_or_declared_by_whom_in_both_languages(sample_dir: Path) -> None:
    agreement, declaration = (
        render_jobs(sample_dir, [kind], ["nl+en"])[0].html()
        for kind in ("association-agreement", "adoption-declaration")
    )
    assert '<p class="doc-between">tussen / between</p>' in agreement
    assert '<ul class="parties">' in agreement  # the Company first, set apart
    assert '<p class="doc-between">verklaard door / declared by</p>' in declaration
    assert '<ul class="parties ratifiers">' in declaration  # the ratifiers alike, none set apart


def test_side_by_side_agreements_say_in_both_languages_that_employment_and_tax_advice_is_needed(
    sample_dir: Path,
) -> None:
    for kind in ("association-agreement", "purpose-agent-agreement"):
        html = render_jobs(sample_dir, [kind], ["nl+en"])[0].html()
        for lang in ("nl", "en"):
            assert f'<p class="notice advice">{escape(LABELS[lang]["advice"])}</p>' in html, (kind, lang)
    declaration = render_jobs(sample_dir, ["adoption-declaration"], ["nl+en"])[0].html()
    assert "notice advice" not in declaration
