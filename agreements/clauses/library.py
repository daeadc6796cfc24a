"""The clause library: every clause file under the library folders, indexed by id and language."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClauseError, Location, Problem
from .clause import Clause, read_clause


@dataclass
class Layer:
    """One folder of clause files; earlier layers win over later ones."""

    name: str
    root: Path


@dataclass
class Library:
    layers: list[Layer]
    clauses: dict[tuple[str, str], Clause] = field(default_factory=dict)

    @classmethod
    def load(cls, layers: list[Layer]) -> Library:
        """Read every ``*.md`` file of every layer; collect all problems before failing."""
        lib = cls(layers)
        problems: list[Problem] = []
        for layer in reversed(layers):  # later layers first, so earlier ones override
            seen: dict[tuple[str, str], Clause] = {}
            for path in sorted(layer.root.rglob("*.md")) if layer.root.is_dir() else []:
                try:
                    clause = read_clause(path, layer.name)
                except ClauseError as exc:
                    problems.extend(exc.problems)
                    continue
                key = (clause.id, clause.lang)
                if key in seen:
                    problems.append(
                        Problem(
                            Location(clause.file, 1, 1),
                            f"clause id '{clause.id}' ({clause.lang}) is also defined in {seen[key].file}",
                        )
                    )
                    continue
                seen[key] = clause
            lib.clauses.update(seen)
        if problems:
            raise ClauseError(problems=problems)
        return lib

    def get(self, clause_id: str, lang: str) -> Clause | None:
        return self.clauses.get((clause_id, lang))

    def ids(self) -> list[str]:
        return sorted({cid for cid, _ in self.clauses})
