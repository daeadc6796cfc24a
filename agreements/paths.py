"""Which files the engine may read, decided after following symlinks.

Clauses, templates and the files a layout loads are read only from inside the project
folder, the folders its agreements.toml names (a firm library may lie outside the project,
named by a relative path) and the built-in library. A symlink that points anywhere else is
refused, with the link named; so is a folder too large to be a library.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import Location, Problem, relative

MAX_ENTRIES = 10_000  # files and folders in one library or template folder


def inside(path: Path, roots: Iterable[Path]) -> bool:
    """Whether ``path``, with every symlink followed, lies in one of ``roots`` (resolved too)."""
    real = path.resolve()
    return any(real.is_relative_to(root.resolve()) for root in roots)


def outside_link(path: Path, roots: Iterable[Path]) -> Problem | None:
    """A problem naming ``path`` when it leads (through a symlink) out of ``roots``."""
    if inside(path, roots):
        return None
    return Problem(
        Location(relative(path)),
        f"a link to '{path.resolve()}', outside the project and the folders agreements.toml names; "
        "copy the file into the project instead",
    )


def walk(folder: Path, roots: list[Path]) -> Iterator[Path | Problem]:
    """Every file under ``folder`` (links to folders are not followed), in a stable order,
    or a problem for a link out of ``roots`` and for a folder with too many entries."""
    seen = 0
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        base = Path(here)
        for name, is_file in [*((d, False) for d in dirs), *((f, True) for f in sorted(files))]:
            seen += 1
            if seen > MAX_ENTRIES:
                yield Problem(
                    Location(relative(folder)),
                    f"holds more than {MAX_ENTRIES:,} files and folders; name the library's own folder",
                )
                return
            path = base / name
            problem = outside_link(path, roots) if path.is_symlink() else None
            if problem is not None:
                yield problem
            elif is_file:
                yield path
