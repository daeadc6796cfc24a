"""``[[Purpose Agent]]``: the short way to write ``{{ term("Purpose Agent") }}`` in a clause.

``[[Purpose Agent|Purpose Agents]]`` is ``{{ term("Purpose Agent", "Purpose Agents") }}``.
The shorthand is read in the clause's text only, never inside ``{{ }}``, ``{% %}`` or
``{# #}`` (so ``{{ "[[" }}`` prints two brackets) nor inside ``{% raw %}``: it is expanded in
Jinja's token stream, where the text and the tags are already told apart, so every line
number stays the file's own. Markdown gives ``[[...]]`` no meaning of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

TERM = re.compile(r"\[\[([^\[\]|\n]+)(?:\|([^\[\]|\n]+))?\]\]")

RawToken = tuple[int, str, str]  # (line, token type, source text), as Jinja's lexer yields them


def expand(tokens: Iterable[RawToken]) -> Iterator[RawToken]:
    """Jinja's raw tokens with every ``[[Term]]`` of the text replaced by a ``term()`` call."""
    in_raw = False
    for line, kind, value in tokens:
        if kind == "raw_begin":
            in_raw = True
        elif kind == "raw_end":
            in_raw = False
        if kind != "data" or in_raw or "[[" not in value:
            yield line, kind, value
            continue
        pos = 0
        for m in TERM.finditer(value):
            name, form = m.group(1).strip(), (m.group(2) or "").strip()
            if not name or (m.group(2) is not None and not form):
                continue  # "[[ ]]", "[[Term| ]]": not a term, printed as written
            if m.start() > pos:
                yield line + value.count("\n", 0, pos), "data", value[pos : m.start()]
            yield from _call(line + value.count("\n", 0, m.start()), name, form)
            pos = m.end()
        if pos < len(value):
            yield line + value.count("\n", 0, pos), "data", value[pos:]


def _call(line: int, name: str, form: str) -> Iterator[RawToken]:
    """The tokens of ``{{ term("name") }}`` or ``{{ term("name", "form") }}``."""
    yield line, "variable_begin", "{{"
    yield line, "name", "term"
    yield line, "operator", "("
    yield line, "string", _quoted(name)
    if form:
        yield line, "operator", ","
        yield line, "string", _quoted(form)
    yield line, "operator", ")"
    yield line, "variable_end", "}}"


def _quoted(text: str) -> str:
    """A Jinja string literal of ``text``, as the lexer would read it from the source."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
