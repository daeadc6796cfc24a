"""Small WordprocessingML builders: runs, fields, bookmarks, links, tracked changes.

Everything python-docx has no API for is built here as lxml elements, so the writers read
as the document they make. Tracked changes (``w:ins``, ``w:del``) are applied to finished
content by :func:`mark_content`.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def el(tag: str, *children: Any, **attrs: str | int) -> Any:
    """``el("w:ind", left=624)`` -> ``<w:ind w:left="624"/>``; children are appended."""
    node = OxmlElement(tag)
    prefix = tag.split(":")[0]
    for name, value in attrs.items():
        node.set(qn(f"{prefix}:{name.rstrip('_')}"), str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


@dataclass(frozen=True)
class RunStyle:
    """Direct formatting of a run, on top of its paragraph style."""

    bold: bool = False
    italic: bool | None = None  # None: as the style says; False: upright in an italic style
    style: str = ""  # a character style id
    lang: str = ""  # a language other than the document's: "en-GB"
    color: str = ""

    def with_(self, **changes: Any) -> RunStyle:
        return RunStyle(**{**self.__dict__, **changes})


def run_properties(rs: RunStyle) -> Any | None:
    props = [
        el("w:rStyle", val=rs.style) if rs.style else None,
        el("w:b") if rs.bold else None,
        None if rs.italic is None else el("w:i") if rs.italic else el("w:i", val=0),
        el("w:color", val=rs.color) if rs.color else None,
        el("w:lang", val=rs.lang) if rs.lang else None,
    ]
    present = [p for p in props if p is not None]
    return el("w:rPr", *present) if present else None


def text_run(text: str, rs: RunStyle = RunStyle()) -> Any:
    """A run of text; line breaks in ``text`` become ``w:br``."""
    r = el("w:r", run_properties(rs))
    for k, line in enumerate(_INVALID_XML.sub("", text).split("\n")):
        if k:
            r.append(el("w:br"))
        if line:
            t = el("w:t")
            t.text = line
            if line != line.strip():
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
    return r


def break_run(kind: str = "") -> Any:
    return el("w:r", el("w:br", type=kind) if kind else el("w:br"))


def tab_run(rs: RunStyle = RunStyle()) -> Any:
    return el("w:r", run_properties(rs), el("w:tab"))


def field_runs(code: str, cached: str, rs: RunStyle = RunStyle()) -> list[Any]:
    """A complex field: ``begin``, the instruction, ``separate``, the cached result, ``end``."""
    instr = el("w:instrText")
    instr.text = f" {code} "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return [
        el("w:r", run_properties(rs), el("w:fldChar", fldCharType="begin")),
        el("w:r", run_properties(rs), instr),
        el("w:r", run_properties(rs), el("w:fldChar", fldCharType="separate")),
        text_run(cached, rs),
        el("w:r", run_properties(rs), el("w:fldChar", fldCharType="end")),
    ]


def hyperlink(anchor: str, content: Iterable[Any]) -> Any:
    """A link to a bookmark in this document."""
    return el("w:hyperlink", *content, anchor=anchor, history=1)


def bookmark_name(key: str) -> str:
    """A stable hidden bookmark name for an anchor: ``_Ref`` and nine digits (Word's own form)."""
    digest = int(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12], 16)
    return f"_Ref{digest % 10**9:09d}"


class Ids:
    """Annotation ids (bookmarks, revisions), unique across a document, in writing order."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def bookmark(ids: Ids, name: str) -> tuple[Any, Any]:
    n = ids.next()
    return el("w:bookmarkStart", id=n, name=name), el("w:bookmarkEnd", id=n)


# --- tracked changes ---------------------------------------------------------------------


@dataclass
class Revision:
    """Who made the tracked changes of a redline, and when (from the data, never the clock)."""

    author: str
    date: str  # "2027-03-01T00:00:00Z"
    ids: Ids = field(default_factory=Ids)

    def attrs(self) -> dict[str, str | int]:
        return {"id": self.ids.next(), "author": self.author, "date": self.date}

    def paragraph_mark(self, kind: str) -> Any:
        """The mark on a paragraph's end: an inserted or a deleted paragraph."""
        return el(f"w:{kind}", **self.attrs())


def mark_content(content: list[Any], kind: str, rev: Revision) -> list[Any]:
    """Wrap runs in a tracked change; links keep their place and take the mark inside."""
    out: list[Any] = []
    pending: list[Any] = []

    def flush() -> None:
        if pending:
            out.append(el(f"w:{kind}", *pending, **rev.attrs()))
            pending.clear()

    for node in content:
        tag = etree.QName(node).localname
        if tag == "r":
            if kind == "del":
                _as_deleted(node)
            pending.append(node)
        elif tag == "hyperlink":
            flush()
            inner = list(node)
            for child in inner:
                node.remove(child)
            for child in mark_content(inner, kind, rev):
                node.append(child)
            out.append(node)
        else:
            flush()
            out.append(node)
    flush()
    return out


def _as_deleted(run: Any) -> None:
    """Deleted text is ``w:delText``, a deleted field instruction ``w:delInstrText``."""
    for t in run.iter(qn("w:t")):
        t.tag = qn("w:delText")
    for t in run.iter(qn("w:instrText")):
        t.tag = qn("w:delInstrText")


# --- the package -------------------------------------------------------------------------


def reproducible_zip(data: bytes, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """The same package with fixed entry dates and a fixed order: the same input, the same bytes.

    ``[Content_Types].xml`` comes first and the package relationships second, as Word writes
    them; the other parts follow by name.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    first = {"[Content_Types].xml": 0, "_rels/.rels": 1}
    names = sorted(source.namelist(), key=lambda n: (first.get(n, 2), n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name))
    return out.getvalue()
