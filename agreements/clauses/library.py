"""The clause library: every clause file under the library folders, indexed by id and language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ClauseError, Location, Problem
from ..paths import walk
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
    problems: list[Problem] = field(default_factory=list)  # kept, not raised, when not strict
    shadowed: list[Clause] = field(default_factory=list)  # clauses a higher layer overrides

    @classmethod
    def load(
        cls,
        layers: list[Layer],
        strict: bool = True,
        allowed: list[Path] | None = None,
        reader: Callable[[Path, str], Clause] = read_clause,
    ) -> Library:
        """Read every ``*.md`` file of every layer; collect all problems before failing.

        Files are read only from inside ``allowed`` (default: the layers' own folders) after
        following symlinks; a link elsewhere, or a folder too large to be a library, is a problem.
        ``reader`` reads one clause file (the preview passes one that keeps what it read).
        """
        lib = cls(layers)
        problems: list[Problem] = []
        roots = allowed if allowed is not None else [layer.root for layer in layers]
        for layer in reversed(layers):  # later layers first, so earlier ones override
            seen: dict[tuple[str, str], Clause] = {}
            found = list(walk(layer.root, roots)) if layer.root.is_dir() else []
            problems.extend(p for p in found if isinstance(p, Problem))
            for path in sorted(p for p in found if isinstance(p, Path) and p.suffix == ".md"):
                try:
                    clause = reader(path, layer.name)
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
            # an article (a plain clause or a group of variants) of this layer replaces
            # every lower-layer form of the same article, in the same language
            articles = {(c.group or c.id, c.lang) for c in seen.values()}
            replaced = [k for k, c in lib.clauses.items() if (c.group or c.id, c.lang) in articles]
            lib.shadowed.extend(lib.clauses.pop(k) for k in replaced)
            lib.clauses.update(seen)
        if problems and strict:
            raise ClauseError(problems=problems)
        lib.problems = problems
        return lib

    def get(self, clause_id: str, lang: str) -> Clause | None:
        """The winning clause with this id, unless it is a variant (variants are reached by group)."""
        clause = self.clauses.get((clause_id, lang))
        return clause if clause is not None and clause.group is None else None

    def variants(self, group: str, lang: str) -> list[Clause]:
        """The winning clause of each variant of ``group``, in this language."""
        return sorted(
            (c for (_, lg), c in self.clauses.items() if lg == lang and c.group == group), key=lambda c: c.variant or ""
        )

    def find(self, clause_id: str) -> list[Clause]:
        """Every language of the winning clause with this id (or of a group's variants)."""
        return [c for c in self.clauses.values() if c.id == clause_id or c.group == clause_id]

    def ids(self) -> list[str]:
        return sorted({cid for cid, _ in self.clauses})
