"""The dots of a contents line drawn as one text, not as one text a dot.

WeasyPrint 70 fills a leader (``content: leader('.')``) with a copy of its text box for
every dot and draws each copy as a text of its own, laying the dot out with Pango again and
writing a text object for it: the 21 lines of an agreement's contents hold some 1,900 dots,
and they cost about a twentieth of rendering the whole document. The dots of a leader stand
side by side, each one dot's width after the last, so one text box of as many dots, at the
first dot's place, prints them where they were: its glyphs advance by that same width.
(WeasyPrint writes each glyph's advance to a thousandth of an em, so the last dot of a long
leader may sit up to 0.1 mm to the right of where its own text box put it.)
"""

from __future__ import annotations

import copy
from typing import Any


def draw_leaders_as_one_run() -> None:
    """Install the merge in WeasyPrint's inline layout, which calls it for every line."""
    from weasyprint.layout import inline
    from weasyprint.layout.leader import leader_index

    original = inline.handle_leader
    if getattr(original, "merges_dots", False):
        return

    def handle_leader(context: Any, line: Any, containing_block: Any) -> None:
        original(context, line, containing_block)
        _, box = leader_index(line)
        if box is not None and len(box.children) > 1:
            box.children = _one_run(box.children)

    handle_leader.merges_dots = True  # type: ignore[attr-defined]
    handle_leader.original = original  # type: ignore[attr-defined]
    inline.handle_leader = handle_leader


def _one_run(dots: tuple[Any, ...]) -> tuple[Any, ...]:
    """One text box for ``dots`` (copies of one text box, each a width apart), or ``dots``."""
    row = sorted(dots, key=lambda d: d.position_x)
    first = row[0]
    width = first.width
    for before, after in zip(row, row[1:], strict=False):
        if after.text != first.text or abs(after.position_x - before.position_x - width) > 1e-6 * max(width, 1):
            return dots  # not the row of equal boxes WeasyPrint makes: leave it as it is
    run = first.copy_with_text(first.text * len(row))
    run.width = width * len(row)
    layout = copy.copy(first.pango_layout)  # laid out and put away: drawing sets it up from its text
    layout.text = run.text
    run.pango_layout = layout
    return (run,)


__all__ = ["draw_leaders_as_one_run"]
