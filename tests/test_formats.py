"""Data files may be YAML, JSON or TOML; errors point into whichever file it is."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from agreements.project import load


def _toml(value, key: str = "") -> str:
    """A tiny TOML writer for the test data (tables, arrays of tables, scalars, lists)."""
    scalars, tables, arrays = [], [], []
    for k, v in value.items():
        if isinstance(v, dict):
            tables.append((k, v))
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            arrays.append((k, v))
        else:
            scalars.append(f"{k} = {json.dumps(v, default=str) if not hasattr(v, 'isoformat') else v.isoformat()}")
    out = "\n".join(scalars) + "\n"
    for k, v in tables:
        out += f"\n[{key}{k}]\n" + _toml(v, f"{key}{k}.")
    for k, items in arrays:
        for item in items:
            out += f"\n[[{key}{k}]]\n" + _toml(item, f"{key}{k}.")
    return out


def _convert(project: Path, suffix: str) -> None:
    names = []
    for path in sorted((project / "data").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = path.with_suffix(suffix)
        if suffix == ".json":
            target.write_text(json.dumps(data, indent=2, default=str, ensure_ascii=False), encoding="utf-8")
        else:
            target.write_text(_toml(data), encoding="utf-8")
        path.unlink()
        names.append(f'"data/{target.name}"')
    (project / "agreements.toml").write_text(f"data = [{', '.join(names)}]\n", encoding="utf-8")


def test_json_data_validates(project: Path) -> None:
    _convert(project, ".json")
    assert load(project).data.enterprise.name == "Testkracht"


def test_toml_data_validates(project: Path) -> None:
    _convert(project, ".toml")
    data = load(project).data
    assert [a.name for a in data.agents] == ["Zoë van den Berg", "Daan Verhoeven"]


def test_json_error_points_into_the_json_file(project: Path, cli, monkeypatch) -> None:
    _convert(project, ".json")
    path = project / "data" / "agents.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"focus": 100', '"focus": "lots"'), encoding="utf-8")
    monkeypatch.chdir(project)
    result = cli("validate")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '"lots"' in text)
    assert result.stderr.startswith(f"data/agents.json:{line}:")
    assert (
        "agents[1].commitments[0].focus: write a percentage as a number, e.g. 60 or \"60%\", found 'lots'"
        in result.stderr
    )


def test_toml_error_points_at_the_key(project: Path, cli, monkeypatch) -> None:
    _convert(project, ".toml")
    path = project / "data" / "enterprise.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("notice_days = 60", "notise_days = 60"), encoding="utf-8")
    monkeypatch.chdir(project)
    result = cli("validate")
    assert result.exit_code == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("notise_days"))
    assert f"data/enterprise.toml:{line}:1: enterprise.association.exit.notise_days: unknown key" in result.stderr
