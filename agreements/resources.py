"""Where the built-in templates and clauses live: inside the installed wheel, or the checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def builtin_root() -> Path:
    """The folder holding the built-in ``templates/`` and ``clauses/``."""
    installed = _PACKAGE / "_builtin"
    if (installed / "templates").is_dir():
        return installed
    return _PACKAGE.parent  # a source checkout: templates/ and clauses/ beside the package


def templates_dir() -> Path:
    return builtin_root() / "templates"


def clauses_dir() -> Path:
    return builtin_root() / "clauses"


def samples_dir() -> Path:
    return builtin_root() / "samples"
