"""Free text that may be given once, or per language for bilingual documents."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

Lang = Literal["en", "nl"]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# "text", or {en: "text", nl: "tekst"}: each document prints its own language's text,
# falling back to the other one when a language is not given.
LocalText = NonEmpty | Annotated[dict[Lang, NonEmpty], Field(min_length=1)]


def pick(value: str | dict[str, str], lang: str) -> str:
    """The text for ``lang`` (or the first one given)."""
    if isinstance(value, str):
        return value
    return value.get(lang) or next(iter(value.values()))
