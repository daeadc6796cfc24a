"""Shared fixtures: the sample project, a scratch copy of the small test project, the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from agreements.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "stroomkracht"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _clause_code_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The compiled clause code of this run goes to a folder of its own, not the user's cache
    (processes the tests start inherit it)."""
    os.environ["AGREEMENTS_CACHE_DIR"] = str(tmp_path_factory.mktemp("code-cache"))


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``agreements`` in a fresh process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "agreements", *args],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


class HTMLSnapshot(SingleFileSnapshotExtension):
    """HTML snapshots as readable .html files, so a clause change reviews as a diff."""

    file_extension = "html"
    _write_mode = WriteMode.TEXT


@pytest.fixture
def snapshot_html(snapshot):
    return snapshot.use_extension(HTMLSnapshot)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def run():
    """Run ``agreements`` in a fresh process: ``run("build", ..., cwd=..., env=...)``."""
    return run_cli


@pytest.fixture
def cli():
    """Invoke the command line in this process; returns click's Result."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch copy of the small valid test project."""
    dest = tmp_path / "project"
    shutil.copytree(DATA / "good", dest)
    return dest


ONE_PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ doc.title }}</title><link rel="stylesheet" href="print.css"></head>
<body><h1>{{ doc.title }}</h1><p>{{ doc.company }}, {{ doc.date }}</p></body>
</html>
"""


@pytest.fixture
def one_page_project(project: Path) -> Path:
    """The test project with a one-page layout of its own: a PDF of it takes a fraction of a second."""
    folder = project / "templates" / "association-agreement"
    folder.mkdir(parents=True)
    (folder / "document.html.j2").write_text(ONE_PAGE, encoding="utf-8")
    (project / "templates" / "print.css").write_text("@page { size: A4; margin: 20mm; }\n", encoding="utf-8")
    return project


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once, as PDF and HTML; returns the output folder."""
    out = tmp_path_factory.mktemp("sample-out")
    from agreements.build import build

    build(SAMPLE, out=out, documents=["association-agreement"], languages=["en"], formats=("pdf", "html"), jobs=1)
    return out


@pytest.fixture(scope="session")
def sample_pdf(sample_build: Path) -> Path:
    return sample_build / "stroomkracht" / "association-agreement.en.pdf"


@pytest.fixture(scope="session")
def libreoffice(tmp_path_factory: pytest.TempPathFactory):
    """LibreOffice with a private profile for this session; skips when it is not installed."""
    from .libreoffice import LibreOffice, soffice

    binary = soffice()
    if binary is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui): .docx files not opened")
    return LibreOffice(binary, tmp_path_factory.mktemp("libreoffice"))
