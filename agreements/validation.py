"""Turn loaded data into validated models, or into located problems (all of them)."""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import DataError, Problem, ProblemsError
from .loading import Key, Loaded

M = TypeVar("M", bound=BaseModel)
Found = tuple[Key, str]


def validate(model: type[M], loaded: Loaded, error: type[ProblemsError] = DataError) -> M:
    """Validate ``loaded`` against ``model``; raise ``error`` listing every problem."""
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        raise error(problems=schema_problems(model, loaded, exc)) from None


def validate_data(loaded: Loaded, rules: Callable[[Any], Iterable[Found]] | None = None) -> Any:
    """The project's data as a ProjectData, checked field by field and across records.

    The rules that cross records (and ``rules``, given each company that validated with the
    data path of its enterprise) run over every record that validated, even when others did
    not, so one run reports everything.
    """
    from .model import ProjectData
    from .model.cross_checks import cross_problems, partial

    try:
        data: ProjectData | None = ProjectData.model_validate(loaded.data)
        problems: list[Problem] = []
        found = list(cross_problems(data))  # type: ignore[arg-type]
        companies = [(at, view.enterprise.company) for at, view in data.views()] if data.all_enterprises() else []  # type: ignore[union-attr]
    except ValidationError as exc:
        data, problems = None, schema_problems(ProjectData, loaded, exc)
        found, companies = partial(loaded.data)
    found += list(rules(companies)) if rules else []
    problems += [p for p in problems_at(loaded, found) if p not in problems]
    problems = _with_placeholders(loaded, problems)
    if problems:
        todo = sum(p.message.startswith(STILL) for p in problems)
        hint = (
            f'{todo} values are still placeholders: write your own where each "TODO:" is'
            if todo > 1
            else ('1 value is still a placeholder: write your own where "TODO:" is' if todo else "")
        )
        raise DataError(problems=problems, hint=hint)
    return data


# A value a founder still has to write: `init` writes one wherever only they know the answer.
PLACEHOLDER = "TODO:"
STILL = "still a placeholder: "


def placeholders(value: Any, at: Key = ()) -> Iterator[Found]:
    """(data path, what is still to be written) for each text that starts with ``TODO:``."""
    if isinstance(value, str):
        text = value.strip()
        if text.startswith(PLACEHOLDER):
            yield at, text[len(PLACEHOLDER) :].strip()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from placeholders(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from placeholders(item, (*at, i))


def _with_placeholders(loaded: Loaded, problems: list[Problem]) -> list[Problem]:
    """Each placeholder is one problem, "still a placeholder", in place of what the rules say
    about the text it holds (that it is no date, no e-mail address, no municipality ...)."""
    todo = list(placeholders(loaded.data))
    if not todo:
        return problems
    held = [_dotted(path) for path, _ in todo]

    def about_a_placeholder(problem: Problem) -> bool:
        return any(problem.path == h or problem.path.startswith((h + ".", h + "[")) for h in held)

    kept = [p for p in problems if not about_a_placeholder(p)]
    return kept + [
        Problem(
            loaded.locate(path, value=True), f"still a placeholder: {what or 'write the value here'}", _dotted(path)
        )
        for path, what in todo
    ]


def problems_at(loaded: Loaded, found: list[Found]) -> list[Problem]:
    """Located problems from (path, message) pairs found by cross-record rules."""
    return [Problem(loaded.locate(path, value=True), message, _dotted(path)) for path, message in found]


def schema_problems(model: type[BaseModel], loaded: Loaded, exc: ValidationError) -> list[Problem]:
    """One located problem per error; a misspelt key is one problem, not also a missing one."""
    errors = [(_data_path(loaded.data, e), e) for e in exc.errors(include_url=False)]
    meant = set()
    for loc, err in errors:
        if err["type"] == "extra_forbidden":
            close = _close_match(model, loc)
            if close:
                meant.add((*loc[:-1], close))
    return [_problem(model, loaded, loc, err) for loc, err in errors if not (err["type"] == "missing" and loc in meant)]


def _data_path(data: Any, err: Any) -> Key:
    """The error's location as a path through the data, without pydantic's own steps
    (union branches, validator names, '[key]')."""
    loc = tuple(err["loc"])
    out: list[str | int] = []
    node = data
    for n, part in enumerate(loc):
        last = n == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif last and err["type"] == "missing" and isinstance(part, str):
            out.append(part)
    return tuple(out)


def _dotted(path: Key) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


MESSAGES = {
    "string_type": "expected text",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "decimal_type": "expected a number",
    "decimal_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "dict_type": "expected a mapping of keys",
    "model_type": "expected a mapping of keys",
    "model_attributes_type": "expected a mapping of keys",
    "list_type": "expected a list",
}


def _problem(model: type[BaseModel], loaded: Loaded, loc: Key, err: Any) -> Problem:
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
        close = _close_match(model, loc)
        hint = f"; did you mean '{close}'?" if close else ""
        message = f"unknown key '{loc[-1]}'{hint} expected one of: {', '.join(allowed)}"
        message = message.replace("? expected", "? Expected") if close else message.replace("' expected", "'; expected")
    else:
        message = MESSAGES.get(kind) or err["msg"][0].lower() + err["msg"][1:]
        message += f", found {shown(given)}"
    at_value = kind not in ("missing", "extra_forbidden")
    return Problem(loaded.locate(loc, value=at_value), message, _dotted(loc))


def shown(value: Any) -> str:
    """A value as the user wrote it, kept short."""
    if value is None:
        return "no value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (dt.date, Decimal)):
        return str(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + "..." + text[-7:]


def _close_match(model: type[BaseModel], loc: Key) -> str | None:
    owner = _model_at(model, loc[:-1])
    if owner is None or not loc:
        return None
    close = difflib.get_close_matches(str(loc[-1]), sorted(owner.model_fields), n=1)
    return close[0] if close else None


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
