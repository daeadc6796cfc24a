"""Dates as the data writes them: YYYY-MM-DD, real calendar dates, within a range a document can print."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

EARLIEST = dt.date(1970, 1, 1)
LATEST = dt.date(2199, 12, 31)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: Any) -> dt.date:
    """A date from a YAML/TOML date or from text written YYYY-MM-DD; anything else is refused."""
    if isinstance(value, dt.datetime):
        if value.time() != dt.time() or value.tzinfo is not None:
            raise PydanticCustomError("date_format", "write dates as YYYY-MM-DD, without a time")
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        if not _ISO.fullmatch(text):
            raise PydanticCustomError("date_format", "write dates as YYYY-MM-DD")
        try:
            value = dt.date.fromisoformat(text)
        except ValueError as exc:
            raise PydanticCustomError(
                "date_value", "not a date in the calendar ({reason}); write dates as YYYY-MM-DD", {"reason": str(exc)}
            ) from None
    if not isinstance(value, dt.date):
        raise PydanticCustomError("date_format", "write dates as YYYY-MM-DD")
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError(
            "date_range",
            "dates lie between {earliest} and {latest}",
            {"earliest": str(EARLIEST), "latest": str(LATEST)},
        )
    return value


# The schema for editors: text written YYYY-MM-DD between 1970 and 2199 (the calendar check
# is the "date" format's). A YAML date such as 2027-03-01 is text to a YAML language server.
DATE_PATTERN = r"^(19[7-9]\d|2[01]\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"
Date = Annotated[
    dt.date,
    BeforeValidator(_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN, "examples": ["2027-03-01"]}),
]
