"""The approval ledger: which text of each clause a lawyer approved.

Each clause layer (the project's clauses/, a firm library, the built-in library) keeps an
``approvals.yaml`` beside its clause files, recording per clause id and language the
version, the sha256 of the normalised text, who approved it, when, and a note. A clause
whose text no longer matches is "changed since approved"; one without an entry is
"not approved". ``agreements check`` lists both; a final build refuses them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import Field, RootModel

from .clauses import Clause
from .errors import ClauseError, DataError, Location, Problem, relative
from .loading import parse_text
from .model.base import Model
from .validation import validate

LEDGER = "approvals.yaml"

HEADER = """\
# Approvals of the clause texts in this folder: for each clause id and language, the
# version and the sha256 of the text a lawyer approved, who approved it, when, and why.
# Written by `agreements approve`; do not edit by hand. A clause whose text changed since
# needs a new approval before a final build (`agreements check` lists them).
"""


class Approval(Model):
    """One lawyer's approval of one clause text."""

    version: str = Field(min_length=1, description="The clause's version when approved.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="sha256 of the normalised clause text.")
    by: str = Field(min_length=1, description="Who approved it.")
    date: dt.date = Field(description="When.")
    note: str | None = Field(default=None, description="Why, or what was checked.")


class Ledger(RootModel[dict[str, dict[str, Approval]]]):
    """A layer's ledger: clause id -> language -> approval."""


def normalised_sha256(path: Path) -> str:
    """sha256 of a clause file's text with line endings, trailing spaces, blank lines at the
    ends and Unicode normal form made uniform, so that an editor's whitespace is no change."""
    return normalised_text_sha256(path.read_text(encoding="utf-8"))


def normalised_text_sha256(text: str) -> str:
    """sha256 of a clause text, normalised as ``normalised_sha256`` does."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    lines = [line.rstrip() for line in text.split("\n")]
    return hashlib.sha256("\n".join(lines).strip("\n").encode("utf-8")).hexdigest()


def read_ledger(folder: Path) -> dict[str, dict[str, Approval]]:
    """The ledger of a clause folder (empty when it has none); a malformed one is a located error."""
    path = folder / LEDGER
    if not path.is_file():
        return {}
    try:
        loaded = parse_text(path.read_text(encoding="utf-8"), relative(path), "yaml")
    except DataError as exc:
        raise ClauseError(problems=exc.problems) from None
    return validate(Ledger, loaded, ClauseError).root


def write_ledger(folder: Path, ledger: dict[str, dict[str, Approval]]) -> Path:
    """Write a ledger, sorted, atomically."""
    plain = {
        cid: {lang: a.model_dump(mode="json", exclude_none=True) for lang, a in sorted(langs.items())}
        for cid, langs in sorted(ledger.items())
    }
    path = folder / LEDGER
    tmp = path.with_name(f".{LEDGER}.tmp")
    tmp.write_text(HEADER + yaml.safe_dump(plain, sort_keys=True, allow_unicode=True, width=100), encoding="utf-8")
    os.replace(tmp, path)
    return path


@dataclass(frozen=True)
class Status:
    """Where one clause text stands against its layer's ledger."""

    clause: Clause
    approval: Approval | None
    sha256: str

    @property
    def approved(self) -> bool:
        return self.approval is not None and self.approval.sha256 == self.sha256

    @property
    def version_unchanged(self) -> bool:
        """The text changed since approval but its version did not (a lint finding)."""
        return self.approval is not None and not self.approved and self.approval.version == self.clause.version

    def line(self) -> str:
        """``FILE:LINE: clause ID (lang): ...`` for ``agreements check``."""
        c = self.clause
        where = Location(c.file, c.version_line or 1)
        if self.approval is None:
            return f"{where}: clause {c.id} ({c.lang}): not approved"
        a = self.approval
        also = f"; its version is still {c.version}" if self.version_unchanged else ""
        return f"{where}: clause {c.id} ({c.lang}): changed since approved by {a.by} on {a.date.isoformat()}{also}"


class Ledgers:
    """The ledgers of a library's layers, read once each."""

    def __init__(self, roots: dict[str, Path]):
        self.roots = roots  # layer name -> folder
        self._read: dict[str, dict[str, dict[str, Approval]]] = {}

    def of(self, layer: str) -> dict[str, dict[str, Approval]]:
        if layer not in self._read:
            self._read[layer] = read_ledger(self.roots[layer]) if layer in self.roots else {}
        return self._read[layer]

    def status(self, clause: Clause) -> Status:
        approval = self.of(clause.layer).get(clause.id, {}).get(clause.lang)
        return Status(clause, approval, normalised_sha256(clause.path))


def approve(
    ledgers: Ledgers,
    clauses: list[Clause],
    *,
    by: str,
    note: str | None = None,
    date: dt.date | None = None,
) -> list[Path]:
    """Record approvals of the current text of ``clauses``, each in its own layer's ledger."""
    when = date or _today()
    touched: dict[str, dict[str, dict[str, Approval]]] = {}
    for clause in clauses:
        ledger = touched.setdefault(clause.layer, dict(ledgers.of(clause.layer)))
        entry = Approval(version=clause.version, sha256=normalised_sha256(clause.path), by=by, date=when, note=note)
        ledger[clause.id] = {**ledger.get(clause.id, {}), clause.lang: entry}
    written = []
    for layer, ledger in touched.items():
        written.append(write_ledger(ledgers.roots[layer], ledger))
        ledgers._read[layer] = ledger
    return written


def _today() -> dt.date:
    """The approval date: SOURCE_DATE_EPOCH when set (reproducible runs), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def writable(root: Path) -> Problem | None:
    """A problem when approvals cannot be written to this layer folder."""
    if "site-packages" in root.resolve().parts or not os.access(root, os.W_OK):
        return Problem(
            Location(relative(root / LEDGER)),
            "this clause library is installed read-only; approve its clauses in the library's own folder"
            " (agreements approve --library PATH ...)",
        )
    return None
