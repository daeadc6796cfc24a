"""Words too long for a narrow line, marked so that they may break anywhere.

A word longer than its line (a 300-letter name, a long URL or e-mail address) must break
rather than run off the page. ``overflow-wrap: anywhere`` says so, but set on the whole
body it costs WeasyPrint about a twentieth of a document's rendering: every text is then
laid out with a break-anywhere attribute, and the narrowest width of every table cell and
inline block is measured letter by letter. Only a long word needs it, so only a long word
gets it: a run of ``LONG`` or more characters without a space is wrapped in
``<span class="long-word">``, which the shared stylesheet (_meta.html.j2) lets break
anywhere. A shorter word fits the narrowest line the layouts set: a side-by-side column holds
more than 30 characters at 9 pt, a column of a five-column table on A4 about 20.

The pass reads the body only, and its text only: tags, their attributes, comments and the
content of ``style`` and ``script`` elements are copied as they are. It is one pass over the
HTML, so a field of 100,000 characters costs what its length does.
"""

from __future__ import annotations

import re

LONG = 20

# a tag (with quoted attributes, which may hold ">") or a comment
_TAG = re.compile(r"<!--.*?-->|</?([A-Za-z][\w-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
_RAW = {"style", "script", "textarea", "title"}
# a space, tab or line break is where a line may end; a no-break space is not
_RUN = re.compile(rf"[^ \t\n\r\f]{{{LONG},}}")
MARK = '<span class="long-word">{}</span>'


def mark_long_words(html: str) -> str:
    """``html`` with each word too long for a narrow line wrapped in a ``long-word`` span."""
    body = re.search(r"<body\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", html)
    if body is None:
        return html
    out = [html[: body.end()]]
    pos, raw = body.end(), ""
    for tag in _TAG.finditer(html, body.end()):
        out.append(html[pos : tag.start()] if raw else _marked(html[pos : tag.start()]))
        out.append(tag.group())
        pos = tag.end()
        name = (tag.group(1) or "").lower()
        closing = tag.group().startswith("</")
        if raw:
            raw = "" if closing and name == raw else raw
        elif name in _RAW and not closing:
            raw = name
    out.append(html[pos:] if raw else _marked(html[pos:]))
    return "".join(out)


def _marked(text: str) -> str:
    if len(text) < LONG:
        return text
    return _RUN.sub(lambda word: MARK.format(word.group()), text)


__all__ = ["LONG", "mark_long_words"]
