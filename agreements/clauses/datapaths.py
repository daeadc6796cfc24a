"""Values that remember where in the data they came from, for drafts that highlight their data.

When a clause renders with highlighting on, every text, number or date it reads from the
data (``company.legal_name``, ``agents[2].focus``) is handed to the template as a tagged
value: a ``str``, ``int``, ``Decimal``, ``float`` or ``date`` subclass that behaves exactly
like the plain value and carries its ``data_path``. A filter applied to a tagged value
(``agent.name|upper``, ``agent.roles|join(", ")``) and arithmetic over tagged values
(``draw.amount * agent.focus``) give tagged results, so what a clause prints from the data
can be marked as such. Without highlighting nothing is tagged and nothing changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..context import Record, RecordList


class DataStr(str):
    data_path = ""


class DataInt(int):
    data_path = ""


class DataFloat(float):
    data_path = ""


class DataDecimal(Decimal):
    data_path = ""


class DataDate(dt.date):
    data_path = ""


_TAGGED = {str: DataStr, int: DataInt, float: DataFloat, Decimal: DataDecimal, dt.date: DataDate}
_TAGS = tuple(_TAGGED.values())
_NOT_DATA = "document"  # document.title, document.lang: the engine's, not the data's


def tag(value: Any, path: str) -> Any:
    """``value`` carrying ``path``; lists carry it item by item (``roles[0]``). Records, values
    already tagged and anything else (booleans, missing values) come back as they are."""
    kind = _TAGGED.get(type(value))
    if kind is not None:
        out = DataDate(value.year, value.month, value.day) if kind is DataDate else kind(value)
        out.data_path = path
        return out
    if isinstance(value, list):
        items = RecordList(tag(item, f"{path}[{i}]") for i, item in enumerate(value))
        items._path = path
        return items
    return value


def traced(owner: Any, name: Any, value: Any) -> Any:
    """``value`` read as ``owner.name`` (or ``owner[name]``), tagged with its data path."""
    base = owner._path if isinstance(owner, (Record, RecordList)) else ""
    if not base or base == _NOT_DATA or base.startswith(_NOT_DATA + "."):
        return value
    return tag(value, f"{base}[{name}]" if isinstance(name, int) else f"{base}.{name}")


def path_of(value: Any) -> str:
    """The data path a value came from, or ``""``."""
    if isinstance(value, _TAGS):
        return str(getattr(value, "data_path", ""))
    if isinstance(value, (Record, RecordList)):
        path = value._path
        return "" if path == _NOT_DATA or path.startswith(_NOT_DATA + ".") else path
    return ""


def joined(*values: Any) -> str:
    """The data paths of several values, once each: ``company.compensation.draw.amount, agents[0].focus``."""
    return ", ".join(dict.fromkeys(p for p in map(path_of, values) if p))
