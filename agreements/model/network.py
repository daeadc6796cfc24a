"""The whole data set of a project and the rules that cross records."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from decimal import Decimal

from pydantic import Field

from .agent import Commitment, PurposeAgent
from .base import Model
from .company import Director
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

    def trial_ends(self, commitment: Commitment) -> dt.date:
        """The day after a commitment's trial period (its start date when there is none)."""
        return add_months(commitment.since, self.enterprise.association.admission.trial_period_months)

    def steward_since(self, commitment: Commitment) -> dt.date:
        """When the agent holds steward shares: as the data says, or once the trial period is over."""
        return commitment.steward_since or self.trial_ends(commitment)

    def stewards(self) -> list[PurposeAgent]:
        """Members who hold steward shares on the effective date."""
        day = self.enterprise.effective_date
        return [a for a in self.members() if self.steward_since(a.commitment_to(self.enterprise.id)) <= day]  # type: ignore[arg-type]

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
    yield from _directors(data)
    yield from _stewards(data)
    yield from _profit_linked_pay(data)
    if data.enterprise.organisation.adoption_date > data.enterprise.effective_date:
        yield (
            ("enterprise", "organisation", "adoption_date"),
            "the constitution's adoption date is after the documents' effective date",
        )


def _directors(data: ProjectData) -> Iterator[Problem]:
    """A director given by text names a Purpose Agent of the enterprise by id."""
    board = data.enterprise.company.board
    members = {a.id: a for a in data.members()}
    for i, d in enumerate(board.directors if board else []):
        if isinstance(d, Director) or d in members:
            continue
        by_name = next((a.id for a in data.agents if a.name == d), None)
        close = difflib.get_close_matches(d, list(members), n=1)
        hint = f"; did you mean '{by_name or close[0]}'?" if by_name or close else ""
        yield (
            ("enterprise", "company", "board", "directors", i),
            f"'{d}' is not the id of a Purpose Agent of this enterprise{hint} "
            "(give a director who is not a Purpose Agent as {name: ...})",
        )


def _stewards(data: ProjectData) -> Iterator[Problem]:
    """Steward shares issued = shares per agent x agents who hold them on the effective date;
    no one holds them before they joined."""
    company = data.enterprise.company
    for i, agent in enumerate(data.agents):
        for j, c in enumerate(agent.commitments):
            if c.enterprise == data.enterprise.id and c.steward_since and c.steward_since < c.since:
                yield (
                    ("agents", i, "commitments", j, "steward_since"),
                    f"steward shares from {c.steward_since}, before the commitment starts ({c.since})",
                )
    steward = next(((k, cls) for k, cls in enumerate(company.share_classes) if cls.kind == "steward"), None)
    if steward is None:
        return
    k, cls = steward
    stewards = data.stewards()
    per = company.stewardship.shares_per_agent
    expected = per * len(stewards)
    if cls.issued != expected:
        names = ", ".join(a.id for a in stewards) or "none"
        trial = data.enterprise.association.admission.trial_period_months
        yield (
            ("enterprise", "company", "share_classes", k, "issued"),
            f"{cls.issued} steward shares issued, but {len(stewards)} Purpose Agents hold them on the effective date"
            f" ({names}) at {per} each: expected {expected} (an agent holds them from 'steward_since',"
            f" or {trial} months after 'since', when the trial period ends)",
        )


def _profit_linked_pay(data: ProjectData) -> Iterator[Problem]:
    """Profit-linked pay needs the golden share's consent and a cap in the statutes, and stays within it."""
    share = data.enterprise.association.compensation.profit_share_percent
    company = data.enterprise.company
    cap = company.profit_linked_pay_cap_percent
    if share and company.golden_share is not None and "profit_linked_pay" not in company.golden_share.veto:
        yield (
            ("enterprise", "association", "compensation", "profit_share_percent"),
            f"a profit share of {share}% is profit-linked pay, which needs the golden share's prior consent:"
            " add 'profit_linked_pay' to company.golden_share.veto",
        )
    if share and cap is None:
        yield (
            ("enterprise", "association", "compensation", "profit_share_percent"),
            f"a profit share of {share}% needs its statutory maximum: set company.profit_linked_pay_cap_percent",
        )
    elif share and cap is not None and share > cap:
        yield (
            ("enterprise", "association", "compensation", "profit_share_percent"),
            f"{share}% is more than the statutory maximum for profit-linked pay"
            f" (company.profit_linked_pay_cap_percent: {cap}%)",
        )
