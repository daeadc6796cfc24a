"""Outline files: which clauses a document kind holds, in which order and part."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field

from .errors import ClauseError, DataError, Location
from .loading import Loaded, load_file
from .model.base import Model
from .tree import Part
from .validation import validate

ClauseId = str


class OutlineFile(Model):
    """The keys of an ``outline.yaml``."""

    title: dict[str, str] = Field(description="Document title per language, e.g. {en: ..., nl: ...}.")
    numbering: Literal["agreement", "articles", "statutes"] = Field(
        default="agreement", description="Numbering scheme: agreement, articles or statutes."
    )
    prevails: Literal["en", "nl"] | None = Field(
        default=None,
        description="The language whose text prevails (default: the company's: nl for NL, en for GB).",
    )
    page_references: bool = Field(
        default=False, description="true: cross-references in the PDF also give the page ('clause 7 on page 9')."
    )
    per: Literal["enterprise", "agent"] = Field(
        default="enterprise", description="enterprise: one document per enterprise; agent: one per Purpose Agent."
    )
    parties: Literal["members", "ratifiers", "company"] = Field(
        default="members",
        description="Who the title page names: the company and its agents (for a per-agent document, that agent),"
        " the ratifiers, or the company alone.",
    )
    front: list[ClauseId] = Field(default_factory=list)
    articles: list[ClauseId] = Field(min_length=1)
    signatures: list[ClauseId] = Field(default_factory=list)
    schedules: list[ClauseId] = Field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    clause_id: str
    part: Part
    location: Location


@dataclass(frozen=True)
class Outline:
    kind: str
    titles: dict[str, str]
    entries: tuple[Entry, ...]
    file: str
    numbering: str = "agreement"
    path: Path | None = None
    prevails: str | None = None
    page_references: bool = False
    per: str = "enterprise"
    parties: str = "members"

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.kind


_PARTS: tuple[tuple[str, Part], ...] = (
    ("front", "front"),
    ("articles", "article"),
    ("signatures", "signatures"),
    ("schedules", "schedule"),
)


def read_outline(kind: str, path: Path) -> Outline:
    try:
        loaded: Loaded = load_file(path)
    except DataError as exc:
        raise ClauseError(problems=exc.problems) from None
    parsed = validate(OutlineFile, loaded, ClauseError)
    entries = []
    for key, part in _PARTS:
        for i, clause_id in enumerate(getattr(parsed, key)):
            entries.append(Entry(clause_id, part, loaded.locate((key, i))))
    return Outline(
        kind,
        dict(parsed.title),
        tuple(entries),
        loaded.files[0],
        parsed.numbering,
        path,
        parsed.prevails,
        parsed.page_references,
        parsed.per,
        parsed.parties,
    )
