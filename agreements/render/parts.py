"""A long document's HTML cut into parts that WeasyPrint can lay out one at a time.

WeasyPrint keeps every laid-out page of a document in memory until it has written the PDF
(about 1.3 MB a page of an agreement), so a 1,000-agent Association Agreement of 400 pages
needs more than half a gigabyte. Laid out in parts of at most a few hundred pages each, it
needs what its largest part needs. A part begins at a section that the print stylesheet
starts on a new page anyway (the signature pages, each schedule), so the pages come out
the same; agreements/render/pdf_parts.py lays the parts out and joins them.

What a part cannot know by itself comes in as text: the page number it starts at, the
total number of pages ("page 3 of 425"), and the page of every link target
(``target-counter(attr(href), page)`` becomes ``attr(data-page)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

SPLIT_AT = 600_000  # characters of HTML from which a document is laid out in parts (a sample has < 330,000)
STARTS_A_PART = {"signatures", "schedule"}  # classes of the top-level sections a part may begin at

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_TARGET_COUNTER = re.compile(r"target-counter\(\s*attr\(\s*href\s*\)\s*,\s*page\s*\)")
_TOTAL = re.compile(r"counter\(\s*pages\s*\)")
_LINK = re.compile(r'<a\b([^>]*?)\shref="#([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')
_STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.S)
_RUNNING_TITLE = re.compile(r'<p class="running-title">.*?</p>', re.S)


class _TopLevel(HTMLParser):
    """Offsets of the start tags of <body>'s children, with their classes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.in_body = False
        self.body_end: tuple[int, int] | None = None  # (line, column) of the start tag's end
        self.children: list[tuple[tuple[int, int], set[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_body = True
            self.body_end = self.getpos()
            return
        if self.in_body and self.depth == 0:
            classes = set((dict(attrs).get("class") or "").split())
            self.children.append((self.getpos(), classes))
        if self.in_body and tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.in_body and self.depth == 0:
            self.children.append((self.getpos(), set((dict(attrs).get("class") or "").split())))

    def handle_endtag(self, tag: str) -> None:
        if tag == "body":
            self.in_body = False
        elif self.in_body and tag not in _VOID and self.depth > 0:
            self.depth -= 1


@dataclass(frozen=True)
class Parts:
    """The HTML before the body's content, the body's content in parts, and what follows it."""

    head: str  # up to and including <body ...>
    bodies: tuple[str, ...]
    tail: str  # from </body>
    running_title: str  # repeated at the start of every part after the first (the running head)

    def ids(self, k: int) -> set[str]:
        """The ids of the elements of part ``k``."""
        return set(_ID.findall(self.bodies[k]))

    def html(self, k: int, *, dummies: int, first_page: int, total: int | None, pages: dict[str, int]) -> str:
        """Part ``k`` as a document of its own.

        A part after the first starts with ``dummies`` empty pages (taking the first page's
        style, and the left or right of its first real page), dropped when the parts are
        joined; its page counter is set so that its first real page is ``first_page``.
        ``pages`` gives the page of a link target; a target in another part gets an empty
        element of that id in the running title, so that WeasyPrint keeps the link, which
        the joined PDF resolves to the real target.
        """
        body = self.bodies[k]
        own = self.ids(k)
        elsewhere = sorted({target for _, target in _LINK.findall(body)} - own)
        stubs = "".join(f'<a id="{target}"></a>' for target in elsewhere)
        head = self.head
        if k > 0:
            title = self.running_title.replace("</p>", stubs + "</p>", 1)
            body = title + '<div style="break-after: page"></div>' * dummies + body
            reset = f"<style>@page :first {{ counter-reset: page {first_page - dummies} }}</style>"
            head = head.replace("</head>", reset + "</head>", 1)
        elif stubs:
            body = body.replace(self.running_title, self.running_title.replace("</p>", stubs + "</p>", 1), 1)
        return text_numbers(head + body + self.tail, total, pages)


def text_numbers(text: str, total: int | None, pages: dict[str, int]) -> str:
    """``text`` with the total number of pages and the pages of link targets given as text."""
    text = _STYLE.sub(lambda m: css_numbers(m.group(0), total), text)

    def page_of(match: re.Match[str]) -> str:
        attrs, target = match.group(1), match.group(2)
        page = pages.get(target)
        extra = f' data-page="{page}"' if page is not None else ""
        return f'<a{attrs}{extra} href="#{target}"'

    return _LINK.sub(page_of, text)


def css_numbers(css: str, total: int | None) -> str:
    """A stylesheet with page numbers by text: link targets' from ``data-page``, and the total."""
    css = _TARGET_COUNTER.sub("attr(data-page)", css)
    if total is not None:
        css = _TOTAL.sub(f'"{total}"', css)
    return css


def split(html: str, split_at: int = SPLIT_AT) -> Parts | None:
    """The parts of a document of at least ``split_at`` characters, or None: it is laid out
    whole. A part holds at least 3/8 of ``split_at`` (the last at least a quarter of that)."""
    at_least = split_at * 3 // 8
    if len(html) < split_at:
        return None
    parser = _TopLevel()
    parser.feed(html)
    parser.close()
    if parser.body_end is None:
        return None
    lines = [0]
    for line in html.splitlines(keepends=True):
        lines.append(lines[-1] + len(line))

    def offset(pos: tuple[int, int]) -> int:
        return lines[pos[0] - 1] + pos[1]

    body_start = html.index(">", offset(parser.body_end)) + 1
    body_end = html.rindex("</body>")
    cuts = [body_start]
    for pos, classes in parser.children:
        at = offset(pos)
        if classes & STARTS_A_PART and at - cuts[-1] >= at_least and body_end - at >= at_least // 4:
            cuts.append(at)
    if len(cuts) == 1:
        return None
    title = _RUNNING_TITLE.search(html, body_start)
    if title is None:
        return None
    cuts.append(body_end)
    bodies = tuple(html[a:b] for a, b in zip(cuts, cuts[1:], strict=False))
    return Parts(html[:body_start], bodies, html[body_end:], title.group(0))
