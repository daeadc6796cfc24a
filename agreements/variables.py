"""Which data paths a clause may use: the data model as a tree of names, and a check of a
clause's Jinja against it (the lint rule unknown-variable)."""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from pydantic import BaseModel

from .model import Commitment, Enterprise, NetworkEnterprise, PurposeAgent
from .model.money import Money

ANY = "any"  # a value whose inside the check does not follow (a filter result, a loop over text)


@dataclass(frozen=True)
class ListOf:
    item: Any


def model_tree(model: type[BaseModel]) -> dict[str, Any]:
    """{field: subtree | ListOf | None (a plain value)} for a pydantic model, recursively."""
    return {name: _type_tree(field.annotation) for name, field in model.model_fields.items()}


def _type_tree(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _type_tree(args[0]) if len(args) == 1 else None
    if origin in (list, tuple):
        return ListOf(_type_tree(typing.get_args(tp)[0]))
    if origin is dict:
        return ANY
    if isinstance(tp, type) and issubclass(tp, Money):
        return {"amount": None, "currency": None}
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return model_tree(tp)
    return None


def context_tree() -> dict[str, Any]:
    """The names a clause sees (see context.clause_context), as a tree."""
    ent = model_tree(Enterprise)
    agent = {k: v for k, v in model_tree(PurposeAgent).items() if k != "commitments"}
    commitment = model_tree(Commitment)
    agent.update(
        focus=None,
        roles=ListOf(None),
        since=None,
        trial_ends=None,
        steward=None,
        steward_since=None,
        substitution=None,
        status_assessment=commitment["status_assessment"],
        other_commitments=ListOf({"enterprise_id": None, "enterprise_name": None, "focus": None}),
    )
    company = dict(ent["company"])
    if isinstance(company.get("board"), dict):
        company["board"] = {**company["board"], "directors": ListOf({"name": None, "address": None, "agent_id": None})}
    organisation = dict(ent["organisation"])
    organisation.update(
        ratifiers=ListOf({"name": None, "agent_id": None, "capacity": None}),
        partners=ListOf(agent),
        articles=ListOf(None),
        anchor_circle_lead=agent,
    )
    ent = {**ent, "company": company, "organisation": organisation}
    return {
        "enterprise": ent,
        "organisation": organisation,
        "association": ent["association"],
        "company": company,
        "agents": ListOf(agent),
        "agent": agent,
        "network": ListOf(model_tree(NetworkEnterprise)),
        "document": {"id": None, "lang": None, "title": None, "numbering": None},
    }


HELPERS = {
    "term",
    "define",
    "label",
    "definitions",
    "ref",
    "refs",
    "percent",
    "words",
    "money",
    "days",
    "weeks",
    "months",
    "years",
    "signature",
}
JINJA_NAMES = {"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false", "none"}


def unknown_variables(template: nodes.Template) -> list[tuple[int, str]]:
    """(line, message) for every data path the template reads that the model does not have."""
    found: list[tuple[int, str]] = []
    _Walker(context_tree(), found).visit(template, {})
    return found


class _Walker:
    def __init__(self, root: dict[str, Any], found: list[tuple[int, str]]):
        self.root = root
        self.found = found

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        if isinstance(node, nodes.For):
            inner = dict(scope)
            item = self.resolve(node.iter, scope)
            self.bind(node.target, item.item if isinstance(item, ListOf) else ANY, inner)
            inner["loop"] = ANY
            for child in [*node.body, *node.else_]:
                self.visit(child, inner)
            if node.test is not None:
                self.resolve(node.test, inner)
            return
        if isinstance(node, nodes.Assign):
            value = self.resolve(node.node, scope)
            self.bind(node.target, value, scope)
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = ANY
            for child in node.body:
                self.visit(child, inner)
            return
        if isinstance(node, nodes.Expr):
            self.resolve(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)

    def bind(self, target: nodes.Node, value: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)

    def resolve(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        """The subtree ``node`` evaluates to; reports unknown names and attributes on the way."""
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.root:
                return self.root[node.name]
            if node.name not in HELPERS and node.name not in JINJA_NAMES:
                self.report(node.lineno, node.name, list(self.root) + list(scope))
            return ANY
        if isinstance(node, nodes.Getattr):
            return self.member(node, self.resolve(node.node, scope), node.attr, scope)
        if isinstance(node, nodes.Getitem):
            base = self.resolve(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.member(node, base, node.arg.value, scope)
            self.resolve(node.arg, scope)
            return base.item if isinstance(base, ListOf) else ANY
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.resolve(child, scope)
            else:
                self.visit(child, scope)
        return ANY

    def member(self, node: nodes.Node, base: Any, name: str, scope: dict[str, Any]) -> Any:
        if isinstance(base, dict):
            if name in base:
                return base[name]
            self.report(node.lineno, _dotted(node), list(base))
            return ANY
        if isinstance(base, ListOf):
            return ANY  # list methods and attributes (e.g. length via filters) are Jinja's
        return ANY

    def report(self, line: int, path: str, known: list[str]) -> None:
        last = path.rsplit(".", 1)[-1]
        close = difflib.get_close_matches(last, known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        self.found.append((line, f"'{path}' is not in the data model{hint}"))


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}.{node.arg.value}"
    return "?"
