"""Import WeasyPrint without running a compiler to find its C libraries.

WeasyPrint opens GObject, Pango, HarfBuzz and fontconfig through cffi, trying several names
for each. cffi looks up every name it cannot open directly with ``ctypes.util.find_library``,
which on Linux reads the dynamic linker's cache (``ldconfig -p``) and, for a name it does not
find there, runs gcc and then ld: sixteen compiler runs for WeasyPrint 70, about 0.15 s of CPU
in every process that renders a PDF. While WeasyPrint is imported, :func:`import_quickly`
answers those lookups from one reading of the linker's cache, the first place ctypes looks.

Nothing opens that would not open anyway: where the cache may not be the whole answer
(``LD_LIBRARY_PATH`` is set, or the system is not Linux) ctypes' own search is used, and if
the import fails with the cache alone it is tried again with ctypes' own search.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import importlib
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from types import ModuleType

_LDCONFIG = "/sbin/ldconfig"


def import_quickly(name: str) -> ModuleType:
    """Import the module ``name``, its C libraries found in the linker's cache where that is enough."""
    if name in sys.modules or not _cache_is_enough():
        return importlib.import_module(name)
    try:
        with _lookups_from_cache(), contextlib.redirect_stdout(io.StringIO()):
            return importlib.import_module(name)
    except OSError:  # a library the cache does not name: forget the half-imported modules, search as ctypes does
        for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[loaded]
        return importlib.import_module(name)


def _cache_is_enough() -> bool:
    return sys.platform.startswith("linux") and not os.environ.get("LD_LIBRARY_PATH") and os.path.exists(_LDCONFIG)


@contextlib.contextmanager
def _lookups_from_cache() -> Iterator[None]:
    search = ctypes.util.find_library
    ctypes.util.find_library = find_in_cache
    try:
        yield
    finally:
        ctypes.util.find_library = search


def find_in_cache(name: str) -> str | None:
    """What ``ctypes.util.find_library`` answers from the linker's cache: the soname of
    ``lib<name>.*``, or None where the cache does not hold it."""
    found = re.search(rf"^\s+(lib{re.escape(name)}\.\S+)\s+\(", _linker_cache(), re.MULTILINE)
    return found.group(1) if found else None


@cache
def _linker_cache() -> str:
    try:
        return subprocess.run(
            [_LDCONFIG, "-p"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env={"LC_ALL": "C", "LANG": "C"},
            text=True,
            check=False,
        ).stdout
    except OSError:
        return ""
