"""Lay out a long document in parts (agreements/render/parts.py) and join them into one PDF.

First every part is laid out to count its pages and to find the page of every link target;
the layout is then dropped. Then every part is laid out again, with those numbers as text,
and written; if a part came out otherwise than counted (a page number's width moved a
line), the numbers are taken again, at most a few times. The PDFs of the parts are joined
with pikepdf: the pages (without the empty pages a part starts with), the bookmarks, the
named destinations that internal links point to, and a final document's tags. Peak memory
is that of the largest part; layout takes about twice as long.
"""

from __future__ import annotations

import gc
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pikepdf
import weasyprint

from .parts import Parts

ROUNDS = 4  # layouts with the numbers as text before giving up


@dataclass(frozen=True)
class Count:
    """A part as laid out: its pages (without the empty ones it starts with) and where its
    link targets are (page within the part, from 0)."""

    pages: int
    anchors: dict[str, int]


class LayoutDiverged(RuntimeError):
    """The parts did not come out the same twice: the document is to be laid out whole."""


def _count(document, dummies: int, own: set[str]) -> Count:  # type: ignore[no-untyped-def]
    anchors: dict[str, int] = {}
    for i, page in enumerate(document.pages[dummies:]):
        for name in page.anchors:
            if name in own and name not in anchors:
                anchors[name] = i
    return Count(len(document.pages) - dummies, anchors)


def _numbers(counts: list[Count]) -> tuple[list[int], int, dict[str, int]]:
    """The first page of each part, the total, and the page number of every link target."""
    firsts, pages, at = [], {}, 1
    for count in counts:
        firsts.append(at)
        for name, i in count.anchors.items():
            pages[name] = at + i
        at += count.pages
    return firsts, at - 1, pages


def _dummies(k: int, first: int) -> int:
    """Empty pages before part ``k``'s first page: one or two, so that it is a left or right
    page as in the whole document (the first part has none)."""
    if k == 0:
        return 0
    return 2 if first % 2 == 1 else 1


Render = Callable[[str, int | None], Any]  # (part HTML, total pages) -> a laid-out WeasyPrint document
Write = Callable[[Any, int], bytes]  # (document, part) -> PDF bytes


def lay_out_in_parts(parts: Parts, render: Render, write: Write) -> tuple[bytes, int]:
    """The joined PDF of ``parts`` and its number of pages."""
    n = len(parts.bodies)
    own = [parts.ids(k) for k in range(n)]
    counts = []
    for k in range(n):
        dummies = _dummies(k, 1)
        document = render(parts.html(k, dummies=dummies, first_page=1, total=None, pages={}), None)
        counts.append(_count(document, dummies, own[k]))
        del document
        gc.collect()
    for _ in range(ROUNDS):
        firsts, total, pages = _numbers(counts)
        pdfs: list[tuple[bytes, int]] = []
        again: list[Count] = []
        marks: list[_Marks] = []
        for k in range(n):
            dummies = _dummies(k, firsts[k])
            document = render(parts.html(k, dummies=dummies, first_page=firsts[k], total=total, pages=pages), total)
            again.append(_count(document, dummies, own[k]))
            pdfs.append((write(document, k), dummies))
            marks.extend(_Marks(page.bookmarks, page.height) for page in document.pages[dummies:])
            del document
            gc.collect()
        if again == counts:
            return join(pdfs, marks), total
        counts = again
    raise LayoutDiverged("the parts of the document came out otherwise each time they were laid out")


@dataclass(frozen=True)
class _Marks:
    """What WeasyPrint makes a page's bookmarks from."""

    bookmarks: list
    height: float


def join(pdfs: list[tuple[bytes, int]], marks: list[_Marks]) -> bytes:
    """One PDF of the parts' PDFs, each given with the number of empty pages it starts with,
    and bookmarks made, as WeasyPrint makes them, from ``marks``: those of every page kept."""
    base = pikepdf.open(io.BytesIO(pdfs[0][0]))
    dests = _named_destinations(base)
    for data, dummies in pdfs[1:]:
        part = pikepdf.open(io.BytesIO(data))
        dropped = {part.pages[i].obj.objgen for i in range(dummies)}
        key_offset = _next_struct_key(base)
        kept = list(part.pages)[dummies:]
        for page in kept:
            base.pages.append(page)
        for page in list(base.pages)[-len(kept) :]:
            _shift_struct_parents(page.obj, key_offset)
        _join_tags(base, part, dropped, key_offset)
        for name, dest in _named_destinations(part).items():
            if dest[0].objgen not in dropped:
                dests[name] = _copy(base, dest)
    if dests:
        names = pikepdf.Array()
        for name in sorted(dests):
            names.append(pikepdf.String(name))
            names.append(dests[name])
        base.Root.Names.Dests = base.make_indirect(pikepdf.Dictionary(Names=names))
    _outlines(base, weasyprint.Document.make_bookmark_tree(_Pages(marks), scale=0.75, transform_pages=True))
    out = io.BytesIO()
    base.save(out, deterministic_id=True)
    return out.getvalue()


def _copy(pdf: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of another PDF, as an object of ``pdf`` (direct arrays and dictionaries too)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return pdf.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_copy(pdf, item) for item in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({key: _copy(pdf, value) for key, value in obj.items()})
    return obj


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    """WeasyPrint writes its named destinations as one flat, sorted /Names array."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    flat = list(names.Dests.Names)
    return {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}


def _next_struct_key(pdf: pikepdf.Pdf) -> int:
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    nums = list(root.ParentTree.Nums)
    return max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1) + 1


def _shift_struct_parents(page: pikepdf.Dictionary, offset: int) -> None:
    if "/StructParents" in page:
        page.StructParents = int(page.StructParents) + offset
    for annot in page.get("/Annots", []):
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + offset


def _join_tags(base: pikepdf.Pdf, part: pikepdf.Pdf, dropped: set[tuple[int, int]], offset: int) -> None:
    """Append the part's structure (a final document's tags) to the base's, without what is
    on the dropped pages (the running title and the empty blocks that make them)."""
    root, theirs = base.Root.get("/StructTreeRoot"), part.Root.get("/StructTreeRoot")
    if root is None or theirs is None:
        return
    document = root.K[0]
    for kid in theirs.K[0].K:
        if "/Pg" in kid and kid.Pg.objgen in dropped:
            continue
        copy = _copy(base, kid)
        copy.P = document
        document.K.append(copy)
    dropped_keys = {
        int(part.pages[i].obj.StructParents) for i in range(len(part.pages)) if part.pages[i].obj.objgen in dropped
    }
    nums = list(theirs.ParentTree.Nums)
    for i in range(0, len(nums), 2):
        key = int(nums[i])
        if key in dropped_keys:
            continue
        root.ParentTree.Nums.append(key + offset)
        root.ParentTree.Nums.append(_copy(base, nums[i + 1]))


class _Pages:
    """Stands in for a WeasyPrint document whose pages are ``marks``."""

    def __init__(self, marks: list[_Marks]):
        self.pages = marks


def _outlines(pdf: pikepdf.Pdf, tree: list) -> None:
    """The bookmarks of ``tree`` (from make_bookmark_tree) as the PDF's outline, in place of the
    first part's, as WeasyPrint's add_outlines writes them."""
    if "/Outlines" in pdf.Root:
        del pdf.Root.Outlines
    if not tree:
        return
    pages = list(pdf.pages)

    def add(subtrees: list, parent: pikepdf.Object) -> tuple[list[pikepdf.Object], int]:
        count = len(subtrees)
        items: list[pikepdf.Object] = []
        for title, (page, x, y), children, state in subtrees:
            item = pdf.make_indirect(
                pikepdf.Dictionary(
                    Title=pikepdf.String(title),
                    Dest=pikepdf.Array([pages[page].obj, pikepdf.Name.XYZ, x, y, 0]),
                    Parent=parent,
                )
            )
            kids, kids_count = add(children, item)
            item.Count = -kids_count if state == "closed" else kids_count
            if state != "closed":
                count += kids_count
            if items:
                item.Prev = items[-1]
                items[-1].Next = item
            if kids:
                item.First, item.Last = kids[0], kids[-1]
            items.append(item)
        return items, count

    root = pdf.make_indirect(pikepdf.Dictionary())
    items, count = add(tree, root)
    root.Count, root.First, root.Last = count, items[0], items[-1]
    pdf.Root.Outlines = root
