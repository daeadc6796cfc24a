"""The statuten of the Dutch sample read as a notary would: each defect of the legal review
stays fixed, and every term that the data holds is printed from the data."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from agreements import formatting
from agreements.build import build
from agreements.project import load

from .helpers import pdf_text, render_jobs

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "stroomkracht"
DATA = "data/enterprise.yaml"


def _text(fragment: str) -> str:
    """The reader's text of an HTML fragment: tags out, entities decoded, spaces collapsed."""
    inline = re.sub(r"</?(?:a|dfn|strong|em|span)\b[^>]*>", "", fragment)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", inline)))


class Statuten:
    """One language of the statutes, split into the cover note and each article."""

    def __init__(self, page: str):
        self.html = page
        self.sections = {
            m.group(1): _text(m.group(2))
            for m in re.finditer(r'<section class="[^"]*" id="([^"]+)">(.*?)</section>', page, re.S)
        }

    @property
    def body(self) -> str:
        """The articles only: what the deed makes the statuten."""
        return " ".join(t for k, t in self.sections.items() if k != "statutes.cover_note")

    @property
    def cover(self) -> str:
        return self.sections.get("statutes.cover_note", "")

    def article(self, name: str) -> str:
        return self.sections[f"statutes.{name}"]


def statuten(root: Path, lang: str) -> Statuten:
    jobs = render_jobs(root, ["statutes"], [lang])
    return Statuten(jobs[0].html())


@pytest.fixture(scope="module")
def nl() -> Statuten:
    return statuten(SAMPLE, "nl")


@pytest.fixture(scope="module")
def en() -> Statuten:
    return statuten(SAMPLE, "en")


@pytest.fixture(scope="module")
def company():
    return load(SAMPLE).views[0].enterprise.company


def variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """A copy of the sample with its data file edited (each edit replaces one exact text)."""
    root = tmp_path / "stroomkracht"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns("out"))
    path = root / DATA
    text = path.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return root


# -- value extraction: profit-linked pay and buy-backs ---------------------------------------


def test_golden_share_approves_profit_linked_pay_and_buy_backs_above_nominal(nl: Statuten, en: Statuten) -> None:
    matters = nl.article("golden_share")
    assert (
        "het vaststellen of wijzigen van een regeling waarbij aan Purpose Agents, bestuurders of aandeelhouders "
        "een winstafhankelijke vergoeding wordt toegekend" in matters
    )
    assert (
        "de verkrijging door de vennootschap van eigen aandelen anders dan om niet of tegen ten hoogste het nominale bedrag"
        in matters
    )
    golden_share = en.article("golden_share")
    assert "setting up or changing any arrangement under which Profit-Linked Pay is granted" in golden_share
    assert "other than for no consideration or for at most their nominal value" in golden_share


def test_profit_linked_pay_and_buy_backs_count_toward_the_cap(nl: Statuten, company) -> None:
    profit = nl.article("profit")
    cap = formatting.percent(company.dividend_cap_percent, "nl")
    pay_cap = formatting.percent(company.profit_linked_pay_cap_percent, "nl")
    assert (
        f"bedraagt niet meer dan {cap} van de winstgrondslag over een boekjaar: a. de winstafhankelijke vergoedingen"
        in profit
    )
    assert f"bedragen samen niet meer dan {pay_cap} van de winstgrondslag over dat boekjaar" in profit
    assert (
        "Een winstafhankelijke vergoeding is geen uitkering op aandelen, maar telt mee voor artikel 13 lid 4" in profit
    )
    assert (
        "geldt als uitkering op aandelen mede het bedrag waarmee de prijs bij een verkrijging van eigen aandelen het"
        " nominale bedrag te boven gaat" in profit
    )
    # the capital article points to that rule instead of stating it a second time
    assert "telt mee voor het maximum van artikel 13 lid 4, zoals artikel 13 lid 5 bepaalt" in nl.article("capital")
    assert "telt voor de toepassing van artikel 13 lid 4 mee" not in nl.article("capital")
    assert "ook als die naar de winst wordt berekend" not in nl.body  # the old carve-out from the cap


def test_the_profit_base_is_defined_once_and_named_alike_throughout(nl: Statuten, en: Statuten) -> None:
    definitions = nl.article("definitions")
    assert (
        "winstgrondslag: de winst vóór belastingen en vóór de winstafhankelijke vergoeding over een boekjaar"
        in definitions
    )
    assert nl.body.count("winstgrondslag") >= 4
    for other in ("beschikbare winst", "uitkeerbare winst", "winst vóór belasting "):
        assert other not in nl.body, other
    assert "Profit Base means the profit before tax and before Profit-Linked Pay" in en.article("definitions")


def test_the_reserve_comes_first(nl: Statuten, company) -> None:
    profit = nl.article("profit")
    reserve = (
        f"wordt eerst een bedrag gelijk aan {formatting.percent(company.reserve_percent, 'nl')} van de winstgrondslag"
        " aan de doelreserve toegevoegd"
    )
    assert reserve in profit
    assert profit.index(reserve) < profit.index("staat ter beschikking van de algemene vergadering")


def test_board_refuses_a_distribution_only_on_the_solvency_ground(nl: Statuten, en: Statuten) -> None:
    profit = nl.article("profit")
    sentence = re.search(r"Het bestuur weigert de goedkeuring slechts indien ([^.]*)\.", profit)
    assert sentence is not None
    assert sentence[1] == (
        "het weet of redelijkerwijs behoort te voorzien dat de vennootschap na de uitkering niet zal kunnen "
        "blijven voortgaan met het betalen van haar opeisbare schulden"
    )
    assert "or if the distribution does not comply" not in en.article("profit")


# -- 2:192: objective steward criteria in the statuten themselves -----------------------------


def test_purpose_agent_is_defined_without_partner_wording(nl: Statuten, en: Statuten) -> None:
    assert "zelfstandige partner" not in nl.html
    assert "partner" not in nl.body.replace("geregistreerd partner", "")
    assert "independent partner" not in en.html
    definition = nl.article("definitions")
    assert (
        "Purpose Agent: een natuurlijk persoon die partij is bij de associatieovereenkomst en zich daarin heeft "
        "verbonden een deel van zijn beroepsmatige capaciteit beschikbaar te stellen voor de onderneming van de"
        " vennootschap" in definition
    )


def test_the_steward_requirement_is_objective_one_a_share_per_agent_after_the_trial_period(nl: Statuten) -> None:
    data = load(SAMPLE).views[0].enterprise
    article = nl.article("steward_shares")
    months = formatting.period(data.association.admission.trial_period_months, "month", "nl")
    definitions = nl.article("definitions")
    assert (
        f"kennismakingsperiode: de periode van {months} die aanvangt op de dag waarop een Purpose Agent volgens de"
        " associatieovereenkomst is toegelaten" in definitions
    )
    # the agents who signed the agreement when it was made start on the day their work began (the register's
    # "Sinds"), not on the day they signed: otherwise nobody could hold an A share on the deed's date
    assert (
        "voor een Purpose Agent die bij het aangaan van de associatieovereenkomst partij is geworden, op de dag waarop"
        " hij volgens die overeenkomst zijn werkzaamheden voor de onderneming van de vennootschap is begonnen"
        in definitions
    )
    assert (
        "Alleen een Purpose Agent wiens kennismakingsperiode is verstreken, kan houder zijn van A-aandelen" in article
    )
    assert "artikel 2:192 lid 1 onder b van het Burgerlijk Wetboek" in article
    assert data.company.stewardship.shares_per_agent == 1
    assert "heeft recht op één A-aandeel en kan niet meer dan één A-aandeel houden" in article


def test_only_the_listed_grounds_end_the_status_never_the_end_of_another_contract(nl: Statuten) -> None:
    article = nl.article("steward_shares")
    assert "Een Purpose Agent houdt uitsluitend op een van de volgende gronden op Purpose Agent te zijn" in article
    assert "doordat hij de associatieovereenkomst opzegt" in article and "door zijn overlijden" in article
    assert (
        "doordat de andere Purpose Agents besluiten hem uit te sluiten, met een meerderheid van ten minste twee derde van hun aantal"
        in article
    )
    assert "Het eindigen of wijzigen van een andere overeenkomst tussen de vennootschap en een Purpose Agent" in article
    assert "doet zijn hoedanigheid van Purpose Agent niet eindigen" in article


@pytest.mark.parametrize(
    ("majority", "nl_words"),
    [
        ("consent", "zonder dat een van hen daartegen een beargumenteerd bezwaar handhaaft"),
        ("unanimity-minus-one", "met de stemmen van allen op één na"),
    ],
)
def test_the_removal_majority_is_the_datas(tmp_path: Path, majority: str, nl_words: str) -> None:
    root = variant(tmp_path, ("removal_majority: two-thirds", f"removal_majority: {majority}"))
    article = statuten(root, "nl").article("steward_shares")
    assert f"besluiten hem uit te sluiten, {nl_words}" in article
    assert "twee derde" not in article


def test_shares_per_agent_and_trial_period_come_from_the_data(tmp_path: Path) -> None:
    root = variant(
        tmp_path,
        ("shares_per_agent: 1", "shares_per_agent: 2"),
        ("issued: 5\n", "issued: 10\n"),
        ("trial_period_months: 3", "trial_period_months: 2"),
    )
    doc = statuten(root, "nl")
    assert "heeft recht op twee A-aandelen en kan niet meer dan twee A-aandelen houden" in doc.article("steward_shares")
    assert "kennismakingsperiode: de periode van twee maanden" in doc.article("definitions")
    assert "één A-aandeel" not in doc.body


# -- leavers: buyer, timetable, price and costs from the data --------------------------------


def test_leaver_terms_are_the_datas(nl: Statuten, en: Statuten, company) -> None:
    leaver = company.stewardship.leaver
    assert (leaver.buyer, leaver.price, leaver.costs) == ("nominee", "nominal", "company")
    article = nl.article("steward_shares")
    nominate = formatting.period(leaver.nominate_days, "day", "nl")
    transfer = formatting.period(leaver.transfer_days, "day", "nl")
    assert f"Het bestuur wijst binnen {nominate} na de uittreedatum een of meer Purpose Agents als koper aan" in article
    assert (
        "Indien het bestuur niet binnen die termijn een koper aanwijst, verkrijgt de vennootschap de A-aandelen zelf"
        in article
    )
    assert f"De levering vindt plaats binnen {transfer} na de uittreedatum" in article
    assert "De prijs is gelijk aan het nominale bedrag van de over te dragen A-aandelen" in article
    assert "De kosten van de levering komen voor rekening van de vennootschap" in article
    assert f"Indien de houder niet levert binnen de termijn van {transfer}, bedoeld in artikel 5 lid 7" in article
    assert "onder aftrek van de kosten" not in article
    english = en.article("steward_shares")
    assert (
        f"within the period of {formatting.period(leaver.transfer_days, 'day', 'en')} referred to in article 5(7)"
        in english
    )
    for stale in (
        "drie maanden na het ontstaan",
        "Binnen een maand nadat het bestuur",
        "vertegenwoordigt die prijs hun volle waarde",
    ):
        assert stale not in article, stale


def test_a_company_buyer_and_leaver_costs_print_as_such(tmp_path: Path) -> None:
    root = variant(tmp_path, ("buyer: nominee", "buyer: company"), ("costs: company", "costs: leaver"))
    article = statuten(root, "nl").article("steward_shares")
    assert "De vennootschap verkrijgt de A-aandelen zelf" in article
    assert "Het bestuur wijst binnen" not in article  # the board names a buyer only where the law stops the company
    assert "Voor zover de vennootschap de A-aandelen op grond van de wet niet kan verkrijgen" in article
    assert "De kosten van de levering komen voor rekening van de overdragende houder" in article
    assert "onder aftrek van de kosten van de levering" in article


# -- the G share: a class meeting, prior written consent, a successor -------------------------


def test_approvals_are_rights_of_the_class_g_meeting_given_in_advance_and_in_writing(nl: Statuten) -> None:
    assert "vergadering van houders van aandelen G: het orgaan van de vennootschap" in nl.article("definitions")
    assert "goedkeuring van de houder van het G-aandeel" not in nl.body
    approvals = re.findall(r"(\w+ \w+) goedkeuring van de vergadering van houders van aandelen G(?! behoeft)", nl.body)
    assert approvals and set(approvals) == {"voorafgaande schriftelijke"}, approvals


def test_silence_is_not_refusal_for_ordinary_matters_and_cannot_deadlock(nl: Statuten, company) -> None:
    article = nl.article("golden_share")
    days = formatting.period(company.golden_share.decision_days, "day", "nl")
    assert f"beslist binnen {days} na ontvangst van het verzoek" in article
    assert (
        "Indien zij ook binnen veertien dagen na ontvangst van die herinnering niet heeft beslist, geldt de goedkeuring als verleend"
        in article
    )
    assert "geldt de goedkeuring als geweigerd" not in article


def test_the_holder_has_a_successor_and_is_named_in_the_deed_not_in_the_statuten(nl: Statuten, company) -> None:
    holder, successor = company.golden_share.holder, company.golden_share.successor
    assert successor is not None
    article = nl.article("golden_share")
    assert f"over te dragen aan {successor.name}, gevestigd te {successor.seat}" in article
    assert f"onder nummer {successor.registration_number}" in article
    assert "die de algemene vergadering binnen drie maanden daarna aanwijst" in article
    assert holder.name not in nl.body
    assert f"wordt het G-aandeel uitgegeven aan {holder.name}, gevestigd te {holder.seat}" in nl.cover
    assert f"onder nummer {holder.registration_number}" in nl.cover


def test_without_a_successor_the_general_meeting_designates_one(tmp_path: Path) -> None:
    data = (SAMPLE / DATA).read_text(encoding="utf-8")
    block = data[data.index("      successor:\n") : data.index("      veto:\n")]
    root = variant(tmp_path, (block, ""))
    article = statuten(root, "nl").article("golden_share")
    assert "Stichting Doelbehoud Nederland" not in article
    assert (
        "over te dragen aan een rechtspersoon die aan die eisen voldoet en die de algemene vergadering binnen drie maanden na het ontstaan van de verplichting aanwijst"
        in article
    )


def test_the_g_share_transfers_with_named_buyers_and_its_special_rights_are_consistent(nl: Statuten) -> None:
    transfer = nl.article("transfer")
    assert "zij wijst dan tegelijk een of meer gegadigden aan die wel aan die eisen voldoen" in transfer
    assert (
        "Aan het G-aandeel zijn geen andere bijzondere rechten verbonden dan die welke deze statuten uitdrukkelijk daaraan verbinden"
        in nl.article("golden_share")
    )
    assert "geen bijzondere rechten:" not in nl.body


# -- board, conflicts, constitution -----------------------------------------------------------


def test_the_board_observes_the_constitution_and_takes_no_instructions_from_roles(nl: Statuten) -> None:
    board = nl.article("board")
    assert (
        "Het bestuur stelt de constitutie vast, en wijzigt of vervangt haar, bij een bestuursbesluit dat de voorafgaande goedkeuring van de algemene vergadering behoeft"
        in board
    )
    assert "Het bestuur neemt de constitutie in acht; dat laat zijn eigen verantwoordelijkheid" in board
    assert (
        "Die rollen en cirkels zijn geen orgaan van de vennootschap en kunnen het bestuur geen aanwijzingen geven"
        in board
    )
    assert "in overeenstemming met besluiten die volgens de constitutie" not in board
    assert "arbeidsvoorwaarden" not in nl.html


def test_conflicts_follow_the_law_and_directors_pay_is_for_the_general_meeting(nl: Statuten) -> None:
    article = nl.article("representation")
    assert (
        "Indien daardoor geen bestuursbesluit kan worden genomen, wordt het besluit genomen door de algemene vergadering"
        in article
    )
    assert "Het enkele feit" not in article and "is geen tegenstrijdig belang" not in article
    assert "ook voor zover een vergoeding voortvloeit uit de associatieovereenkomst" in nl.article("board")


def test_directors_are_named_in_the_cover_note_not_in_the_statuten(nl: Statuten) -> None:
    names = [d.name for _, d in load(SAMPLE).views[0].directors()]
    for name in names:
        assert name in nl.cover
        assert name not in nl.body


# -- the deed matters: the cover note of an existing company ----------------------------------


def test_the_cover_note_carries_the_deed_matters(nl: Statuten, en: Statuten) -> None:
    cover = nl.cover
    assert "Aantekeningen voor de akte van statutenwijziging" in cover
    assert "91374268" in cover
    assert "De akte zet de bestaande aandelen om in A-aandelen en B-aandelen" in cover
    for citation in ("artikel 2:228 lid 5", "artikel 2:216 lid 7", "artikel 2:192 lid 1"):
        assert citation in cover, citation
    assert "niet tegen de wil van een aandeelhouder" in cover
    assert "arbeidsrechtelijk en fiscaal advies" in cover
    assert "Employment and tax advice should therefore be obtained" in en.cover


def test_the_purpose_history_is_in_the_cover_note_and_not_in_the_statuten(nl: Statuten) -> None:
    history = load(SAMPLE).views[0].enterprise.company.purpose_history
    earlier = re.sub(r"\s+", " ", history[-1].purpose["nl"]).rstrip(". ")
    assert earlier in nl.cover
    assert earlier not in nl.body
    assert "verruimd" not in nl.body and "eerder als volgt luidde" not in nl.body


def test_a_company_to_be_incorporated_gets_notes_for_the_deed_of_incorporation_and_a_first_financial_year(
    tmp_path: Path,
) -> None:
    root = variant(tmp_path, ('    registration_number: "91374268"\n', ""))
    doc = statuten(root, "nl")
    assert "Aantekeningen voor de akte van oprichting" in doc.cover
    assert "akte van statutenwijziging" not in doc.cover and "91374268" not in doc.cover
    assert "hoeveel aandelen van elke soort ieder van hen neemt" in doc.cover
    assert "eerst gebonden nadat zij de overeenkomst na de oprichting heeft bekrachtigd" in doc.cover
    assert "artikel 2:203 van het Burgerlijk Wetboek" in doc.cover
    assert "arbeidsrechtelijk en fiscaal advies" in doc.cover
    assert "Het eerste boekjaar van de vennootschap eindigt op 31 december 2027" in doc.article("final")


def test_the_english_cover_note_is_a_translation_and_no_generic_note_is_added(en: Statuten) -> None:
    assert "Notes for the Deed of Amendment" in en.cover
    assert "This is an English translation for information only" not in en.html
    assert "Statutory references are to the Dutch Civil Code" not in en.html


# -- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "calque",
    [
        "Het doel gaat voor",
        "zo'n",
        "zo’n",
        "Is er maar één",
        "heeft de betekenis die daaraan is gegeven",
        "die de zeggenschap",
        "Behalve de",
        "overdracht intrekken",
        "aandeelhoudersregister",
        "rentmeester",
        "steward",
        "2:201a",
    ],
)
def test_notarial_dutch_without_calques(nl: Statuten, calque: str) -> None:
    assert calque not in nl.body + nl.cover


def test_conditions_read_indien_not_an_inverted_verb(nl: Statuten) -> None:
    # "Wordt ..., dan ..." and "Is dat niet het geval, dan ..." are spoken Dutch; statuten say "indien"
    assert not re.search(r", dan (?!wel\b)", nl.body + nl.cover)
    assert nl.body.count("Indien ") >= 10


def test_defined_terms_are_used_alike(nl: Statuten) -> None:
    # "het Doel" is the defined purpose; a lower-case "het doel" is only generic
    assert "het Doel" in nl.body
    assert "bij het doel" not in nl.body and "voor het doel" not in nl.body
    assert "het register" in nl.article("general_meeting")
    assert (
        "certificaten van aandelen zijn geen vergaderrechten verbonden als bedoeld in artikel 2:227 lid 2"
        in nl.article("capital")
    )
    definitions = nl.article("definitions")
    assert "liquidatiesaldo: hetgeen van het vermogen van de ontbonden vennootschap overblijft" in definitions


def test_the_articles_are_listed_as_de_artikelen_not_artikel_artikel(nl: Statuten) -> None:
    assert not re.search(r"artikel \d+, artikel \d+", nl.body)
    amendment = nl.article("amendment")
    assert (
        "Die goedkeuring is in het bijzonder vereist voor een wijziging van de artikelen 3, 4, 5, 13, 14, 15 en 16,"
        in amendment
    )


def test_english_translation_reads_as_english(en: Statuten) -> None:
    assert "class A shares, each with a nominal value" in en.article("capital")
    assert "shares A" not in en.html and "shares B" not in en.html
    assert "perform legal acts" not in en.html
    general_meeting = en.article("general_meeting")
    assert "The Board convenes the General Meeting by notice to the Meeting Rights Holders" in general_meeting
    assert "calls the Meeting Rights Holders" not in en.html
    assert "The object of the Company is to help" in en.article("purpose")
    citations = re.findall(r"article 2:\d+\w*(?:\(\d+\))*(?:\([a-z]\))? of the ([A-Z][\w ]+?)[,.;)]", en.body)
    assert citations and set(citations) == {"Dutch Civil Code"}


def test_the_pdf_has_curly_quotes_and_the_cover_note(tmp_path: Path) -> None:
    build(SAMPLE, out=tmp_path, documents=["statutes"], languages=["nl"], jobs=1)
    text = pdf_text(tmp_path / "stroomkracht" / "statutes.nl.pdf")
    assert '"' not in text and "'" not in text
    assert "“hij” of “zijn”" in text
    assert "Aantekeningen voor de akte van statutenwijziging" in text
    assert "Voorafgaande opmerking" not in text


def test_the_incorporation_notes_name_only_the_classes_of_shares_that_are_taken(tmp_path: Path) -> None:
    root = variant(
        tmp_path, ('    registration_number: "91374268"\n', ""), ("        issued: 10000\n", "        issued: 0\n")
    )
    for lang, words in (("nl", "B-aandelen"), ("en", "Class B Shares")):
        cover = statuten(root, lang).cover
        assert "nul (0)" not in cover and "zero (0)" not in cover, lang  # no founder takes no shares
        assert f"(10000) {words}" not in cover
