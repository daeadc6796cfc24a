"""A killed or interrupted build: no worker outlives it, Ctrl-C exits 130, the manifest stays true."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agreements.output import OutputFolder

from .test_output_folder import rename_enterprise, temporary_files

PROC = Path("/proc")
linux_only = pytest.mark.skipif(
    not (PROC / "self" / "stat").is_file(), reason="finding a build's worker processes needs Linux's /proc"
)


def _state(pid: int) -> tuple[int, str] | None:
    """(parent pid, state letter) of a live process, or None when it is gone."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), fields[0]


def alive(pid: int) -> bool:
    state = _state(pid)
    return state is not None and state[1] not in ("Z", "X")  # a zombie has exited


def workers_of(pid: int) -> list[int]:
    return [int(p.name) for p in PROC.iterdir() if p.name.isdigit() and (_state(int(p.name)) or (0, ""))[0] == pid]


def wait_for(condition, what: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def start_sample_build(sample_dir: Path, out: Path) -> subprocess.Popen:
    """Build every document of the sample as PDF with two workers, in its own process group."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "agreements", "build", str(sample_dir), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        wait_for(lambda: len(workers_of(proc.pid)) >= 2 or proc.poll() is not None, "two render workers")
    except BaseException:
        proc.kill()
        raise
    assert proc.poll() is None, proc.communicate()
    return proc


@linux_only
def test_a_killed_build_leaves_no_worker_behind(sample_dir: Path, tmp_path: Path) -> None:
    proc = start_sample_build(sample_dir, tmp_path / "out")
    workers = workers_of(proc.pid)
    proc.kill()
    proc.communicate(timeout=60)
    wait_for(lambda: not any(alive(w) for w in workers), "the workers to exit after their build was killed", 60)


@linux_only
def test_ctrl_c_cancels_the_renders_and_exits_130(sample_dir: Path, tmp_path: Path) -> None:
    proc = start_sample_build(sample_dir, tmp_path / "out")
    workers = workers_of(proc.pid)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends: the whole process group
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert stderr == "interrupted\n"  # one line: no traceback, from the build or from a worker
    assert "wrote" not in stdout
    wait_for(lambda: not any(alive(w) for w in workers), "the workers to stop", 60)
    assert [p.name for p in (tmp_path / "out").rglob("*")] == [".agreements.lock"]  # nothing rendered was kept


def test_a_kill_between_the_outputs_and_the_manifest_is_repaired(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    out = project / "out"
    assert cli("build", ".", "--format", "html").exit_code == 0
    rename_enterprise(project, "Testkracht Nieuw")

    def killed(self, target, tmp):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt  # the build dies after replacing the outputs, before the manifest

    with monkeypatch.context() as m:
        m.setattr(OutputFolder, "_publish_manifest", killed)
        result = cli("build", ".", "--format", "html")
    assert result.exit_code == 130
    html = out / "testkracht" / "association-agreement.en.html"
    assert "Testkracht Nieuw" in html.read_text(encoding="utf-8")  # the new output is in place
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    listed = [o for s in manifest["enterprises"].values() for o in s["outputs"]]
    assert listed == []  # the manifest does not claim the old output's sha256 for the new file
    assert temporary_files(out) == []

    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 0
    assert "built 1 file(s), 0 unchanged" in result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (entry,) = manifest["enterprises"]["testkracht"]["outputs"]
    assert entry["sha256"] == hashlib.sha256(html.read_bytes()).hexdigest()


def test_an_output_that_no_longer_matches_the_manifest_is_made_again(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    assert cli("build", ".", "--format", "html").exit_code == 0
    html = project / "out" / "testkracht" / "association-agreement.en.html"
    good = html.read_bytes()
    html.write_bytes(good[: len(good) // 2])  # e.g. copied over by hand, or cut short
    assert "built 1 file(s), 0 unchanged" in cli("build", ".", "--format", "html").output
    assert html.read_bytes() == good
