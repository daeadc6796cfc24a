"""Render a clause body with the data: sandboxed Jinja, strict about missing values.

Every printed value becomes an opaque token (a private-use character pair around an
index), so data can never turn into Markdown or HTML: the Markdown parser sees only the
lawyer's text, and the tokens come back as Text, TermUse, Definition, Reference or
SignatureBlock nodes.
"""

from __future__ import annotations

import datetime as dt
import sys
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .. import formatting
from ..context import Record
from ..errors import ClauseError, Location, Problem
from ..tree import Definition, Reference, SignatureBlock, Source, TermUse, Text
from .clause import Clause

OPEN, CLOSE = "\ue000", "\ue001"


class MissingValue(StrictUndefined):
    """Undefined that names the data path; may be tested (``if``), never printed."""

    __slots__ = ()

    def __bool__(self) -> bool:
        return False

    @property
    def _undefined_message(self) -> str:  # what UndefinedError says: the data path
        return self.data_path

    @property
    def data_path(self) -> str:
        owner = self._undefined_obj
        name = self._undefined_name
        base = getattr(owner, "_path", "") if owner is not None else ""
        if isinstance(name, int):
            return f"{base}[{name}]"
        return f"{base}.{name}" if base else str(name)


class Sink:
    """Collects the nodes behind the tokens of one clause rendering."""

    def __init__(self, clause: Clause, lang: str):
        self.clause = clause
        self.lang = lang
        self.nodes: list[Any] = []

    def token(self, node: Any) -> str:
        self.nodes.append(node)
        return f"{OPEN}{len(self.nodes) - 1}{CLOSE}"

    def here(self) -> Source:
        """The clause file and the template line currently executing."""
        frame = sys._getframe(1)
        while frame is not None:
            template = frame.f_globals.get("__jinja_template__")
            if template is not None:
                return Source(self.clause.file, template.get_corresponding_lineno(frame.f_lineno))
            frame = frame.f_back  # type: ignore[assignment]
        return Source(self.clause.file)


_sink: ContextVar[Sink] = ContextVar("clause_sink")


@pass_context
def _finalize(context: Context, value: Any) -> str:
    """Turn every printed value into a token for a node; format dates, money, numbers."""
    sink = _sink.get()
    if isinstance(value, (Text, TermUse, Definition, Reference, SignatureBlock)):
        return sink.token(value)
    return sink.token(Text(_as_text(value, sink.lang)))


def _as_text(value: Any, lang: str) -> str:
    if isinstance(value, Record) and value._kind == "Money":
        return formatting.money(value.amount, value.currency, lang)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return formatting.date(value, lang)
    if isinstance(value, (Decimal, int, float)):
        return formatting.number(value, lang)
    return str(value)


def _helpers(sink: Sink) -> dict[str, Any]:
    def term(name: str) -> TermUse:
        return TermUse(str(name), sink.here())

    def define(name: str) -> Definition:
        return Definition(str(name), sink.here())

    def ref(target: str) -> Reference:
        return Reference(str(target), sink.here())

    def percent(value: Any) -> Text:
        return Text(formatting.percent(value, sink.lang))

    def signature(name: str, capacity: str = "", on_behalf_of: str = "") -> SignatureBlock:
        return SignatureBlock(str(name), str(capacity), str(on_behalf_of))

    return {"term": term, "define": define, "ref": ref, "percent": percent, "signature": signature}


_ENV: SandboxedEnvironment | None = None


def environment() -> SandboxedEnvironment:
    global _ENV
    if _ENV is None:
        _ENV = SandboxedEnvironment(
            undefined=MissingValue,
            finalize=_finalize,
            autoescape=False,  # output is Markdown; every value is tokenised, never parsed
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _ENV


_COMPILED: dict[tuple[str, str], Template] = {}


def _compiled(clause: Clause) -> Template:
    """The clause body compiled once per process (keyed by file and body text)."""
    key = (str(clause.path), clause.body)
    template = _COMPILED.get(key)
    if template is None:
        env = environment()
        try:
            code = env.compile(clause.body, name=clause.id, filename=str(clause.path))
        except TemplateSyntaxError as exc:
            raise ClauseError(
                problems=[Problem(Location(clause.file, exc.lineno or 0), f"template syntax: {exc.message}")]
            ) from None
        template = _COMPILED[key] = env.template_class.from_code(env, code, env.make_globals(None), None)
    return template


def render_clause(clause: Clause, context: dict[str, Any]) -> tuple[str, list[Any]]:
    """Render ``clause`` with ``context``; return the Markdown text and its token nodes."""
    template = _compiled(clause)
    sink = Sink(clause, context["document"].lang)
    token = _sink.set(sink)
    try:
        text = template.render({**context, **_helpers(sink)})
    except UndefinedError as exc:
        line = _template_line(exc, clause)
        path = exc.message or "a value"
        raise ClauseError(
            problems=[Problem(Location(clause.file, line), f"no value for '{path}' in the data", path)]
        ) from None
    except SecurityError as exc:
        raise ClauseError(
            problems=[Problem(Location(clause.file, _template_line(exc, clause)), f"not allowed: {exc}")]
        ) from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as exc:
        raise ClauseError(
            problems=[Problem(Location(clause.file, _template_line(exc, clause)), str(exc) or type(exc).__name__)]
        ) from None
    finally:
        _sink.reset(token)
    return text, sink.nodes


def _template_line(exc: BaseException, clause: Clause) -> int:
    """The clause line where ``exc`` was raised (Jinja rewrites frames to template lines)."""
    tb = exc.__traceback__
    line = 0
    filename = str(clause.path)
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
