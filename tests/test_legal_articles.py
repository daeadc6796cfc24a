"""The English articles of association (Hedgerow) read as an English solicitor reads them:
one consent rule, a successor for the Purpose Shareholder, a board that can always decide,
profit-linked pay under the cap, the leaver terms of the data, and a cover note on the filings."""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path

import pytest

from agreements import formatting
from agreements.build import build
from agreements.project import load

from .helpers import pdf_text, render_jobs

HEDGEROW = Path(__file__).resolve().parents[1] / "samples" / "hedgerow"
DATA_FILE = Path("data") / "enterprise.yaml"


def _text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed; a defined term in its quotes, as printed."""
    text = re.sub(r"<dfn[^>]*>(.*?)</dfn>", "“\\1”", markup, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html_lib.unescape(text).replace("\xa0", " ")
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ([,.;:)])", r"\1", text).replace("( ", "(").replace("“ ", "“").replace(" ”", "”")


def _articles_html(project: Path, lang: str = "en") -> str:
    jobs = render_jobs(project, ["statutes"], [lang])
    return jobs[0].html()


def _section(markup: str, clause_id: str) -> str:
    """The text of one article (or front part) of the document."""
    match = re.search(rf'<section[^>]*id="{re.escape(clause_id)}">(.*?)</section>', markup, re.S)
    assert match, f"{clause_id} is not in the document"
    return _text(match.group(1))


@pytest.fixture(scope="module")
def en() -> str:
    return _articles_html(HEDGEROW, "en")


@pytest.fixture(scope="module")
def nl() -> str:
    return _articles_html(HEDGEROW, "nl")


@pytest.fixture(scope="module")
def data():
    return load(HEDGEROW).views[0].enterprise


def _variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """A copy of the Hedgerow sample with its data edited (old text -> new text)."""
    dest = tmp_path / "hedgerow"
    shutil.copytree(HEDGEROW, dest, ignore=shutil.ignore_patterns("out"))
    path = dest / DATA_FILE
    source = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in source, old
        source = source.replace(old, new)
    path.write_text(source, encoding="utf-8")
    return dest


# --- the golden share: one consent rule, a deemed position, a successor -------------------------


def test_consent_of_the_purpose_shareholder_is_prior_and_written_everywhere(en: str) -> None:
    text = _text(en)
    assert "before or after" not in text
    articles = text.split("1 Interpretation and Model Articles", 1)[1]
    uses = re.findall(r"(\S+ \S+) consent of the Purpose Shareholder", articles)
    assert len(uses) >= 8
    assert set(uses) == {"prior written"}, uses
    decisions = _section(en, "articles.shareholder_decisions")
    assert (
        "only after the prior written consent of the Purpose Shareholder has been given, or is treated as given"
        in decisions
    )


def test_silence_of_the_purpose_shareholder_cannot_deadlock_the_company(en: str, data) -> None:
    reserved = _section(en, "articles.reserved_matters")
    days = formatting.period(data.company.golden_share.decision_days, "day", "en")
    assert f"decides within {days} after it receives the request" in reserved
    assert "fourteen days after it receives the final request" in reserved
    assert "its consent is treated as given" in reserved
    assert "treated as having failed to act, so that article 11.6 applies" in reserved
    assert "if the Purpose Shareholder does not decide within that period, consent has not been given" not in reserved


def test_decision_period_comes_from_the_data(tmp_path: Path) -> None:
    project = _variant(tmp_path, ("decision_days: 30", "decision_days: 21"))
    reserved = _section(_articles_html(project), "articles.reserved_matters")
    assert "decides within twenty-one days after it receives the request" in reserved
    assert "thirty days" not in reserved


def test_purpose_shareholder_has_a_successor_and_the_share_never_lapses(en: str, data) -> None:
    transfer = _section(en, "articles.share_transfer")
    successor = data.company.golden_share.successor
    assert f"{successor.name}, registered charity number {successor.charity_number}" in transfer
    assert "Succession Event" in transfer and "Successor" in transfer
    # dissolution, bona vacantia and a holder that stops qualifying all trigger the succession
    assert "it is dissolved" in transfer
    assert "vests in a person that is not a Qualifying Body, by operation of law or otherwise" in transfer
    assert "ceases to be a Qualifying Body" in transfer
    # a designation procedure behind the named successor, and the rights pass meanwhile
    assert "designate by special resolution" in transfer
    assert "the Successor gives or refuses the consents under article 7 in the holder’s place" in transfer
    assert "is an Asset-Locked Body" in transfer
    classes = _section(en, "articles.share_classes")
    assert "it may be held only by a Qualifying Body" in classes


def test_without_a_successor_in_the_data_the_designation_procedure_still_applies(tmp_path: Path) -> None:
    project = _variant(
        tmp_path,
        (
            "      successor:\n        name: Severnside Land and Food Trust\n        kind: charity\n"
            '        seat: Bristol\n        charity_number: "1209876"\n',
            "",
        ),
    )
    transfer = _section(_articles_html(project), "articles.share_transfer")
    assert "Severnside" not in transfer.split("Succession Event")[1].split("Model Articles 27")[0]
    assert "a body that the Purpose Shareholder, if it is able to, designates in writing" in transfer
    assert "a body that the Shareholders designate by special resolution" in transfer


def test_asset_locked_body_follows_regulation_2_of_the_cic_regulations(en: str) -> None:
    definitions = _section(en, "articles.definitions")
    assert "regulation 2 of the Community Interest Company Regulations 2005 (SI 2005/1788)" in definitions
    assert "may not distribute its profits" not in definitions


def test_variation_of_class_rights_is_limited_to_shares_ranking_ahead(en: str) -> None:
    amendment = _section(en, "articles.amendment")
    assert "ranking ahead of an existing class as to dividends or capital is a variation" in amendment
    assert "or equally with" not in amendment
    assert (
        "an allotment or transfer of Steward Shares under article 10.3 or article 11.3 varies the rights of no class"
        in amendment
    )
    reserved = _section(en, "articles.reserved_matters")
    assert "other than an allotment of Steward Shares that article 10.3 requires" in reserved


# --- stewards: one cliff from the end of the trial period, numbers that agree -----------------------


def test_steward_shares_in_issue_agree_with_the_agents_and_the_stewardship_terms(en: str, data) -> None:
    steward = next(c for c in data.company.share_classes if c.kind == "steward")
    per = data.company.stewardship.shares_per_agent
    classes = _section(en, "articles.share_classes")
    assert (
        f"{steward.issued} shares of class {steward.code} were in issue, each with a nominal value of £1.00, "
        f"held by the Purpose Agents whose Trial Period had then ended, {formatting.words(per, 'en')} each"
    ) in classes
    months = formatting.period(data.association.admission.trial_period_months, "month", "en")
    # the period begins on the day of admission, as the register counts it (steward from since + six months)
    assert f"the period of {months} beginning on the day on which they are admitted" in classes
    assert "until that notice takes effect" in classes  # no steward share while a trial-period notice runs
    assert "at least two-thirds of all the other Purpose Agents" in classes  # the removal majority of the data
    assert "any decision of the directors alone, does not end their being a Purpose Agent" in classes
    issue = _section(en, "articles.share_issue")
    assert "The directors have no discretion over whether, when, to whom or in what number" in issue
    assert "vesting" not in issue and "the Association Agreement provides" not in issue


def test_the_removal_majority_and_the_shares_per_agent_come_from_the_data(tmp_path: Path) -> None:
    project = _variant(
        tmp_path,
        ("removal_majority: two-thirds", "removal_majority: unanimity-minus-one"),
        ("shares_per_agent: 1", "shares_per_agent: 2"),
        ("        issued: 4\n", "        issued: 8\n"),
    )
    classes = _section(_articles_html(project), "articles.share_classes")
    assert "all the other Purpose Agents but one" in classes
    assert "entitled to hold two Steward Shares, and no more" in classes
    assert "8 shares of class A were in issue" in classes and "two each" in classes


# --- the leaver: buyer, timetable, price, costs from the data; a buy-back by special resolution -----


def test_leaver_terms_are_the_data_and_a_buy_back_needs_a_special_resolution(en: str, data) -> None:
    leaver = data.company.stewardship.leaver
    exit_ = _section(en, "articles.share_transfer").split("Economic Shares may be transferred")[0]
    nominate = formatting.period(leaver.nominate_days, "day", "en")
    transfer = formatting.period(leaver.transfer_days, "day", "en")
    assert f"within {nominate} after the Exit Date, the directors may name as buyer" in exit_
    assert "if they name no buyer within that period, the Company buys the Steward Shares" in exit_
    assert f"the transfer is completed, and the price paid, within {transfer} after the Exit Date" in exit_
    assert "the price is their nominal value" in exit_
    assert "the Company bears the costs of the transfer" in exit_
    assert "authorised by special resolution before it is entered into, as section 694 of the Act requires" in exit_
    assert "as section 695 of the Act provides" in exit_
    assert "fourteen days" not in exit_  # the old, second timetable is gone
    assert "resolve that the Company buys them itself" not in exit_  # no directors' decision to buy back


def test_a_company_first_leaver_rule_and_leaver_costs_print_from_the_data(tmp_path: Path) -> None:
    project = _variant(
        tmp_path,
        ("buyer: nominee", "buyer: company"),
        ("costs: company", "costs: leaver"),
        ("transfer_days: 60", "transfer_days: 45"),
    )
    exit_ = _section(_articles_html(project), "articles.share_transfer").split("Economic Shares may be")[0]
    assert "the Company buys the Steward Shares under article 11.3(c); only if it cannot lawfully do so" in exit_
    assert "the Leaver bears the costs of the transfer" in exit_
    assert "within forty-five days after the Exit Date" in exit_


# --- the board: quorum with conflicts, continuing directors, chair, fallback; Model Articles --------


def test_the_board_can_always_decide(en: str) -> None:
    directors = _section(en, "articles.directors")
    assert "two directors who may count in it under article 12.5" in directors
    assert "continuing directors, or a sole continuing director, may act only to appoint further directors" in directors
    assert "appoint one of their number to chair their meetings" in directors
    assert (
        "any director may refer the matter to the Shareholders, who may decide it by ordinary resolution" in directors
    )
    assert "This paragraph replaces Model Article 14" in directors
    assert "terms of the Association Agreement that apply to all Purpose Agents alike" in directors
    assert "section 175(5)(a)" in directors
    assert "after any deduction or withholding that the law requires" in directors


def test_model_articles_are_adopted_with_modifications(en: str) -> None:
    definitions = _section(en, "articles.definitions")
    assert "The Model Articles apply to the Company, except where these Articles exclude or modify them" in definitions
    assert "Schedule 1 to the Companies (Model Articles) Regulations 2008 (SI 2008/3229)" in definitions
    assert "None of the model articles" not in _text(en)
    text = _text(en)
    assert "Model Articles 52 and 53 apply to the indemnity of, and insurance for, directors" in text
    assert "Model Articles 37 to 41 apply to the organisation of general meetings" in text
    for term in ("“connected” means", "“control” means", "“substantial part” means"):
        assert term in definitions


# --- distributions: one profit base, profit-linked pay under the cap --------------------------------


def test_profit_linked_pay_is_capped_reserved_and_counts_toward_the_cap(en: str, data) -> None:
    company = data.company
    dist = _section(en, "articles.distributions")
    assert "the “Profit Base” for a financial year is the profit of the Company for that year before taxation" in dist
    assert "with any Profit-Linked Pay charged in those accounts added back" in dist
    assert (
        f"may not exceed {formatting.percent(company.profit_linked_pay_cap_percent, 'en')} of the Profit Base" in dist
    )
    assert (
        f"the Profit-Linked Pay for that year and the amounts that article 8.8 treats as distributed in that year "
        f"may not exceed {formatting.percent(company.dividend_cap_percent, 'en')} of the Profit Base"
    ) in dist
    assert f"at least equal to {formatting.percent(company.reserve_percent, 'en')} of the Profit Base" in dist
    assert "An arrangement for Profit-Linked Pay may be introduced or changed only as a Reserved Matter" in dist
    reserved = _section(en, "articles.reserved_matters")
    assert (
        "receives Profit-Linked Pay, including the share of profits that the Association Agreement provides" in reserved
    )
    assert "profit_linked_pay" not in reserved and "own_shares" not in reserved


def test_one_profit_base_and_part_23_read_as_cumulative(en: str) -> None:
    text = _text(en)
    assert "Distributable Profits" not in text
    assert "after tax, as shown in its annual accounts" not in text
    dist = _section(en, "articles.distributions")
    assert "its accumulated, realised profits, so far as not previously distributed or capitalised" in dist
    assert "first to the dividends on class G and then to the dividends on class B" in dist
    assert "small fixed percentage" not in dist
    assert "depends on its substance, not on its form or on what it is called" in dist
    assert "is not a distribution for the purposes of this article" not in dist


def test_no_consultation_in_the_way_the_association_agreement_provides(en: str) -> None:
    text = _text(en)
    assert "in the way the Association Agreement provides" not in text
    assert "as the Association Agreement provides" not in text
    amendment = _section(en, "articles.amendment")
    assert (
        "they send the proposal with its reasons to every Purpose Agent and allow at least fourteen days" in amendment
    )


# --- the cover note and the translation ------------------------------------------------------------


def test_cover_note_names_the_filings_and_the_psc_rule(en: str) -> None:
    note = _section(en, "articles.cover_note")
    for phrase in (
        "special resolution (section 21)",
        "(section 23, form CC01)",
        "(section 24, form CC03)",
        "(form CC04)",
        "provision for entrenchment (section 22)",
        "more than 25% of the shares, measured by their nominal value, is a person with significant control "
        "even if those shares carry no votes",
        "A solicitor must review it",
        "Take employment and tax advice",
    ):
        assert phrase in note, phrase
    text = _text(en)
    assert "civil-law notary" not in text and "notary" not in text
    assert "Dated" not in text


def test_the_dutch_translation_says_england_and_wales_and_has_no_dutch_bv_notice(nl: str) -> None:
    note = _section(nl, "articles.translation_note")
    assert "in Engeland en Wales is opgericht en ingeschreven" in note
    assert "Verenigd Koninkrijk" not in note
    assert "de Engelse tekst beslissend" in note
    text = _text(nl)
    assert "notariële akte" not in text and "notaris" not in text
    assert "het recht van het Verenigd Koninkrijk" not in text


def test_the_built_articles_pdf_carries_the_heading_and_no_date(tmp_path: Path) -> None:
    build(HEDGEROW, out=tmp_path, documents=["statutes"], languages=["en"], formats=("pdf",), jobs=1)
    text = pdf_text(tmp_path / "hedgerow" / "statutes.en.pdf")
    assert "Companies Act 2006" in text and "Private company limited by shares" in text
    assert "Adopted by special resolution passed on" in text
    assert "Dated:" not in text
    assert "Company number 16048275" in text
    assert "prior written consent of the Purpose Shareholder" in text


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_articles_html_snapshot(lang: str, snapshot_html) -> None:
    assert _articles_html(HEDGEROW, lang) == snapshot_html


def test_the_cover_note_dates_each_former_statement_of_objects(tmp_path: Path) -> None:
    """Each earlier statement of objects runs from its date until the next one, the last until adoption."""
    project = _variant(
        tmp_path,
        (
            "    purpose_history:\n",
            "    purpose_history:\n"
            "      - date: 2025-01-06\n"
            "        purpose: {en: To sell vegetables., nl: het verkopen van groenten.}\n",
        ),
    )
    note = _section(_articles_html(project), "articles.cover_note")
    assert "From 6 January 2025 until 2 March 2026, the objects read: “To sell vegetables.”" in note
    assert "From 2 March 2026 until these Articles are adopted (the objects at incorporation;" in note
