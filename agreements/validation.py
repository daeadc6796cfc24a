"""Turn loaded data into validated models, or into located problems (all of them)."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DataError, Problem, ProblemsError
from .loading import Key, Loaded

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], loaded: Loaded, error: type[ProblemsError] = DataError) -> M:
    """Validate ``loaded`` against ``model``; raise ``error`` listing every problem."""
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        problems = [_problem(model, loaded, e) for e in exc.errors(include_url=False)]
        raise error(problems=problems) from None


def problems_at(loaded: Loaded, found: list[tuple[Key, str]]) -> list[Problem]:
    """Located problems from (path, message) pairs found by cross-record rules."""
    return [Problem(loaded.locate(path, value=True), message, _dotted(path)) for path, message in found]


def _dotted(path: Key) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problem(model: type[BaseModel], loaded: Loaded, err: Any) -> Problem:
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    kind, given = err["type"], err.get("input")
    if kind == "missing":
        message = "required field is missing"
        owner = _model_at(model, loc[:-1])
        if owner is not None and loc and loc[-1] in owner.model_fields:
            desc = owner.model_fields[loc[-1]].description
            if desc:
                message += f" ({desc})"
    elif kind == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        message = f"unknown key '{loc[-1]}'{hint} expected one of: {', '.join(allowed)}"
        message = message.replace("? expected", "? Expected") if close else message.replace("' expected", "'; expected")
    else:
        message = err["msg"][0].lower() + err["msg"][1:]
        if isinstance(given, dict):
            message += ", found a mapping"
        elif isinstance(given, list):
            message += ", found a list"
        else:
            message += f", found {given!r}"
    at_value = kind not in ("missing", "extra_forbidden")
    return Problem(loaded.locate(loc, value=at_value), message, _dotted(loc))


def _model_at(model: type[BaseModel], loc: Key) -> type[BaseModel] | None:
    """The model class that the value at ``loc`` is validated against, if any."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = [a for a in typing.get_args(current)]
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = field.annotation
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip Optional[...] / X | None down to the one non-None type."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp
