"""Render a clause body with the data: sandboxed Jinja, strict about missing values.

Every printed value becomes an opaque token (a private-use character pair around an
index), so data can never turn into Markdown or HTML: the Markdown parser sees only the
lawyer's text, and the tokens come back as Text, TermUse, Definition, Reference or
SignatureBlock nodes. That holds inside macros and ``{% filter %}`` blocks too: what a
macro renders is the lawyer's text with tokens; a filter sees the data's own text and what
it returns is printed as data. Each render runs within a budget (see sandbox.py).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, Undefined, UndefinedError, nodes, pass_context
from jinja2.lexer import TokenStream
from jinja2.runtime import Context
from jinja2.sandbox import SecurityError

from .. import formatting
from ..context import Record
from ..errors import ClauseError, Location, Problem
from ..model.text import unprintable
from ..numbering import scheme
from ..tree import Blank, Definition, DefinitionsPlaceholder, Label, Reference, SignatureBlock, Source, TermUse, Text
from . import code_cache, datapaths, sandbox, shorthand
from .clause import CLOSE, OPEN, Clause
from .sandbox import BudgetedSandbox, BudgetExceeded, TemplateText

TOKEN = re.compile(f"{OPEN}(\\d+){CLOSE}")
PRINTED = "_printed"  # the filter that prints what a {% filter %} block returns


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

    def __init__(
        self,
        clause: Clause,
        lang: str,
        allow_missing: bool = False,
        numbering: str = "agreement",
        highlight: bool = False,
    ):
        self.clause = clause
        self.lang = lang
        self.allow_missing = allow_missing
        self.numbering = numbering
        self.highlight = highlight  # values read from the data carry their data path (datapaths.py)
        self.nodes: list[Any] = []

    def path(self, value: Any) -> str:
        """The data path of a printed value, when the data is highlighted; else ``""``."""
        return datapaths.path_of(value) if self.highlight else ""

    def token(self, node: Any) -> str:
        self.nodes.append(node)
        return f"{OPEN}{len(self.nodes) - 1}{CLOSE}"

    def node(self, token: str) -> Any:
        """The node behind a token this sink issued, or None."""
        index = int(token[1:-1])
        return self.nodes[index] if index < len(self.nodes) else None

    def has(self, token: str) -> bool:
        return self.node(token) is not None

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


class Tokens(str):
    """Tokens a helper already made (several nodes in a row); printed as they are."""


@pass_context
def _finalize(context: Context, value: Any) -> str:
    """Turn every printed value into a token for a node; format dates, money, numbers."""
    sink = _sink.get()
    if isinstance(value, Tokens):
        return value
    if isinstance(value, NODES):
        return sink.token(value)
    if isinstance(value, MissingValue) and sink.allow_missing:
        return sink.token(Blank(value.data_path, sink.here()))
    if isinstance(value, TemplateText):
        return value  # what a macro or block rendered: the lawyer's text, its values already tokens
    if isinstance(value, str):
        return _as_data(value, sink)
    return sink.token(Text(_as_text(value, sink.lang), sink.path(value)))


def _as_data(text: str, sink: Sink) -> TemplateText:
    """Print ``text`` as data; tokens it holds (from a macro's output joined to other text)
    keep their nodes, everything around them becomes text."""
    out, pos = [], 0
    path = sink.path(text)
    for m in TOKEN.finditer(text):
        if sink.has(m.group()):
            if m.start() > pos:
                out.append(sink.token(Text(_printable(text[pos : m.start()]), path)))
            out.append(m.group())
            pos = m.end()
    if pos < len(text) or not out:
        out.append(sink.token(Text(_printable(text[pos:]), path)))
    return TemplateText("".join(out))


def _printable(text: str) -> str:
    problem = unprintable(text)
    if problem:
        raise ValueError(f"the clause prints text that {problem}")
    return text


def _expanded(text: str, sink: Sink) -> str:
    """``text`` with the tokens of data values replaced by the values' text, for a filter."""
    return TOKEN.sub(lambda m: _text_of(m, sink), text) if OPEN in text else text


def _text_of(m: re.Match[str], sink: Sink) -> str:
    node = sink.node(m.group())
    return node.text if isinstance(node, Text) else m.group()


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
    def missing_first(helper: Callable[..., Any]) -> Callable[..., Any]:
        """A helper given a missing value fails with its data path (or, in a draft, prints a blank)."""

        def call(*args: Any, **kwargs: Any) -> Any:
            for value in (*args, *kwargs.values()):
                if isinstance(value, Undefined):
                    if sink.allow_missing:
                        return value
                    value._fail_with_undefined_error()
            return helper(*args, **kwargs)

        return call

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

    def refs(*targets: Any) -> Tokens:
        """Several references with the noun once: "artikelen 3, 4 en 13", "clauses 7 and 9"."""
        ids = [str(t) for group in targets for t in (group if isinstance(group, (list, tuple)) else [group])]
        if not ids:
            raise ValueError("refs() needs at least one clause id")
        sch = scheme(sink.numbering, sink.lang)
        here = sink.here()
        parts: list[Text | Reference] = [Text(sch.nouns[len(ids) > 1] + " ")]
        for n, target in enumerate(ids):
            if n:
                parts.append(Text(f" {sch.conjunction} " if n == len(ids) - 1 else ", "))
            parts.append(Reference(target, here, bare=True))
        return Tokens("".join(sink.token(p) for p in parts))

    def percent(value: Any) -> Text:
        return Text(formatting.percent(value, sink.lang), sink.path(value))

    def in_words(unit: str) -> Any:
        def write(value: Any) -> Text:
            return Text(formatting.period(value, unit, sink.lang), sink.path(value))

        return write

    def words(value: Any) -> Text:
        return Text(formatting.words(value, sink.lang), sink.path(value))

    def money(amount: Any, currency: Any) -> Text:
        return Text(formatting.money(Decimal(str(amount)), str(currency), sink.lang), sink.path(amount))

    def signature(name: str, capacity: str = "", on_behalf_of: str = "", witness: bool = False) -> SignatureBlock:
        given = {"name": name, "capacity": capacity, "on_behalf_of": on_behalf_of}
        paths = {key: path for key, value in given.items() if (path := sink.path(value))}
        return SignatureBlock(str(name), str(capacity), str(on_behalf_of), bool(witness), paths)

    helpers: dict[str, Callable[..., Any]] = {
        "term": term,
        "define": define,
        "label": label,
        "definitions": definitions,
        "ref": ref,
        "refs": refs,
        "percent": percent,
        "words": words,
        "money": money,
        "days": in_words("day"),
        "weeks": in_words("week"),
        "months": in_words("month"),
        "years": in_words("year"),
        "signature": signature,
    }
    return {name: missing_first(helper) for name, helper in helpers.items()}


class ClauseSandbox(BudgetedSandbox):
    """The budgeted sandbox, with filters that see the data's text and know missing values.

    When the data is highlighted, what a clause reads from the data, what a filter makes of
    it and what arithmetic computes from it carry their data paths (see datapaths.py).
    """

    intercepted_binops = BudgetedSandbox.intercepted_binops | {"-", "/", "//"}

    def _tokenize(self, source: str, name: str | None, filename: str | None = None, state: str | None = None) -> Any:
        """Jinja's token stream, with the ``[[Term]]`` shorthand of the text expanded (shorthand.py)."""
        source = self.preprocess(source, name, filename)
        tokens = shorthand.expand(self.lexer.tokeniter(source, name, filename, state))
        return TokenStream(self.lexer.wrap(tokens, name, filename), name, filename)

    def getattr(self, obj: Any, attribute: str) -> Any:
        return _traced(obj, attribute, super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        return _traced(obj, argument, super().getitem(obj, argument))

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        result = super().call_binop(context, operator, left, right)
        sink = _sink.get(None)
        if sink is not None and sink.highlight and (path := datapaths.joined(left, right)):
            return datapaths.tag(result, path)
        return result

    def budgeted_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        counted = super().budgeted_filter(name, func)
        if name in ("default", "d"):
            return counted  # made for missing values
        at = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0  # the value filtered

        def filtered(*args: Any, **kwargs: Any) -> Any:
            sink = _sink.get(None)
            for value in (*args, *kwargs.values()):
                if isinstance(value, Undefined):
                    if sink is not None and sink.allow_missing and len(args) > at and args[at] is value:
                        return value  # a draft prints a blank for it
                    value._fail_with_undefined_error()
            path = sink.path(args[at]) if sink is not None and len(args) > at else ""
            if sink is not None and len(args) > at and isinstance(args[at], str):
                args = (*args[:at], _expanded(args[at], sink), *args[at + 1 :])
            result = counted(*args, **kwargs)
            return datapaths.tag(result, path) if path else result

        filtered.__dict__.update(counted.__dict__)  # keeps Jinja's pass_context marker
        return filtered


def _traced(owner: Any, name: Any, value: Any) -> Any:
    sink = _sink.get(None)
    return datapaths.traced(owner, name, value) if sink is not None and sink.highlight else value


@pass_context
def _printed(context: Context, value: Any) -> str:
    """What a {% filter %} block returns, printed as data (its own output is not finalized)."""
    return _finalize(context, value)


def _print_filter_blocks(template: nodes.Template) -> None:
    for block in template.find_all(nodes.FilterBlock):
        block.filter = nodes.Filter(block.filter, PRINTED, [], [], None, None, lineno=block.lineno)


_ENV: ClauseSandbox | None = None


def environment() -> ClauseSandbox:
    global _ENV
    if _ENV is None:
        _ENV = ClauseSandbox(
            undefined=MissingValue,
            finalize=_finalize,
            autoescape=False,  # output is Markdown; every value is tokenised, never parsed
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        _ENV.filters[PRINTED] = _printed
    return _ENV


_COMPILED: dict[tuple[str, str], Template] = {}


def _compiled(clause: Clause, source: str | None = None) -> Template:
    """A clause's body (or another text of it) compiled once per process."""
    source = clause.body if source is None else source
    key = (str(clause.path), source)
    template = _COMPILED.get(key)
    if template is None:
        env = environment()
        entry = code_cache.key(clause.id, str(clause.path), source)
        code = code_cache.load(entry)
        if code is None:
            try:
                tree = env.parse(source, name=clause.id, filename=str(clause.path))
                sandbox.count_loops(tree)
                _print_filter_blocks(tree)
                code = env.compile(tree, name=clause.id, filename=str(clause.path))
            except TemplateSyntaxError as exc:
                raise ClauseError(
                    problems=[Problem(Location(clause.file, exc.lineno or 0), f"template syntax: {exc.message}")]
                ) from None
            code_cache.store(entry, code)
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


def render_clause(
    clause: Clause, context: dict[str, Any], allow_missing: bool = False, highlight: bool = False
) -> Rendered:
    """Render ``clause`` (body and defined terms) with ``context``; ``highlight`` marks every
    value printed from the data with its data path."""
    sink = Sink(clause, context["document"].lang, allow_missing, context["document"].numbering, highlight)
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
    def stopped(exc: BaseException, why: str) -> ClauseError:
        return ClauseError(problems=[Problem(Location(clause.file, _template_line(exc, clause)), f"stopped: {why}")])

    budget = sandbox.start_budget()
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
    except BudgetExceeded as exc:
        raise stopped(exc, str(exc)) from None
    except RecursionError as exc:
        raise stopped(exc, "the clause calls itself (a macro or a recursive loop) too deeply") from None
    except MemoryError as exc:
        raise stopped(exc, "the clause needs more memory than there is") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, LookupError) as exc:
        raise ClauseError(
            problems=[Problem(Location(clause.file, _template_line(exc, clause)), str(exc) or type(exc).__name__)]
        ) from None
    finally:
        sandbox.end_budget(budget)


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
