"""The input-addressed cache and the parallel builds: nothing assembled that did not change,
exactly the documents that read a change made again, and the same bytes however it runs."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from agreements.build import build

ROOT = Path(__file__).resolve().parents[1]
NETWORK = ROOT / "samples" / "zaadnetwerk"
SMALL_NETWORK = Path(__file__).resolve().parent / "data" / "network"


def _files(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".agreements.lock"
    }


@pytest.fixture
def network(tmp_path: Path) -> Path:
    dest = tmp_path / "zaadnetwerk"
    shutil.copytree(NETWORK, dest)
    return dest


def test_a_second_build_reuses_everything_without_assembling(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = build(network, out=out, formats=("html",), jobs=1)
    assert first.assembled == len(first.written) > 20
    before = _files(out)
    second = build(network, out=out, formats=("html",), jobs=1)
    assert second.assembled == 0
    assert second.written == []
    assert sorted(second.cached) == sorted(first.written)
    assert _files(out) == before


def test_a_change_to_one_agent_makes_again_exactly_the_documents_that_print_them(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(network, out=out, formats=("html",), jobs=1)
    before = _files(out)
    agents = network / "data" / "agents.yaml"
    text = agents.read_text(encoding="utf-8")
    assert text.count("Lawickse Allee 33") == 1  # Bram's address; he serves Zaadgoed only
    agents.write_text(text.replace("Lawickse Allee 33", "Lawickse Allee 35"), encoding="utf-8")

    again = build(network, out=out, formats=("html",), jobs=1)
    after = _files(out)
    rebuilt = {p.relative_to(out).as_posix() for p in again.written}
    changed = {p for p in after if p.endswith(".html") and after[p] != before.get(p)}
    assert rebuilt == changed  # made again: what prints the address, and nothing else
    assert "zaadgoed/purpose-agent-agreement/bram.nl.html" in rebuilt
    assert "zaadgoed/association-agreement.nl+en.html" in rebuilt
    assert not any(p.startswith(("stadsoogst/", "seedwise/")) for p in rebuilt)
    assert not any("/purpose-agent-agreement/" in p and "/bram." not in p for p in rebuilt)
    assert again.assembled == len(rebuilt) == 9  # its Association Agreement, Adoption Declaration, his own


def test_a_project_template_or_stylesheet_invalidates_the_documents_that_use_it(network: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(network, out=out, formats=("html",), documents=["association-agreement", "adoption-declaration"], jobs=1)
    override = network / "templates" / "adoption-declaration"
    override.mkdir(parents=True)
    base = (ROOT / "templates" / "adoption-declaration" / "document.html.j2").read_text(encoding="utf-8")
    (override / "document.html.j2").write_text(base.replace("</body>", "<p>Copy for the archive</p></body>"))
    again = build(
        network, out=out, formats=("html",), documents=["association-agreement", "adoption-declaration"], jobs=1
    )
    rebuilt = sorted(p.name for p in again.written)
    assert rebuilt and all(name.startswith("adoption-declaration.") for name in rebuilt)
    # three enterprises, in English and Dutch; side by side they use bilingual.html.j2, untouched
    assert rebuilt == ["adoption-declaration.en.html"] * 3 + ["adoption-declaration.nl.html"] * 3

    css = (ROOT / "templates" / "print.css").read_text(encoding="utf-8")
    (network / "templates" / "print.css").write_text(css + "\nh2 { letter-spacing: 0.01em; }\n")
    again = build(
        network, out=out, formats=("html",), documents=["association-agreement", "adoption-declaration"], jobs=1
    )
    assert len(again.written) == 18  # every document uses the stylesheet


def test_jobs_1_jobs_2_and_dask_write_the_same_bytes(tmp_path: Path) -> None:
    pytest.importorskip("distributed", reason="dask.distributed is in the test extras")
    project = tmp_path / "network"
    shutil.copytree(SMALL_NETWORK, project)
    outs = {name: tmp_path / name for name in ("jobs1", "jobs2", "dask")}
    build(project, out=outs["jobs1"], formats=("pdf", "html"), jobs=1)
    build(project, out=outs["jobs2"], formats=("pdf", "html"), jobs=2)
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster):
            build(project, out=outs["dask"], formats=("pdf", "html"), dask=cluster.scheduler_address)
    one = _files(outs["jobs1"])
    assert len([p for p in one if p.endswith(".pdf")]) == 2
    assert _files(outs["jobs2"]) == one
    assert _files(outs["dask"]) == one  # outputs, manifest and cache file alike
