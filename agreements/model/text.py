"""Free text that may be given once, or per language for bilingual documents, and the
characters no printed text may hold."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, StringConstraints, Tag

Lang = Literal["en", "nl"]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _form(value: Any) -> str:
    return "per-language" if isinstance(value, dict) else "text"


# "text", or {en: "text", nl: "tekst"}: each document prints its own language's text,
# falling back to the other one when a language is not given. The discriminator picks the
# form from the value, so a problem is reported once, for the form the data uses.
LocalText = Annotated[
    Annotated[NonEmpty, Tag("text")] | Annotated[dict[Lang, NonEmpty], Field(min_length=1), Tag("per-language")],
    Discriminator(_form),
]


def pick(value: str | dict[str, str], lang: str) -> str:
    """The text for ``lang`` (or the first one given)."""
    if isinstance(value, str):
        return value
    return value.get(lang) or next(iter(value.values()))


# Bidirectional embeddings, overrides and isolates: "Zoe \u202e0001 RUE\u202c" would print
# as "Zoe EUR 1000". The engine's own token characters (see clauses/render.py) are reserved.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
RESERVED = frozenset("\ue000\ue001")
_ALLOWED_CONTROLS = frozenset("\t\n\r")


# every character unprintable() refuses, for a quick look before it says why
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ue000\ue001]")


def unprintable(text: str) -> str | None:
    """Why ``text`` cannot be printed as it is, or None when it can."""
    if _SUSPECT.search(text) is None:
        return None
    for ch in text:
        code = ord(ch)
        if ch in BIDI_CONTROLS:
            return f"holds U+{code:04X} ({unicodedata.name(ch)}), which reorders how text prints; remove it"
        if 0xD800 <= code <= 0xDFFF:
            return f"holds U+{code:04X}, half of a character (an unpaired surrogate); remove it"
        if ch in RESERVED:
            return f"holds U+{code:04X}, a private-use character the engine reserves; remove it"
        if (code < 0x20 or 0x7F <= code < 0xA0) and ch not in _ALLOWED_CONTROLS:
            return f"holds the control character U+{code:04X}; remove it"
    return None


def unprintable_in(value: Any, at: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(path within ``value``, problem, the text) for each text in it that cannot be printed."""
    if isinstance(value, str):
        problem = unprintable(value)
        if problem:
            yield at, problem, value
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from unprintable_in(item, (*at, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unprintable_in(item, (*at, key))
