"""Free text that may be given once, or per language for bilingual documents."""

from __future__ import annotations

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
