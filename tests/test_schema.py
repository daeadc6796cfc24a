"""The JSON Schema for editors: what it declares, that check-jsonschema passes every valid data
file against it, and that it rejects the bad-data cases that are pure format errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agreements.schema import DRAFT, FILE_NAME, MODELINE, data_schema

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLES = sorted(p.parent for p in (ROOT / "samples").glob("*/agreements.toml"))
VALID = [*SAMPLES, DATA / "good", DATA / "network"]

# The cases under tests/data/bad/ whose broken file the schema alone can tell is wrong: a
# wrong type, an unknown key, a badly written or impossible date, a missing field, a value
# out of range, a word outside a list, a KvK number of the wrong length, a B.V.'s name.
FORMAT_ERRORS = [
    "amount-too-large",
    "bv-name",
    "date-format",
    "date-impossible",
    "date-range",
    "enterprise-wrong-type",
    "kvk-digits",
    "missing-field",
    "no-purpose",
    "text-null-or-number",
    "typo-and-range",
    "unknown-key",
    "veto-unknown",
    "wrong-type",
]


def check(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / FILE_NAME
    path.write_text(json.dumps(data_schema()), encoding="utf-8")
    return path


def data_files(project: Path) -> list[Path]:
    return sorted(
        p for p in (project / "data").iterdir() if p.suffix in (".yaml", ".json", ".toml") and p.name != FILE_NAME
    )


def test_the_schema_says_what_it_is(cli) -> None:
    schema = json.loads(cli("schema").output)
    assert schema["$schema"] == DRAFT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] and schema["title"] and schema["description"]
    assert set(schema["properties"]) == {"enterprise", "enterprises", "agents", "network"}
    assert "required" not in schema  # each file holds part of a project's data


def test_every_property_has_a_title_and_a_description() -> None:
    schema = data_schema()
    records = {"(top)": schema, **schema["$defs"]}
    missing = [
        f"{name}.{prop}"
        for name, record in records.items()
        for prop, spec in record.get("properties", {}).items()
        if not spec.get("title") or not spec.get("description")
    ]
    assert missing == []
    assert all(record.get("description") for record in schema["$defs"].values())


def test_the_schema_states_the_formats_the_engine_checks() -> None:
    defs = data_schema()["$defs"]
    focus = defs["Commitment"]["properties"]["focus"]
    assert focus["type"] == ["number", "string"] and focus["maximum"] == 100 and focus["examples"] == [60, "60%"]
    since = defs["Commitment"]["properties"]["since"]
    assert since["format"] == "date" and since["pattern"].startswith("^(19[7-9]")
    kvk = defs["Company"]["allOf"][0]
    assert kvk["if"]["properties"]["form"] == {"const": "bv"}
    assert kvk["then"]["properties"]["registration_number"]["pattern"] == r"^\d{8}$"
    assert defs["Body"]["then"]["properties"]["registration_number"]["pattern"] == r"^\d{8}$"
    assert defs["Company"]["properties"]["form"]["enum"] == ["bv", "ltd", "cic"]
    assert "profit_linked_pay" in defs["GoldenShare"]["properties"]["veto"]["items"]["enum"]
    assert defs["Body"]["type"] == ["object", "string"]  # a body may be given by its name alone


@pytest.mark.parametrize("project", VALID, ids=lambda p: p.name)
def test_check_jsonschema_passes_every_valid_data_file(project: Path, schema_file: Path) -> None:
    result = check(schema_file, data_files(project))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", FORMAT_ERRORS)
def test_check_jsonschema_rejects_each_format_error(case: str, schema_file: Path, cli, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(DATA / "good", project)
    shutil.copytree(DATA / "bad" / case, project, dirs_exist_ok=True)
    assert cli("validate", str(project)).exit_code == 1  # the engine rejects it ...
    broken = data_files(DATA / "bad" / case)
    result = check(schema_file, broken)
    assert result.returncode == 1, result.stdout  # ... and so does the schema
    assert "Schema validation errors were encountered" in result.stdout


@pytest.mark.parametrize("project", SAMPLES, ids=lambda p: p.name)
def test_each_sample_names_its_schema_and_ships_it_current(project: Path, cli) -> None:
    for path in data_files(project):
        assert path.read_text(encoding="utf-8").splitlines()[0] == MODELINE, path
    assert (project / "data" / FILE_NAME).read_text(encoding="utf-8") == cli("schema").output


@pytest.mark.parametrize(("written", "ok"), [("60", True), ('"60"', True), ('"60%"', True), ('"lots"', False)])
def test_focus_is_a_number_or_a_percentage(written: str, ok: bool, project: Path, cli, monkeypatch) -> None:
    agents = project / "data" / "agents.yaml"
    agents.write_text(agents.read_text(encoding="utf-8").replace("focus: 60,", f"focus: {written},"))
    monkeypatch.chdir(project)
    result = cli("validate")
    assert result.exit_code == (0 if ok else 1), result.stderr
    if not ok:
        assert "focus: write a percentage as a number, e.g. 60 or \"60%\", found 'lots'" in result.stderr
