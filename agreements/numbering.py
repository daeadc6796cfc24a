"""Number articles, schedules and list items on the tree, then resolve cross-references."""

from __future__ import annotations

from .errors import ClauseError, Location, Problem
from .tree import Article, Document, ListBlock, Reference, walk_inlines

WORDS = {
    "en": {"article": "clause", "schedule": "Schedule"},
    "nl": {"article": "artikel", "schedule": "Bijlage"},
}


def letters(n: int, upper: bool = False) -> str:
    """1 -> a, 26 -> z, 27 -> aa."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(97 + rem) + out
    return out.upper() if upper else out


def roman(n: int) -> str:
    out = ""
    for value, digits in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += digits
            n -= value
    return out


def number_document(doc: Document) -> None:
    """Give every article, schedule and ordered list item its number and anchor."""
    counts = {"article": 0, "schedule": 0}
    for art in doc.articles:
        if art.part in counts:
            counts[art.part] += 1
            art.number = str(counts[art.part])
        _number_lists(art)


def _number_lists(art: Article) -> None:
    top = 0
    for block in art.blocks:
        if isinstance(block, ListBlock):
            top = _number_list(block, art, prefix="", top=top)


def _number_list(block: ListBlock, art: Article, prefix: str, top: int) -> int:
    for k, item in enumerate(block.items, start=1):
        if block.ordered:
            if block.depth == 1:
                top += 1
                if art.part == "article":
                    item.number = f"{art.number}.{top}"
                elif art.part == "front":
                    item.number = f"({letters(top, upper=True)})"
                else:
                    item.number = f"{top}."
                item.anchor = f"{art.id}-{top}"
            elif block.depth == 2:
                item.number = f"({letters(k)})"
            else:
                item.number = f"({roman(k)})"
        for child in item.blocks:
            if isinstance(child, ListBlock):
                _number_list(child, art, prefix, 0)
    return top


def resolve_references(doc: Document) -> None:
    """Fill in each reference's live label, or fail naming the clause file and line."""
    by_id = {a.id: a for a in doc.articles}
    words = WORDS.get(doc.lang, WORDS["en"])
    problems = []
    for art in doc.articles:
        for node in walk_inlines(art.blocks):
            if not isinstance(node, Reference):
                continue
            target = by_id.get(node.target)
            if target is None:
                src = node.source
                loc = Location(src.file, src.line) if src else Location(art.source.file)
                problems.append(
                    Problem(loc, f"reference to '{node.target}', which is not a clause of this {doc.title}")
                )
                continue
            if target.part in ("article", "schedule"):
                node.label = f"{words[target.part]} {target.number}"
            else:
                node.label = target.title
    if problems:
        raise ClauseError(problems=problems)
