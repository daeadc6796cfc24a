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
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, UndefinedError, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from .. import formatting
from ..context import Record
from ..errors import ClauseError, Location, Problem
from ..tree import Blank, Definition, DefinitionsPlaceholder, Label, Reference, SignatureBlock, Source, TermUse, Text
from .clause import Clause

OPEN, CLOSE = "\ue000", "\ue001"


class MissingValue(StrictUndefined):
    """Undefined that names the data path; may be tested (``if``), never printed."""

    __slots__ = ()

    def __bool__(self) -> bool:  # type: ignore[override]
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

    def __init__(self, clause: Clause, lang: str, allow_missing: bool = False):
        self.clause = clause
        self.lang = lang
        self.allow_missing = allow_missing
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
    if isinstance(value, NODES):
        return sink.token(value)
    if isinstance(value, MissingValue) and sink.allow_missing:
        return sink.token(Blank(value.data_path, sink.here()))
    return sink.token(Text(_as_text(value, sink.lang)))


def _as_text(value: Any, lang: str) -> str:
    if isinstance(value, Record) and value._kind == "Money":
        return formatting.money(value.amount, value.currency, lang)
    if isinstance(value, Record) and value._kind == "Body":
        return str(value.name)
    if isinstance(value, Record):
        raise TypeError(f"'{value._path}' holds several fields ({', '.join(value)}); print one of them")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dt.date):
        return formatting.date(value, lang)
    if isinstance(value, (Decimal, int, float)):
        return formatting.number(value, lang)
    return str(value)


NODES = (Text, TermUse, Definition, Label, Reference, SignatureBlock, DefinitionsPlaceholder)


def _helpers(sink: Sink) -> dict[str, Any]:
    def term(name: str, text: str = "") -> TermUse:
        return TermUse(str(name), sink.here(), str(text))

    def define(name: str, text: str = "") -> Definition:
        return Definition(str(name), sink.here(), str(text))

    def label(name: str) -> Label:
        return Label(str(name), sink.here())

    def definitions() -> DefinitionsPlaceholder:
        return DefinitionsPlaceholder(sink.here())

    def ref(target: str) -> Reference:
        return Reference(str(target), sink.here())

    def percent(value: Any) -> Text:
        return Text(formatting.percent(value, sink.lang))

    def in_words(unit: str) -> Any:
        def write(value: Any) -> Text:
            return Text(formatting.period(value, unit, sink.lang))

        return write

    def words(value: Any) -> Text:
        return Text(formatting.words(value, sink.lang))

    def money(amount: Any, currency: Any) -> Text:
        return Text(formatting.money(Decimal(str(amount)), str(currency), sink.lang))

    def signature(name: str, capacity: str = "", on_behalf_of: str = "", witness: bool = False) -> SignatureBlock:
        return SignatureBlock(str(name), str(capacity), str(on_behalf_of), bool(witness))

    return {
        "term": term,
        "define": define,
        "label": label,
        "definitions": definitions,
        "ref": ref,
        "percent": percent,
        "words": words,
        "money": money,
        "days": in_words("day"),
        "weeks": in_words("week"),
        "months": in_words("month"),
        "years": in_words("year"),
        "signature": signature,
    }


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


def _compiled(clause: Clause, source: str | None = None) -> Template:
    """A clause's body (or another text of it) compiled once per process."""
    source = clause.body if source is None else source
    key = (str(clause.path), source)
    template = _COMPILED.get(key)
    if template is None:
        env = environment()
        try:
            code = env.compile(source, name=clause.id, filename=str(clause.path))
        except TemplateSyntaxError as exc:
            raise ClauseError(
                problems=[Problem(Location(clause.file, exc.lineno or 0), f"template syntax: {exc.message}")]
            ) from None
        template = _COMPILED[key] = env.template_class.from_code(env, code, env.make_globals(None), None)
    return template


def evaluate_when(clause: Clause, context: dict[str, Any]) -> bool:
    """The clause's ``when`` condition over the data (no condition: true)."""
    if not clause.when:
        return True
    source = "\n" * (clause.when_line - 1) + "{{ (" + clause.when + ") and 'yes' or '' }}"
    sink = Sink(clause, context["document"].lang)
    token = _sink.set(sink)
    try:
        _run(clause, _compiled(clause, source), context, sink)
    finally:
        _sink.reset(token)
    return any(isinstance(n, Text) and n.text == "yes" for n in sink.nodes)


@dataclass
class Rendered:
    """A clause rendered with the data: Markdown with tokens, the nodes behind them, and
    each defined term's meaning (Markdown with tokens) with its front-matter line."""

    text: str
    nodes: list[Any]
    defines: list[tuple[str, str, int]]


def render_clause(clause: Clause, context: dict[str, Any], allow_missing: bool = False) -> Rendered:
    """Render ``clause`` (body and defined terms) with ``context``."""
    sink = Sink(clause, context["document"].lang, allow_missing)
    token = _sink.set(sink)
    try:
        text = _run(clause, _compiled(clause), context, sink)
        defines = [
            (term, _run(clause, _compiled(clause, "\n" * (line - 1) + meaning), context, sink).strip(), line)
            for term, meaning, line in clause.defines
        ]
    finally:
        _sink.reset(token)
    return Rendered(text, sink.nodes, defines)


def _run(clause: Clause, template: Template, context: dict[str, Any], sink: Sink) -> str:
    try:
        return template.render({**context, **_helpers(sink)})
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
