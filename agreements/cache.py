"""Input-addressed cache keys: an output whose key did not change is not rendered again.

A key covers the output's HTML (so the data, the clauses and the templates), the layout
folder its relative URLs resolve against, the engine's and WeasyPrint's versions, and the
content of every file the layout loaded when the output was last made: stylesheets,
fonts and images, in the templates or anywhere else in the project. Those files are
recorded with the output in the manifest, so the next build can hash them again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from importlib.metadata import version as dist_version
from pathlib import Path

from . import __version__
from .layout import Roots, path_of


def cache_key(html: str, fmt: str, base: str, loaded: Mapping[str, str | None]) -> str:
    """A hash of everything an output depends on."""
    h = hashlib.sha256(f"{__version__}|{fmt}|{_weasyprint_version()}|{base}\n".encode())
    for name, sha in sorted(loaded.items()):
        h.update(f"{name}={sha}\n".encode())
    h.update(html.encode("utf-8"))
    return h.hexdigest()


class FileHashes:
    """sha256 of files by layout name, each file read at most once per build."""

    def __init__(self) -> None:
        self._seen: dict[Path, str | None] = {}

    def now(self, roots: Roots, names: Iterable[str]) -> dict[str, str | None]:
        """The current sha256 of each named file (None when it is not there, or leaves its root)."""
        return {name: self._hash(path_of(roots, name)) for name in names}

    def _hash(self, path: Path | None) -> str | None:
        if path is None:
            return None
        if path not in self._seen:
            try:
                self._seen[path] = file_sha256(path) if path.is_file() else None
            except OSError:
                self._seen[path] = None
        return self._seen[path]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _weasyprint_version() -> str:
    try:
        return dist_version("weasyprint")
    except Exception:  # noqa: BLE001 - not installed: PDFs cannot be made, HTML still can
        return "none"
