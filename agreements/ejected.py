"""Clauses copied into a project (ejected), and the text they were copied from.

``agreements clauses eject`` writes ``ejected_from: {version: ..., sha256: ...}`` into the
copy's front matter: the version and the sha256 of the lower layer's text it was copied
from (normalised as for approvals, without the ``ejected_from`` key itself). Against that
record, an override tells whether the project's copy was edited since, whether the lower
layer's text changed since (the built-in library improved), and whether an edited copy
still carries the version it was copied at. ``clauses status``, ``clauses diff`` and the
lint rules base-moved-on and version-not-bumped-since-eject read it from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .approvals import normalised_text_sha256
from .clauses import Clause, Library

KEY = "ejected_from"
_ENTRY = re.compile(rf"^{KEY}\s*:")
BOM = "\ufeff"


def _front_matter_end(lines: list[str]) -> int | None:
    """The index of the line that closes the front matter, as read_clause finds it."""
    if not lines or lines[0].lstrip(BOM).strip() != "---":
        return None
    return next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)


def without_record(text: str) -> str:
    """A clause file's text without its ``ejected_from`` entry (in flow or block style)."""
    lines = text.split("\n")
    end = _front_matter_end(lines)
    if end is None:
        return text
    kept, skipping = [], False
    for i, line in enumerate(lines):
        if 0 < i < end and _ENTRY.match(line):
            skipping = True
            continue
        if skipping and 0 < i < end and line[:1] in (" ", "\t"):
            continue  # the entry's own lines, in block style
        skipping = False
        kept.append(line)
    return "\n".join(kept)


def with_record(text: str, version: str, sha256: str) -> str:
    """``text`` with ``ejected_from`` recording the version and sha256 it was copied at (any
    earlier record, from a library that ejected it in turn, replaced)."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = without_record(text.replace("\r\n", "\n")).split("\n")
    end = _front_matter_end(lines)
    if end is None:
        return text  # not a clause file read_clause accepts; copied as it is
    lines.insert(end, f"{KEY}: {{version: {version}, sha256: {sha256}}}")
    return newline.join(lines)


def text_sha256(path: Path) -> str:
    """The sha256 that ``ejected_from`` records for a clause file's text."""
    return normalised_text_sha256(without_record(path.read_text(encoding="utf-8-sig")))


def base_of(library: Library, clause: Clause) -> Clause | None:
    """The clause with the same id and language in the nearest layer below ``clause``'s."""
    order = {layer.name: i for i, layer in enumerate(library.layers)}
    mine = order.get(clause.layer, len(order))
    below = [
        c for c in library.shadowed if c.id == clause.id and c.lang == clause.lang and order.get(c.layer, -1) > mine
    ]
    return min(below, key=lambda c: order[c.layer], default=None)


@dataclass(frozen=True)
class Override:
    """A clause of a higher layer and the lower layer's text of the same id and language."""

    clause: Clause
    base: Clause | None
    copy_sha256: str  # the copy's text now, as ejected_from records it
    base_sha256: str  # the lower layer's text now ("" when there is none)

    @property
    def ejected(self) -> bool:
        """The copy records what it was ejected from."""
        return bool(self.clause.ejected_sha256)

    @property
    def edited(self) -> bool:
        """The copy's text differs from the text it was ejected from."""
        return self.ejected and self.copy_sha256 != self.clause.ejected_sha256

    @property
    def base_moved_on(self) -> bool:
        """The lower layer's text changed since the copy was ejected from it."""
        return self.ejected and self.base is not None and self.base_sha256 != self.clause.ejected_sha256

    @property
    def version_not_bumped(self) -> bool:
        """The copy was edited, but still has the version it was ejected at."""
        return self.edited and self.clause.version == self.clause.ejected_version

    @property
    def below(self) -> str:
        return self.base.layer if self.base is not None else "lower layer"

    def status(self) -> str:
        """One line for ``agreements clauses status``."""
        c = self.clause
        head = f"{c.file}: {c.id} ({c.lang}) {c.version}"
        if self.base is None:
            return f"{head}: ejected at {c.ejected_version}; no lower layer has '{c.id}' ({c.lang}) any more"
        over = f"{head}: overrides {self.base.layer} {self.base.version}"
        if not self.ejected:
            return (
                f"{over}; no {KEY} record, so whether the {self.base.layer} text changed since it was copied"
                f" is not known (agreements clauses diff {c.id})"
            )
        edited = "edited since" if self.edited else "not edited"
        if self.base_moved_on:
            return (
                f"{over}; ejected at {c.ejected_version}, {edited}; the {self.base.layer} text changed since it was"
                f" ejected{self._now()}: review it with agreements clauses diff {c.id}"
            )
        return f"{over}; ejected at {c.ejected_version}, {edited}; the {self.base.layer} text is unchanged"

    def _now(self) -> str:
        version = self.base.version if self.base is not None else ""
        return f" (now {version})" if version != self.clause.ejected_version else f" (its version still {version})"

    def findings(self) -> list[tuple[int, str, str]]:
        """(line, rule, message) for the lint: the base moved on, an edit without a new version."""
        c, found = self.clause, []
        if self.base_moved_on and self.base is not None:
            found.append(
                (
                    c.ejected_line or 1,
                    "base-moved-on",
                    f"the {self.base.layer} text of '{c.id}' ({c.lang}) changed since it was ejected at"
                    f" {c.ejected_version}{self._now()}; review the changes with agreements clauses diff {c.id}",
                )
            )
        if self.version_not_bumped:
            found.append(
                (
                    c.version_line or 1,
                    "version-not-bumped-since-eject",
                    f"the text differs from the {self.below} text {c.ejected_version} it was ejected from, but its"
                    f" version is still {c.version}; raise the version",
                )
            )
        return found


def override_of(library: Library, clause: Clause) -> Override | None:
    """``clause`` as an override of a lower layer, or None when it overrides nothing."""
    base = base_of(library, clause)
    if base is None and not clause.ejected_sha256:
        return None
    return Override(clause, base, text_sha256(clause.path), text_sha256(base.path) if base is not None else "")


def overrides(library: Library) -> list[Override]:
    """Every clause text that overrides a lower layer's, by file."""
    found = [override_of(library, c) for c in library.clauses.values() if c.layer != library.layers[-1].name]
    return sorted((o for o in found if o is not None), key=lambda o: (o.clause.file, o.clause.lang))
