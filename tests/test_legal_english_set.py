"""The documents of an English company read as one set: the Articles, the Association Agreement and
each Purpose Agent Agreement say the same thing, from the same data, in the same words. Checked on
Hedgerow and on Seedwise (the English company of the network sample), in English and in Dutch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agreements import formatting
from agreements.plan import make_plan
from agreements.project import load
from agreements.tree import Document, SignatureBlock

from .test_network_documents import text_of

ROOT = Path(__file__).resolve().parents[1]
ENTERPRISES = {"hedgerow": ROOT / "samples" / "hedgerow", "seedwise": ROOT / "samples" / "zaadnetwerk"}
DOCUMENTS = ["statutes", "association-agreement", "purpose-agent-agreement"]


@pytest.fixture(scope="module")
def plans():
    out = {}
    for enterprise, folder in ENTERPRISES.items():
        loaded = load(folder)
        data = next(v for v in loaded.views if v.enterprise.id == enterprise)
        out[enterprise] = (data, make_plan(loaded, DOCUMENTS, ["en", "nl"], enterprises=[enterprise]))
    return out


def doc(plans, enterprise: str, document: str, lang: str, agent: str = "") -> Document:
    return plans[enterprise][1].documents[(enterprise, document, agent, lang)]


def section(document: Document, article_id: str) -> str:
    one = Document(**{**document.__dict__, "articles": [a for a in document.articles if a.id == article_id]})
    assert one.articles, f"{article_id} is not in the {document.title}"
    return text_of(one)


def agents(plans, enterprise: str) -> list[str]:
    return [a.id for a in plans[enterprise][0].members()]


@pytest.mark.parametrize("enterprise", sorted(ENTERPRISES))
def test_stewardship_ends_in_the_same_ways_by_the_same_majority(plans, enterprise: str) -> None:
    articles = section(doc(plans, enterprise, "statutes", "en"), "articles.share_classes")
    aa = section(doc(plans, enterprise, "association-agreement", "en"), "association.exit")
    assert "by at least two-thirds of all the other Purpose Agents" in articles
    assert "by a majority of at least two-thirds of all Purpose Agents other than the Purpose Agent concerned" in aa
    assert "the ending of any other agreement between the Company and a Purpose Agent" in articles
    assert "for whatever reason and by whichever party, does not by itself end their participation" in aa
    for agent in agents(plans, enterprise):
        term = section(doc(plans, enterprise, "purpose-agent-agreement", "en", agent), "purpose_agent.term")
        assert "for whatever reason and by whichever party, does not by itself end" in term, agent
        assert "a majority of at least two-thirds of all the other Purpose Agents" in term, agent
    # incapacity leads to a review, never to an automatic exit
    assert "never ends a Purpose Agent’s participation by itself" in aa and "arranges a review" in aa


@pytest.mark.parametrize("enterprise", sorted(ENTERPRISES))
def test_the_trial_period_is_counted_alike_and_ends_with_a_trial_period_notice(plans, enterprise: str) -> None:
    data = plans[enterprise][0]
    months = formatting.period(data.enterprise.association.admission.trial_period_months, "month", "en")
    articles = section(doc(plans, enterprise, "statutes", "en"), "articles.share_classes")
    aa = section(doc(plans, enterprise, "association-agreement", "en"), "association.admission")
    assert f"the period of {months} beginning on the day on which they are admitted" in articles
    assert f"The period of {months} beginning on the day of admission is a trial period" in aa
    # a notice given during the trial period keeps the Trial Period running until the exit: no share in between
    assert "the period until that notice takes effect" in articles
    assert "the Trial Period continues until the notice takes effect" in aa
    # the register dates the steward shares from the day after the period, as the model counts it
    for agent in data.members():
        mine = agent.commitment_to(enterprise)
        assert mine is not None
        if mine.steward_since is None:
            assert data.steward_since(mine) == data.trial_ends(mine)


@pytest.mark.parametrize("enterprise", sorted(ENTERPRISES))
def test_the_consultation_procedure_is_the_articles_and_the_agreement_only_adds_to_it(plans, enterprise: str) -> None:
    articles = section(doc(plans, enterprise, "statutes", "en"), "articles.amendment")
    assert "allow at least fourteen days for written comments" in articles
    aa = section(doc(plans, enterprise, "association-agreement", "en"), "association.organisation")
    assert "the consultation takes place in the way, and within the period, that the Articles set" in aa
    assert "fourteen days" not in aa  # one period, stated once: in the Articles
    # the Articles consult on these three matters only, and the agreement names the same three
    assert "change to the purpose of the Company, an amendment of an article that the Articles entrench" in aa
    assert "to a Reserved Matter" not in aa


@pytest.mark.parametrize("enterprise", sorted(ENTERPRISES))
def test_profit_linked_pay_is_one_term_on_the_articles_base_in_every_document(plans, enterprise: str) -> None:
    data = plans[enterprise][0]
    cap = formatting.percent(data.enterprise.company.profit_linked_pay_cap_percent, "en")
    aa = text_of(doc(plans, enterprise, "association-agreement", "en"))
    assert "is the profit base as the Articles define it" in aa
    assert f"Profit-Linked Pay may not exceed {cap}" in aa
    for agent in agents(plans, enterprise):
        paa = text_of(doc(plans, enterprise, "purpose-agent-agreement", "en", agent))
        assert "as the Articles define it (the Profit Share)" in paa, agent
        assert f"Profit-Linked Pay may not exceed {cap} of that profit base" in paa, agent
        assert "prior written consent of the Purpose Shareholder" in paa, agent
        for stale in ("pay that depends on profit", "holder of the purpose share", "earnings plan in the"):
            assert stale not in paa, (agent, stale)
    assert "pay that depends on profit" not in aa
    # silence of the Purpose Shareholder never counts as consent to profit-linked pay or a return of value
    reserved = section(doc(plans, enterprise, "statutes", "en"), "articles.reserved_matters")
    protected = reserved.split("A Protected Matter is")[1].split("If the Purpose Shareholder")[0]
    assert "introduce or change an arrangement for Profit-Linked Pay" in protected
    assert "return value to Shareholders other than by a dividend" in protected


def test_an_employees_agreement_reads_as_a_contract_of_employment(plans) -> None:
    kwame = doc(plans, "hedgerow", "purpose-agent-agreement", "en", "kwame")
    text = text_of(kwame)
    assert "Way of Working" in text and " Independence " not in text
    assert "the Parties treat this Agreement as their contract of employment" in text
    assert "The Draw under clause 5 is the salary of the Purpose Agent" in text
    assert "the Company keeps the records of working time that the law requires of an employer" in text
    assert "period of continuous employment of the Purpose Agent as having begun on 2 March 2026" in text
    assert (
        "makes no deduction from the pay of the Purpose Agent for it unless they have agreed to it in writing" in text
    )
    for struck in (
        "not the authority of an employer",
        "keeps no record of hours",
        "no fixed salary",
        "intend that the Purpose Agent provides the Services as a self-employed person",
        "indemnif",  # an employee does not indemnify the Company against its PAYE
        "Autoclenz",  # case law belongs in the advice, not in the contract
    ):
        assert struck not in text, struck
    # the director does not sign their own agreement for the Company, and section 188 is respected
    company = [b for a in kwame.articles for b in a.blocks if isinstance(b, SignatureBlock) and b.on_behalf_of]
    assert [b.name for b in company] == ["Morwenna Tregear"]
    assert "a director other than the Purpose Agent, whom the shareholders have authorised to sign it alone" in text
    assert "does not sign it for the Company" in text and "section 188 of that Act" in text


def test_a_self_employed_director_through_a_service_company_signs_only_for_themselves(plans) -> None:
    owen = doc(plans, "seedwise", "purpose-agent-agreement", "en", "owen")
    blocks = [b for a in owen.articles for b in a.blocks if isinstance(b, SignatureBlock)]
    assert [(b.name, b.on_behalf_of) for b in blocks] == [
        ("Harriet Cole", "Seedwise Ltd"),
        ("Owen Price", "Price Seed Consulting Ltd"),
        ("Owen Price", ""),
    ]
    text = text_of(owen)
    assert "the Purpose Agent and the Service Company, jointly and severally, indemnify the Company" in text
    assert "Apart from the powers they have as a director under the Articles" in text
    tom = text_of(doc(plans, "seedwise", "purpose-agent-agreement", "en", "tom"))
    assert "the Purpose Agent indemnifies the Company" in tom  # one indemnifier: the verb agrees


@pytest.mark.parametrize("enterprise", sorted(ENTERPRISES))
def test_the_dutch_translations_use_one_word_for_each_concept(plans, enterprise: str) -> None:
    texts = {
        "statutes": text_of(doc(plans, enterprise, "statutes", "nl")),
        "association-agreement": text_of(doc(plans, enterprise, "association-agreement", "nl")),
    }
    for agent in agents(plans, enterprise):
        texts[agent] = text_of(doc(plans, enterprise, "purpose-agent-agreement", "nl", agent))
    for name, text in texts.items():
        assert "Doelaandeelhouder" not in text, name
        assert not re.search(r"\bProeftijd\b", text), name
        assert "aandelen van klasse" not in text, name
    assert "Kennismakingsperiode" in texts["statutes"] and "Kennismakingsperiode" in texts["association-agreement"]
    for name in ("statutes", "association-agreement"):
        assert "Houder van het Doelaandeel" in texts[name], name


def test_no_reference_names_the_same_noun_twice(plans) -> None:
    """Lists of references read "articles 3, 4 and 13", never "article 3, article 4 and article 13"."""
    for enterprise in ENTERPRISES:
        for key, document in plans[enterprise][1].documents.items():
            if key[3] != "en":
                continue
            text = text_of(document)
            found = re.search(r"\b(article|clause) \d+(\.\d+)?(\([a-z]\))? and \1 \d", text)
            assert not found, (key, found.group(0) if found else "")


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("enterprise", sorted(ENTERPRISES))
def test_the_earnings_plan_lists_each_term_as_an_item_of_its_own(plans, enterprise: str, lang: str) -> None:
    """The draw line once ran into the profit base ("… the Company’s agreement.- Profit Base: …")."""
    plan = section(doc(plans, enterprise, "association-agreement", lang), "association.schedule.earnings_plan")
    assert not re.search(r"[.;:]- ", plan), plan
    base = "Profit Base" if lang == "en" else "Winstgrondslag"
    if plans[enterprise][0].enterprise.association.compensation.profit_share_percent:
        assert re.search(rf"(’s agreement|Vennootschap)\. +{base}: ", plan), plan


@pytest.mark.parametrize("enterprise", sorted(ENTERPRISES))
def test_the_english_set_writes_its_defined_terms_with_capitals(plans, enterprise: str) -> None:
    cover = section(doc(plans, enterprise, "statutes", "en"), "articles.cover_note")
    assert "for a Purpose Agent who works through their own company" in cover
    assert "an agent who" not in cover
    texts = {"association-agreement": text_of(doc(plans, enterprise, "association-agreement", "en"))}
    for agent in agents(plans, enterprise):
        texts[agent] = text_of(doc(plans, enterprise, "purpose-agent-agreement", "en", agent))
    for name, text in texts.items():
        assert "trial period ends" not in text, name
        assert "energising a Role" not in text, name  # the agreements speak of filling a Role


def test_the_hedgerow_expenses_rule_speaks_of_filling_a_role(plans) -> None:
    aa = section(doc(plans, "hedgerow", "association-agreement", "en"), "association.compensation")
    assert "Reasonable costs that a Purpose Agent incurs in filling a Role are reimbursed" in aa


def test_the_dutch_set_in_english_states_its_admission_criteria_in_english_word_order() -> None:
    loaded = load(ROOT / "samples" / "stroomkracht")
    plan = make_plan(loaded, ["association-agreement"], ["en"])
    (document,) = plan.documents.values()
    admission = section(document, "association.admission")
    assert "experience with local energy initiatives, or a clear wish to become proficient in them" in admission
    assert "a clear wish to learn in community energy" not in admission
