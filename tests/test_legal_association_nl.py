"""The Dutch-law Association Agreement (Stroomkracht B.V.): what a notary and an employment
lawyer check, on the Dutch original and its English translation."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from agreements import formatting
from agreements.model.network import EnterpriseData
from agreements.project import load

from .helpers import render_jobs

LANGS = ["nl", "en"]


def _text(markup: str) -> str:
    """The visible text of the HTML, one space between words."""
    body = markup.split("<body", 1)[1]
    body = re.sub(r"<style.*?</style>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body))).replace(" .", ".").replace(" ,", ",")


@pytest.fixture(scope="module")
def data(sample_dir: Path) -> EnterpriseData:
    return load(sample_dir).views[0]


@pytest.fixture(scope="module")
def html(sample_dir: Path) -> dict[str, str]:
    jobs = render_jobs(sample_dir, ["association-agreement"], LANGS)
    return {job.lang: job.html() for job in jobs}


@pytest.fixture(scope="module")
def text(html: dict[str, str]) -> dict[str, str]:
    return {lang: _text(markup) for lang, markup in html.items()}


def _article(text: str, heading: str, next_heading: str) -> str:
    start = text.rindex(heading)  # the article itself, not its line in the contents
    return text[start : text.index(next_heading, start)]


def test_dutch_agreement_opens_as_dutch_practice_has_it(text: dict[str, str], data: EnterpriseData) -> None:
    nl, en = text["nl"], text["en"]
    assert "Partijen komen als volgt overeen:" in nl
    assert "The Parties agree as follows:" in en
    for agent in data.members():
        assert f"{agent.name}, met adres {agent.address}" in nl
        assert f"{agent.name}, of {agent.address}" in en
    assert nl.count("handelend voor zichzelf") == len(data.members())
    assert en.count("acting on their own behalf") == len(data.members())
    assert "persoonlijke hoedanigheid" not in nl
    assert "op pagina" not in nl and "on page" not in en


def test_company_is_represented_and_signs_as_its_board_says(html: dict[str, str], text: dict[str, str], data) -> None:
    board = data.enterprise.company.board
    assert board.joint_representation
    names = [d.name for _, d in data.directors()][:2]
    assert len(names) == 2
    assert f"vertegenwoordigd door haar bestuurders {names[0]} en {names[1]}, gezamenlijk handelend" in text["nl"]
    assert f"represented for this purpose by its directors {names[0]} and {names[1]}, acting jointly" in text["en"]
    for lang, capacity, behalf in [("nl", "Bestuurder", "namens"), ("en", "Director", "for and on behalf of")]:
        blocks = re.findall(r'<div class="signature">.*?</div></div>|<div class="signature">.*?</p></div>', html[lang])
        company = [b for b in blocks if f'class="behalf">{behalf} {data.enterprise.company.legal_name}' in b]
        assert [re.search(r'class="signer">([^<]*)<', b)[1] for b in company] == names, lang
        assert all(f'class="capacity">{capacity}<' in b for b in company)
        agents = [b for b in blocks if 'class="capacity">Purpose Agent<' in b]
        assert len(agents) == len(data.members())


def test_no_partner_wording_and_no_promise_that_nothing_is_withheld(text: dict[str, str]) -> None:
    nl, en = text["nl"], text["en"]
    assert not re.search(r"\bpartners?\b", nl, re.I)
    assert not re.search(r"\bpartners?\b", en, re.I)
    for phrase in ["zonder daarop iets in te houden", "zonder inhouding"]:
        assert phrase not in nl
    for phrase in ["without withholding", "nothing is withheld", "without deduction"]:
        assert phrase not in en
    assert "houdt op iedere betaling aan een Purpose Agent in wat de wet voorschrijft" in nl
    assert "withholds from every payment to a Purpose Agent, and pays over, whatever the law requires" in en
    assert "arbeidsrechtelijk en fiscaal advies in" in nl and "employment and tax advice" in en
    assert "ECLI:NL:HR:2023:443" in nl and "7:610 BW" in nl and "artikel 12a van de Wet op de loonbelasting" in nl
    assert "Wet deregulering beoordeling arbeidsrelaties" in nl


def test_directors_pay_is_set_by_the_general_meeting(text: dict[str, str]) -> None:
    nl, en = text["nl"], text["en"]
    assert "vastgesteld door de algemene vergadering (artikel 2:245 BW)" in nl
    assert "genomen door de algemene vergadering (artikel 2:239 lid 6 BW)" in nl
    assert "set by the general meeting (Article 2:245 BW)" in en
    assert "passed by the general meeting (Article 2:239(6) BW)" in en


def test_leaver_terms_are_the_datas(text: dict[str, str], data: EnterpriseData) -> None:
    leaver = data.enterprise.company.stewardship.leaver
    assert leaver.buyer == "nominee" and leaver.price == "nominal" and leaver.costs == "company"
    nl = _article(text["nl"], "14 Einde van de deelname", "15 Geschillen")
    nominate, transfer = (formatting.period(n, "day", "nl") for n in (leaver.nominate_days, leaver.transfer_days))
    assert (
        f"binnen {nominate} na de Uittreedatum wijst het bestuur van de Vennootschap een of meer Purpose Agents" in nl
    )
    assert f"de levering geschiedt bij notariële akte, binnen {transfer} na de Uittreedatum" in nl
    assert "de prijs is gelijk aan het nominale bedrag van de Stewardaandelen" in nl
    assert "de kosten van de levering komen voor rekening van de Vennootschap" in nl
    en = _article(text["en"], "14 End of Participation", "15 Disputes")
    nominate, transfer = (formatting.period(n, "day", "en") for n in (leaver.nominate_days, leaver.transfer_days))
    assert f"within {nominate} after the Exit Date, the board of the Company names one or more Purpose Agents" in en
    assert f"by notarial deed within {transfer} after the Exit Date" in en
    assert "the costs of the transfer are borne by the Company" in en


def test_removal_only_by_the_removal_majority_not_by_ending_the_purpose_agent_agreement(text, data) -> None:
    assert data.enterprise.association.exit.removal_majority == "two-thirds"
    nl = _article(text["nl"], "14 Einde van de deelname", "15 Geschillen")
    assert "met een meerderheid van ten minste twee derde van alle andere Purpose Agents" in nl
    assert "noch het bestuur, noch een ander orgaan van de Vennootschap kan haar beëindigen" in nl
    assert "door opzegging of ontbinding door de Vennootschap alleen, dan eindigt daardoor zijn deelname niet" in nl
    assert "zijn Purpose Agent-overeenkomst eindigt zonder" not in nl
    en = _article(text["en"], "14 End of Participation", "15 Disputes")
    assert "by a majority of at least two-thirds of all the other Purpose Agents" in en
    assert "because the Company alone terminates or rescinds it, their participation does not end" in en


def test_one_steward_share_from_the_end_of_the_trial_period_no_monthly_vesting(text, data) -> None:
    per = data.enterprise.company.stewardship.shares_per_agent
    assert per == 1
    nl = _article(text["nl"], "10 Stewardaandelen", "11 Intellectuele eigendom")
    assert (
        f"Iedere Purpose Agent heeft vanaf het einde van zijn Kennismakingsperiode recht op {formatting.words(per, 'nl')}"
        " Stewardaandeel, zoals de Statuten bepalen" in nl
    )
    assert "of vanaf de andere datum die het Register" not in nl  # no date that could depart from the statuten
    assert "maandelijkse delen" not in text["nl"] and "monthly instalments" not in text["en"]
    assert "From the end of their Trial Period, each Purpose Agent is entitled to one Steward Share" in text["en"]


def test_profit_linked_pay_is_defined_capped_and_needs_the_golden_share(text, data) -> None:
    company = data.enterprise.company
    share = data.enterprise.association.compensation.profit_share_percent
    nl, en = text["nl"], text["en"]
    assert "De Winstgrondslag is de winstgrondslag als omschreven in de Statuten" in nl
    assert "de winst vóór belastingen en vóór winstafhankelijke vergoedingen" in nl
    assert "uitkeerbare winst" not in nl
    assert f"{formatting.percent(share, 'nl')} van de Winstgrondslag" in nl
    assert f"maximum van {formatting.percent(company.profit_linked_pay_cap_percent, 'nl')} van de Winstgrondslag" in nl
    assert f"grens van {formatting.percent(company.dividend_cap_percent, 'nl')} van de Winstgrondslag" in nl
    assert "voorafgaande schriftelijke goedkeuring van de vergadering van houders van aandelen G" in nl
    assert "Zolang die goedkeuring niet is verleend, is geen Winstafhankelijke Vergoeding verschuldigd" in nl
    assert "prior written approval of the meeting of holders of class G shares" in en
    assert "the profit before tax and before profit-linked pay" in en
    plan_nl = _article(nl, "Bijlage 2 Verdienplan", "Bijlage 3")
    # the plan states the statuten's reserve rule: a share of the profit base, to the purpose reserve, first
    reserve = formatting.percent(company.reserve_percent, "nl")
    assert f"eerst een bedrag gelijk aan {reserve} van de Winstgrondslag aan de doelreserve toegevoegd" in plan_nl
    assert "na de Winstafhankelijke Vergoeding en de belastingen overblijft" not in plan_nl
    assert "in de begroting" not in plan_nl


def test_register_prints_each_agents_status_assessment_and_only_disclosed_enterprises(text, data) -> None:
    outcome_nl = {"self-employed": "zelfstandige", "employee": "werknemer", "undetermined": "onbepaald"}
    ent = data.enterprise
    network = {e.id: e.name for e in data.network}
    for lang in LANGS:
        register = text[lang].split("Bijlage 1" if lang == "nl" else "Schedule 1")[-1]
        assessments, others_section = register.split(
            "Andere Ondernemingen. " if lang == "nl" else "Other Enterprises. "
        )[:2]
        for agent in data.members():
            mine = agent.commitment_to(ent.id)
            assessment = mine.status_assessment
            assert assessment is not None
            outcome = outcome_nl[assessment.outcome] if lang == "nl" else assessment.outcome
            date = formatting.date(assessment.date, lang)
            label = "Statusbeoordeling" if lang == "nl" else "Status Assessment"  # a term: tags leave a space
            assert (
                f"{agent.name}: {_substitution(mine.substitution, lang)}; {label} : {outcome} ({date}, {assessment.by})"
                in assessments
            )
            others = [network[c.enterprise] for c in agent.commitments if c.enterprise != ent.id]
            for name in others:
                shown = (
                    f"{agent.name}: " in others_section and name in others_section.split(f"{agent.name}: ")[-1][:200]
                )
                assert shown == agent.disclose_other_enterprises, (lang, agent.id, name)


def _substitution(allowed: bool, lang: str) -> str:
    return {
        "nl": ("geen vervanging, persoonlijke uitvoering", "vervanging toegestaan"),
        "en": ("no substitution, services in person", "substitution permitted"),
    }[lang][allowed]


def test_status_outcomes_have_their_consequences(text: dict[str, str], data) -> None:
    days = data.enterprise.association.admission.status_assessment_days
    nl = _article(text["nl"], "4 Rechtspositie van de Purpose Agent", "5 Toetreding")
    assert "luidt zij “werknemer”, dan behandelt de Vennootschap iedere vergoeding" in nl
    assert "als loon, en houdt zij daarop loonheffingen in" in nl
    assert f"wordt de beoordeling voltooid binnen {formatting.period(days, 'day', 'nl')} na de Ingangsdatum" in nl
    assert "Vermeldt het Register voor een Purpose Agent dat vervanging is toegestaan" in nl
    en = _article(text["en"], "4 Legal Position of the Purpose Agent", "5 Admission")
    assert f"the assessment is completed within {formatting.period(days, 'day', 'en')} after the Effective Date" in en


def test_precedence_leaves_corporate_matters_to_the_statuten(text: dict[str, str]) -> None:
    nl = text["nl"]
    assert "in alle andere opzichten" not in nl
    assert "de Statuten gaan boven deze Overeenkomst" in nl
    assert "the Articles prevail over this Agreement" in text["en"]


def test_several_enterprises(text: dict[str, str]) -> None:
    nl, en = text["nl"], text["en"]
    assert "op dezelfde voorwaarden als" not in nl and "on the same terms as" not in en
    assert "Zou de som bedoeld in artikel 8.2 door een toezegging of wijziging bij een Andere Onderneming" in nl
    assert "Maatstaf voor ieder Focusaandeel is de volledige beroepsmatige capaciteit" in nl
    assert "geen verplichting een aantal uren te werken" in nl
    assert "Verricht een Purpose Agent werk voor de Onderneming en een Andere Onderneming gezamenlijk" in nl
    assert "wijkt voor een gelijke verplichting die hij eerder jegens een Andere Onderneming is aangegaan" in nl
    assert "If a Purpose Agent does work for the Enterprise and an Other Enterprise jointly" in en


def test_proceedings_language_comes_from_the_data(text: dict[str, str], data) -> None:
    assert data.enterprise.association.disputes.language == "nl"
    assert "het arbitraal geding wordt in de Nederlandse taal gevoerd" in text["nl"]
    assert "the arbitral proceedings are conducted in Dutch" in text["en"]
    assert "Engelse taal" not in text["nl"]


def test_english_translation_reads_as_english(text: dict[str, str]) -> None:
    en = text["en"]
    for calque in ["shares A", "perform legal acts", "juridical acts", "costs an agent makes", "heirs"]:
        assert calque not in en
    assert "class A shares" in en
    # defined terms are written with their capital letter, not as lower-case words
    assert not re.search(r"\b(?:the|an?|each|other) (?:agent|agents|draw|focus share)\b", en)
