"""Network projects: several enterprises sharing one register of Purpose Agents."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from agreements.build import build
from agreements.project import load

DATA = Path(__file__).resolve().parent / "data"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _hashes(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != "manifest.json" and not p.name.startswith(".")  # not the build's own records
    }


def test_one_enterprise_given_as_a_network_of_one_builds_the_same_bytes(project: Path, tmp_path: Path) -> None:
    build(project, out=tmp_path / "single", formats=("html", "pdf"), jobs=1)
    data = project / "data" / "enterprise.yaml"
    text = data.read_text(encoding="utf-8")
    body, network = text.split("enterprise:\n", 1)[1].split("\nnetwork:")
    lines = ["  " + line if line.strip() else line for line in body.strip("\n").split("\n")]
    lines[0] = "  - " + lines[0].strip()
    data.write_text("enterprises:\n" + "\n".join(lines) + "\nnetwork:" + network, encoding="utf-8")
    assert load(project).data.network_project
    build(project, out=tmp_path / "network", formats=("html", "pdf"), jobs=1)
    assert _hashes(tmp_path / "single") == _hashes(tmp_path / "network")


def test_each_enterprise_of_a_network_gets_its_own_documents(tmp_path: Path) -> None:
    result = build(DATA / "network", out=tmp_path, formats=("html",), jobs=1)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in result.written) == [
        "fieldwork/association-agreement.en.html",
        "testkracht/association-agreement.en.html",
    ]
    fieldwork = (tmp_path / "fieldwork" / "association-agreement.en.html").read_text(encoding="utf-8")
    assert "Fieldwork Ltd" in fieldwork and "Kit Marlowe" in fieldwork
    assert "Daan Verhoeven" not in fieldwork  # not an agent of Fieldwork
    assert "Zoë van den Berg" in fieldwork  # who serves both


def test_enterprise_selects_part_of_a_network(tmp_path: Path) -> None:
    result = build(DATA / "network", out=tmp_path, formats=("html",), enterprises=["fieldwork"], jobs=1)
    assert [p.relative_to(tmp_path).as_posix() for p in result.written] == ["fieldwork/association-agreement.en.html"]


def test_the_sample_network_validates_with_three_enterprises_and_a_shared_register() -> None:
    data = load(SAMPLES / "zaadnetwerk").data
    assert [e.id for e in data.all_enterprises()] == ["zaadgoed", "stadsoogst", "seedwise"]
    assert {e.company.jurisdiction for e in data.all_enterprises()} == {"NL", "GB"}
    assert len(data.agents) >= 12
    lotte = next(a for a in data.agents if a.id == "lotte")
    assert [(c.enterprise, int(c.focus)) for c in lotte.commitments] == [
        ("zaadgoed", 60),
        ("stadsoogst", 25),
        ("seedwise", 15),
    ]
    disclosing = {a.id for a in data.agents if a.disclose_other_enterprises}
    outside = {
        a.id
        for a in data.agents
        if any(c.enterprise in {"zadenbank-gelderland", "norfolk-seed-savers"} for c in a.commitments)
    }
    assert outside - disclosing, "an agent with other work who does not disclose it"
    assert disclosing & {a.id for a in data.agents if len(a.commitments) > 1}


def test_a_network_file_per_enterprise_keeps_its_own_line_numbers(tmp_path: Path, cli) -> None:
    project = tmp_path / "network"
    shutil.copytree(DATA / "network", project)
    path = project / "data" / "fieldwork.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    place: Bristol\n", "    place: Bristol\n    plaec: x\n")
    )
    result = cli("validate", str(project))
    assert result.exit_code == 1
    assert "data/fieldwork.yaml:7:5: enterprises[1].plaec: unknown key 'plaec'; did you mean 'place'?" in result.stderr
