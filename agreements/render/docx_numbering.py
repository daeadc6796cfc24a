"""Word list numbering and cross-reference fields, derived from the document's numbering scheme.

Every numbered paragraph is a level of a real Word multi-level list, so inserting a clause in
Word renumbers what follows: the article heading is level 0 ("7", "Artikel 7"), sub-clauses
levels 1-3 ("7.1", "(a)", "(i)"; "1.", "a.", "i." in statutes). A reference becomes literal
words and ``REF`` fields to the bookmarks on the numbered paragraphs, each field caching the
number the engine printed: "clause " REF(7.2), or "artikel " REF(7) " lid " REF(2).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..numbering import Scheme, letters, roman, scheme
from ..paragraphs import Chain
from ..tree import Document, Reference
from .docx_xml import RunStyle, el, field_runs, hyperlink, text_run

MM = 56.7  # twips per millimetre
LIST_KINDS = ("article", "front", "signatures", "schedule", "bullet")
BULLETS = ("\u2022", "\u2013", "\u2013")


def twips(mm: float) -> int:
    return round(mm * MM)


def indent(depth: int) -> tuple[int, int]:
    """(left, hanging) in twips of a list item at ``depth``: the number hangs in the margin."""
    if depth <= 1:
        return twips(11), twips(11)
    return twips(11 + 8 * (depth - 1)), twips(8)


def _placeholders(template: str) -> str:
    """An engine number template as a Word level text: "{n}.{m}" -> "%1.%2"."""
    return template.replace("{n}", "%1").replace("{m}", "%2").replace("{a}", "%3").replace("{i}", "%4")


_FORMATS = {"%1": "decimal", "%2": "decimal", "%3": "lowerLetter", "%4": "lowerRoman"}


def _level(ilvl: int, text: str, fmt: str, ind: tuple[int, int]) -> Any:
    """One level: its counter's format, the number as printed, and where the text starts."""
    left, hanging = ind
    return el(
        "w:lvl",
        el("w:start", val=1),
        el("w:numFmt", val=fmt),
        el("w:suff", val="nothing") if fmt == "none" else None,
        el("w:lvlText", val=text),
        el("w:lvlJc", val="left"),
        el("w:pPr", el("w:ind", left=left, hanging=hanging)),
        ilvl=ilvl,
    )


def _item_levels(sch: Scheme, first: tuple[str, str] | None) -> list[Any]:
    """Levels 1-8: list items by depth; ``first`` overrides depth 1 (level text, format).

    A level's own counter is ``%<level + 1>``: decimal for "7.1", letters for "(a)", roman
    numerals for "(i)" and deeper.
    """
    levels = []
    for depth in range(1, 9):
        if depth == 1 and first:
            text, fmt = first
        elif depth <= 3:
            text, fmt = _placeholders(sch.items[depth - 1]), _FORMATS[f"%{depth + 1}"]
        else:
            text, fmt = f"(%{depth + 1})", "lowerRoman"
        levels.append(_level(depth, text, fmt, indent(depth)))
    return levels


def heading_indent(doc: Document) -> int:
    """Room for the article number before the title: "7" needs less than "Artikel 17"."""
    return twips(11) if scheme(doc.numbering, doc.lang).heading == "{n}" else twips(22)


def abstract_num(doc: Document, kind: str, abstract_id: int) -> Any:
    """The multi-level list of one part (articles, front, signatures, schedules) or the bullets."""
    sch = scheme(doc.numbering, doc.lang)
    if kind == "bullet":
        levels = [_level(i, BULLETS[min(i, 2)], "bullet", indent(i + 1)) for i in range(9)]
    elif kind == "article":
        head = _level(0, _placeholders(sch.heading), "decimal", (heading_indent(doc), heading_indent(doc)))
        levels = [head, *_item_levels(sch, None)]
    elif kind == "schedule":
        head = _level(0, _placeholders(sch.schedule_ref), "decimal", (twips(24), twips(24)))
        levels = [head, *_item_levels(sch, ("%2.", "decimal"))]
    else:  # front and signatures: an unnumbered heading restarts the items under it
        first = ("(%2)", "upperLetter") if kind == "front" else ("%2.", "decimal")
        levels = [_level(0, "", "none", (0, 0)), *_item_levels(sch, first)]
    kind_name = "singleLevel" if kind == "bullet" else "multilevel"
    nsid = f"{0x1A2B0000 + abstract_id:08X}"
    return el("w:abstractNum", el("w:nsid", val=nsid), el("w:multiLevelType", val=kind_name), *levels,
              abstractNumId=abstract_id)  # fmt: skip


class Lists:
    """The numbering part: one list per part kind and language, created when first used."""

    def __init__(self, numbering: Any):
        self.element = numbering
        for child in list(numbering):
            numbering.remove(child)
        self.ids: dict[tuple[str, str], int] = {}

    def num_id(self, doc: Document, kind: str) -> int:
        key = (doc.lang, kind)
        if key not in self.ids:
            n = len(self.ids) + 1
            self.ids[key] = n
            # abstractNum elements come before every num element
            nums = self.element.findall(el("w:num").tag)
            node = abstract_num(doc, kind, n)
            if nums:
                nums[0].addprevious(node)
            else:
                self.element.append(node)
            self.element.append(el("w:num", el("w:abstractNumId", val=n), numId=n))
        return self.ids[key]


# --- cross-references --------------------------------------------------------------------


def _format(template: str, n: str, path: tuple[int, ...]) -> str:
    m, a, i = (list(path) + [0, 0, 0])[:3]
    return template.format(n=n, m=m, a=letters(a), i=roman(i))


def _pieces(template: str, patterns: list[tuple[str, int]]) -> list[tuple[str, int | None]]:
    """Split a reference template into literal text and numbers (the level each comes from).

    A piece matches a level's own number as Word prints it without context (its level text
    without a trailing full stop): "{n}.{m}" is level 1 of an agreement, "artikel {n}"
    level 0 of Dutch statutes.
    """
    out: list[tuple[str, int | None]] = []
    i = 0
    ordered = sorted(patterns, key=lambda p: -len(p[0]))
    while i < len(template):
        for pattern, level in ordered:
            if template[i : i + len(pattern)].lower() == pattern.lower():
                out.append((template[i : i + len(pattern)], level))
                i += len(pattern)
                break
        else:
            if out and out[-1][1] is None:
                out[-1] = (out[-1][0] + template[i], None)
            else:
                out.append((template[i], None))
            i += 1
    return out


def reference_content(
    ref: Reference, chain: Chain | None, doc: Document, bookmark: Callable[[str], str], rs: RunStyle
) -> list[Any]:
    """A reference as words and REF fields; where the label cannot be split, a plain link."""
    label = ref.label or ref.target
    if chain is None:
        return [text_run(label, rs)]
    art, sch = chain.article, scheme(doc.numbering, doc.lang)
    numbered = [i for i in chain.items if i.path]
    target = numbered[-1] if numbered else None
    parts: list[Any] = []
    if art.part == "article":
        template = sch.item_refs[min(len(target.path), 3) - 1] if target else sch.article_ref
        noun = sch.nouns[0] + " "
        if ref.bare and template.lower().startswith(noun.lower()):  # "3, 4 and 13": the noun once
            template = template[len(noun) :]
        patterns = [(sch.heading, 0)] + [(sch.items[min(d, 3) - 1].rstrip("."), d) for d in range(1, 4)]
        for text, level in _pieces(template, patterns):
            if level is None:
                parts.append(text_run(_format(text, art.number, ()), rs))
            else:
                anchor = art.anchor if level == 0 else numbered[level - 1].anchor
                path = () if level == 0 else numbered[level - 1].path
                parts.extend(field_runs(f"REF {bookmark(anchor)} \\n \\h", _format(text, art.number, path), rs))
    else:
        if art.part == "schedule":
            parts.extend(field_runs(f"REF {bookmark(art.anchor)} \\n \\h", sch.schedule_ref.format(n=art.number), rs))
        else:
            parts.extend(field_runs(f"REF {bookmark(art.anchor)} \\h", art.title, rs))
        if target:
            parts.append(text_run(", ", rs))
            parts.extend(field_runs(f"REF {bookmark(target.anchor)} \\n \\h", target.number.strip("."), rs))
    if _cached_text(parts) != label:
        return [hyperlink(bookmark(ref.target), [text_run(label, rs)])]
    return parts


def _cached_text(parts: list[Any]) -> str:
    """The text a reader sees: every run's text outside field instructions."""
    return "".join(t.text or "" for p in parts for t in p.iter(el("w:t").tag))
