"""An article as a word processor sees it: a flat sequence of paragraphs, tables and signatures.

The DOCX writer turns each into a Word paragraph (or table); the redline compares two
articles paragraph by paragraph. Numbers travel along as the engine printed them, but a
paragraph's identity is its kind, depth and text, so renumbering alone changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .tree import (
    Article,
    Blank,
    Block,
    Definition,
    Emph,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    ListItem,
    Paragraph,
    Reference,
    SignatureBlock,
    Strong,
    Table,
    TermUse,
    Text,
)

# heading: the article's own heading; body: a paragraph outside any list; item: a numbered
# list item's first paragraph; text: a further paragraph of a list item; bullet and
# definition: an unnumbered list item; subheading: a heading inside the article's text.
Kind = Literal["heading", "body", "item", "text", "bullet", "definition", "subheading"]


@dataclass
class Para:
    kind: Kind
    inlines: list[Inline]
    level: int = 0  # list depth: 1 for "7.1", 2 for "(a)"; for "text", the item it continues
    number: str = ""  # the number the engine printed: "7.1", "(a)", "Artikel 7"
    anchor: str = ""  # the reference target on this paragraph (an article or item anchor)
    path: tuple[int, ...] = ()  # the item's position among numbered items, as in ListItem


@dataclass
class TableRows:
    header: list[list[Inline]]
    rows: list[list[list[Inline]]]


@dataclass
class Signature:
    block: SignatureBlock


Unit = Para | TableRows | Signature


@dataclass
class Chain:
    """Where a reference target sits: its article and the list items that lead to it."""

    article: Article
    items: list[ListItem] = field(default_factory=list)


def article_units(art: Article) -> list[Unit]:
    """The article's heading, then every paragraph, table and signature, in reading order."""
    units: list[Unit] = [Para("heading", [Text(art.title)], number=art.heading, anchor=art.anchor)]
    _blocks(art.blocks, 0, units)
    return units


def _blocks(blocks: list[Block], depth: int, out: list[Unit]) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(Para("text" if depth else "body", block.children, level=depth))
        elif isinstance(block, Heading):
            out.append(Para("subheading", block.children, level=depth))
        elif isinstance(block, ListBlock):
            for item in block.items:
                _item(item, block, out)
        elif isinstance(block, Table):
            out.append(TableRows(block.header, block.rows))
        elif isinstance(block, SignatureBlock):
            out.append(Signature(block))


def _item(item: ListItem, block: ListBlock, out: list[Unit]) -> None:
    rest = item.blocks
    first: list[Inline] = []
    if rest and isinstance(rest[0], Paragraph):
        first, rest = rest[0].children, rest[1:]
    if block.ordered:
        kind: Kind = "item"
    else:
        kind = "definition" if _is_definition(first) else "bullet"
    out.append(Para(kind, first, level=block.depth, number=item.number, anchor=item.anchor, path=item.path))
    _blocks(rest, block.depth, out)


def _is_definition(inlines: list[Inline]) -> bool:
    """A definitions-list line: it starts with the term being defined."""
    nodes = [n for n in inlines if not (isinstance(n, Text) and not n.text.strip())]
    if nodes and isinstance(nodes[0], Definition):
        return True
    return (
        len(nodes) > 1
        and isinstance(nodes[0], Text)
        and nodes[0].text.strip() == "\u201c"
        and isinstance(nodes[1], Strong)
        and any(isinstance(c, TermUse) for c in nodes[1].children)
    )


def plain_text(inlines: list[Inline]) -> str:
    """The words a reader sees, without formatting."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Emph, Strong)):
            out.append(plain_text(node.children))
        elif isinstance(node, (TermUse, Definition)):
            out.append(node.text or node.term)
        elif isinstance(node, Reference):
            out.append(node.label or node.target)
        elif isinstance(node, Blank):
            out.append(f"[{node.path}]")
        elif isinstance(node, LineBreak):
            out.append("\n")
    return "".join(out)


def targets(articles: list[Article]) -> dict[str, Chain]:
    """Every anchor a reference can point at, with the chain of items that leads to it."""
    found: dict[str, Chain] = {}
    for art in articles:
        found[art.anchor] = Chain(art)
        _chains(art, art.blocks, [], found)
    return found


def _chains(art: Article, blocks: list[Block], above: list[ListItem], found: dict[str, Chain]) -> None:
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                chain = above + [item] if item.path else above
                if item.anchor:
                    found[item.anchor] = Chain(art, chain)
                _chains(art, item.blocks, chain, found)
