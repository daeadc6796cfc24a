"""Rules that cross records, run after validation on whatever validated, so one run shows
every problem. Each yields (data path, message); the caller locates the path in the files."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .agent import PurposeAgent
from .company import Company, Director
from .company_checks import company_problems
from .dates import Date
from .enterprise import NetworkEnterprise, Organisation
from .network import EnterpriseData, Key, ProjectData

Problem = tuple[Key, str]


def cross_problems(data: ProjectData) -> Iterator[Problem]:
    """Every rule that spans records, for the whole project and for each enterprise."""
    if data.enterprise is not None and data.enterprises:
        yield ("enterprises",), "give either 'enterprise' (one) or 'enterprises' (a network), not both"
        return
    if data.enterprise is None and not data.enterprises:
        yield ("enterprise",), "the data gives no enterprise: add 'enterprise' (or 'enterprises' for a network)"
        return
    yield from _ids(data)
    yield from _agents(data)
    for at, view in data.views():
        yield from enterprise_problems(view, at)


def _ids(data: ProjectData) -> Iterator[Problem]:
    own: dict[str, Key] = {}
    for at, view in data.views():
        eid = view.enterprise.id
        if eid in own:
            yield (*at, "id"), f"duplicate enterprise id '{eid}'"
        own.setdefault(eid, at)
    for n, e in enumerate(data.network):
        if e.id in own:
            where = "the enterprise itself" if data.enterprise is not None else "an enterprise of this project"
            yield ("network", n, "id"), f"'{e.id}' is {where}; 'network' lists only enterprises outside the project"


def _agents(data: ProjectData) -> Iterator[Problem]:
    """Agent ids are unique; commitments name known enterprises; focus adds up to at most 100%."""
    known = data.enterprise_ids()
    seen: dict[str, int] = {}
    for i, agent in enumerate(data.agents):
        if agent.id in seen:
            yield ("agents", i, "id"), f"duplicate agent id '{agent.id}' (also agent {seen[agent.id] + 1})"
        seen.setdefault(agent.id, i)
        for j, c in enumerate(agent.commitments):
            if c.enterprise not in known:
                yield (
                    ("agents", i, "commitments", j, "enterprise"),
                    f"unknown enterprise '{c.enterprise}'; expected one of: {', '.join(sorted(known))}"
                    " (add it under 'network')",
                )
        yield from _focus(i, agent)


def _focus(i: int, agent: PurposeAgent) -> Iterator[Problem]:
    """An agent's focus shares, across every enterprise, add up to at most 100%."""
    total = sum((c.focus for c in agent.commitments), Decimal(0))
    if total > 100:
        shares = " + ".join(f"{c.enterprise} {_percent(c.focus)}" for c in agent.commitments)
        yield (
            ("agents", i, "commitments"),
            f"the focus shares of '{agent.id}' add up to {_percent(total)} ({shares}); at most 100% is possible",
        )


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def enterprise_problems(view: EnterpriseData, at: Key) -> Iterator[Problem]:
    """The rules for one enterprise; ``at`` is the data path of its record."""
    ent = view.enterprise
    for i, agent in enumerate(view.agents):
        for j, c in enumerate(agent.commitments):
            if c.enterprise != ent.id:
                continue
            if c.since > ent.effective_date:
                yield (
                    ("agents", i, "commitments", j, "since"),
                    f"agent '{agent.id}' joins {ent.id} on {c.since}, after its documents' effective date"
                    f" {ent.effective_date}",
                )
            if c.steward_since and c.steward_since < c.since:
                yield (
                    ("agents", i, "commitments", j, "steward_since"),
                    f"steward shares from {c.steward_since}, before the commitment starts ({c.since})",
                )
    if not view.members():
        yield (*at, "id"), f"no agent has a commitment to '{ent.id}'; an enterprise needs at least one Purpose Agent"
    yield from company_problems(ent.company, (*at, "company"))
    yield from _directors(view, at)
    yield from _stewards(view, at)
    yield from _profit_linked_pay(view, at)
    yield from _organisation(view, at)


def _directors(view: EnterpriseData, at: Key) -> Iterator[Problem]:
    """A director given by text names a Purpose Agent of the enterprise by id."""
    board = view.enterprise.company.board
    members = {a.id: a for a in view.members()}
    elsewhere = {a.id: a for a in view.agents if a.id not in members}
    for i, d in enumerate(board.directors if board else []):
        if isinstance(d, Director) or d in members:
            continue
        if d in elsewhere:
            serves = ", ".join(c.enterprise for c in elsewhere[d].commitments)
            yield (
                (*at, "company", "board", "directors", i),
                f"'{d}' is in the register of agents but serves {serves}, not {view.enterprise.id}; a director named"
                " by id is a Purpose Agent of this enterprise (give anyone else as {name: ...})",
            )
            continue
        yield (
            (*at, "company", "board", "directors", i),
            f"'{d}' is not the id of a Purpose Agent of this enterprise{_hint(view, d)} "
            "(give a director who is not a Purpose Agent as {name: ...})",
        )


def _hint(view: EnterpriseData, given: str) -> str:
    """'; did you mean 'daan'?' for an agent's name or a near miss of a member's id."""
    by_name = next((a.id for a in view.members() if a.name == given), None)
    close = difflib.get_close_matches(given, [a.id for a in view.members()], n=1)
    return f"; did you mean '{by_name or close[0]}'?" if by_name or close else ""


def _stewards(view: EnterpriseData, at: Key) -> Iterator[Problem]:
    """Steward shares issued = shares per agent x agents who hold them on the effective date."""
    company = view.enterprise.company
    steward = next(((k, cls) for k, cls in enumerate(company.share_classes) if cls.kind == "steward"), None)
    if steward is None:
        return
    k, cls = steward
    stewards = view.stewards()
    per = company.stewardship.shares_per_agent
    expected = per * len(stewards)
    if cls.issued != expected:
        names = ", ".join(a.id for a in stewards) or "none"
        trial = view.enterprise.association.admission.trial_period_months
        yield (
            (*at, "company", "share_classes", k, "issued"),
            f"{cls.issued} steward shares issued, but {len(stewards)} Purpose Agents hold them on the effective date"
            f" ({names}) at {per} each: expected {expected} (an agent holds them from 'steward_since',"
            f" or {trial} months after 'since', when the trial period ends)",
        )


def _profit_linked_pay(view: EnterpriseData, at: Key) -> Iterator[Problem]:
    """Profit-linked pay needs the golden share's consent and a cap in the statutes, and stays within it."""
    share = view.enterprise.association.compensation.profit_share_percent
    company = view.enterprise.company
    cap = company.profit_linked_pay_cap_percent
    where = (*at, "association", "compensation", "profit_share_percent")
    if share and company.golden_share is not None and "profit_linked_pay" not in company.golden_share.veto:
        yield (
            where,
            f"a profit share of {share}% is profit-linked pay, which needs the golden share's prior consent:"
            " add 'profit_linked_pay' to company.golden_share.veto",
        )
    if share and cap is None:
        yield (
            where,
            f"a profit share of {share}% needs its statutory maximum: set company.profit_linked_pay_cap_percent",
        )
    elif share and cap is not None and share > cap:
        yield (
            where,
            f"{share}% is more than the statutory maximum for profit-linked pay"
            f" (company.profit_linked_pay_cap_percent: {cap}%)",
        )


def _organisation(view: EnterpriseData, at: Key) -> Iterator[Problem]:
    """The constitution's adoption: dates in order, articles that exist, ratifiers who are agents."""
    ent = view.enterprise
    org = ent.organisation
    here = (*at, "organisation")
    if org.adoption_date > ent.effective_date:
        yield (
            (*here, "adoption_date"),
            f"the constitution is adopted on {org.adoption_date}, after the documents' effective date"
            f" {ent.effective_date}",
        )
    if org.articles is not None:
        if org.constitution.version != "5.0":
            yield (*here, "articles"), f"version {org.constitution.version} is adopted as a whole; leave out 'articles'"
        else:
            for n, article in enumerate(org.articles):
                if not 1 <= article <= 5:
                    yield (*here, "articles", n), f"version 5.0 has Articles 1 to 5; found {article}"
            if 1 not in org.articles:
                yield (*here, "articles"), "Article 1 is always adopted: the other articles need it"
            if len(set(org.articles)) != len(org.articles):
                yield (*here, "articles"), "an article is listed twice"
    members = {a.id for a in view.members()}
    for n, ratifier in enumerate(org.ratifiers):
        if ratifier.agent not in members:
            yield (
                (*here, "ratifiers", n, "agent"),
                f"'{ratifier.agent}' is not a Purpose Agent of {ent.id}{_hint(view, ratifier.agent)}; a ratifier"
                " must be one",
            )
    for n, partner in enumerate(org.partners or []):
        if partner not in members:
            yield (*here, "partners", n), f"'{partner}' is not a Purpose Agent of {ent.id}{_hint(view, partner)}"
    if org.anchor_circle_lead is not None and org.anchor_circle_lead not in members:
        yield (
            (*here, "anchor_circle_lead"),
            f"'{org.anchor_circle_lead}' is not a Purpose Agent of {ent.id}{_hint(view, org.anchor_circle_lead)}",
        )


# --- when the data as a whole does not validate ------------------------------------------


class _Heading(BaseModel):
    """An enterprise's id and effective date, read apart from the rest of its record."""

    model_config = ConfigDict(extra="ignore")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    effective_date: Date


def partial(raw: Any) -> tuple[list[Problem], list[tuple[Key, Company]]]:
    """The cross-record rules over the records of invalid data that do validate on their own
    (agents, each enterprise's company and organisation), so that one run shows every
    problem; and each company that validated, with its enterprise's data path."""
    raw = raw if isinstance(raw, dict) else {}
    records: list[tuple[Key, dict]] = []
    if isinstance(raw.get("enterprises"), list):
        records = [(("enterprises", k), e) for k, e in enumerate(raw["enterprises"]) if isinstance(e, dict)]
    elif isinstance(raw.get("enterprise"), dict):
        records = [(("enterprise",), raw["enterprise"])]
    agents_raw = raw.get("agents") if isinstance(raw.get("agents"), list) else []
    network_raw = raw.get("network", []) if isinstance(raw.get("network", []), list) else []
    agents = [(i, a) for i, a in enumerate(_valid(PurposeAgent, x) for x in agents_raw) if a is not None]
    network = [e for e in (_valid(NetworkEnterprise, x) for x in network_raw) if e is not None]
    headings = [(at, _valid(_Heading, record)) for at, record in records]
    found: list[Problem] = []
    seen: dict[str, int] = {}
    for i, agent in agents:
        if agent.id in seen:
            found.append((("agents", i, "id"), f"duplicate agent id '{agent.id}' (also agent {seen[agent.id] + 1})"))
        seen.setdefault(agent.id, i)
        found.extend(_focus(i, agent))
    if all(h is not None for _, h in headings) and len(network) == len(network_raw) and headings:
        known = {h.id for _, h in headings if h} | {e.id for e in network}
        for i, agent in agents:
            for j, c in enumerate(agent.commitments):
                if c.enterprise not in known:
                    found.append(
                        (
                            ("agents", i, "commitments", j, "enterprise"),
                            f"unknown enterprise '{c.enterprise}'; expected one of: {', '.join(sorted(known))}"
                            " (add it under 'network')",
                        )
                    )
    companies: list[tuple[Key, Company]] = []
    for (at, record), (_, heading) in zip(records, headings, strict=True):
        company = _valid(Company, record.get("company"))
        if company is not None:
            companies.append((at, company))
            found.extend(company_problems(company, (*at, "company")))
        organisation = _valid(Organisation, record.get("organisation"))
        if organisation is not None and heading is not None and organisation.adoption_date > heading.effective_date:
            found.append(
                (
                    (*at, "organisation", "adoption_date"),
                    f"the constitution is adopted on {organisation.adoption_date}, after the documents' effective"
                    f" date {heading.effective_date}",
                )
            )
        if heading is not None:
            for i, agent in agents:
                for j, c in enumerate(agent.commitments):
                    if c.enterprise == heading.id and c.since > heading.effective_date:
                        found.append(
                            (
                                ("agents", i, "commitments", j, "since"),
                                f"agent '{agent.id}' joins {heading.id} on {c.since}, after its documents'"
                                f" effective date {heading.effective_date}",
                            )
                        )
    return found, companies


def _valid(model: type[BaseModel], value: Any) -> Any:
    try:
        return model.model_validate(value)
    except ValidationError:
        return None
