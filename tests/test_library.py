"""The lawyer's path: layers, template extension, numbering, defined terms, eject, explain."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from agreements.resources import clauses_dir, templates_dir
from agreements.tree import Reference, walk_inlines

from .helpers import render_jobs, unmarked

DATA = Path(__file__).resolve().parent / "data"


def overlay(project: Path, name: str) -> Path:
    shutil.copytree(DATA / name, project, dirs_exist_ok=True)
    return project


def html_of(project: Path, lang: str = "en") -> str:
    jobs = render_jobs(project, ["association-agreement"], [lang])
    return jobs[0].html()


def doc_of(project: Path, lang: str = "en"):
    jobs = render_jobs(project, ["association-agreement"], [lang])
    return jobs[0].doc


def test_override_order_across_three_layers(project: Path) -> None:
    html = html_of(overlay(project, "layers"))
    assert "PROJECT-PURPOSE" in html  # the project's clause beats the firm's
    assert "FIRM-PURPOSE" not in html
    assert "FIRM-EXIT" in html  # the firm's clause beats the built-in one
    assert "Amendment" in html  # everything else is built-in


def test_manifest_records_the_winning_layer(project: Path, cli, monkeypatch) -> None:
    import json

    overlay(project, "layers")
    monkeypatch.chdir(project)
    assert cli("build", ".", "--format", "html").exit_code == 0
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    layers = {c["id"]: (c["layer"], c["version"]) for c in manifest["enterprises"]["testkracht"]["clauses"]}
    assert layers["association.purpose"] == ("project", "3.0.0")
    assert layers["association.exit"] == ("firm:firm", "2.0.0")
    assert layers["association.amendment.dutch_law"][0] == "built-in"  # a Dutch company: the Dutch-law variant


def test_template_extends_the_built_in_one_through_base_prefix(project: Path) -> None:
    html = html_of(overlay(project, "layers"))
    assert "Prepared by Van Dijk &amp; Zonen Advocaten" in html
    assert '<h1 class="doc-title">Association Agreement</h1>' in html  # super() kept the built-in


def test_inserting_a_clause_renumbers_every_later_reference(project: Path) -> None:
    before = doc_of(project)
    outline = (templates_dir() / "association-agreement" / "outline.yaml").read_text(encoding="utf-8")
    inserted = outline.replace("  - association.purpose\n", "  - association.inserted\n  - association.purpose\n")
    (project / "templates" / "association-agreement").mkdir(parents=True)
    (project / "templates" / "association-agreement" / "outline.yaml").write_text(inserted, encoding="utf-8")
    (project / "clauses").mkdir()
    (project / "clauses" / "inserted.en.md").write_text(
        "---\nid: association.inserted\ntitle: Inserted\nversion: 1.0.0\n---\n"
        '1. {{ label("first") }}An inserted clause; see {{ ref("association.amendment") }}.\n'
        "2. Its second sub-clause.\n",
        encoding="utf-8",
    )
    after = doc_of(project)

    def labels(doc):
        return {n.target: n.label for a in doc.articles for n in walk_inlines(a.blocks) if isinstance(n, Reference)}

    old, new = labels(before), labels(after)
    amendment = int(re.search(r"\d+", old["association.amendment"])[0])
    assert new["association.amendment"] == f"clause {amendment + 1}"
    numbers = {a.id: a.number for a in after.articles}
    assert numbers["association.inserted"] == "2"
    assert numbers["association.purpose"] == "3"


def test_references_to_labelled_sub_clauses(project: Path) -> None:
    (project / "clauses").mkdir()
    (project / "clauses" / "purpose.en.md").write_text(
        "---\nid: association.purpose\ntitle: Purpose\nversion: 1.0.0\n---\n"
        '1. The first sub-clause; see {{ ref("association.purpose.third") }}.\n'
        "2. The second.\n"
        '3. {{ label("third") }}The third.\n'
        '   1. {{ label("deep") }}A deeper item; see {{ ref("association.purpose.deep") }}.\n',
        encoding="utf-8",
    )
    html = html_of(project)
    # (a space before a link is written inside it; see BlockWriter.inlines)
    assert '<a class="ref" href="#association.purpose.third"> clause 2.3</a>' in html
    assert '<a class="ref" href="#association.purpose.deep"> clause 2.3(a)</a>' in html
    assert '<li id="association.purpose.third"><span class="num">2.3</span>' in html


def test_unicode_terms_are_defined_linked_and_sorted(project: Path, cli, monkeypatch) -> None:
    html = unmarked(html_of(overlay(project, "unicode")))
    assert '<dfn id="term-ijsselmeer-overeenkomst">IJsselmeer-overeenkomst</dfn>' in html
    assert '<a class="term" href="#term-ijsselmeer-overeenkomst"> IJsselmeer-overeenkomst</a>' in html
    assert '<dfn id="term-zoe-s-share">Zoë&#39;s Share</dfn> means the share that Zoë van den Berg holds.' in html
    listing = re.findall(r'<dfn id="term-([a-z0-9-]+)">', html)
    assert listing.index("ijsselmeer-overeenkomst") < listing.index("keeper") < listing.index("zoe-s-share")
    monkeypatch.chdir(project)
    report = cli("lint", ".").output
    assert "IJsselmeer" not in report and "Zoë" not in report


def test_explain_shows_why_a_conditional_clause_is_out(project: Path, cli, monkeypatch) -> None:
    overlay(project, "conditional")
    monkeypatch.chdir(project)
    result = cli("explain", ".", "--document", "association-agreement")
    assert result.exit_code == 0, result.output
    line = next(x for x in result.output.splitlines() if "association.purpose" in x)
    assert line.startswith("out  article")
    assert "[project: clauses/purpose.en.md]" in line
    assert "when: association.ip.policy == \"open\" -> false (association.ip.policy = 'assign')" in line
    assert "association.purpose" not in [a.id for a in doc_of(project).articles]


def test_eject_round_trip(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = cli("clauses", "eject", "association.exit", ".")
    assert result.exit_code == 0, result.output
    ejected = project / "clauses" / "association" / "dutch-law" / "exit.en.md"
    built_in = (clauses_dir() / "association" / "dutch-law" / "exit.en.md").read_text(encoding="utf-8")
    copy = ejected.read_text(encoding="utf-8")
    record = next(line for line in copy.splitlines() if line.startswith("ejected_from:"))
    assert copy.replace(record + "\n", "") == built_in  # the built-in text, and what it was copied from

    ejected.write_text(
        ejected.read_text(encoding="utf-8").replace("may end their", "may at any time end their"), encoding="utf-8"
    )
    assert "may at any time end their" in html_of(project)
    shown = cli("clauses", "show", "association.exit", ".", "--lang", "en").output
    assert "layer:    project (clauses/association/dutch-law/exit.en.md)" in shown
    assert "overrides: built-in" in shown

    again = cli("clauses", "eject", "association.exit", ".")
    assert again.exit_code != 0
    assert "already in the project" in again.stderr
    assert "may at any time end their" in ejected.read_text(encoding="utf-8")


def test_clauses_list_names_the_winning_layer(project: Path, cli, monkeypatch) -> None:
    overlay(project, "layers")
    monkeypatch.chdir(project)
    out = cli("clauses", "list", ".", "--document", "association-agreement", "--lang", "en").output
    rows = {line.split()[0]: line for line in out.splitlines()}
    assert "3.0.0" in rows["association.purpose"] and " project " in rows["association.purpose"]
    assert " firm:firm " in rows["association.exit"]
    assert " built-in " in rows["association.amendment.dutch_law"]


def test_allow_missing_renders_a_named_blank_in_drafts_only(project: Path, cli, monkeypatch) -> None:
    overlay(project, "bad-clauses/missing-value")
    monkeypatch.chdir(project)
    assert cli("build", ".", "--format", "html").exit_code == 1
    result = cli("build", ".", "--format", "html", "--allow-missing")
    assert result.exit_code == 0, result.output
    html = (project / "out" / "testkracht" / "association-agreement.en.html").read_text(encoding="utf-8")
    assert '<span class="blank">[company.address]</span>' in html
    final = cli("build", ".", "--format", "html", "--allow-missing", "--final")
    assert final.exit_code == 2
    assert "final build never leaves blanks" in final.stderr


@pytest.mark.parametrize("rule", sorted(p.name for p in (DATA / "lint").iterdir()))
def test_each_lint_rule_fires_on_its_broken_clause(rule: str, project: Path, cli, monkeypatch) -> None:
    overlay(project, f"lint/{rule}")
    expected = (project / "expected.txt").read_text(encoding="utf-8").strip()
    monkeypatch.chdir(project)
    result = cli("lint", ".")
    assert any(line.startswith(expected) for line in result.output.splitlines()), result.output
    assert f": {rule}: " in expected
    if rule == "term-used-once":  # a warning: exit 0, unless --strict
        assert result.exit_code == 0
        assert cli("lint", ".", "--strict").exit_code == 1
    else:
        assert result.exit_code == 1


def test_lint_json_for_machines(project: Path, cli, monkeypatch) -> None:
    import json

    overlay(project, "lint/broken-reference")
    monkeypatch.chdir(project)
    findings = json.loads(cli("lint", ".", "--format", "json").stdout)
    assert {"file": "clauses/purpose.en.md", "line": 6, "rule": "broken-reference"}.items() <= findings[0].items()


def test_build_strict_lints_first(project: Path, cli, monkeypatch) -> None:
    overlay(project, "lint/term-used-once")
    monkeypatch.chdir(project)
    assert cli("build", ".", "--format", "html").exit_code == 0
    strict = cli("build", ".", "--format", "html", "--strict", "-o", "strict-out")
    assert strict.exit_code == 1
    assert "term-used-once" in strict.stderr
    assert not (project / "strict-out").exists()


def test_lint_report_of_a_broken_project(project: Path, cli, monkeypatch, snapshot) -> None:
    overlay(project, "broken-project")
    monkeypatch.chdir(project)
    result = cli("lint", ".")
    assert result.exit_code == 1
    assert result.output == snapshot  # built-in files are named built-in:clauses/..., wherever installed


def test_variant_chosen_by_the_data_then_by_agreements_toml(project: Path, cli, monkeypatch) -> None:
    overlay(project, "variants")
    html = html_of(project)
    assert "IP-VARIANT-ASSIGN" in html and "IP-VARIANT-OPEN" not in html  # the data says 'assign'
    assert 'id="association.intellectual_property"' in html  # references still reach the group id
    monkeypatch.chdir(project)
    why = cli("explain", ".", "--document", "association-agreement").output
    assert "variant 'assign': when: association.ip.policy == \"assign\" -> true" in why
    assert "variant open" in why

    config = project / "agreements.toml"
    config.write_text(config.read_text() + '\n[variants]\n"association.intellectual_property" = "open"\n')
    html = html_of(project)
    assert "IP-VARIANT-OPEN" in html and "IP-VARIANT-ASSIGN" not in html
    assert (
        "variant 'open' chosen in agreements.toml" in cli("explain", ".", "--document", "association-agreement").output
    )


def test_unknown_variant_in_agreements_toml_is_located(project: Path, cli, monkeypatch) -> None:
    overlay(project, "variants")
    config = project / "agreements.toml"
    config.write_text(config.read_text() + '\n[variants]\n"association.intellectual_property" = "licence"\n')
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 1
    assert (
        "variant 'licence' of 'association.intellectual_property' does not exist; variants: assign, open"
        in result.stderr
    )
