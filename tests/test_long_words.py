"""Only a word too long for a narrow line is marked to break anywhere, and the marking
changes nothing else in the HTML."""

from __future__ import annotations

import re
from pathlib import Path

from agreements.render.long_words import LONG, mark_long_words

from .helpers import LONG_WORD as MARKED
from .helpers import render_jobs, unmarked

HEDGEROW = Path(__file__).resolve().parents[1] / "samples" / "hedgerow"


def page(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html><head>{head}</head><body class="doc">{body}</body></html>'


def test_a_word_as_long_as_a_narrow_line_is_marked_and_a_shorter_one_is_not() -> None:
    long_, short = "a" * LONG, "b" * (LONG - 1)
    html = mark_long_words(page(f"<p>{short} {long_}, {short}</p>"))
    assert MARKED.findall(html) == [long_ + ","]


def test_a_no_break_space_joins_a_word_and_other_spaces_end_it() -> None:
    html = mark_long_words(page("<p>Schedule\u00a0" + "1" * (LONG - 9) + " x\t" + "y" * (LONG - 1) + "</p>"))
    assert MARKED.findall(html) == ["Schedule\u00a0" + "1" * (LONG - 9)]


def test_tags_attributes_comments_styles_and_the_head_are_left_as_they_are() -> None:
    word = "z" * 40
    body = (
        f"<p title=\"{word} > {word}\" data-x='{word}'>x</p><!-- {word} -->"
        f"<style>.{word} {{ color: red }}</style><script>var {word};</script><p>{word}</p>"
    )
    html = page(body, head=f"<title>{word}</title><style>.{word} {{}}</style>")
    marked = mark_long_words(html)
    assert MARKED.findall(marked) == [word]
    assert unmarked(marked) == html


def test_the_text_of_a_sample_document_is_unchanged(sample_dir: Path) -> None:
    html = render_jobs(sample_dir, ["association-agreement"], ["nl"])[0].html()
    words = MARKED.findall(html)
    assert "zoe.vandenberg@example.nl" in words  # an e-mail address in the parties
    assert all(len(w) >= LONG for w in words)
    assert unmarked(html) == unmarked(mark_long_words(unmarked(html)))
    assert "overflow-wrap: anywhere" in html.split("<body", 1)[0]  # the rule that lets them break


def test_without_a_body_the_html_is_returned_unchanged() -> None:
    fragment = "<p>" + "w" * 50 + "</p>"
    assert mark_long_words(fragment) == fragment


def test_a_table_breaks_its_words_only_where_they_may_break(tmp_path: Path) -> None:
    """Set on a whole table, break-anywhere let the Dutch register print "Focusa / andeel" and
    "Raghunatha / n" in its narrow columns; marked words only, the columns fit whole words."""
    from pypdf import PdfReader

    from agreements.build import build

    build(HEDGEROW, out=tmp_path, documents=["association-agreement"], languages=["nl"], formats=("pdf",), jobs=1)
    pages = [p.extract_text() for p in PdfReader(tmp_path / "hedgerow" / "association-agreement.nl.pdf").pages]
    register = next(text for text in pages if "Deel 1: Focusaandelen" in text)
    words = set(re.findall(r"\w+", register))
    assert {"Focusaandeel", "Stewardaandelen", "Raghunathan", "Wiśniewski", "september"} <= words
