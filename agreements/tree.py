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
    """Text; ``data_path`` names the data a printed value came from (``company.legal_name``),
    set only when a draft highlights its data (``--highlight-data``, the preview)."""

    text: str
    data_path: str = ""


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
    """A use of a defined term; links to its definition. ``text`` is the printed form."""

    term: str
    source: Source | None = None
    text: str = ""
    generated: bool = False  # written by the engine (the definitions list), not by a clause


@dataclass
class Definition:
    """The place where a term is defined."""

    term: str
    source: Source | None = None
    text: str = ""


@dataclass
class Label:
    """Names the list item it starts, so that ``ref`` can point at it (consumed by the parser)."""

    name: str
    source: Source | None = None


@dataclass
class Reference:
    """A cross-reference to a clause id; ``label`` is filled in after numbering.

    A ``bare`` reference prints its number without the noun ("13", "4 lid 1"), for a list
    such as "de artikelen 3, 4 en 13" that names the noun once.
    """

    target: str
    source: Source | None = None
    label: str = ""
    bare: bool = False


@dataclass
class Blank:
    """A value the data does not give yet (drafts only)."""

    path: str
    source: Source | None = None


Inline = Text | Emph | Strong | LineBreak | TermUse | Definition | Label | Reference | Blank

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
    label: str = ""  # set by label("name"): the item is ref-able as "<clause id>.<name>"
    path: tuple[int, ...] = ()  # position among numbered items: (2,) for 7.2, (2, 1) for 7.2(a)


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
    witness: bool = False  # signed in the presence of a witness (a deed signed by an individual)
    data_paths: dict[str, str] = field(default_factory=dict)  # field -> data path, when data is highlighted


@dataclass
class DefinitionsPlaceholder:
    """Where the document's sorted definitions go; replaced by a ListBlock when assembled."""

    source: Source | None = None


Block = Paragraph | Heading | ListBlock | Table | SignatureBlock | DefinitionsPlaceholder

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
    heading: str = ""  # the printed number: "7", "Artikel 7"
    defines: list[tuple[str, list[Inline], Source]] = field(default_factory=list)
    clause_id: str = ""  # the clause file's id (differs from ``id`` for a variant of a group)
    layer: str = ""

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
    company_form: str = ""  # bv, ltd, cic
    company_number: str = ""  # the trade register or Companies House number, when known
    articles: list[Article] = field(default_factory=list)
    numbering: str = "agreement"
    prevails: str = "en"  # the language of the original text, which prevails over a translation
    page_references: bool = False  # references in the PDF also give the page number
    # where the title page's values come from ("company" -> "company.legal_name", "parties.1" ->
    # "agents[0].name"), when data is highlighted; empty otherwise
    data_paths: dict[str, str] = field(default_factory=dict)

    @property
    def translation(self) -> bool:
        """True when this document is a translation of the prevailing text."""
        return self.lang != self.prevails

    def part(self, part: Part) -> list[Article]:
        return [a for a in self.articles if a.part == part]


def walk_items(blocks: list[Block]):
    """Every list item under ``blocks``, depth first."""
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                yield item
                yield from walk_items(item.blocks)


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
