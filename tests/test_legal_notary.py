"""The Dutch documents of one enterprise read together, as a notary reads a client's set: the
statuten, the Association Agreement, a Purpose Agent Agreement and the Adoption Declaration say
the same thing from the same data, and a company still to be incorporated is treated as one."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from agreements import formatting
from agreements.jobs import RenderJob
from agreements.plan import make_plan
from agreements.project import load

ROOT = Path(__file__).resolve().parents[1]
STROOMKRACHT = ROOT / "samples" / "stroomkracht"
NETWORK = ROOT / "samples" / "zaadnetwerk"
DOCUMENTS = ["statutes", "association-agreement", "purpose-agent-agreement", "adoption-declaration"]


def _text(page: str) -> str:
    """The reader's text of a page: tags out (a term's tag leaves no gap), spaces collapsed."""
    body = page.split("<body", 1)[1]
    inline = re.sub(r"</?(?:a|dfn|strong|em|span)\b[^>]*>", "", body)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", inline)))


def _set(folder: Path, enterprise: str, agent: str, langs: tuple[str, ...] = ("nl",)) -> dict[tuple[str, str], str]:
    """Each document of one enterprise (the Purpose Agent Agreement of one agent), per language."""
    loaded = load(folder)
    plan = make_plan(loaded, DOCUMENTS, list(langs), enterprises=[enterprise], agents=[agent])
    return {
        (o.document, o.lang): _text(RenderJob.of(o, loaded.template_dirs, loaded.root, final=False).html())
        for o in plan.outputs
    }


@pytest.fixture(scope="module")
def stroomkracht() -> dict[tuple[str, str], str]:
    return _set(STROOMKRACHT, "stroomkracht", "zoe", ("nl", "en"))


@pytest.fixture(scope="module")
def data():
    return load(STROOMKRACHT).views[0].enterprise


# -- the grounds on which Purpose Agent status ends ------------------------------------------


def test_death_bankruptcy_and_guardianship_end_the_status_automatically_in_both_documents(stroomkracht) -> None:
    statuten, agreement = stroomkracht["statutes", "nl"], stroomkracht["association-agreement", "nl"]
    assert "door zijn overlijden" in statuten
    assert (
        "doordat hij in staat van faillissement wordt verklaard, de schuldsaneringsregeling natuurlijke personen op"
        " hem van toepassing wordt verklaard of hij onder curatele wordt gesteld" in statuten
    )
    assert "De deelname van een Purpose Agent eindigt van rechtswege op de dag waarop: (a) hij overlijdt;" in agreement
    assert "schuldsaneringsregeling natuurlijke personen op hem van toepassing wordt verklaard; of (c) hij onder" in (
        agreement
    )


def test_ending_the_work_agreement_counts_as_notice_only_when_the_agent_ends_it(stroomkracht) -> None:
    statuten = stroomkracht["statutes", "nl"]
    agreement = stroomkracht["association-agreement", "nl"]
    pa_agreement = stroomkracht["purpose-agent-agreement", "nl"]
    # the statuten now name the deemed notice that the agreements already made, so the
    # agreements add no ground of their own
    assert (
        "indien hij zijn overeenkomst met de vennootschap over zijn werkzaamheden zelf opzegt of met zijn instemming"
        " laat eindigen zonder dat een nieuwe overeenkomst daarvoor in de plaats komt, geldt dat als een opzegging"
        " van de associatieovereenkomst" in statuten
    )
    assert "Eindigt zijn Purpose Agent-overeenkomst door zijn eigen opzegging of met zijn instemming" in agreement
    assert "dan geldt dat als een opzegging van zijn deelname aan de associatie" in pa_agreement
    # the company ending it alone does not
    assert "doet zijn hoedanigheid van Purpose Agent niet eindigen, behoudens het bepaalde in artikel 5 lid 3" in (
        statuten
    )
    assert "door opzegging of ontbinding door de Vennootschap alleen, dan eindigt daardoor zijn deelname niet" in (
        agreement
    )
    assert "door opzegging of ontbinding door de Vennootschap alleen, dan eindigt daardoor niet de deelname" in (
        pa_agreement
    )


def test_removal_is_decided_by_the_other_agents_by_the_same_majority_everywhere(stroomkracht, data) -> None:
    assert data.association.exit.removal_majority == "two-thirds"
    assert (
        "besluiten hem uit te sluiten, met een meerderheid van ten minste twee derde van hun aantal"
        in (stroomkracht["statutes", "nl"])
    )
    assert (
        "met een meerderheid van ten minste twee derde van alle andere Purpose Agents"
        in (stroomkracht["association-agreement", "nl"])
    )
    assert (
        "een besluit van de andere Purpose Agents met een meerderheid van ten minste twee derde van hen"
        in (stroomkracht["purpose-agent-agreement", "nl"])
    )
    assert (
        "noch het bestuur, noch een ander orgaan van de Vennootschap kan haar beëindigen"
        in (stroomkracht["association-agreement", "nl"])
    )


def test_the_trial_period_ending_that_the_statuten_allow_is_the_agreements_own(stroomkracht, data) -> None:
    notice = formatting.period(data.association.admission.trial_notice_days, "day", "nl")
    assert (
        "gedurende zijn kennismakingsperiode: doordat hijzelf of de andere Purpose Agents zijn deelname"
        in (stroomkracht["statutes", "nl"])
    )
    agreement = stroomkracht["association-agreement", "nl"]
    assert (
        f"in beide gevallen met een schriftelijke opzegging van {notice} en zonder de procedure voor uitsluiting van artikel 14"
        in (agreement)
    )
    assert "of, gedurende zijn Kennismakingsperiode, op de wijze die artikel 5 voor die periode bepaalt" in agreement
    en = formatting.period(data.association.admission.trial_notice_days, "day", "en")
    assert (
        f"by {en}’ written notice and without the removal procedure of clause 14"
        in stroomkracht["association-agreement", "en"]
    )


def test_the_trial_period_runs_from_the_same_day_in_the_statuten_and_the_agreement(stroomkracht) -> None:
    assert (
        "op de dag waarop hij volgens die overeenkomst zijn werkzaamheden voor de onderneming"
        in (stroomkracht["statutes", "nl"])
    )
    agreement = stroomkracht["association-agreement", "nl"]
    assert "vangt die periode aan op de dag waarop hij zijn werkzaamheden voor de Onderneming is begonnen" in agreement
    assert "De kolom “Sinds” vermeldt de dag waarop de Purpose Agent zijn werkzaamheden voor de Onderneming" in (
        agreement
    )
    for lang in ("nl", "en"):
        assert "proeftijd" not in stroomkracht["association-agreement", lang]
    assert "Introductory Period" not in stroomkracht["association-agreement", "en"]
    assert (
        "Trial Period" in stroomkracht["statutes", "en"]
        and "Trial Period" in stroomkracht["association-agreement", "en"]
    )


def test_the_steward_criteria_in_the_agreements_are_the_statutens(stroomkracht) -> None:
    statuten = stroomkracht["statutes", "nl"]
    assert "Alleen een Purpose Agent wiens kennismakingsperiode is verstreken, kan houder zijn van A-aandelen" in (
        statuten
    )
    assert "Daarnaast kan de vennootschap zelf A-aandelen houden" in statuten
    for document in ("association-agreement", "purpose-agent-agreement"):
        text = stroomkracht[document, "nl"]
        assert "van wie de Kennismakingsperiode is verstreken en door de Vennootschap zelf" in text or (
            "van wie de kennismakingsperiode is verstreken en door de Vennootschap zelf" in text
        ), document
    assert "geen of slechts een beperkt recht op winst" not in stroomkracht["association-agreement", "nl"]
    assert (
        "geven zij geen recht op uitkeringen uit de winst of de reserves" in stroomkracht["association-agreement", "nl"]
    )


# -- pay ---------------------------------------------------------------------------------------


def test_profit_linked_pay_is_one_term_on_one_base_in_every_document(stroomkracht) -> None:
    for document in ("statutes", "association-agreement", "purpose-agent-agreement"):
        text = stroomkracht[document, "nl"]
        assert "van de winst afhankelijke vergoeding" not in text, document
        assert "winstafhankelijke vergoeding" in text.lower(), document
    assert "winstgrondslag als omschreven in de Statuten" in stroomkracht["association-agreement", "nl"]
    assert "winstgrondslag als omschreven in de Statuten" in stroomkracht["purpose-agent-agreement", "nl"]


def test_a_directors_pay_is_set_by_the_general_meeting_and_the_director_stays_out(stroomkracht) -> None:
    pa_agreement = stroomkracht["purpose-agent-agreement", "nl"]  # Zoë is a director
    assert "stelt de algemene vergadering de voorwaarden van deze Overeenkomst vast" in pa_agreement
    assert (
        "neemt hij als bestuurder niet deel aan de beraadslaging en besluitvorming van het bestuur daarover"
        " (artikel 2:239 lid 6 BW)" in pa_agreement
    )
    assert "tenzij de Statuten een ander orgaan aanwijzen; de Vennootschap is eerst gebonden" not in pa_agreement
    cover = stroomkracht["statutes", "nl"]
    assert "Omdat alle bestuurders daarbij zelf partij zijn, besluit de algemene vergadering tot het aangaan" in cover


def test_the_constitution_is_adopted_after_the_general_meetings_prior_approval(stroomkracht) -> None:
    assert (
        "bij een bestuursbesluit dat de voorafgaande goedkeuring van de algemene vergadering behoeft"
        in (stroomkracht["statutes", "nl"])
    )
    declaration = stroomkracht["adoption-declaration", "nl"]
    assert "dan ondertekenen zij deze verklaring als bestuur pas nadat die goedkeuring is verleend" in declaration
    assert "heeft het besluit eerst gevolg" not in declaration
    assert "verbindt zich, zich" not in declaration


def test_references_to_several_articles_name_the_noun_once(stroomkracht) -> None:
    pa_agreement = stroomkracht["purpose-agent-agreement", "nl"]
    assert "Die vrijheid wordt alleen beperkt door de artikelen 4 en 8" in pa_agreement
    assert "Wat de artikelen 7, 8 en 10 bepalen" in pa_agreement
    assert "respectievelijk" not in stroomkracht["association-agreement", "nl"]


# -- a company still to be incorporated --------------------------------------------------------


@pytest.fixture(scope="module")
def zaadgoed() -> dict[tuple[str, str], str]:
    return _set(NETWORK, "zaadgoed", "bram", ("nl", "en"))


def test_a_company_in_formation_contracts_as_one_and_ratifies_after_incorporation(zaadgoed) -> None:
    for document in ("association-agreement", "purpose-agent-agreement"):
        text = zaadgoed[document, "nl"]
        assert "Zaadgoed B.V. in oprichting, een op te richten besloten vennootschap" in text, document
        assert "die statutair gevestigd zal zijn te Wageningen" in text, document
        assert "nadat zij deze Overeenkomst na haar oprichting heeft bekrachtigd (artikel 2:203 BW)" in text, document
        assert "te dezen rechtsgeldig vertegenwoordigd door haar bestuurders" not in text, document
        assert "in formation (in oprichting)" in zaadgoed[document, "en"], document
    declaration = zaadgoed["adoption-declaration", "nl"]
    assert "De Vennootschap is nog niet opgericht. Na haar oprichting besluit het bestuur" in declaration
    assert "Alle bestuurders van de Vennootschap zijn Ratificeerder" not in declaration


def test_a_company_in_formation_has_notes_for_the_deed_of_incorporation(zaadgoed) -> None:
    statuten = zaadgoed["statutes", "nl"]
    notes = statuten.split("Aantekeningen voor de akte van oprichting")[-1].split("Artikel 1 Begripsbepalingen")[0]
    assert "Oprichters en geplaatste aandelen" in notes
    assert "akte van statutenwijziging" not in notes and "Omzetting van de bestaande aandelen" not in notes
    assert "De akte vermeldt ook wie de vijfentwintigduizend (25.000) B-aandelen nemen" in statuten
    assert "bij de akte tot eerste bestuurders van de vennootschap benoemd" in statuten
    assert "Notes for the Deed of Incorporation" in zaadgoed["statutes", "en"]


def test_the_register_of_a_company_in_formation_dates_no_steward_share_before_it_exists(zaadgoed) -> None:
    register = zaadgoed["association-agreement", "nl"].split("Bijlage 1")[-1].split("Bijlage 2")[0]
    assert "bij de oprichting" in register
    assert "sinds 1 januari 2027" not in register  # Lotte's trial ended then, but the company did not yet exist
    assert "vanaf 1 mei 2027" in register  # Jesse, still in his trial period


# -- the notary's reading of the set, second round -------------------------------------------


@pytest.fixture(scope="module")
def daan() -> dict[tuple[str, str], str]:
    """The Purpose Agent Agreement of Daan, a director whose status assessment says employee."""
    loaded = load(STROOMKRACHT)
    plan = make_plan(loaded, ["purpose-agent-agreement"], ["nl", "en"], enterprises=["stroomkracht"], agents=["daan"])
    return {o.lang: _text(RenderJob.of(o, loaded.template_dirs, loaded.root, final=False).html()) for o in plan.outputs}


def test_the_nil_base_rule_sets_its_reference_between_commas(stroomkracht) -> None:
    statuten = stroomkracht["statutes", "nl"]
    assert (
        "en worden in de daaropvolgende periode, bedoeld in artikel 13 lid 4, geen uitkeringen op aandelen vastgesteld"
        in statuten
    )
    assert "bedoeld in artikel 13 lid 4 geen" not in statuten


def test_the_deed_note_on_the_object_states_the_old_object_and_its_replacement_once(stroomkracht) -> None:
    statuten, articles = stroomkracht["statutes", "nl"], stroomkracht["statutes", "en"]
    assert "(het doel bij de oprichting). De akte vervangt dit door het Doel dat in artikel 3" in statuten
    assert "verruimt" not in statuten
    assert "(the purpose at incorporation). The deed replaces it with the Purpose set out in article 3" in articles
    assert "these statutes" not in articles


def test_an_employees_purpose_agent_agreement_does_not_read_as_self_employment(stroomkracht, daan) -> None:
    employee, translation = daan["nl"], daan["en"]
    assert "Werkwijze" in employee and "Zelfstandigheid" not in employee
    assert "stelt geen werktijden vast" not in employee
    assert "geen vast salaris" not in employee
    assert "in beginsel zijn eigen middelen" not in employee
    assert (
        "kan zich slechts met toestemming van de Vennootschap door een ander laten vervangen (artikel 7:659 lid 1 BW)"
        in employee
    )
    assert "Het Voorschot bedoeld in artikel 5 is het loon van de Purpose Agent" in employee
    assert "vakantie met behoud van loon en op doorbetaling van loon tijdens ziekte" in employee
    assert "Way of Working" in translation and "article 7:659(1) of the Dutch Civil Code" in translation
    # Zoë's assessment says self-employed: her agreement keeps the independence article
    self_employed = stroomkracht["purpose-agent-agreement", "nl"]
    assert "Zelfstandigheid" in self_employed and "geen vast salaris" in self_employed
    assert "Werkwijze" not in self_employed
