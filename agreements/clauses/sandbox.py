"""The sandbox a clause renders in: Jinja's SandboxedEnvironment with a budget.

Jinja's sandbox stops a template from reaching Python, not from running forever or filling
memory. Here every render also has a budget: a number of steps (loop iterations, calls,
filters, operators, attribute look-ups), a time limit, and a size limit for any text or list
it builds and for the rendered text. Going over any of them stops the render with
``BudgetExceeded``; operators and calls that would build something too large are refused
before they run.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2 import Undefined, nodes, pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import _PassArg

MAX_STEPS = 1_000_000
MAX_SIZE = 1_000_000  # characters or items
MAX_SECONDS = 5.0
LOOP_FILTER = "_counted_loop"
SIZED = (str, bytes, list, tuple, dict, set, frozenset)
_WIDE = re.compile(r"\d{7,}|[*]")  # a width or precision of a million or more, or one given as '*'


class BudgetExceeded(Exception):
    """A clause render went over its budget; the message says which part."""


class Budget:
    """What one render may still spend."""

    def __init__(self, seconds: float):
        self.steps = 0
        self.deadline = time.monotonic() + seconds

    def step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise BudgetExceeded(f"the clause takes more than {MAX_STEPS:,} steps (loop iterations and calls)")
        if time.monotonic() > self.deadline:
            raise BudgetExceeded(f"the clause takes longer than {MAX_SECONDS:g} seconds to render")


_budget: ContextVar[Budget | None] = ContextVar("clause_budget", default=None)


def start_budget() -> Any:
    """Give the renders that follow (in this context) a fresh budget; returns a reset token."""
    return _budget.set(Budget(MAX_SECONDS))


def end_budget(token: Any) -> None:
    _budget.reset(token)


def step() -> None:
    budget = _budget.get()
    if budget is not None:
        budget.step()


def sized(value: Any) -> Any:
    """``value``, unless it is a text or collection larger than the budget allows."""
    if isinstance(value, SIZED) and len(value) > MAX_SIZE:
        raise BudgetExceeded(f"the clause builds a text or list of more than {MAX_SIZE:,} characters or items")
    return value


def _too_large() -> BudgetExceeded:
    return BudgetExceeded(f"the clause builds a text or list of more than {MAX_SIZE:,} characters or items")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large, before it runs."""
    if operator == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, SIZED) and isinstance(n, int) and len(seq) * max(n, 0) > MAX_SIZE:
                raise _too_large()
    elif operator == "+":
        if isinstance(left, SIZED) and isinstance(right, SIZED) and len(left) + len(right) > MAX_SIZE:
            raise _too_large()
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            if right * abs(left).bit_length() > 4 * MAX_SIZE:
                raise BudgetExceeded("the clause computes a number too large to print")
    elif operator == "%" and isinstance(left, str) and _WIDE.search(left):
        raise BudgetExceeded("the clause formats text with a width or precision too large to print")


def _check_args(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a text or list method, or a filter, asked for a million or more of anything."""
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and value > MAX_SIZE:
            raise _too_large()


def counted_range(*args: int) -> range:
    """``range``, counted as one step, and refused above the size limit."""
    step()
    return sized(range(*args))


def count_loops(template: nodes.Template) -> None:
    """Make every ``{% for %}`` loop count its iterations against the budget."""
    for loop in template.find_all(nodes.For):
        loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.iter.lineno)


@pass_context  # never folded at compile time
def _counted_loop(context: Context, iterable: Any) -> Iterator[Any]:
    if isinstance(iterable, Undefined):
        iterable._fail_with_undefined_error()
    for item in iterable:
        step()
        yield item


class BudgetedSandbox(SandboxedEnvironment):
    """A SandboxedEnvironment whose every render stays within its budget."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.globals["range"] = counted_range
        self.filters = {name: self.budgeted_filter(name, f) for name, f in self.filters.items()}
        self.filters[LOOP_FILTER] = _counted_loop
        self.concat = _bounded_concat  # type: ignore[method-assign]

    def budgeted_filter(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        """``func``, counted as a step and checked for size; subclasses may wrap it further."""
        skip = 0 if _PassArg.from_obj(func) is None else 1  # a context or environment comes first

        @functools.wraps(func)
        def filtered(*args: Any, **kwargs: Any) -> Any:
            step()
            _check_args(args[skip + 1 :], kwargs)
            return sized(func(*args, **kwargs))

        return filtered

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        step()
        for value in (left, right):
            if isinstance(value, Undefined):
                value._fail_with_undefined_error()
        _check_binop(operator, left, right)
        return sized(super().call_binop(context, operator, left, right))

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        step()
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped by the sandbox
        owner = getattr(target, "__self__", None)
        if isinstance(owner, SIZED):
            _check_args(args, kwargs)
            if isinstance(owner, str) and getattr(target, "__name__", "") in ("format", "format_map"):
                if _WIDE.search(owner):
                    raise BudgetExceeded("the clause formats text with a width or precision too large to print")
        return sized(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        step()
        return sized(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        step()
        return sized(super().getitem(obj, argument))


class TemplateText(str):
    """Text a template rendered: the lawyer's text with tokens for every printed value."""

    __slots__ = ()


def _bounded_concat(parts: Any) -> TemplateText:
    """Join a render's output (or a macro's, a block's), stopping at the size limit."""
    out, total = [], 0
    for part in parts:
        total += len(part)
        if total > MAX_SIZE:
            raise BudgetExceeded(f"the clause renders more than {MAX_SIZE:,} characters")
        out.append(part)
    return TemplateText("".join(out))
