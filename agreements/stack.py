"""The software under the engine that decides a PDF's bytes, by version, without importing WeasyPrint.

Byte identity holds for the same engine, WeasyPrint, Pango and font subsetter: fontTools
(the default, a pinned Python dependency) or HarfBuzz (a system library, chosen with
``font_subsetter = "harfbuzz"`` in agreements.toml). These versions go into every cache
key and into the manifest; reading them costs a few milliseconds (package metadata, and
Pango's version from the shared library itself), so a build that renders nothing never
pays for ``import weasyprint``.
"""

from __future__ import annotations

import ctypes
from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as dist_version
from typing import Literal

from . import __version__

Subsetter = Literal["fonttools", "harfbuzz"]
SUBSETTERS: tuple[Subsetter, ...] = ("fonttools", "harfbuzz")

_PANGO = ("libpango-1.0.so.0", "libpango-1.0.0.dylib", "libpango-1.0.dylib", "libpango-1.0-0.dll")
_HARFBUZZ = ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")


def versions(subsetter: Subsetter = "fonttools") -> dict[str, str]:
    """``agreements``, ``weasyprint``, ``pango``, ``font_subsetter`` and the subsetter's version."""
    out = {
        "agreements": __version__,
        "weasyprint": _package("weasyprint"),
        "pango": _pango(),
        "font_subsetter": subsetter,
    }
    if subsetter == "harfbuzz":
        out["harfbuzz"] = _harfbuzz()
    else:
        out["fonttools"] = _package("fonttools")
    return out


def _package(name: str) -> str:
    try:
        return dist_version(name)
    except PackageNotFoundError:  # not installed: PDFs cannot be made, HTML and DOCX still can
        return "none"


@cache
def _pango() -> str:
    lib = _library(_PANGO)
    if lib is None:
        return "none"
    lib.pango_version.restype = ctypes.c_int
    n = lib.pango_version()  # e.g. 15012 for 1.50.12
    return f"{n // 10000}.{n // 100 % 100}.{n % 100}"


@cache
def _harfbuzz() -> str:
    lib = _library(_HARFBUZZ)
    if lib is None:
        return "none"
    lib.hb_version_string.restype = ctypes.c_char_p
    return lib.hb_version_string().decode("ascii")


def _library(names: tuple[str, ...]) -> ctypes.CDLL | None:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None
