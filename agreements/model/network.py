"""The whole data set of a project: one enterprise, or a network of them, and the Purpose
Agents who serve them.

A project gives either ``enterprise`` (one) or ``enterprises`` (several, sharing one register
of agents). Every document is drawn up for one enterprise: ``views()`` gives, for each, the
data as that enterprise sees it, with the others listed beside the outside ``network``.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from .agent import Commitment, PurposeAgent
from .base import Model
from .company import Director
from .enterprise import Enterprise, NetworkEnterprise

Key = tuple[str | int, ...]


class ProjectData(Model):
    """Everything the data files of one project say, merged."""

    enterprise: Enterprise | None = Field(default=None, description="The enterprise, for a project that holds one.")
    enterprises: list[Enterprise] = Field(
        default_factory=list, description="The enterprises of a network project, sharing one register of agents."
    )
    agents: list[PurposeAgent] = Field(min_length=1, description="The Purpose Agents, with their commitments.")
    network: list[NetworkEnterprise] = Field(
        default_factory=list, description="Enterprises outside the project that agents also serve (id and name)."
    )

    @property
    def network_project(self) -> bool:
        return self.enterprise is None

    def all_enterprises(self) -> list[Enterprise]:
        """The project's enterprises (a check reports data that gives both forms, or neither)."""
        return [self.enterprise] if self.enterprise is not None else list(self.enterprises)

    def views(self) -> list[tuple[Key, EnterpriseData]]:
        """For each enterprise: the data path of its record and the data as it sees it."""
        if self.enterprise is not None:
            return [(("enterprise",), EnterpriseData.of(self, self.enterprise))]
        return [(("enterprises", k), EnterpriseData.of(self, e)) for k, e in enumerate(self.enterprises)]

    def view(self, enterprise_id: str) -> EnterpriseData:
        return next(v for _, v in self.views() if v.enterprise.id == enterprise_id)

    def enterprise_ids(self) -> set[str]:
        return {e.id for e in self.all_enterprises()} | {e.id for e in self.network}


class EnterpriseData:
    """The project's data as one enterprise sees it: its own record, every agent, and the other
    enterprises (the project's others first, then the outside network) by id and name."""

    def __init__(self, enterprise: Enterprise, agents: list[PurposeAgent], network: list[NetworkEnterprise]):
        self.enterprise = enterprise
        self.agents = agents
        self.network = network

    @classmethod
    def of(cls, data: ProjectData, enterprise: Enterprise) -> EnterpriseData:
        others = [NetworkEnterprise(id=e.id, name=e.name) for e in data.all_enterprises() if e.id != enterprise.id]
        return cls(enterprise, data.agents, others + list(data.network))

    def enterprise_ids(self) -> set[str]:
        return {self.enterprise.id} | {e.id for e in self.network}

    def members(self) -> list[PurposeAgent]:
        """Agents committed to this enterprise, in data order."""
        return [a for a in self.agents if a.commitment_to(self.enterprise.id)]

    def agent(self, agent_id: str) -> PurposeAgent | None:
        return next((a for a in self.members() if a.id == agent_id), None)

    def trial_ends(self, commitment: Commitment) -> dt.date:
        """The day after a commitment's trial period (its start date when there is none)."""
        return add_months(commitment.since, self.enterprise.association.admission.trial_period_months)

    def steward_since(self, commitment: Commitment) -> dt.date:
        """When the agent holds steward shares: as the data says, or once the trial period is over."""
        return commitment.steward_since or self.trial_ends(commitment)

    def stewards(self) -> list[PurposeAgent]:
        """Members who hold steward shares on the effective date."""
        day = self.enterprise.effective_date
        return [a for a in self.members() if self.steward_since(self._mine(a)) <= day]

    def directors(self) -> list[tuple[PurposeAgent | None, Director]]:
        """Each director as (the agent, if one, and their name and address)."""
        board = self.enterprise.company.board
        by_id = {a.id: a for a in self.agents}
        out: list[tuple[PurposeAgent | None, Director]] = []
        for d in board.directors if board else []:
            if isinstance(d, Director):
                out.append((None, d))
            elif d in by_id:
                agent = by_id[d]
                out.append((agent, Director(name=agent.name, address=agent.address)))
        return out

    def partners(self) -> list[PurposeAgent]:
        """The Organisation's initial Partners: as the data lists them, or every member."""
        ids = self.enterprise.organisation.partners
        members = self.members()
        return members if ids is None else [a for a in members if a.id in ids]

    def _mine(self, agent: PurposeAgent) -> Commitment:
        commitment = agent.commitment_to(self.enterprise.id)
        assert commitment is not None, agent.id
        return commitment


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, on the last day of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
