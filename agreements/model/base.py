"""Shared base for every data model: unknown keys are errors, strings are trimmed, and no
text holds a character that would print differently from what it says."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from .text import unprintable_in


class Model(BaseModel):
    """A strict record: a typo in a key is reported, never silently ignored."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        validate_default=True,
    )

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        """Text (also inside lists and per-language text) holds no control characters."""
        if isinstance(value, (str, list, tuple, dict)):
            found = [
                InitErrorDetails(type=PydanticCustomError("unprintable", problem), loc=at, input=text)
                for at, problem, text in unprintable_in(value)
            ]
            if found:
                raise ValidationError.from_exception_data(cls.__name__, found)
        return value
