"""One error tree. Every user error says where: file, line, column, field path.

Messages are built here, in the classes, so the command line only prints them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A position in a user's file; line and column are 1-based (0: unknown)."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line and self.col:
            return f"{self.file}:{self.line}:{self.col}"
        if self.line:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, printed as ``FILE:LINE:COL: path: message``."""

    location: Location
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f"{self.location}: "
        return f"{where}{self.path}: {self.message}" if self.path else f"{where}{self.message}"


class AgreementsError(Exception):
    """Base of every error the engine reports to a user (exit code 1)."""

    exit_code = 1

    def lines(self) -> list[str]:
        return [str(self)]


class ProblemsError(AgreementsError):
    """An error made of one or more located problems, all reported at once."""

    def __init__(self, *, problems: list[Problem], hint: str = ""):
        self.problems = sorted(problems, key=_order)
        self.hint = hint  # a closing line: what the user can do about them
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + ([self.hint] if self.hint else [])


def _order(problem: Problem) -> tuple[str, int, int, str, str]:
    """Problems print by file, line and column (then field path), whatever found them."""
    loc = problem.location
    return (loc.file, loc.line, loc.col, problem.path, problem.message)


class DataError(ProblemsError):
    """The project's data (or its agreements.toml) is malformed or invalid."""


class ConfigError(ProblemsError):
    """agreements.toml is missing or wrong."""


class ClauseError(ProblemsError):
    """A clause or outline file is wrong, or a clause cannot be rendered with the data."""


class OutputError(ProblemsError):
    """The output folder cannot take the outputs (read-only, full, something in the way)."""


class TemplateError(AgreementsError):
    """A document template failed; names the template and line."""

    def __init__(self, *, name: str, line: int, message: str):
        self.name, self.line = name, line
        super().__init__(f"{name}:{line}: {message}")


class LintError(AgreementsError):
    """Drafting rules failed (``build --strict`` or ``lint``); the report is its lines."""

    def __init__(self, *, lines: list[str]):
        self._lines = lines
        super().__init__("\n".join(lines))

    def lines(self) -> list[str]:
        return list(self._lines)


class SignOffError(LintError):
    """A final build uses clause texts that are unapproved or changed since approval."""


class UsageError(AgreementsError):
    """The command was asked for something that does not exist (exit code 2)."""

    exit_code = 2


BUILT_IN = "built-in:"  # how a file of the built-in library is named, wherever it is installed


def relative(path: Path | str) -> str:
    """A path as the user would type it: relative to the current folder when inside it; a file
    of the built-in clause library or templates as ``built-in:clauses/association/exit.en.md``."""
    p = Path(path)
    # a symlink is named as it is written, not by where it points
    full = p.parent.resolve() / p.name if p.name not in ("", ".", "..") else p.resolve()
    builtin = _built_in(full)
    if builtin is not None:
        return builtin
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(p)


def _built_in(full: Path) -> str | None:
    from .resources import builtin_root

    root = builtin_root().resolve()
    for part in ("clauses", "templates"):
        if full.is_relative_to(root / part):
            return BUILT_IN + full.relative_to(root).as_posix()
    return None
