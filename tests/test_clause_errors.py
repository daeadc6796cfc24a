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


def test_failed_build_keeps_previous_outputs(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    assert cli("build", ".", "-o", "out", "--format", "html").exit_code == 0
    html = project / "out" / "testkracht" / "association-agreement.en.html"
    before = html.read_bytes()

    shutil.copytree(BAD / "missing-value", project, dirs_exist_ok=True)
    assert cli("build", ".", "-o", "out", "--format", "html").exit_code == 1

    assert html.read_bytes() == before
    assert not [p for p in (project / "out").rglob("*.tmp")]
