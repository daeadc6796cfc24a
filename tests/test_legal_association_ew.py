"""The Association Agreement of an English company reads as English law: Hedgerow's agreement,
in English and in its Dutch translation, checked as a solicitor would check a client's draft."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from agreements import formatting
from agreements.assemble import assemble, document_context, select
from agreements.build import build
from agreements.model.text import pick
from agreements.project import load
from agreements.tree import Document

from .helpers import pdf_text, render_jobs

HEDGEROW = Path(__file__).resolve().parents[1] / "samples" / "hedgerow"


def _text(markup: str) -> str:
    """The words of an HTML page as a reader sees them: inline markup joins, blocks separate."""
    markup = re.sub(r"<style.*?</style>", " ", markup, flags=re.S)
    markup = re.sub(r"</?(?:a|dfn|strong|em|span)\b[^>]*>", "", markup)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", markup)))


@pytest.fixture(scope="module")
def project():
    return load(HEDGEROW)


@pytest.fixture(scope="module")
def data(project):
    return project.views[0]


@pytest.fixture(scope="module")
def html() -> dict[str, str]:
    return {lang: render_jobs(HEDGEROW, ["association-agreement"], [lang])[0].html() for lang in ("en", "nl")}


@pytest.fixture(scope="module")
def text(html) -> dict[str, str]:
    return {lang: _text(markup) for lang, markup in html.items()}


@pytest.fixture(scope="module")
def docs(project, data) -> dict[str, Document]:
    library = project.checked_library()
    outline = project.outline("association-agreement", data)
    out = {}
    for lang in ("en", "nl"):
        context = document_context(data, outline, lang)
        decisions = select(outline, library, lang, context, project.config.variants)
        out[lang], _ = assemble(data, outline, decisions, lang)
    return out


def _english_law_text(html: str, doc: Document) -> str:
    """The text of the articles drawn from the English-law clauses (not the clauses common to both laws)."""
    ids = {a.id for a in doc.articles if "/english-law/" in a.source.file}
    parts = [m for m in re.findall(r'<section[^>]*id="([^"]+)"[^>]*>(.*?)</section>', html, flags=re.S) if m[0] in ids]
    assert len(parts) == len(ids), "every English-law article is a section of the page"
    return " ".join(_text(body) for _, body in parts)


@pytest.fixture(scope="module")
def pdf_en(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("hedgerow-aa")
    build(HEDGEROW, out=out, documents=["association-agreement"], languages=["en"], formats=("pdf",), jobs=1)
    return pdf_text(out / "hedgerow" / "association-agreement.en.pdf")


def test_the_agreement_uses_english_law_terms(text, data) -> None:
    en = text["en"]
    company = data.enterprise.company
    assert (
        f"incorporated and registered in England and Wales with company number {company.registration_number}"
        f" whose registered office is at {company.address}" in en
    )
    for phrase in (
        "Articles means the articles of association of the Company",
        "a bank holiday in England and Wales",
        "UK GDPR and the Data Protection Act 2018",
        "The courts of England and Wales have exclusive jurisdiction",
        "reasonable endeavours",
        "incurs",
        "personal representatives",
        "a bankruptcy order is made against them",
        "A debt relief order or an individual voluntary arrangement does not by itself end",
        "a deputy appointed by the Court of Protection",
        "Equality Act 2010",
        "approved by the directors under section 414 of the Companies Act",
        "section 694 of the Companies Act",
    ):
        assert phrase in en, phrase


def test_the_civil_law_terms_are_gone(html, docs) -> None:
    en = _english_law_text(html["en"], docs["en"])
    for phrase in (
        "Statutes",
        "heirs",
        "public holiday",
        "best efforts",
        "Regulation (EU) 2016/679",
        "General Data Protection Regulation",
        "guardianship",
        "debt restructuring",
        "arbitral",
        "competent court",
        "adopted annual accounts",
        "general meeting",
        "seat",
        "costs an agent makes",
        "notarial",
    ):
        assert phrase not in en, phrase
    assert not re.search(r"\bpercent\b", en)


def test_the_agreement_is_executed_as_a_deed_with_witnesses(pdf_en, data) -> None:
    assert "This Agreement is made as a deed" in pdf_en
    assert "This Agreement has been executed as a deed by each Party" in pdf_en
    assert "Powers of Attorney Act 1971" in pdf_en
    members = [a.name for a in data.members()]
    start = pdf_en.index("Execution This Agreement has been executed")
    execution = pdf_en[start : pdf_en.index("Schedule 1", start)]
    assert execution.count("Witness signature") == len(members)
    assert execution.count("Witness name") == len(members)
    for name in members:
        assert name in execution


def test_the_company_signs_by_two_directors_named_from_the_board(html, data) -> None:
    execution = html["en"][html["en"].index('id="association.signatures"') : html["en"].index('class="schedule')]
    blocks = re.findall(r'<div class="signature">(.*?)</div>\n', execution, flags=re.S)
    company = data.enterprise.company
    company_blocks = [b for b in blocks if f"for and on behalf of {company.legal_name}" in b]
    directors = [d.name for _, d in data.directors()]
    assert company.board.joint_representation and len(directors) == 2
    assert len(company_blocks) == 2
    for block, name in zip(company_blocks, directors, strict=True):
        assert f'<p class="signer">{name}</p>' in block
        assert '<p class="capacity">Director</p>' in block
    assert "acting by two of its directors under section 44(2)" in _text(execution)


def test_a_third_party_rights_clause_and_a_deed_of_adherence_schedule(text) -> None:
    en, nl = text["en"], text["nl"]
    assert "Rights of Third Parties" in en
    assert "no right under the Contracts (Rights of Third Parties) Act 1999" in en
    assert "The Purpose Shareholder may enforce clause" in en
    assert re.search(r"Schedule \d+ ?Form of Deed of Adherence This Deed of Adherence is made on", en)
    # a deed by an individual: signed in the presence of a witness who attests the signature
    assert "Executed as a deed by the New Purpose Agent, signing in the presence of a witness who attests" in en
    assert "Contracts (Rights of Third Parties) Act 1999" in nl
    assert re.search(r"Bijlage \d+ ?Model van de Akte van Toetreding", nl)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_leaver_terms_are_the_datas(text, data, lang) -> None:
    leaver = data.enterprise.company.stewardship.leaver
    nominate = formatting.period(leaver.nominate_days, "day", lang)
    transfer = formatting.period(leaver.transfer_days, "day", lang)
    assert leaver.buyer == "nominee" and leaver.price == "nominal" and leaver.costs == "company"
    if lang == "en":
        expected = [
            # the same buyer rule as the Articles: the directors may name an eligible, willing agent
            f"within {nominate} after the Exit Date, the directors may name as buyer one or more Purpose Agents"
            " who have agreed to buy them and whom the Articles allow to hold them; if the directors have named"
            " no buyer by the end of that period, the Company buys them itself",
            "authorised by a special resolution of the Company under section 694 of the Companies Act",
            "the price is their nominal value",
            f"the transfer is completed, and the price paid, within {transfer} after the Exit Date",
            "the Company bears the costs of the transfer",
        ]
    else:
        expected = [
            f"binnen {nominate} na de Uittreedatum kan het bestuur als koper een of meer Purpose Agents aanwijzen"
            " die zich bereid hebben verklaard de aandelen te kopen en die ze volgens de Statuten mogen houden;"
            " heeft het bestuur aan het einde van die termijn geen koper aangewezen, dan koopt de Vennootschap ze"
            " zelf",
            "de prijs is de nominale waarde",
            f"de overdracht wordt voltooid, en de prijs betaald, binnen {transfer} na de Uittreedatum",
            "de Vennootschap draagt de kosten van de overdracht",
        ]
    for phrase in expected:
        assert phrase in text[lang], phrase
    per = data.enterprise.company.stewardship.shares_per_agent
    # the same words as the Articles: entitled to hold from the day after the Trial Period ends
    assert (
        f"From the day after their Trial Period ends, each Purpose Agent is entitled to hold"
        f" {formatting.words(per, 'en')} Steward Share"
    ) in text["en"]
    assert "There is no gradual vesting" in text["en"]


def test_ending_a_purpose_agent_agreement_does_not_remove_an_agent(text) -> None:
    en = text["en"]
    assert (
        "The end of a Purpose Agent’s Purpose Agent Agreement, for whatever reason and by whichever party,"
        " does not by itself end their participation" in en
    )
    assert "by a majority of at least two-thirds of all Purpose Agents other than the Purpose Agent concerned" in en


def test_the_off_payroll_clause_names_the_agents_service_company(text, data) -> None:
    en = text["en"]
    through = [a for a in data.members() if a.service_company]
    assert through, "the sample has an agent who works through their own company"
    for agent in through:
        company = agent.service_company
        assert f"{agent.name} does so through {company.name} (company number {company.registration_number})" in en
    for phrase in (
        "Chapter 10 of Part 2 of ITEPA",
        "status determination statement",
        "section 61NA of ITEPA",
        "Chapter 8 of Part 2 of ITEPA (the intermediaries legislation, known as IR35) applies instead",
        "It is then for the Service Company, not the Company, to decide",
    ):
        assert phrase in en, phrase


def test_each_agents_status_assessment_and_its_consequence_are_in_the_register(html, data) -> None:
    register = html["en"][html["en"].index('id="association.schedule.register"') :]
    register = register[: register.index("</section>")]
    # Part 2 is a list, one entry per agent: a five-column table broke names and headings mid-word
    rows = [_text(r) for r in re.findall(r"<li>(.*?)</li>", register.split("Part 2")[1], flags=re.S)]
    assert len(rows) == len(data.members())
    days = formatting.period(data.enterprise.association.admission.status_assessment_days, "day", "en")
    for agent in data.members():
        row = next(r for r in rows if agent.name in r)
        assessment = agent.commitment_to("hedgerow").status_assessment
        assert assessment.by in row
        if agent.service_company:
            assert "the off-payroll rules apply" in row
        elif assessment.outcome == "employee":
            assert "Employee of the Company, paid through PAYE" in row
        elif assessment.outcome == "undetermined":
            assert f"Paid through PAYE until the Status Assessment is completed, within {days}" in row
        else:
            assert "Invoices the Company and accounts for their own tax" in row
        if agent.id in data.enterprise.company.board.directors:
            assert "as a director, paid for that office through PAYE" in row


def test_no_partner_wording_and_no_promise_that_nothing_is_withheld(text) -> None:
    en, nl = text["en"], text["nl"]
    assert not re.search(r"\bpartners?\b", en, flags=re.I)
    assert not re.search(r"\bpartners?\b", nl, flags=re.I)
    for phrase in ("without withholding", "nothing is withheld", "without any deduction", "not a salary"):
        assert phrase not in en, phrase
    for phrase in ("zonder daarop iets in te houden", "zonder inhouding"):
        assert phrase not in nl, phrase
    assert "The Company deducts from every payment to or for a Purpose Agent" in en
    assert "need advice from a qualified employment and tax adviser" in en


def test_the_profit_share_is_a_reserved_matter_within_the_caps(text, data) -> None:
    company = data.enterprise.company
    comp = data.enterprise.association.compensation
    en = text["en"]
    assert f"the Purpose Agents together receive {formatting.percent(comp.profit_share_percent, 'en')}" in en
    # one Profit Base, the Articles': profit before tax with the profit-linked pay added back
    assert "is the profit base as the Articles define it: the profit of the Company for the financial year" in en
    assert "with any Profit-Linked Pay charged in those accounts, including the Profit Share, added back" in en
    assert "setting or changing it is a Reserved Matter that needs the prior written consent of the Purpose" in en
    assert f"may not exceed {formatting.percent(company.profit_linked_pay_cap_percent, 'en')} of it" in en
    assert f"may not exceed {formatting.percent(company.dividend_cap_percent, 'en')} of it" in en
    assert "no amendment of this Agreement or of the Earnings Plan can by itself set, raise" in en


def test_the_earnings_plan_is_generated_from_the_data(html, data) -> None:
    plan_html = html["en"][html["en"].index('id="association.schedule.earnings_plan"') :]
    plan_text = _text(plan_html[: plan_html.index("</section>")])
    comp = data.enterprise.association.compensation
    draw = formatting.money(comp.monthly_draw_full_focus.amount, comp.monthly_draw_full_focus.currency, "en")
    assert f"{draw} a month at a Focus Share of 100%" in plan_text
    assert "changes only by an amendment under clause" in plan_text
    reserve = formatting.percent(data.enterprise.company.reserve_percent, "en")
    # the reserve on the Articles' base (the Profit Base), not on the profit after tax
    assert f"retains out of its profit for that year at least {reserve} of the Profit Base" in plan_text
    assert "after tax" not in plan_text
    for line in comp.earnings_plan:
        assert re.sub(r"\s+", " ", pick(line, "en")) in plan_text
    assert "budget" not in plan_text.replace("within the budget of that Role", "")


def test_no_page_numbers_in_references(text) -> None:
    assert "on page" not in text["en"]
    assert "op pagina" not in text["nl"]


def test_the_dutch_translation_speaks_of_england_and_wales(text) -> None:
    nl = text["nl"]
    assert "opgericht en ingeschreven in Engeland en Wales onder nummer" in nl
    assert "De gerechten van Engeland en Wales zijn exclusief bevoegd" in nl
    for phrase in ("Verenigd Koninkrijk", "notariële akte", "notaris", "erfgenamen", "curatele"):
        assert phrase not in nl, phrase
    assert "Niet-officiële Nederlandse vertaling – de Engelse tekst is beslissend" in nl


def test_hedgerow_association_agreement_html(html, snapshot_html) -> None:
    assert html["en"] == snapshot_html
