"""Compiled clause code on disk: a later process does not compile again, a changed or broken
entry is compiled again, and the documents are the same with the cache, without it and
after it was damaged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from agreements.clauses import code_cache

COMPILES = """
import sys
from agreements.build import build
from agreements.clauses.render import ClauseSandbox

calls = []
compile_ = ClauseSandbox.compile
ClauseSandbox.compile = lambda self, *a, **k: calls.append(1) or compile_(self, *a, **k)
build(sys.argv[1], out=sys.argv[2], documents=["association-agreement"], languages=["en"], formats=("html",), jobs=1)
print(len(calls))
"""


def compiles(project: Path, out: Path, cache: str) -> int:
    """How many clause texts a fresh build process compiled."""
    proc = subprocess.run(
        [sys.executable, "-c", COMPILES, str(project), str(out)],
        capture_output=True,
        text=True,
        env={"AGREEMENTS_CACHE_DIR": cache, "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.strip().splitlines()[-1])


def html(out: Path) -> bytes:
    return (out / "testkracht" / "association-agreement.en.html").read_bytes()


def test_a_later_build_compiles_nothing_and_makes_the_same_document(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert compiles(project, tmp_path / "a", str(cache)) > 10  # the first build compiles every clause text
    assert list((cache / "clauses").glob("*.bin"))
    assert compiles(project, tmp_path / "b", str(cache)) == 0
    assert html(tmp_path / "a") == html(tmp_path / "b")


def test_a_changed_clause_or_a_damaged_entry_is_compiled_again(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    compiles(project, tmp_path / "a", str(cache))
    entries = sorted((cache / "clauses").glob("*.bin"))
    entries[0].write_bytes(b"not marshal data")
    entries[1].write_bytes(entries[1].read_bytes()[:10])
    assert compiles(project, tmp_path / "b", str(cache)) == 2
    assert html(tmp_path / "a") == html(tmp_path / "b")

    clause = project / "clauses" / "purpose.en.md"
    clause.parent.mkdir(exist_ok=True)
    clause.write_text("---\nid: association.purpose\ntitle: Purpose\nversion: 9.0.0\n---\nA new text.\n")
    assert compiles(project, tmp_path / "c", str(cache)) == 1
    assert b"A new text." in html(tmp_path / "c")


def test_the_cache_can_be_turned_off(project: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("AGREEMENTS_CACHE_DIR", "off")
    assert code_cache.folder() is None
    assert compiles(project, tmp_path / "a", "off") > 10
    assert compiles(project, tmp_path / "b", "off") > 10
    assert not (tmp_path / "home").exists()


def test_an_unwritable_cache_folder_only_means_compiling(project: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way\n")  # the cache folder cannot be made below a file
    assert compiles(project, tmp_path / "a", str(blocked)) > 10
    assert compiles(project, tmp_path / "b", str(blocked)) > 10
    assert html(tmp_path / "a") == html(tmp_path / "b")
