"""Input-addressed cache keys: an output whose key did not change is not rendered again."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.metadata import version as dist_version
from pathlib import Path

from . import __version__

LAYOUT_SUFFIXES = (".css", ".ttf", ".otf", ".woff", ".woff2", ".png", ".svg", ".jpg")


def resources_digest(template_dirs: Iterable[Path]) -> str:
    """A hash of the files the layout loads (stylesheets, fonts, images); read once per build."""
    h = hashlib.sha256()
    for d in template_dirs:
        for p in sorted(d.rglob("*")):
            if p.is_file() and p.suffix in LAYOUT_SUFFIXES:
                h.update(str(p.relative_to(d)).encode())
                h.update(file_sha256(p).encode())
    return h.hexdigest()


def cache_key(html: str, fmt: str, resources: str) -> str:
    """A hash of everything an output depends on: its HTML, the layout's files, the engine."""
    h = hashlib.sha256(f"{__version__}|{fmt}|{_weasyprint_version()}|{resources}".encode())
    h.update(html.encode("utf-8"))
    return h.hexdigest()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _weasyprint_version() -> str:
    try:
        return dist_version("weasyprint")
    except Exception:  # noqa: BLE001 - not installed: PDFs cannot be made, HTML still can
        return "none"
