"""Builds into one output folder: one at a time, and no manifest entry is lost."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agreements.output import LOCK

fcntl = pytest.importorskip("fcntl", reason="the output folder's lock uses fcntl.flock (POSIX)")


def outputs_in(manifest_file: Path) -> dict[str, list[str]]:
    """Each enterprise's listed outputs; every one must match its file."""
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    found = {}
    for enterprise, section in manifest["enterprises"].items():
        for o in section["outputs"]:
            assert hashlib.sha256((manifest_file.parent / o["path"]).read_bytes()).hexdigest() == o["sha256"]
        found[enterprise] = [o["path"] for o in section["outputs"]]
    return found


def test_pdf_then_html_keeps_both_in_the_manifest(one_page_project: Path, cli, monkeypatch) -> None:
    project = one_page_project
    monkeypatch.chdir(project)
    assert cli("build", ".", "--format", "pdf").exit_code == 0
    assert cli("build", ".", "--format", "html").exit_code == 0
    assert outputs_in(project / "out" / "manifest.json") == {
        "testkracht": ["testkracht/association-agreement.en.html", "testkracht/association-agreement.en.pdf"]
    }
    # an output deleted by hand drops out of the manifest at the next build
    (project / "out" / "testkracht" / "association-agreement.en.pdf").unlink()
    assert cli("build", ".", "--format", "html").exit_code == 0
    assert outputs_in(project / "out" / "manifest.json") == {"testkracht": ["testkracht/association-agreement.en.html"]}


def test_two_builds_at_once_wait_for_each_other_and_keep_both_sections(one_page_project: Path, tmp_path: Path) -> None:
    project = one_page_project
    other = tmp_path / "other"
    shutil.copytree(project, other)
    for data in (other / "data").glob("*.yaml"):
        data.write_text(data.read_text(encoding="utf-8").replace("testkracht", "andere-kracht"), encoding="utf-8")
    out = tmp_path / "shared-out"
    out.mkdir()
    lock = os.open(out / LOCK, os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # a third build is writing: both must wait for it
    builds, logs = [], []
    try:
        for folder, fmt in ((project, "html"), (other, "pdf")):
            log = tmp_path / f"{folder.name}.log"
            logs.append(log)
            with log.open("w") as stderr:  # the build writes to its own copy of the file
                builds.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "agreements", "build", str(folder), "-o", str(out), "--format", fmt],
                        stdout=subprocess.DEVNULL,
                        stderr=stderr,
                    )
                )
        deadline = time.monotonic() + 120
        while not all("waiting for another build" in log.read_text() for log in logs):
            assert all(b.poll() is None for b in builds), [log.read_text() for log in logs]
            assert time.monotonic() < deadline, "the builds never said they were waiting"
            time.sleep(0.05)
    except BaseException:
        for build in builds:
            build.kill()
        raise
    finally:
        os.close(lock)  # releases the lock
    for build in builds:
        assert build.wait(timeout=300) == 0
    message = logs[0].read_text()
    assert message.startswith(f"waiting for another build to finish writing to {out} (it holds {out / LOCK})")
    assert outputs_in(out / "manifest.json") == {
        "andere-kracht": ["andere-kracht/association-agreement.en.pdf"],
        "testkracht": ["testkracht/association-agreement.en.html"],
    }
