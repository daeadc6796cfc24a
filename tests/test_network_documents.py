"""The Purpose Agent Agreement (one per agent) and the Adoption Declaration (one per
enterprise), checked on the samples as an agent, a ratifier and a reviewer would read them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from agreements import formatting
from agreements.lint import lint_project
from agreements.plan import make_plan
from agreements.project import load
from agreements.tree import Definition, Document, Reference, SignatureBlock, TermUse, Text

from .helpers import pdf_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = {"stroomkracht": ROOT / "samples" / "stroomkracht", "hedgerow": ROOT / "samples" / "hedgerow"}
ORIGINAL = {"stroomkracht": "nl", "hedgerow": "en"}  # the language each sample's documents are drawn up in
DOCUMENTS = ["purpose-agent-agreement", "adoption-declaration"]


def members(sample: str) -> list[str]:
    data = load(SAMPLES[sample]).views[0]
    return [a.id for a in data.members()]


def text_of(doc: Document) -> str:
    """The words of a document tree, as one string (numbering and markup left out)."""
    pieces: list[str] = []

    def inline(node) -> None:  # type: ignore[no-untyped-def]
        if hasattr(node, "children"):
            for child in node.children:
                inline(child)
        elif isinstance(node, Reference):
            pieces.append(node.label)
        elif isinstance(node, (Text, TermUse, Definition)):
            pieces.append(node.text or getattr(node, "term", ""))

    def block(node) -> None:  # type: ignore[no-untyped-def]
        pieces.append(" ")
        if isinstance(node, SignatureBlock):
            pieces.append(f"{node.name} {node.capacity} {node.on_behalf_of}")
        for child in getattr(node, "children", []):
            inline(child)
        for item in getattr(node, "items", []):
            for b in item.blocks:
                block(b)

    for art in doc.articles:
        pieces.append(f" {art.title} ")
        for b in art.blocks:
            block(b)
    return re.sub(r"\s+", " ", "".join(pieces).replace("\xa0", " "))


@pytest.fixture(scope="module")
def plans():
    """Both samples' plans for the two documents, in their own languages."""
    out = {}
    for sample, folder in SAMPLES.items():
        loaded = load(folder)
        out[sample] = (loaded, make_plan(loaded, DOCUMENTS, ["en", "nl"]))
    return out


def tree(plans, sample: str, document: str, lang: str, agent: str = "") -> Document:
    _, plan = plans[sample]
    return plan.documents[(sample, document, agent, lang)]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both samples' two documents built as PDF, each in its original language."""
    from agreements.build import build

    out = tmp_path_factory.mktemp("network-documents")
    for sample, folder in SAMPLES.items():
        build(folder, out=out, documents=DOCUMENTS, languages=[ORIGINAL[sample]], formats=("pdf",), jobs=2)
    return out


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_one_agreement_per_agent_and_language(sample: str) -> None:
    loaded = load(SAMPLES[sample])
    languages = loaded.config.languages
    plan = make_plan(loaded, ["purpose-agent-agreement"], languages)
    stems = sorted(o.stem for o in plan.outputs)
    expected = sorted(
        f"{sample}/purpose-agent-agreement/{agent}.{lang}" for agent in members(sample) for lang in languages
    )
    assert stems == expected
    assert len(stems) == len(members(sample)) * len(languages)


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_the_built_files_are_named_per_agent(sample: str, built: Path) -> None:
    lang = ORIGINAL[sample]
    found = sorted(p.name for p in (built / sample / "purpose-agent-agreement").glob("*.pdf"))
    assert found == sorted(f"{agent}.{lang}.pdf" for agent in members(sample))
    assert (built / sample / f"adoption-declaration.{lang}.pdf").is_file()


@pytest.mark.parametrize(
    ("sample", "agent", "focus", "named", "not_named"),
    [
        ("stroomkracht", "zoe", "60%", ["Coöperatie Buurtkracht Lombok U.A. (met een toezegging van 30%"], []),
        (
            "stroomkracht",
            "sebastien",
            "50%",
            [
                "Coöperatie Buurtkracht Lombok U.A. (met een toezegging van 20%",
                "Repair Café Oog in Al (met een toezegging van 10%",
            ],
            [],
        ),
        ("stroomkracht", "fatma", "40%", [], ["Buurtkracht", "Lombok"]),
        ("hedgerow", "morwenna", "80%", ["Avon Seed Library CIC (with a commitment of 20%"], []),
        ("hedgerow", "siobhan", "60%", [], ["Severn Vale", "Hedgelaying Co-operative"]),
    ],
)
def test_an_agreement_names_the_focus_share_and_only_disclosed_enterprises(
    built: Path, sample: str, agent: str, focus: str, named: list[str], not_named: list[str]
) -> None:
    text = pdf_text(built / sample / "purpose-agent-agreement" / f"{agent}.{ORIGINAL[sample]}.pdf")
    share = "een focusaandeel toe van" if sample == "stroomkracht" else "The Purpose Agent commits"
    assert f"{share} {focus}" in text
    for words in named:
        assert words in text
    for words in not_named:
        assert words not in text
    if not named:
        assert "hoeft hij niet bekend te maken" in text or "They need not disclose which other enterprises" in text


def test_the_other_enterprises_of_a_discreet_agent_appear_in_no_language(plans) -> None:
    for lang in ("en", "nl"):
        assert "Lombok" not in text_of(tree(plans, "stroomkracht", "purpose-agent-agreement", lang, "fatma"))
        assert "Severn Vale" not in text_of(tree(plans, "hedgerow", "purpose-agent-agreement", lang, "siobhan"))


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_the_agreement_states_the_association_agreements_terms_from_the_same_data(plans, sample: str) -> None:
    loaded, _ = plans[sample]
    ent = loaded.views[0].enterprise
    a = ent.association
    for lang in ("en", "nl"):
        for agent in members(sample):
            text = text_of(tree(plans, sample, "purpose-agent-agreement", lang, agent))
            notice = formatting.period(a.exit.notice_days, "day", lang)
            assert (f"opzegtermijn van {notice}" if lang == "nl" else f"{notice}, the same period") in text or (
                f"van ten minste {notice}" in text or f"of at least {notice}" in text
            ), (agent, lang)
            assert formatting.period(a.commitments.change_notice_days, "day", lang) in text
            assert formatting.period(a.confidentiality.years_after_exit, "year", lang) in text
            assert formatting.period(a.disputes.internal_days, "day", lang) in text
            assert formatting.period(a.disputes.mediation_days, "day", lang) in text
            assert str(a.disputes.seat) in text
            if a.disputes.arbitration_institute:
                assert a.disputes.arbitration_institute in text
            draw = a.compensation.monthly_draw_full_focus
            assert formatting.money(draw.amount, draw.currency, lang).replace("\xa0", " ") in text


def test_the_disputes_forum_follows_the_data(plans) -> None:
    nl = text_of(tree(plans, "stroomkracht", "purpose-agent-agreement", "nl", "zoe"))
    assert "beslecht door arbitrage overeenkomstig het arbitragereglement van het Nederlands Arbitrage Instituut" in nl
    assert "De plaats van arbitrage is Utrecht" in nl
    en = text_of(tree(plans, "hedgerow", "purpose-agent-agreement", "en", "morwenna"))
    assert "The courts of England and Wales have exclusive jurisdiction" in en


def test_the_draw_is_the_full_focus_amount_times_the_focus_share(plans) -> None:
    assert "€ 1.920,00 per maand" in text_of(tree(plans, "stroomkracht", "purpose-agent-agreement", "nl", "zoe"))
    assert "£1,560.00 a month" in text_of(tree(plans, "hedgerow", "purpose-agent-agreement", "en", "siobhan"))


def test_the_agreement_follows_each_agents_status_assessment(plans) -> None:
    zoe = text_of(tree(plans, "stroomkracht", "purpose-agent-agreement", "nl", "zoe"))
    assert "luidt: “zelfstandige”" in zoe
    assert "gebruikelijkloonregeling" in zoe and "houdt één van de vijf geplaatste Stewardaandelen" in zoe
    assert "artikel 2:239 lid 6 BW" in zoe  # a director's own agreement is decided by the general meeting
    daan = text_of(tree(plans, "stroomkracht", "purpose-agent-agreement", "nl", "daan"))
    assert "gaan deze Overeenkomst daarom aan als arbeidsovereenkomst" in daan
    anouk = text_of(tree(plans, "stroomkracht", "purpose-agent-agreement", "nl", "anouk"))
    assert "houdt op de Ingangsdatum nog geen Stewardaandelen" in anouk
    siobhan = text_of(tree(plans, "hedgerow", "purpose-agent-agreement", "en", "siobhan"))
    assert "O’Driscoll Hedgecraft Ltd" in siobhan and "Chapter 10 of Part 2 of ITEPA" in siobhan
    assert "IR35" in siobhan
    kwame = text_of(tree(plans, "hedgerow", "purpose-agent-agreement", "en", "kwame"))
    assert "pays them through PAYE" in kwame and "section 228 of that Act" in kwame
    for sample in SAMPLES:
        for lang in ("en", "nl"):
            for agent in members(sample):
                text = text_of(tree(plans, sample, "purpose-agent-agreement", lang, agent))
                assert re.search(
                    r"employment and tax advi[cs]e|arbeidsrechtelijk en fiscaal advies|fiscale adviseur", text
                ), agent
                assert "without withholding" not in text and "zonder inhouding van" not in text
                assert not re.search(r"independent partner|zelfstandige partner", text, re.IGNORECASE)


def test_ending_the_agreement_does_not_end_purpose_agent_status(plans) -> None:
    nl = text_of(tree(plans, "stroomkracht", "purpose-agent-agreement", "nl", "zoe"))
    assert "door de Vennootschap alleen, dan eindigt daardoor niet de deelname" in nl
    assert "met een meerderheid van ten minste twee derde van hen" in nl  # removal_majority: two-thirds
    en = text_of(tree(plans, "hedgerow", "purpose-agent-agreement", "en", "priya"))
    assert "does not by itself end the Purpose Agent’s participation" in en
    assert "for whatever reason and by whichever party" in en  # as the Association Agreement says it
    # the same majority, in the same words, as the Articles
    assert "a majority of at least two-thirds of all the other Purpose Agents" in en


def signatures(doc: Document, article_id: str) -> list[SignatureBlock]:
    art = next(a for a in doc.articles if a.id == article_id)
    return [b for b in art.blocks if isinstance(b, SignatureBlock)]


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_ratifiers_and_partners_each_have_a_signature_block(plans, sample: str) -> None:
    loaded, _ = plans[sample]
    data = loaded.views[0]
    by_id = {a.id: a.name for a in data.members()}
    for lang in ("en", "nl"):
        doc = tree(plans, sample, "adoption-declaration", lang)
        ratifiers = [by_id[r.agent] for r in data.enterprise.organisation.ratifiers]
        assert [s.name for s in signatures(doc, "adoption.ratifiers")] == ratifiers
        assert [s.name for s in signatures(doc, "adoption.partners")] == [a.name for a in data.partners()]
        assert doc.parties == ratifiers


def test_the_company_signs_its_agreement_by_two_directors(plans) -> None:
    doc = tree(plans, "stroomkracht", "purpose-agent-agreement", "nl", "ruud")
    blocks = signatures(doc, "purpose_agent.signatures")
    assert [(s.name, s.on_behalf_of) for s in blocks] == [
        ("Daan Verhoeven", "Stroomkracht B.V."),
        ("Zoë van den Berg", "Stroomkracht B.V."),
        ("Ruud ’t Hooft", ""),
    ]
    doc = tree(plans, "hedgerow", "purpose-agent-agreement", "en", "siobhan")
    assert [s.on_behalf_of for s in signatures(doc, "purpose_agent.signatures")] == [
        "Hedgerow Growers Ltd",
        "Hedgerow Growers Ltd",
        "O’Driscoll Hedgecraft Ltd",
        "",
    ]


def test_the_adoption_declaration_names_the_articles_adopted_and_the_fallback(built: Path) -> None:
    hedgerow = pdf_text(built / "hedgerow" / "adoption-declaration.en.pdf")
    assert "adopt the Holacracy Constitution, version 5.0" in hedgerow
    for adopted in (
        "Article 1, Organizational Structure",
        "Article 2, Rules of Cooperation",
        "Article 4, Distributed Authority",
        "Article 5, Governance Process",
    ):
        assert adopted in hedgerow
    assert "do not adopt Article 3, Tactical Meetings, of the Constitution" in hedgerow
    assert (
        "the Organisation keeps the meeting practices it has on the Adoption Date, until a Circle Lead changes them"
        in hedgerow
    )
    assert "with effect from 20 April 2027" in hedgerow
    assert "appoint no Circle Lead of the Anchor Circle" in hedgerow
    stroomkracht = pdf_text(built / "stroomkracht" / "adoption-declaration.nl.pdf")
    assert "De Ratificeerders nemen alle artikelen van de Constitutie aan" in stroomkracht
    assert "niet aan. Totdat zij" not in stroomkracht  # nothing left out, so no fallback
    assert "benoemen Daan Verhoeven in die rol" in stroomkracht
    assert "wijzigen de Statuten en de Associatieovereenkomst niet" in stroomkracht


def overlay_organisation(tmp_path: Path, old: str, new: str) -> Path:
    project = tmp_path / "stroomkracht"
    shutil.copytree(SAMPLES["stroomkracht"], project, ignore=shutil.ignore_patterns("out"))
    data = project / "data" / "enterprise.yaml"
    text = data.read_text(encoding="utf-8")
    assert old in text
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


def test_every_article_left_out_has_its_fallback(tmp_path: Path) -> None:
    project = overlay_organisation(tmp_path, "articles: [1, 2, 3, 4, 5]", "articles: [1, 4]")
    loaded = load(project)
    doc = make_plan(loaded, ["adoption-declaration"], ["en"]).documents[
        ("stroomkracht", "adoption-declaration", "", "en")
    ]
    text = text_of(doc)
    assert (
        "do not adopt Article 2, Rules of Cooperation, Article 3, Tactical Meetings or Article 5, Governance Process"
        in text
    )
    assert "each Circle Lead may specify the duties of cooperation" in text
    assert "keeps the meeting practices it has on the Adoption Date" in text
    assert "only the Circle Lead of a circle may change the governance of that circle" in text
    assert "each Role Lead aligns their actions" not in text  # Article 4 is adopted


def test_version_4_1_is_adopted_as_a_whole(tmp_path: Path) -> None:
    project = overlay_organisation(tmp_path, 'version: "5.0"}', 'version: "4.1"}')
    data = project / "data" / "enterprise.yaml"
    data.write_text(
        data.read_text(encoding="utf-8").replace("articles: [1, 2, 3, 4, 5]", "# no articles"), encoding="utf-8"
    )
    loaded = load(project)
    plan = make_plan(loaded, ["adoption-declaration"], ["en", "nl"])
    en = text_of(plan.documents[("stroomkracht", "adoption-declaration", "", "en")])
    assert "adopt the Constitution as a whole" in en
    assert "appoint Daan Verhoeven to that role" in en and "has a Lead Link" in en
    assert "Article 1" not in en
    assert not lint_project(loaded, ["adoption-declaration"], ["en", "nl"]).findings


def test_an_agent_who_works_through_their_own_company_under_dutch_law(tmp_path: Path) -> None:
    project = overlay_organisation(
        tmp_path,
        "    disclose_other_enterprises: true\n    commitments:\n      - enterprise: stroomkracht\n        focus: 60",
        "    disclose_other_enterprises: true\n"
        "    service_company: {name: Van den Berg Energieadvies B.V., kind: company, seat: Utrecht,"
        ' registration_number: "93456781"}\n'
        "    commitments:\n      - enterprise: stroomkracht\n        focus: 60",
    )
    loaded = load(project)
    plan = make_plan(loaded, ["purpose-agent-agreement"], ["nl", "en"], agents=["zoe"])
    nl = text_of(plan.documents[("stroomkracht", "purpose-agent-agreement", "zoe", "nl")])
    assert "Van den Berg Energieadvies B.V., gevestigd te Utrecht, ingeschreven onder nummer 93456781" in nl
    assert "De Vennootschap, de Dienstenvennootschap en de Purpose Agent worden hierna gezamenlijk" in nl
    report = lint_project(loaded, ["purpose-agent-agreement"], ["nl", "en"])
    assert not report.findings, report.lines()


@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_lint_is_clean_for_both_documents(sample: str) -> None:
    report = lint_project(load(SAMPLES[sample]), DOCUMENTS, ["en", "nl"])
    assert not report.findings, report.lines()


def test_no_justified_line_ends_after_a_few_words(plans) -> None:
    """A text box that overflows only by its trailing space must not have its first word
    hyphenated (WeasyPrint 70 did, which stretched a line across the page)."""
    import weasyprint
    from weasyprint.formatting_structure import boxes

    from agreements.render.html import render_html
    from agreements.render.pdf import FolderFetcher  # importing it applies the fix
    from agreements.resources import templates_dir

    loaded, _ = plans["hedgerow"]
    doc = tree(plans, "hedgerow", "purpose-agent-agreement", "en", "siobhan")
    html = render_html([doc], loaded.template_dirs, created="2027-06-01")
    fetcher = FolderFetcher([templates_dir()])
    rendered = weasyprint.HTML(string=html, base_url=templates_dir().as_uri() + "/", url_fetcher=fetcher).render()
    stretched = []

    def walk(box) -> None:  # type: ignore[no-untyped-def]
        children = getattr(box, "children", [])
        lines = [c for c in children if isinstance(c, boxes.LineBox)]
        for line in lines[:-1]:  # every line of a justified block but its last
            spacing = [t.justification_spacing for t in line.descendants() if isinstance(t, boxes.TextBox)]
            if spacing and max(spacing) > 20:
                stretched.append("".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)))
        for child in children:
            walk(child)

    for page in rendered.pages:
        walk(page._page_box)
    assert not stretched


@pytest.mark.parametrize(
    ("sample", "document", "lang", "agent"),
    [
        ("stroomkracht", "purpose-agent-agreement", "nl", "zoe"),
        ("hedgerow", "purpose-agent-agreement", "en", "siobhan"),
        ("hedgerow", "adoption-declaration", "en", ""),
        ("stroomkracht", "adoption-declaration", "nl", ""),
    ],
)
def test_html_snapshot(sample: str, document: str, lang: str, agent: str, snapshot_html) -> None:
    """The documents' HTML as reviewable snapshots: a clause change reads as a diff."""
    from agreements.jobs import RenderJob

    loaded = load(SAMPLES[sample])
    plan = make_plan(loaded, [document], [lang], agents=[agent] if agent else [])
    [output] = plan.outputs
    assert RenderJob.of(output, loaded.template_dirs, loaded.root, final=False).html() == snapshot_html
