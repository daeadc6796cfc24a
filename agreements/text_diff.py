"""A word diff of two texts, for a terminal (``[-deleted-]{+inserted+}``) or as HTML.

Used by ``agreements clauses diff`` to compare a project's copy of a clause with the lower
layer's text: the words that differ are marked, and only the lines that hold a change are
shown, with a line of context around them and the line number in the newer text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Literal

from markupsafe import Markup, escape

Op = Literal["equal", "delete", "insert"]
Piece = tuple[Op, str]
_TOKEN = re.compile(r"\n|[^\S\n]+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> list[Piece]:
    """The two texts as runs of shared, deleted and inserted text, in reading order."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("insert", "".join(b[j1:j2])))
    return pieces


def lines_of(pieces: list[Piece]) -> list[tuple[int, list[Piece]]]:
    """The merged text line by line, each with its line number in the new text (a line
    that only the old text has takes the number of the new line it stands before)."""
    lines: list[tuple[int, list[Piece]]] = []
    current: list[Piece] = []
    number = 1
    start = 1
    for op, text in pieces:
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append((start, current))
                current = []
                if op != "delete":
                    number += 1
                start = number
            if part:
                current.append((op, part))
    lines.append((start, current))
    return lines


def changed(pieces: list[Piece]) -> bool:
    return any(op != "equal" for op, _ in pieces)


def hunks(pieces: list[Piece], context: int = 1) -> list[list[tuple[int, list[Piece]]]]:
    """The lines that hold a change, each with ``context`` lines around it, in groups."""
    lines = lines_of(pieces)
    marked = [any(op != "equal" for op, _ in line) for _, line in lines]
    keep = [any(marked[max(0, i - context) : i + context + 1]) for i in range(len(lines))]
    groups: list[list[tuple[int, list[Piece]]]] = []
    for i, line in enumerate(lines):
        if keep[i]:
            if not groups or not keep[i - 1]:
                groups.append([])
            groups[-1].append(line)
    return groups


def terminal(pieces: list[Piece], style: Callable[[str, Op], str] = lambda text, op: text) -> list[str]:
    """Lines for a terminal: ``@@ line N @@`` before each group, deletions as ``[-...-]`` and
    insertions as ``{+...+}`` (``style`` may colour them). A long run of unchanged words is
    shortened to its ends around " … ", so that a change in a long paragraph stands out."""
    out = []
    for group in hunks(pieces):
        out.append(f"@@ line {group[0][0]} @@")
        for _, line in group:
            out.append(" " + "".join(style(_marked(op, _shortened(line, k)), op) for k, (op, _) in enumerate(line)))
    return out


KEEP = 40  # characters of unchanged text kept on each side of a change


def _shortened(line: list[Piece], k: int) -> str:
    """The text of the ``k``-th piece of ``line``; unchanged text far from any change elided."""
    op, text = line[k]
    if op != "equal" or len(text) <= 2 * KEEP + 3:
        return text
    before = any(o != "equal" for o, _ in line[:k])
    after = any(o != "equal" for o, _ in line[k + 1 :])
    if before and after:
        return f"{_head(text, KEEP)} … {_tail(text, KEEP)}"
    if before:
        return f"{_head(text, KEEP)} …"
    if after:
        return f"… {_tail(text, KEEP)}"
    return f"{_head(text, 2 * KEEP)} …"  # a line of context


def _head(text: str, n: int) -> str:
    """About the first ``n`` characters of ``text``, ending at a word's end."""
    cut = text.rfind(" ", 0, n + 1)
    return text[: cut if cut > n // 2 else n].rstrip()


def _tail(text: str, n: int) -> str:
    """About the last ``n`` characters of ``text``, starting at a word's start."""
    cut = text.find(" ", len(text) - n - 1)
    return text[cut + 1 if 0 <= cut < len(text) - n // 2 else len(text) - n :].lstrip()


def _marked(op: Op, text: str) -> str:
    if op == "delete":
        return f"[-{text}-]"
    if op == "insert":
        return f"{{+{text}+}}"
    return text


def html(pieces: list[Piece]) -> Markup:
    """The whole merged text as HTML, deletions in ``<del>``, insertions in ``<ins>``."""
    tags = {"delete": "del", "insert": "ins"}
    return Markup("").join(
        Markup("<{0}>{1}</{0}>").format(Markup(tags[op]), text) if op in tags else escape(text) for op, text in pieces
    )
