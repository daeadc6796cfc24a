"""The whole data set of a project and the rules that cross records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .agent import PurposeAgent
from .base import Model
from .company import Company
from .company_checks import company_problems
from .dates import Date
from .enterprise import Enterprise, NetworkEnterprise, Organisation


class ProjectData(Model):
    """Everything the data files of one project say, merged."""

    enterprise: Enterprise
    agents: list[PurposeAgent] = Field(min_length=1)
    network: list[NetworkEnterprise] = Field(default_factory=list, description="Other enterprises agents also serve.")

    def enterprise_ids(self) -> set[str]:
        return {self.enterprise.id} | {e.id for e in self.network}

    def members(self) -> list[PurposeAgent]:
        """Agents committed to this enterprise, in data order."""
        return [a for a in self.agents if a.commitment_to(self.enterprise.id)]


Problem = tuple[tuple[str | int, ...], str]


class _Heading(BaseModel):
    """The enterprise's id and date, read apart from the rest of its record."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    effective_date: Date


@dataclass
class Checked:
    """The records that validated, for the rules that cross them.

    When the data as a whole is invalid, each record is validated on its own, so the rules
    still run over every record that is right and one run reports every problem.
    """

    enterprise_id: str | None = None
    effective_date: dt.date | None = None
    organisation: Organisation | None = None
    company: Company | None = None
    agents: list[tuple[int, PurposeAgent]] = field(default_factory=list)
    network: list[tuple[int, NetworkEnterprise]] = field(default_factory=list)
    all_agents: bool = False  # every agent validated
    known: set[str] | None = None  # every enterprise id, when all of them could be read

    @classmethod
    def of(cls, data: ProjectData) -> Checked:
        ent = data.enterprise
        return cls(
            ent.id,
            ent.effective_date,
            ent.organisation,
            ent.company,
            list(enumerate(data.agents)),
            list(enumerate(data.network)),
            True,
            data.enterprise_ids(),
        )

    @classmethod
    def parts(cls, raw: dict[str, Any]) -> Checked:
        """Validate each record of invalid data on its own; keep those that are right."""
        ent = _of_type(raw.get("enterprise"), dict, {})
        heading = _valid(_Heading, ent)
        agents_raw = _of_type(raw.get("agents"), list, [])
        network_raw = _of_type(raw.get("network", []), list, [])
        agents = [(i, a) for i, a in enumerate(_valid(PurposeAgent, x) for x in agents_raw) if a is not None]
        network = [(i, e) for i, e in enumerate(_valid(NetworkEnterprise, x) for x in network_raw) if e is not None]
        known = None
        if heading is not None and isinstance(raw.get("network", []), list) and len(network) == len(network_raw):
            known = {heading.id} | {e.id for _, e in network}
        return cls(
            heading.id if heading else None,
            heading.effective_date if heading else None,
            _valid(Organisation, ent.get("organisation")),
            _valid(Company, ent.get("company")),
            agents,
            network,
            bool(agents_raw) and len(agents) == len(agents_raw),
            known,
        )


def _of_type(value: Any, kind: type, default: Any) -> Any:
    return value if isinstance(value, kind) else default


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def _valid(model: type[BaseModel], value: Any) -> Any:
    try:
        return model.model_validate(value)
    except ValidationError:
        return None


def cross_problems(data: ProjectData | Checked) -> Iterator[Problem]:
    """Yield (path, message) for each rule that spans records; run after validation."""
    checked = Checked.of(data) if isinstance(data, ProjectData) else data
    ent_id, effective = checked.enterprise_id, checked.effective_date
    seen_ids: dict[str, int] = {}
    for n, e in checked.network:
        if e.id == ent_id:
            yield ("network", n, "id"), f"'{e.id}' is the enterprise itself; list only other enterprises"
    for i, agent in checked.agents:
        if agent.id in seen_ids:
            yield ("agents", i, "id"), f"duplicate agent id '{agent.id}' (also agent {seen_ids[agent.id] + 1})"
        seen_ids.setdefault(agent.id, i)
        for j, c in enumerate(agent.commitments):
            if checked.known is not None and c.enterprise not in checked.known:
                yield (
                    ("agents", i, "commitments", j, "enterprise"),
                    f"unknown enterprise '{c.enterprise}'; expected one of: {', '.join(sorted(checked.known))}"
                    " (add it under 'network')",
                )
            if effective is not None and c.enterprise == ent_id and c.since > effective:
                yield (
                    ("agents", i, "commitments", j, "since"),
                    f"starts {c.since}, after the documents' effective date {effective}",
                )
        total = sum((c.focus for c in agent.commitments), Decimal(0))
        if total > 100:
            shares = " + ".join(f"{c.enterprise} {_percent(c.focus)}" for c in agent.commitments)
            yield (
                ("agents", i, "commitments"),
                f"the focus shares of '{agent.id}' add up to {_percent(total)} ({shares}); at most 100% is possible",
            )
    if checked.all_agents and ent_id is not None and not any(a.commitment_to(ent_id) for _, a in checked.agents):
        yield (
            ("agents",),
            f"no agent has a commitment to '{ent_id}'; an enterprise needs at least one Purpose Agent",
        )
    if checked.company is not None:
        yield from company_problems(checked.company, ("enterprise", "company"))
    if checked.organisation is not None and effective is not None and checked.organisation.adoption_date > effective:
        yield (
            ("enterprise", "organisation", "adoption_date"),
            "the constitution's adoption date is after the documents' effective date",
        )
