"""The data a clause sees: validated models as read-only records that know their data path.

A record answers ``company.legal_name`` and, when a value is absent, lets the sandbox's
undefined value name the full path (``company.address``) in the error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .model.company_checks import official_seat
from .model.money import Money
from .model.network import EnterpriseData
from .model.text import pick

LANGS = {"en", "nl"}


class Record:
    """A read-only view of a model; ``None`` values read as missing."""

    __slots__ = ("_path", "_values", "_kind")

    def __init__(self, path: str, values: dict[str, Any], kind: str = ""):
        self._path = path
        self._values = values
        self._kind = kind

    def __getattr__(self, name: str) -> Any:
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
        return self._values.get(name) is not None  # type: ignore[call-overload]

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self._values.items() if v is not None)

    def __repr__(self) -> str:
        return f"<{self._kind or 'record'} {self._path}>"


class RecordList(list):
    """A list that knows its data path."""

    _path = ""


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
    for one Purpose Agent (``agent_id``), ``agent`` is that agent's record."""
    ent = data.enterprise
    lang = document["lang"]
    names = {e.id: e.name for e in data.network} | {ent.id: ent.name}
    agents = []
    for i, agent in enumerate(data.members()):
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
    by_id = {a.id: rec for a, rec in zip(data.members(), agents, strict=True)}
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
        company.board._values["directors"] = directors
    context = {
        "enterprise": view(ent, "enterprise", lang),
        "organisation": _organisation(data, by_id, lang),
        "association": view(ent.association, "association", lang),
        "company": company,
        "agents": agent_list,
        "network": view([e.model_dump() for e in data.network], "network", lang),
        "document": view(document, "document", lang),
    }
    if agent_id is not None:
        context["agent"] = by_id[agent_id]
    return context


def _organisation(data: EnterpriseData, by_id: dict[str, Record], lang: str) -> Record:
    """The Organisation, with ratifiers, Partners and the anchor circle's lead as agents' records
    and the articles adopted spelled out (version 5.0 adopts all five unless the data says)."""
    org = data.enterprise.organisation
    record = view(org, "organisation", lang)
    ratifiers = RecordList(
        view(
            {"name": by_id[r.agent].name, "agent_id": r.agent, "capacity": r.capacity},
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
