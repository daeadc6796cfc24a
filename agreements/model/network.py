"""The whole data set of a project and the rules that cross records."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from pydantic import Field

from .agent import PurposeAgent
from .base import Model
from .company_checks import company_problems
from .enterprise import Enterprise, NetworkEnterprise


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


def cross_problems(data: ProjectData) -> Iterator[Problem]:
    """Yield (path, message) for each rule that spans records; run after validation."""
    known = data.enterprise_ids()
    seen_ids: dict[str, int] = {}
    for n, e in enumerate(data.network):
        if e.id == data.enterprise.id:
            yield ("network", n, "id"), f"'{e.id}' is the enterprise itself; list only other enterprises"
    for i, agent in enumerate(data.agents):
        if agent.id in seen_ids:
            yield ("agents", i, "id"), f"duplicate agent id '{agent.id}' (also agent {seen_ids[agent.id] + 1})"
        seen_ids.setdefault(agent.id, i)
        total = Decimal(0)
        for j, c in enumerate(agent.commitments):
            total += c.focus
            if c.enterprise not in known:
                yield (
                    ("agents", i, "commitments", j, "enterprise"),
                    f"unknown enterprise '{c.enterprise}'; expected one of: {', '.join(sorted(known))}"
                    " (add it under 'network')",
                )
            if c.since > data.enterprise.effective_date and c.enterprise == data.enterprise.id:
                yield (
                    ("agents", i, "commitments", j, "since"),
                    f"starts {c.since}, after the documents' effective date {data.enterprise.effective_date}",
                )
        if total > 100:
            yield (
                ("agents", i, "commitments"),
                f"focus shares add up to {total}%, more than 100%",
            )
    if not data.members():
        yield (
            ("agents",),
            f"no agent has a commitment to '{data.enterprise.id}'; an enterprise needs at least one Purpose Agent",
        )
    yield from company_problems(data.enterprise.company, ("enterprise", "company"))
    if data.enterprise.organisation.adoption_date > data.enterprise.effective_date:
        yield (
            ("enterprise", "organisation", "adoption_date"),
            "the constitution's adoption date is after the documents' effective date",
        )
