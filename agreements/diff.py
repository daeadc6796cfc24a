"""Compare two Document trees clause by clause: what a redline shows.

Articles are matched by clause id, never by position, so an article inserted early leaves
the ones after it unchanged even though their numbers moved. Inside an article, paragraphs
are aligned by their kind, depth and words, and changed paragraphs are compared word by
word. Numbers never count: a paragraph's identity is its text, and a reference is the
clause it points at, not the number it prints. An article whose place among the others
changed is moved. The data is compared field by field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import groupby
from typing import Any, Literal

from .paragraphs import Para, TableRows, Unit, article_units, plain_text, targets
from .tree import (
    Article,
    Blank,
    Definition,
    Document,
    Emph,
    Inline,
    Label,
    LineBreak,
    Paragraph,
    Reference,
    Strong,
    TermUse,
    Text,
)

Op = Literal["equal", "insert", "delete"]
Role = Literal["unchanged", "changed", "added", "removed", "moved", "moved-away"]
_WORD = re.compile(r"\w+\s*|[^\w\s]\s*|\s+")


@dataclass
class Segment:
    """A run of words that both versions share, or that one of them added or deleted."""

    op: Op
    inlines: list[Inline]


@dataclass
class RowChange:
    op: Literal["equal", "insert", "delete", "change"]
    old: list[list[Inline]] | None
    new: list[list[Inline]] | None
    cells: list[list[Segment]] = field(default_factory=list)  # a changed row, cell by cell
    header: bool = False


@dataclass
class UnitChange:
    """One paragraph, table or signature block of an article, old and new."""

    op: Literal["equal", "insert", "delete", "change"]
    old: Unit | None
    new: Unit | None
    segments: list[Segment] = field(default_factory=list)  # a changed paragraph
    rows: list[RowChange] = field(default_factory=list)  # a changed table


@dataclass
class ArticleChange:
    """An article as the redline shows it; ``moved-away`` marks where a moved article was."""

    role: Role
    old: Article | None
    new: Article | None
    units: list[UnitChange]

    @property
    def article(self) -> Article:
        art = self.old if self.role in ("removed", "moved-away") else self.new
        assert art is not None
        return art

    @property
    def changed(self) -> bool:
        return any(u.op != "equal" for u in self.units)


@dataclass
class DataChange:
    path: str
    old: str | None
    new: str | None


@dataclass
class Redline:
    old: Document
    new: Document
    old_label: str
    new_label: str
    articles: list[ArticleChange]
    data: list[DataChange]
    effective_date: dt.date | None = None  # the new version's: the date of its changes

    def counts(self) -> dict[str, int]:
        roles = [a.role for a in self.articles]
        return {
            "added": roles.count("added"),
            "removed": roles.count("removed"),
            "changed": sum(a.role == "changed" or (a.role == "moved" and a.changed) for a in self.articles),
            "moved": roles.count("moved"),
            "data": len(self.data),
        }

    @property
    def differs(self) -> bool:
        return any(self.counts().values())


# --- tokens: the words and marks a paragraph is compared by ------------------------------


@dataclass(frozen=True)
class Token:
    key: tuple[Any, ...]
    node: Inline
    style: tuple[str, ...]  # the emphasis around it, outermost first: ("strong", "em")


def tokens(inlines: list[Inline], ident: Callable[[str], str], style: tuple[str, ...] = ()) -> list[Token]:
    out: list[Token] = []
    for node in inlines:
        if isinstance(node, Text):
            out += [Token(("t", w, style), Text(w), style) for w in _WORD.findall(node.text)]
        elif isinstance(node, Emph):
            out += tokens(node.children, ident, style + ("em",))
        elif isinstance(node, Strong):
            out += tokens(node.children, ident, style + ("strong",))
        elif isinstance(node, Reference):
            out.append(Token(("ref", ident(node.target), style), node, style))
        elif isinstance(node, (TermUse, Definition)):
            out.append(Token((type(node).__name__, node.term, node.text, style), node, style))
        elif isinstance(node, Blank):
            out.append(Token(("blank", node.path, style), node, style))
        elif isinstance(node, LineBreak):
            out.append(Token(("br",), node, style))
        elif not isinstance(node, Label):
            raise TypeError(f"unknown inline {node!r}")
    return out


def rebuild(toks: list[Token]) -> list[Inline]:
    """Tokens back into inline nodes: words of one emphasis joined into one text."""
    out: list[Inline] = []
    for style, group in groupby(toks, key=lambda t: t.style):
        nodes: list[Inline] = []
        for tok in group:
            if isinstance(tok.node, Text) and nodes and isinstance(nodes[-1], Text):
                nodes[-1] = Text(nodes[-1].text + tok.node.text)
            else:
                nodes.append(tok.node)
        for s in reversed(style):
            nodes = [Emph(nodes) if s == "em" else Strong(nodes)]
        out += nodes
    return out


def identities(doc: Document) -> Callable[[str], str]:
    """What a reference points at, by content rather than number.

    An article is its id and a labelled item its label; an unlabelled numbered item is its
    article and its own text, so that a new item before it does not make it another.
    """
    found: dict[str, str] = {}
    seen: dict[str, int] = {}
    for anchor, chain in targets(doc.articles).items():
        item = chain.items[-1] if chain.items else None
        if item is None or item.label or not item.path:
            found[anchor] = anchor
            continue
        first = item.blocks[0] if item.blocks and isinstance(item.blocks[0], Paragraph) else None
        words = _identity_text(first.children) if first else ""
        digest = hashlib.sha1(words.encode("utf-8")).hexdigest()[:12]
        base = f"{chain.article.id}#{digest}"
        seen[base] = seen.get(base, 0) + 1
        found[anchor] = f"{base}#{seen[base]}"
    return lambda anchor: found.get(anchor, anchor)


def _identity_text(inlines: list[Inline]) -> str:
    return plain_text([n for n in inlines if not isinstance(n, Reference)])


# --- paragraphs ---------------------------------------------------------------------------


def _cell_keys(cells: list[list[Inline]], ident: Callable[[str], str]) -> tuple[Any, ...]:
    return tuple(tuple(t.key for t in tokens(c, ident)) for c in cells)


def unit_key(unit: Unit, ident: Callable[[str], str]) -> tuple[Any, ...]:
    if isinstance(unit, Para):
        return ("p", unit.kind, unit.level, tuple(t.key for t in tokens(unit.inlines, ident)))
    if isinstance(unit, TableRows):
        return ("t", _cell_keys(unit.header, ident), tuple(_cell_keys(r, ident) for r in unit.rows))
    sig = unit.block
    return ("s", sig.name, sig.capacity, sig.on_behalf_of, sig.witness)


def word_diff(old: list[Token], new: list[Token]) -> list[Segment]:
    """Words kept, deleted and inserted; a lone short word kept between changes joins them."""
    runs: list[tuple[str, list[Token], list[Token]]] = []
    matcher = SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        runs.append(("equal" if tag == "equal" else "change", old[i1:i2], new[j1:j2]))
    for k in range(1, len(runs) - 1):
        kind, a, b = runs[k]
        short = len("".join(t.node.text for t in b if isinstance(t.node, Text)).strip()) <= 2 and len(b) <= 2
        if kind == "equal" and short and runs[k - 1][0] == runs[k + 1][0] == "change":
            runs[k] = ("change", a, b)
    out: list[Segment] = []
    for is_change, group in groupby(runs, key=lambda r: r[0] == "change"):
        chunk = list(group)
        if not is_change:
            out += [Segment("equal", rebuild(b)) for _, _, b in chunk]
            continue
        deleted = [t for _, a, _ in chunk for t in a]
        inserted = [t for _, _, b in chunk for t in b]
        out += [Segment("delete", rebuild(deleted))] if deleted else []
        out += [Segment("insert", rebuild(inserted))] if inserted else []
    return out


class _Compare:
    def __init__(self, old: Document, new: Document):
        self.old_ident, self.new_ident = identities(old), identities(new)

    def units(self, old: list[Unit], new: list[Unit]) -> list[UnitChange]:
        """The article's heading pairs with the heading; the rest is aligned by content."""
        out = [self.pair(old[0], new[0])]
        a, b = old[1:], new[1:]
        keys_a = [unit_key(u, self.old_ident) for u in a]
        keys_b = [unit_key(u, self.new_ident) for u in b]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
            if tag == "equal":
                out += [UnitChange("equal", x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
            else:
                out += self._replace(a[i1:i2], b[j1:j2])
        return out

    def _replace(self, old: list[Unit], new: list[Unit]) -> list[UnitChange]:
        """Pair each old paragraph with the most similar new one after the last pairing."""
        out: list[UnitChange] = []
        j = 0
        for unit in old:
            scores = [(self._similarity(unit, cand), k) for k, cand in enumerate(new[j:], start=j)]
            best = max(scores, default=(0.0, -1), key=lambda s: (s[0], -s[1]))
            if best[0] >= 0.5:
                out += [UnitChange("insert", None, u) for u in new[j : best[1]]]
                out.append(self.pair(unit, new[best[1]]))
                j = best[1] + 1
            else:
                out.append(UnitChange("delete", unit, None))
        out += [UnitChange("insert", None, u) for u in new[j:]]
        return out

    def _similarity(self, a: Unit, b: Unit) -> float:
        if isinstance(a, TableRows) and isinstance(b, TableRows):
            return 1.0
        if isinstance(a, Para) and isinstance(b, Para) and a.kind == b.kind:
            ka = [t.key for t in tokens(a.inlines, self.old_ident)]
            kb = [t.key for t in tokens(b.inlines, self.new_ident)]
            return SequenceMatcher(None, ka, kb, autojunk=False).ratio()
        return 0.0

    def pair(self, old: Unit, new: Unit) -> UnitChange:
        if unit_key(old, self.old_ident) == unit_key(new, self.new_ident):
            return UnitChange("equal", old, new)
        if isinstance(old, Para) and isinstance(new, Para):
            segments = word_diff(tokens(old.inlines, self.old_ident), tokens(new.inlines, self.new_ident))
            return UnitChange("change", old, new, segments=segments)
        if isinstance(old, TableRows) and isinstance(new, TableRows):
            return UnitChange("change", old, new, rows=self.rows(old, new))
        return UnitChange("change", old, new)

    def rows(self, old: TableRows, new: TableRows) -> list[RowChange]:
        out = [self._row(old.header, new.header, header=True)] if old.header or new.header else []
        keys_a = [_cell_keys(r, self.old_ident) for r in old.rows]
        keys_b = [_cell_keys(r, self.new_ident) for r in new.rows]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
            a, b = old.rows[i1:i2], new.rows[j1:j2]
            if tag == "replace" and len(a) == len(b):
                out += [self._row(x, y) for x, y in zip(a, b, strict=True)]
                continue
            if tag == "equal":
                out += [RowChange("equal", x, y) for x, y in zip(a, b, strict=True)]
                continue
            out += [RowChange("delete", x, None) for x in a] + [RowChange("insert", None, y) for y in b]
        return out

    def _row(self, old: list[list[Inline]], new: list[list[Inline]], header: bool = False) -> RowChange:
        if _cell_keys(old, self.old_ident) == _cell_keys(new, self.new_ident):
            return RowChange("equal", old, new, header=header)
        width = max(len(old), len(new))
        pad_a, pad_b = old + [[]] * (width - len(old)), new + [[]] * (width - len(new))
        cells = [
            word_diff(tokens(x, self.old_ident), tokens(y, self.new_ident)) for x, y in zip(pad_a, pad_b, strict=True)
        ]
        return RowChange("change", old, new, cells=cells, header=header)


# --- documents and data -------------------------------------------------------------------


def compare(old: Document, new: Document, *, old_label: str, new_label: str, old_data: dict, new_data: dict) -> Redline:
    """The redline of two versions of one document (the same kind and language)."""
    cmp = _Compare(old, new)
    old_by_id = {a.id: a for a in old.articles}
    common = [a.id for a in old.articles if a.id in {b.id for b in new.articles}]
    order_new = [a.id for a in new.articles if a.id in old_by_id]
    stay: set[str] = set()
    for block in SequenceMatcher(None, common, order_new, autojunk=False).get_matching_blocks():
        stay.update(common[block.a : block.a + block.size])
    new_by_id = {a.id: a for a in new.articles}
    after: dict[str | None, list[ArticleChange]] = {}
    previous: str | None = None
    for art in old.articles:
        if art.id in stay:
            previous = art.id
            continue
        units = [UnitChange("delete", u, None) for u in article_units(art)]
        role: Role = "moved-away" if art.id in new_by_id else "removed"
        after.setdefault(previous, []).append(ArticleChange(role, art, new_by_id.get(art.id), units))
    out = list(after.get(None, []))
    for art in new.articles:
        before = old_by_id.get(art.id)
        if before is None:
            out.append(ArticleChange("added", None, art, [UnitChange("insert", None, u) for u in article_units(art)]))
            continue
        change = ArticleChange("unchanged", before, art, cmp.units(article_units(before), article_units(art)))
        change.role = "moved" if art.id not in stay else "changed" if change.changed else "unchanged"
        out.append(change)
        if art.id in stay:
            out += after.get(art.id, [])
    return Redline(old, new, old_label, new_label, out, data_changes(old_data, new_data))


def flatten(value: Any, path: str = "") -> dict[str, str]:
    """Data as ``path: value`` lines; list entries with an ``id`` are named by it."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            out.update(flatten(item, f"{path}.{key}" if path else str(key)))
    elif isinstance(value, list):
        named = bool(value) and all(isinstance(v, dict) and "id" in v for v in value)
        for k, item in enumerate(value):
            out.update(flatten(item, f"{path}[{item['id'] if named else k}]"))
    elif value is not None:
        out[path] = str(value)
    return out


def data_changes(old: dict, new: dict) -> list[DataChange]:
    a, b = flatten(old), flatten(new)
    paths = list(dict.fromkeys([*b, *a]))
    return [DataChange(p, a.get(p), b.get(p)) for p in paths if a.get(p) != b.get(p)]
