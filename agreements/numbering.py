"""Numbering schemes, computed on the tree, and cross-references resolved to live numbers.

A scheme says how a document numbers its articles and list items, and how a reference to
each reads in each language: "clause 7.2" in an agreement, "artikel 7 lid 2" in Dutch
statutes, "article 7(2)" in their English translation.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ClauseError, Location, Problem
from .tree import Article, Document, ListBlock, ListItem, Reference, walk_inlines, walk_items


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
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out += digits
            n -= value
    return out


@dataclass(frozen=True)
class Scheme:
    """How one kind of document numbers things, in one language."""

    heading: str  # printed before an article's title: "{n}", "Artikel {n}"
    items: tuple[str, str, str]  # printed item numbers per depth: "{n}.{m}", "({a})", "({i})"
    article_ref: str  # "clause {n}"
    item_refs: tuple[str, str, str]  # "clause {n}.{m}", "clause {n}.{m}({a})", ...
    schedule_ref: str  # "Schedule {n}"
    nouns: tuple[str, str] = ("clause", "clauses")  # an article, and several: "artikel", "artikelen"
    conjunction: str = "and"  # the last item of a list of references: "3, 4 and 13"


_AGREEMENT_ITEMS = ("{n}.{m}", "({a})", "({i})")

SCHEMES: dict[tuple[str, str], Scheme] = {
    ("agreement", "en"): Scheme(
        "{n}", _AGREEMENT_ITEMS, "clause {n}",
        ("clause {n}.{m}", "clause {n}.{m}({a})", "clause {n}.{m}({a})({i})"), "Schedule {n}",
    ),
    ("agreement", "nl"): Scheme(
        "{n}", _AGREEMENT_ITEMS, "artikel {n}",
        ("artikel {n}.{m}", "artikel {n}.{m} onder ({a})", "artikel {n}.{m} onder ({a})({i})"), "Bijlage {n}",
        ("artikel", "artikelen"), "en",
    ),
    ("articles", "en"): Scheme(
        "{n}", _AGREEMENT_ITEMS, "article {n}",
        ("article {n}.{m}", "article {n}.{m}({a})", "article {n}.{m}({a})({i})"), "Schedule {n}",
        ("article", "articles"),
    ),
    ("articles", "nl"): Scheme(
        "{n}", _AGREEMENT_ITEMS, "artikel {n}",
        ("artikel {n}.{m}", "artikel {n}.{m} onder ({a})", "artikel {n}.{m} onder ({a})({i})"), "Bijlage {n}",
        ("artikel", "artikelen"), "en",
    ),
    ("statutes", "nl"): Scheme(
        "Artikel {n}", ("{m}.", "{a}.", "{i}."), "artikel {n}",
        ("artikel {n} lid {m}", "artikel {n} lid {m} onder {a}", "artikel {n} lid {m} onder {a} sub {i}"),
        "Bijlage {n}", ("artikel", "artikelen"), "en",
    ),
    ("statutes", "en"): Scheme(
        "Article {n}", ("{m}.", "{a}.", "{i}."), "article {n}",
        ("article {n}({m})", "article {n}({m})({a})", "article {n}({m})({a})({i})"), "Schedule {n}",
        ("article", "articles"),
    ),
}  # fmt: skip

NUMBERINGS = sorted({name for name, _ in SCHEMES})


def scheme(numbering: str, lang: str) -> Scheme:
    return SCHEMES.get((numbering, lang)) or SCHEMES[(numbering, "en")]


def _fmt(template: str, n: str, path: tuple[int, ...]) -> str:
    m, a, i = (list(path) + [0, 0, 0])[:3]
    return template.format(n=n, m=m, a=letters(a), i=roman(i))


def number_document(doc: Document) -> None:
    """Give every article, schedule and ordered list item its number, anchor and path."""
    sch = scheme(doc.numbering, doc.lang)
    counts = {"article": 0, "schedule": 0}
    for art in doc.articles:
        if art.part in counts:
            counts[art.part] += 1
            art.number = str(counts[art.part])
            art.heading = sch.heading.format(n=art.number) if art.part == "article" else art.number
        top = 0
        for block in art.blocks:
            if isinstance(block, ListBlock):
                top = _number_list(block, art, sch, (), top)


def _number_list(block: ListBlock, art: Article, sch: Scheme, parent: tuple[int, ...], top: int) -> int:
    for k, item in enumerate(block.items, start=1):
        if block.ordered:
            if block.depth == 1:
                top += 1
                item.path = (top,)
            else:
                item.path = parent + (k,)
            depth = len(item.path)
            if art.part == "front" and depth == 1:
                item.number = f"({letters(top, upper=True)})"
            elif art.part in ("schedule", "signatures") and depth == 1:
                item.number = f"{top}."
            else:
                item.number = _fmt(sch.items[min(depth, 3) - 1], art.number, item.path)
            item.anchor = f"{art.id}.{item.label}" if item.label else f"{art.id}-{'-'.join(map(str, item.path))}"
        elif item.label:
            item.anchor = f"{art.id}.{item.label}"
        for child in item.blocks:
            if isinstance(child, ListBlock):
                _number_list(child, art, sch, item.path, 0)
    return top


def ref_targets(doc: Document) -> dict[str, str]:
    """Every anchor a reference can point at, with its label in the document's language."""
    sch = scheme(doc.numbering, doc.lang)
    targets: dict[str, str] = {}
    for art in doc.articles:
        targets[art.id] = _article_ref(art, sch)
        for item in walk_items(art.blocks):
            if item.anchor:
                targets[item.anchor] = _item_ref(item, art, sch)
    return targets


def _item_ref(item: ListItem, art: Article, sch: Scheme) -> str:
    if not item.path:
        return _article_ref(art, sch)
    if art.part == "article":
        return _fmt(sch.item_refs[min(len(item.path), 3) - 1], art.number, item.path)
    return f"{_article_ref(art, sch)}, {item.number.strip('.')}"


def _article_ref(art: Article, sch: Scheme) -> str:
    """How a reference to a whole article, schedule or front part reads."""
    if art.part == "article":
        return sch.article_ref.format(n=art.number)
    if art.part == "schedule":
        return sch.schedule_ref.format(n=art.number)
    return art.title


def resolve_references(doc: Document, strict: bool = True) -> list[Problem]:
    """Fill in each reference's live label; a missing target is a located problem."""
    targets = ref_targets(doc)
    problems: list[Problem] = []
    for art in doc.articles:
        for node in walk_inlines(art.blocks):
            if isinstance(node, Reference):
                _resolve(node, targets, doc, art, problems)
        for _, inlines, _ in art.defines:
            for node in inlines:
                if isinstance(node, Reference):
                    _resolve(node, targets, doc, art, problems)
    if problems and strict:
        raise ClauseError(problems=problems)
    return problems


def _resolve(node: Reference, targets: dict[str, str], doc: Document, art: Article, problems: list[Problem]) -> None:
    label = targets.get(node.target)
    if label is not None:
        noun = scheme(doc.numbering, doc.lang).nouns[0] + " "
        node.label = label[len(noun) :] if node.bare and label.startswith(noun) else label
        return
    src = node.source
    loc = Location(src.file, src.line) if src else Location(art.source.file)
    problems.append(Problem(loc, f"reference to '{node.target}', which is not a clause of this {doc.title}"))
