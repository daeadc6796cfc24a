"""The output folder's faults: a clear message and exit 1, and the previous build untouched."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import agreements.output

HTML = Path("out") / "testkracht" / "association-agreement.en.html"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (the lock file aside), by path, with its sha256."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != agreements.output.LOCK
    }


def temporary_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*.tmp")]


def rename_enterprise(project: Path, name: str) -> None:
    """Change the enterprise's name, so that every document must be made again."""
    data = project / "data" / "enterprise.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("name: Testkracht", f"name: {name}"), encoding="utf-8")


@pytest.fixture
def built(project: Path, cli, monkeypatch) -> Path:
    """The test project, built once as HTML into out/; returns the project folder."""
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 0, result.output
    assert "name: Testkracht" in (project / "data" / "enterprise.yaml").read_text(encoding="utf-8")
    return project


def test_a_file_where_the_output_folder_must_be(built: Path, cli) -> None:
    (built / "elsewhere").write_text("my notes\n", encoding="utf-8")
    result = cli("build", ".", "--format", "html", "-o", "elsewhere")
    assert result.exit_code == 1
    assert result.stderr.startswith("elsewhere: a file is in the way: the build needs a folder here")
    assert (built / "elsewhere").read_text(encoding="utf-8") == "my notes\n"


def test_a_file_where_the_enterprise_folder_must_be(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    (project / "out").mkdir()
    (project / "out" / "testkracht").write_text("not a folder\n", encoding="utf-8")
    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 1
    assert "out/testkracht: a file is in the way: the build needs a folder here; move the file away" in result.stderr
    assert snapshot(project / "out") == {"testkracht": hashlib.sha256(b"not a folder\n").hexdigest()}
    assert "Traceback" not in result.output


def test_a_folder_where_an_output_or_the_manifest_must_be(built: Path, cli) -> None:
    before = snapshot(built / "out")
    (built / "out" / "testkracht" / "association-agreement.en.pdf").mkdir()
    result = cli("build", ".", "--format", "html", "--format", "pdf")
    assert result.exit_code == 1
    assert (
        "out/testkracht/association-agreement.en.pdf: a folder is in the way: the build writes the file "
        "'association-agreement.en.pdf' here; move the folder away"
    ) in result.stderr
    assert snapshot(built / "out") == before

    (built / "out" / "testkracht" / "association-agreement.en.pdf").rmdir()
    (built / "out" / "manifest.json").rename(built / "manifest.json")
    (built / "out" / "manifest.json").mkdir()
    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 1
    assert "out/manifest.json: a folder is in the way" in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"versions": {}, "enterprises": {', "out/manifest.json:1:34: not a valid manifest: Expecting property name"),
        ("[1, 2, 3]\n", "out/manifest.json: not a manifest written by agreements"),
        ('{"enterprises": {"testkracht": {"outputs": [{"path": 3}]}}}', "out/manifest.json: not a manifest written"),
    ],
)
def test_a_malformed_previous_manifest_is_left_as_it_is(built: Path, cli, text: str, message: str) -> None:
    (built / "out" / "manifest.json").write_text(text, encoding="utf-8")
    before = snapshot(built / "out")
    rename_enterprise(built, "Testkracht Nieuw")
    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert "move it away to start a new manifest" in result.stderr
    assert snapshot(built / "out") == before
    assert temporary_files(built / "out") == []


def test_a_full_disk_changes_nothing(built: Path, cli, monkeypatch) -> None:
    before = snapshot(built / "out")
    rename_enterprise(built, "Testkracht Nieuw")  # the output must be written again
    writes: list[int] = []
    write = agreements.output._write_bytes

    def fill_up(fd: int, content: bytes) -> None:
        writes.append(len(content))
        if len(writes) == 2:  # the output is staged; the disk is full when the manifest follows
            os.close(fd)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        write(fd, content)

    monkeypatch.setattr(agreements.output, "_write_bytes", fill_up)
    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 1
    assert result.stderr == (
        "out/manifest.json: cannot write: the disk is full; the previous outputs and manifest are as they were\n"
    )
    assert len(writes) == 2
    assert snapshot(built / "out") == before
    assert temporary_files(built / "out") == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next(built: Path, cli) -> None:
    out = built / "out"
    leftovers = [out / ".manifest.json.k2j3h4g5.tmp", out / "testkracht" / ".association-agreement.en.pdf.ab_cd123.tmp"]
    mine = [out / "notes.tmp", out / ".notes", out / "testkracht" / "draft.pdf"]
    for path in leftovers + mine:
        path.write_bytes(b"half")
    result = cli("build", ".", "--format", "html")
    assert result.exit_code == 0, result.output
    assert not any(p.exists() for p in leftovers)
    assert all(p.read_bytes() == b"half" for p in mine)  # only the build's own temporary files go


def _without_override() -> None:
    """In the child, before it runs Python: drop root's power to write where permissions forbid."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, from the bounding set
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            os._exit(99)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="read-only folders are simulated on Linux only")
def test_a_read_only_output_folder(built: Path) -> None:
    out = built / "out"
    before = snapshot(out)
    rename_enterprise(built, "Testkracht Nieuw")
    folders = [out, out / "testkracht"]
    for folder in folders:
        folder.chmod(0o555)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "agreements", "build", ".", "--format", "html"],
            cwd=built,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=_without_override if os.geteuid() == 0 else None,  # root ignores permissions
        )
    finally:
        for folder in folders:
            folder.chmod(0o755)
    if proc.returncode == 99:
        pytest.skip("running as root without the right to drop CAP_DAC_OVERRIDE, so nothing is read-only")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == "out: the folder is read-only; make it writable or build into another folder (-o)\n"
    assert snapshot(out) == before
    assert temporary_files(out) == []
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8"))["enterprises"]["testkracht"]
