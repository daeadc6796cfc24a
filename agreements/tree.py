"""The Document tree: what every output format, numbering, reference and lint works on.

Nodes are plain dataclasses, so a whole document pickles into a render job.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# --- inline nodes ----------------------------------------------------------------------


@dataclass
class Source:
    """Where a node came from: a clause file and a line in it."""

    file: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass
class Text:
    text: str


@dataclass
class Emph:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class LineBreak:
    pass


@dataclass
class TermUse:
    """A use of a defined term; links to its definition."""

    term: str
    source: Source | None = None


@dataclass
class Definition:
    """The place where a term is defined."""

    term: str
    source: Source | None = None


@dataclass
class Reference:
    """A cross-reference to a clause id; ``label`` is filled in after numbering."""

    target: str
    source: Source | None = None
    label: str = ""


@dataclass
class Blank:
    """A value the data does not give yet (drafts only)."""

    path: str


Inline = Text | Emph | Strong | LineBreak | TermUse | Definition | Reference | Blank

# --- block nodes -----------------------------------------------------------------------


@dataclass
class Paragraph:
    children: list[Inline]


@dataclass
class Heading:
    level: int
    children: list[Inline]


@dataclass
class ListItem:
    blocks: list[Block]
    number: str = ""  # "3.2", "(a)", "(i)"; empty for bullets
    anchor: str = ""


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem]
    depth: int = 1


@dataclass
class Table:
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]


@dataclass
class SignatureBlock:
    name: str
    capacity: str = ""
    on_behalf_of: str = ""


Block = Paragraph | Heading | ListBlock | Table | SignatureBlock

Part = Literal["front", "article", "signatures", "schedule"]


@dataclass
class Article:
    """One clause of the library as placed in a document: an article, schedule or front part."""

    id: str
    title: str
    part: Part
    blocks: list[Block]
    source: Source
    version: str = ""
    number: str = ""  # "7" for an article, "2" for a schedule, "" for front and signatures

    @property
    def anchor(self) -> str:
        return self.id


@dataclass
class Document:
    kind: str
    lang: str
    title: str
    enterprise: str
    company: str
    date: str
    parties: list[str]
    articles: list[Article] = field(default_factory=list)

    def part(self, part: Part) -> list[Article]:
        return [a for a in self.articles if a.part == part]


def walk_inlines(blocks: list[Block]):
    """Every inline node under ``blocks``, depth first."""
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            yield from _inlines(block.children)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_inlines(item.blocks)
        elif isinstance(block, Table):
            for cell in block.header:
                yield from _inlines(cell)
            for row in block.rows:
                for cell in row:
                    yield from _inlines(cell)


def _inlines(nodes: list[Inline]):
    for node in nodes:
        yield node
        if isinstance(node, (Emph, Strong)):
            yield from _inlines(node.children)
