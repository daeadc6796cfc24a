"""WeasyPrint imported without compiler runs, opening the same C libraries (agreements/render/libraries.py)."""

from __future__ import annotations

import ctypes.util
import json
import subprocess
import sys
import textwrap

import pytest

from agreements.render import libraries

linux = pytest.mark.skipif(not libraries._cache_is_enough(), reason="the linker's cache is read on Linux only")

PROBE = textwrap.dedent(
    """
    import json, subprocess, sys
    runs = []
    popen = subprocess.Popen.__init__
    def record(self, args, *a, **k):
        runs.append(str(args[0] if isinstance(args, (list, tuple)) else args))
        popen(self, args, *a, **k)
    subprocess.Popen.__init__ = record
    if sys.argv[1] == "engine":
        import agreements.render.pdf
    else:
        import weasyprint
    wanted = ("pango", "harfbuzz", "fontconfig", "gobject")
    opened = sorted({line.split()[-1] for line in open("/proc/self/maps") if any(w in line for w in wanted)})
    print(json.dumps({"runs": runs, "opened": opened}))
    """
)


def probe(how: str) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-P", "-c", PROBE, how], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.splitlines()[-1])


@linux
def test_the_engine_imports_weasyprint_without_compiler_runs_and_opens_the_same_libraries():
    engine, plain = probe("engine"), probe("plain")
    assert engine["runs"] == ["/sbin/ldconfig"]  # the linker's cache, read once
    assert engine["opened"] == plain["opened"]
    assert any("libpango" in path for path in engine["opened"])


@linux
def test_a_name_is_looked_up_as_ctypes_looks_it_up_in_the_cache():
    assert libraries.find_in_cache("pango-1.0") == "libpango-1.0.so.0"
    assert libraries.find_in_cache("c") == ctypes.util.find_library("c")
    assert libraries.find_in_cache("libpango-1.0-0") is None  # WeasyPrint's first guess, not a library here
    assert libraries.find_in_cache("no-such-library") is None


@linux
def test_a_library_the_cache_does_not_name_is_found_by_ctypes_own_search(tmp_path, monkeypatch, capsys):
    (tmp_path / "needs_libc.py").write_text(
        "import ctypes.util\n"
        "FOUND = ctypes.util.find_library('c')\n"
        "if FOUND is None:\n"
        "    print('could not import some external libraries')\n"
        "    raise OSError('libc not found')\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(libraries, "find_in_cache", lambda name: None)
    search = ctypes.util.find_library
    try:
        module = libraries.import_quickly("needs_libc")
    finally:
        sys.modules.pop("needs_libc", None)
    assert module.FOUND == search("c")
    assert ctypes.util.find_library is search
    assert capsys.readouterr().out == ""  # the failed first try says nothing


def test_with_ld_library_path_set_ctypes_searches_as_it_always_does(monkeypatch):
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/pango/lib")
    assert not libraries._cache_is_enough()
