"""`agreements init`: a project of one's own, with placeholders that validate reports until
they are filled in; never a prompt without a terminal; a sample copied, and what is left of it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from agreements.cli import main
from agreements.schema import MODELINE

PLACEHOLDER = re.compile(r'"TODO: ([^"]*)"')
LOCATED = re.compile(r"^data/(enterprise|agents)\.yaml:\d+:\d+: [\w.\[\]-]+: still a placeholder: .+")


def fill_placeholders(folder: Path, seat: str = "Groningen") -> int:
    """Write a value where each placeholder is, as a founder would: a date for a date, an
    e-mail address for an e-mail address ... Returns how many there were."""
    count = 0

    def value(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        what = match.group(1)
        if "YYYY-MM-DD" in what:
            return '"2027-03-01"'
        if "email" in what:
            return f'"agent{count}@example.org"'
        if "focus share" in what:
            return "50"
        if "Companies House" in what:
            return '"12345678"'
        if "municipality" in what or "town" in what:
            return f'"{seat}"'
        return f'"Written by the founder {count}"'

    for path in sorted((folder / "data").glob("*.yaml")):
        path.write_text(PLACEHOLDER.sub(value, path.read_text(encoding="utf-8")), encoding="utf-8")
    return count


def init(tmp_path: Path, cli, *options: str) -> Path:
    folder = tmp_path / "groene-fietsers"
    result = cli("init", str(folder), *options)
    assert result.exit_code == 0, result.output + result.stderr
    return folder


def test_init_writes_a_project_whose_placeholders_validate_reports(tmp_path: Path, cli, monkeypatch) -> None:
    folder = init(
        tmp_path, cli, "--name", "Groene Fietsers B.V.", "--seat", "groningen", "--agents", "4", "--form", "bv"
    )
    enterprise = (folder / "data" / "enterprise.yaml").read_text(encoding="utf-8")
    assert 'legal_name: "Groene Fietsers B.V."' in enterprise  # the name given with its form
    assert 'name: "Groene Fietsers"' in enterprise
    assert 'seat: "Groningen"' in enterprise  # as the municipality is officially written
    assert "Stroomkracht" not in enterprise and "Utrecht" not in enterprise  # our own template, no sample's data
    agents = (folder / "data" / "agents.yaml").read_text(encoding="utf-8")
    assert [line for line in agents.splitlines() if line.startswith("  - id: ")] == [
        f"  - id: agent-{n}" for n in range(1, 5)
    ]
    assert 'languages = ["nl"]' in (folder / "agreements.toml").read_text(encoding="utf-8")

    monkeypatch.chdir(folder)
    result = cli("validate")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    todo = len(PLACEHOLDER.findall(enterprise + agents))
    assert len(lines) == todo + 1  # every placeholder at once, then how many
    assert all(LOCATED.match(line) for line in lines[:-1]), lines
    assert (
        "data/enterprise.yaml:36:12: enterprise.purpose: still a placeholder: why Groene Fietsers exists, in one or"
        " two sentences" in lines
    )
    assert any(
        line.startswith("data/agents.yaml:") and "agents[3].email: still a placeholder" in line for line in lines
    )
    assert lines[-1] == f'{todo} values are still placeholders: write your own where each "TODO:" is'
    assert not any("valid email" in line or "YYYY-MM-DD, found" in line for line in lines)  # the placeholder, only

    assert fill_placeholders(folder) == todo
    result = cli("validate")
    assert result.exit_code == 0, result.stderr
    assert "valid: Groene Fietsers, 4 Purpose Agents" in result.output
    result = cli("build", "--format", "html")
    assert result.exit_code == 0, result.stderr
    statuten = (folder / "out" / "groene-fietsers" / "statutes.nl.html").read_text(encoding="utf-8")
    assert "Groene Fietsers B.V." in statuten and "Groningen" in statuten
    assert (folder / "out" / "groene-fietsers" / "purpose-agent-agreement" / "agent-4.nl.html").is_file()
    assert cli("lint").exit_code == 0


@pytest.mark.parametrize(
    ("form", "language", "agents", "legal_name"),
    [
        ("ltd", "en", "3", "Hazel Works Ltd"),
        ("cic", "en", "1", "Hazel Works CIC"),
        ("bv", "en", "1", "Hazel Works B.V."),
    ],
)
def test_every_form_starts_a_project_that_builds_once_filled(
    form: str, language: str, agents: str, legal_name: str, tmp_path: Path, cli, monkeypatch
) -> None:
    seat = "Bristol" if form != "bv" else "Groningen"
    folder = tmp_path / "hazel"
    args = ["--name", "Hazel Works", "--form", form, "--language", language, "--seat", seat, "--agents", agents]
    assert cli("init", str(folder), *args).exit_code == 0
    fill_placeholders(folder, seat)
    monkeypatch.chdir(folder)
    assert cli("validate").exit_code == 0
    result = cli("build", "--format", "html", "--document", "association-agreement", "--document", "statutes")
    assert result.exit_code == 0, result.stderr
    agreement = (folder / "out" / "hazel-works" / f"association-agreement.{language}.html").read_text(encoding="utf-8")
    assert legal_name in agreement


def test_init_without_a_terminal_never_asks(tmp_path: Path) -> None:
    folder = tmp_path / "de-zaak"
    result = CliRunner().invoke(main, ["init", str(folder)], input="")  # no terminal: options and defaults
    assert result.exit_code == 0, result.output
    enterprise = (folder / "data" / "enterprise.yaml").read_text(encoding="utf-8")
    assert 'legal_name: "De Zaak B.V."' in enterprise  # the name from the folder
    assert 'seat: "TODO: the statutory seat, a Dutch municipality"' in enterprise  # not asked: a placeholder
    assert "?" not in result.output.split("wrote")[0]  # no question was printed


def test_init_on_a_terminal_asks_for_what_is_missing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("agreements.questions.interactive", lambda: True)
    folder = tmp_path / "fietsers"
    answers = "\n".join(["bv", "Groene Fietsers", "", "Groninge", "groningen", "", "4"]) + "\n"
    result = CliRunner().invoke(main, ["init", str(folder)], input=answers)
    assert result.exit_code == 0, result.output
    assert "'Groninge' is not one; did you mean 'Groningen'?" in result.output  # asked again
    enterprise = (folder / "data" / "enterprise.yaml").read_text(encoding="utf-8")
    assert 'legal_name: "Groene Fietsers B.V."' in enterprise and 'seat: "Groningen"' in enterprise
    assert (folder / "data" / "agents.yaml").read_text(encoding="utf-8").count("  - id: agent-") == 4


def test_init_writes_the_schema_beside_the_data_and_names_it_in_each_file(tmp_path: Path, cli) -> None:
    folder = init(tmp_path, cli, "--seat", "Groningen")
    assert (folder / "data" / "agreements.schema.json").read_text(encoding="utf-8") == cli("schema").output
    for name in ("enterprise.yaml", "agents.yaml"):
        assert (folder / "data" / name).read_text(encoding="utf-8").splitlines()[0] == MODELINE


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--seat", "Groninge"], "'Groninge' is not one; did you mean 'Groningen'?"),
        (["--legal-name", "Groene Fietsers"], "the name of a B.V. begins or ends with 'B.V.'"),
        (["--form", "ltd", "--legal-name", "Hazel Works"], "ends with 'Ltd' or 'Limited'"),
        (["--sample", "nope"], "no sample 'nope'; samples: hedgerow, stroomkracht, zaadnetwerk"),
    ],
)
def test_a_wrong_answer_is_a_usage_error(options: list[str], message: str, tmp_path: Path, cli) -> None:
    result = cli("init", str(tmp_path / "x"), *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "x").exists()


def test_init_writes_only_into_an_empty_folder(tmp_path: Path, cli) -> None:
    folder = init(tmp_path, cli)
    again = cli("init", str(folder))
    assert again.exit_code == 1 and "is not empty" in again.stderr


@pytest.mark.parametrize("sample", ["stroomkracht", "hedgerow", "zaadnetwerk"])
def test_a_sample_is_copied_and_remembered(sample: str, tmp_path: Path, cli) -> None:
    folder = tmp_path / "copy"
    assert cli("init", str(folder), "--sample", sample).exit_code == 0
    assert f'started_from = "{sample}"' in (folder / "agreements.toml").read_text(encoding="utf-8")
    assert cli("validate", str(folder)).exit_code == 0
    result = cli("lint", str(folder))
    assert result.exit_code == 1  # nothing renamed yet: all of it is the sample's
    assert ": sample-leftover: " in result.output


def test_the_leftover_rule_finds_what_a_partial_rename_missed(tmp_path: Path, cli, monkeypatch) -> None:
    folder = tmp_path / "copy"
    assert cli("init", str(folder), "--sample", "stroomkracht").exit_code == 0
    data = folder / "data" / "enterprise.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("  name: Stroomkracht\n", "  name: Groene Fietsers\n")
    text = text.replace("legal_name: Stroomkracht B.V.", "legal_name: Groene Fietsers B.V.")
    text = text.replace("address: Kanaalstraat 214, 3531 CK Utrecht", "address: Vismarkt 1, 9712 CA Groningen")
    data.write_text(text, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = cli("lint", ".", "--lang", "en")
    leftovers = [line for line in result.output.splitlines() if ": sample-leftover: " in line]
    assert not any(".name: 'Stroomkracht'" in line or "Kanaalstraat" in line for line in leftovers)  # renamed
    line_of = {n: line for n, line in enumerate(text.splitlines(), start=1)}
    for line in leftovers:
        file, number, *_ = line.split(":")
        assert file == "data/enterprise.yaml" and int(number) in line_of
    assert any(
        "enterprise.id: 'stroomkracht' is from the sample 'stroomkracht'; write your own" in line for line in leftovers
    )
    assert any("association.purpose.en: 'To bring together independent Purpose Agents" in line for line in leftovers)
    assert any("norms.collective[0].en: names 'Stroomkracht' from the sample" in line for line in leftovers)
    assert any("ratifiers[0].capacity.en: names 'Stroomkracht B.V.' from the sample" in line for line in leftovers)
    assert any("agents[1].name: 'Daan Verhoeven' is from the sample" in line for line in leftovers)
    assert any("daan@example.org" in line for line in leftovers)

    config = folder / "agreements.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('started_from = "stroomkracht"\n', ""))
    assert ": sample-leftover: " not in cli("lint", ".", "--lang", "en").output  # the rule is for copies only


@pytest.mark.parametrize("command", ["validate", "lint", "build", "explain --document association-agreement"])
def test_a_placeholder_is_reported_by_every_command(command: str, project: Path, cli, monkeypatch) -> None:
    agents = project / "data" / "agents.yaml"
    agents.write_text(agents.read_text().replace("email: zoe@example.org", 'email: "TODO: Zoë\'s address"'))
    enterprise = project / "data" / "enterprise.yaml"
    enterprise.write_text(enterprise.read_text().replace("effective_date: 2027-03-01", 'effective_date: "TODO: "'))
    monkeypatch.chdir(project)
    result = cli(*command.split())
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "data/agents.yaml:5:12: agents[0].email: still a placeholder: Zoë's address",
        "data/enterprise.yaml:5:19: enterprise.effective_date: still a placeholder: write the value here",
        '2 values are still placeholders: write your own where each "TODO:" is',
    ]  # the placeholder only: not that it is no e-mail address, no date, or a date after the adoption
