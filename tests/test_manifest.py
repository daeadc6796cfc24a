"""The manifest records what went in and what came out; unchanged outputs are not rebuilt."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


def test_manifest_records_inputs_clauses_versions_and_outputs(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    assert cli("build", ".", "--format", "html").exit_code == 0
    manifest = json.loads((project / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert {"agreements", "weasyprint", "pango"} <= set(manifest["versions"])
    section = manifest["enterprises"]["testkracht"]
    inputs = {i["path"]: i["sha256"] for i in section["inputs"]}
    data = project / "data" / "agents.yaml"
    assert inputs["data/agents.yaml"] == hashlib.sha256(data.read_bytes()).hexdigest()
    assert {c["id"] for c in section["clauses"]} >= {"association.exit.dutch_law", "association.definitions.dutch_law"}
    (output,) = section["outputs"]
    html = project / "out" / output["path"]
    assert output["sha256"] == hashlib.sha256(html.read_bytes()).hexdigest()


def test_unchanged_outputs_are_skipped_and_a_clause_edit_rebuilds(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    assert "built 1 file(s), 0 unchanged" in cli("build", ".", "--format", "html").output
    assert "built 0 file(s), 1 unchanged" in cli("build", ".", "--format", "html").output

    assert cli("clauses", "eject", "association.exit", ".").exit_code == 0
    exit_clause = project / "clauses" / "association" / "dutch-law" / "exit.en.md"
    exit_clause.write_text(exit_clause.read_text(encoding="utf-8").replace("may end their", "may freely end their"))
    assert "built 1 file(s), 0 unchanged" in cli("build", ".", "--format", "html").output

    html = project / "out" / "testkracht" / "association-agreement.en.html"
    html.write_text("tampered", encoding="utf-8")  # an output that no longer matches is rebuilt
    assert "built 1 file(s), 0 unchanged" in cli("build", ".", "--format", "html").output
    assert "may freely end their" in html.read_text(encoding="utf-8")
