"""The data a clause sees: validated models as read-only records that know their data path.

A record answers ``company.legal_name`` and, when a value is absent, lets the sandbox's
undefined value name the full path (``company.address``) in the error.

While ``reading()`` is active, every read of a record or list is noted as (record path,
field): ``("agents[2]", "name")``; ``"*"`` stands for the fields a record has, ``"#"`` for
a list's items. Those are the data a document depends on: the cache (agreements/cache.py)
looks them up again in the next build's data, so that a change to one agent's record
re-renders only the documents that read it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from .model.company_checks import official_seat
from .model.money import Money
from .model.network import EnterpriseData
from .model.text import pick

LANGS = {"en", "nl"}

Reads = set[tuple[str, str]]
_reads: Reads | None = None  # while reading(): what was read


@contextmanager
def reading() -> Iterator[Reads]:
    """Note every read of a record or a list of the context until the block ends."""
    global _reads
    outer, _reads = _reads, set()
    try:
        yield _reads
    finally:
        _reads = outer


class Record:
    """A read-only view of a model; ``None`` values read as missing."""

    __slots__ = ("_path", "_values", "_kind")

    def __init__(self, path: str, values: dict[str, Any], kind: str = ""):
        self._path = path
        self._values = values
        self._kind = kind

    def __getattr__(self, name: str) -> Any:
        if _reads is not None:
            _reads.add((self._path, name))
        try:
            value = self._values[name]
        except KeyError:
            raise AttributeError(name) from None
        if value is None:
            raise AttributeError(name)
        return value

    def __getitem__(self, name: str) -> Any:
        try:
            return self.__getattr__(name)
        except AttributeError:
            raise KeyError(name) from None

    def __contains__(self, name: object) -> bool:
        if _reads is not None:
            _reads.add((self._path, str(name)))
        return self._values.get(name) is not None  # type: ignore[call-overload]

    def __iter__(self) -> Iterator[str]:
        if _reads is not None:
            _reads.add((self._path, "*"))
        return iter(k for k, v in self._values.items() if v is not None)

    def __repr__(self) -> str:
        return f"<{self._kind or 'record'} {self._path}>"


class RecordList(list):
    """A list that knows its data path."""

    _path = ""

    def _read(self) -> None:
        if _reads is not None:
            _reads.add((self._path, "#"))

    def __iter__(self) -> Iterator[Any]:
        self._read()
        return super().__iter__()

    def __len__(self) -> int:
        self._read()
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        self._read()
        return super().__getitem__(index)

    def __contains__(self, value: object) -> bool:
        self._read()
        return super().__contains__(value)


_STEP = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def lookup(context: dict[str, Any], path: str, name: str) -> Any:
    """What a noted read (``path``, ``name``) reads in this context; LookupError when the
    record is not there (then the data changed)."""
    value: Any = context
    pos = 0
    while pos < len(path):
        m = _STEP.match(path, pos)
        if m is None:
            raise LookupError(path)
        pos = m.end()
        if m.group(2) is not None:
            if not isinstance(value, list):
                raise LookupError(path)
            value = list.__getitem__(value, int(m.group(2)))
        elif isinstance(value, Record):
            value = value._values[m.group(1)]
        elif isinstance(value, dict):
            value = value[m.group(1)]
        else:
            raise LookupError(path)
    if name == "#":
        if not isinstance(value, list):
            raise LookupError(path)
        return [_identity(v) for v in list.__iter__(value)]
    if not isinstance(value, Record):
        raise LookupError(path)
    if name == "*":
        return [k for k, v in value._values.items() if v is not None]
    return _identity(value._values.get(name))


def _identity(value: Any) -> Any:
    """A value as the reads' digest sees it: records and lists by their path (their fields
    are reads of their own), everything else as typed text."""
    if isinstance(value, Record):
        return ["record", value._path, value._kind]
    if isinstance(value, list):
        return ["list", getattr(value, "_path", ""), [_identity(v) for v in list.__iter__(value)]]
    if isinstance(value, (dt.date, Decimal)):
        return [type(value).__name__, str(value)]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return [type(value).__name__, repr(value)]


def view(value: Any, path: str, lang: str = "en") -> Any:
    """Wrap models, dicts and lists (recursively) into path-aware records; text given per
    language ({en: ..., nl: ...}) becomes the text of ``lang``."""
    if isinstance(value, Money):
        return Record(path, {"amount": value.amount, "currency": value.currency}, "Money")
    if isinstance(value, BaseModel):
        fields = {name: view(getattr(value, name), f"{path}.{name}", lang) for name in type(value).model_fields}
        return Record(path, fields, type(value).__name__)
    if isinstance(value, dict) and value and set(value) <= LANGS and all(isinstance(v, str) for v in value.values()):
        return pick(value, lang)
    if isinstance(value, dict):
        return Record(path, {k: view(v, f"{path}.{k}", lang) for k, v in value.items()})
    if isinstance(value, list):
        out = RecordList(view(v, f"{path}[{i}]", lang) for i, v in enumerate(value))
        out._path = path
        return out
    return value


def clause_context(data: EnterpriseData, document: dict[str, Any], agent_id: str | None = None) -> dict[str, Any]:
    """The variables every clause of an enterprise's document can use; for a document made
    for one Purpose Agent (``agent_id``), ``agent`` is that agent's record.

    The records of the enterprise and its agents are made once per enterprise and language
    and shared by all its documents (records are read-only), so that a document made for
    each of thousands of agents costs the same as one made for each of ten.
    """
    lang = document["lang"]
    made: dict[str, tuple[dict[str, Any], dict[str, Record]]] = data.__dict__.setdefault("_clause_contexts", {})
    if lang not in made:
        made[lang] = _enterprise_context(data, lang)
    shared, by_id = made[lang]
    context = {**shared, "document": view(document, "document", lang)}
    if agent_id is not None:
        context["agent"] = by_id[agent_id]
    return context


def _enterprise_context(data: EnterpriseData, lang: str) -> tuple[dict[str, Any], dict[str, Record]]:
    """The records every document of the enterprise shares, and each agent's by id."""
    ent = data.enterprise
    names = {e.id: e.name for e in data.network} | {ent.id: ent.name}
    agents = []
    members = data.members()
    for i, agent in enumerate(members):
        mine = agent.commitment_to(ent.id)
        assert mine is not None
        others = [
            {"enterprise_id": c.enterprise, "enterprise_name": names[c.enterprise], "focus": c.focus}
            for c in agent.commitments
            if c.enterprise != ent.id
        ]
        fields = agent.model_dump(mode="python", exclude={"commitments"})
        steward_since = data.steward_since(mine)
        fields.update(
            focus=mine.focus,
            roles=mine.roles,
            since=mine.since,
            trial_ends=data.trial_ends(mine),
            steward=steward_since <= ent.effective_date,
            steward_since=steward_since,
            substitution=mine.substitution,
            status_assessment=mine.status_assessment,
            other_commitments=others if agent.disclose_other_enterprises else [],
        )
        agents.append(view(fields, f"agents[{i}]", lang))
    agent_list = RecordList(agents)
    agent_list._path = "agents"
    by_id = {a.id: rec for a, rec in zip(members, agents, strict=True)}
    company = view(ent.company, "company", lang)
    company._values["seat"] = official_seat(ent.company.seat) if ent.company.form == "bv" else ent.company.seat
    directors = RecordList(
        view(
            {"name": d.name, "address": d.address, "agent_id": a.id if a else None},
            f"company.board.directors[{n}]",
            lang,
        )
        for n, (a, d) in enumerate(data.directors())
    )
    directors._path = "company.board.directors"
    if ent.company.board is not None:
        company._values["board"]._values["directors"] = directors
    shared = {
        "enterprise": view(ent, "enterprise", lang),
        "organisation": _organisation(data, by_id, lang),
        "association": view(ent.association, "association", lang),
        "company": company,
        "agents": agent_list,
        "network": view([e.model_dump() for e in data.network], "network", lang),
    }
    return shared, by_id


def _organisation(data: EnterpriseData, by_id: dict[str, Record], lang: str) -> Record:
    """The Organisation, with ratifiers, Partners and the anchor circle's lead as agents' records
    and the articles adopted spelled out (version 5.0 adopts all five unless the data says)."""
    org = data.enterprise.organisation
    record = view(org, "organisation", lang)
    ratifiers = RecordList(
        view(
            {"name": by_id[r.agent]._values["name"], "agent_id": r.agent, "capacity": r.capacity},
            f"organisation.ratifiers[{n}]",
            lang,
        )
        for n, r in enumerate(org.ratifiers)
    )
    ratifiers._path = "organisation.ratifiers"
    partners = RecordList(by_id[a.id] for a in data.partners())
    partners._path = "organisation.partners"
    articles = (
        org.articles if org.articles is not None else ([1, 2, 3, 4, 5] if org.constitution.version == "5.0" else [])
    )
    record._values.update(
        ratifiers=ratifiers,
        partners=partners,
        articles=sorted(articles),
        anchor_circle_lead=by_id[org.anchor_circle_lead] if org.anchor_circle_lead else None,
        anchor_circle_purpose=record._values["anchor_circle_purpose"] or pick(data.enterprise.purpose, lang),  # type: ignore[arg-type]
    )
    return record
