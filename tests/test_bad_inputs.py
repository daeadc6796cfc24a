"""Every broken input under tests/data/bad/ and tests/data/bad-network/ fails with exit 1
and located messages.

Each case folder overlays its files on tests/data/good/ (a network case: on
tests/data/network/); ``expected.txt`` holds the exact lines the user must see on stderr.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data"

BASES = {"bad": "good", "bad-network": "network"}
CASES = sorted(f"{kind}/{p.name}" for kind in BASES for p in (DATA / kind).iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_with_its_location(case: str, tmp_path: Path, cli, monkeypatch) -> None:
    kind, _ = case.split("/")
    project = tmp_path / "project"
    shutil.copytree(DATA / BASES[kind], project)
    shutil.copytree(DATA / case, project, dirs_exist_ok=True)
    expected = (project / "expected.txt").read_text(encoding="utf-8").splitlines()
    monkeypatch.chdir(project)

    result = cli("validate", ".")

    assert result.exit_code == 1
    assert result.stderr.splitlines() == expected
    assert "Traceback" not in result.output


def test_every_case_names_a_file_and_line() -> None:
    for case in CASES:
        for line in (DATA / case / "expected.txt").read_text(encoding="utf-8").splitlines():
            file, _, rest = line.partition(":")
            assert file.endswith((".yaml", ".toml")), line
            assert rest.split(":")[0].isdigit(), line


def test_good_project_validates(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = cli("validate")
    assert result.exit_code == 0, result.output
    assert "valid: Testkracht, 2 Purpose Agents" in result.output


def test_good_network_validates(cli) -> None:
    result = cli("validate", str(DATA / "network"))
    assert result.exit_code == 0, result.output
    assert "valid: Testkracht, Fieldwork, 3 Purpose Agents" in result.output


def test_missing_project_folder_is_a_clear_error(tmp_path: Path, cli) -> None:
    result = cli("validate", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert "no such project folder" in result.stderr


def test_folder_without_config_says_what_is_missing(tmp_path: Path, cli) -> None:
    result = cli("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "agreements.toml: not found" in result.stderr
