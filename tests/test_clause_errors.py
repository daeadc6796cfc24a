"""A broken clause file fails the build with the clause file and line, and writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

BAD = Path(__file__).resolve().parent / "data" / "bad-clauses"

EXPECTED = {
    "missing-value": "clauses/purpose.en.md:6: company.address: no value for 'company.address' in the data",
    "broken-reference": "clauses/purpose.en.md:6: reference to 'association.nowhere', which is not a clause of "
    "this Association Agreement",
    "template-syntax": "clauses/purpose.en.md:7: template syntax: unexpected '}'",
    "front-matter-typo": "clauses/purpose.en.md:4:1: verison: unknown key 'verison'; did you mean 'version'?",
    "unmet-requires": "clauses/purpose.en.md:7: company.address: the clause requires "
    "'company.address', which the data does not give",
    # a time and size budget for every render: never a hang, a crash or memory exhausted
    "recursion": "clauses/purpose.en.md:6: stopped: the clause calls itself (a macro or a recursive loop) too deeply",
    "endless-loop": "clauses/purpose.en.md:8: stopped: the clause takes more than 1,000,000 steps "
    "(loop iterations and calls)",
    "huge-text": "clauses/purpose.en.md:6: stopped: the clause builds a text or list of more than 1,000,000 "
    "characters or items",
    "huge-list": "clauses/purpose.en.md:6: stopped: the clause builds a text or list of more than 1,000,000 "
    "characters or items",
    "doubling-text": "clauses/purpose.en.md:8: stopped: the clause builds a text or list of more than 1,000,000 "
    "characters or items",
    "padded-text": "clauses/purpose.en.md:6: stopped: the clause builds a text or list of more than 1,000,000 "
    "characters or items",
    "huge-power": "clauses/purpose.en.md:6: cannot print 1e+100: a number too large to print",
    # characters that cannot be printed, or that the engine reserves for its tokens
    "reserved-character": "clauses/purpose.en.md:6:23: the clause holds U+E000, a private-use character the "
    "engine reserves; remove it",
    "lone-surrogate": "clauses/purpose.en.md:6: the clause prints text that holds U+D800, half of a character "
    "(an unpaired surrogate); remove it",
    # a missing value is missing through filters, loops and helpers too
    "missing-through-filter": "clauses/purpose.en.md:6: company.addres: no value for 'company.addres' in the data",
    "missing-in-loop": "clauses/purpose.en.md:7: company.offices: no value for 'company.offices' in the data",
    "missing-items": "clauses/purpose.en.md:7: company.offices: no value for 'company.offices' in the data",
    "missing-to-helper": "clauses/purpose.en.md:6: company.reserve: no value for 'company.reserve' in the data",
}


def test_every_case_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in BAD.iterdir())


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_clause_error_names_file_and_line(case: str, project: Path, cli, monkeypatch) -> None:
    shutil.copytree(BAD / case, project, dirs_exist_ok=True)
    monkeypatch.chdir(project)

    result = cli("build", ".", "-o", "out")

    assert result.exit_code == 1
    assert EXPECTED[case] in result.stderr.splitlines()[0] or any(
        line.startswith(EXPECTED[case]) for line in result.stderr.splitlines()
    ), result.stderr
    assert "Traceback" not in result.output
    assert not (project / "out").exists(), "a failed build must not write anything"


def test_a_clause_over_its_time_budget_is_stopped(project: Path, cli, monkeypatch) -> None:
    monkeypatch.setattr("agreements.clauses.sandbox.MAX_SECONDS", 0.0)  # every render is over time at once
    monkeypatch.chdir(project)
    result = cli("build", ".", "-o", "out", "--format", "html")
    assert result.exit_code == 1
    assert "stopped: the clause takes longer than 0 seconds to render" in result.stderr
    assert "Traceback" not in result.output


def test_failed_build_keeps_previous_outputs(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    assert cli("build", ".", "-o", "out", "--format", "html").exit_code == 0
    html = project / "out" / "testkracht" / "association-agreement.en.html"
    before = html.read_bytes()

    shutil.copytree(BAD / "missing-value", project, dirs_exist_ok=True)
    assert cli("build", ".", "-o", "out", "--format", "html").exit_code == 1

    assert html.read_bytes() == before
    assert not [p for p in (project / "out").rglob("*.tmp")]
