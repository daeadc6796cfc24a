"""The For-Purpose Enterprise: its Organisation, its Association and its Company."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Model
from .company import Company
from .dates import Date
from .money import Money
from .text import LocalText


class Constitution(Model):
    """The self-governance constitution the Organisation runs under."""

    name: str = Field(
        default="Holacracy Constitution",
        min_length=1,
        description="Name of the constitution, as its publisher writes it.",
        examples=["Holacracy Constitution"],
    )
    version: Literal["4.1", "5.0"] = Field(description="Constitution version: 4.1 or 5.0.")


class Ratifier(Model):
    """Someone who adopts the constitution for the Organisation and cedes authority to it."""

    agent: str = Field(min_length=1, description="Id of the Purpose Agent who ratifies.")
    capacity: LocalText = Field(description="In what capacity they sign, e.g. 'director of the Company'.")


class Organisation(Model):
    """Where the work is done, self-governed under the constitution."""

    constitution: Constitution = Field(description="The constitution adopted, by name and version.")
    adoption_date: Date = Field(description="Date the constitution was adopted.")
    anchor_circle: str | None = Field(
        default=None, description="Name of the anchor circle, the broadest circle that holds the whole purpose."
    )
    anchor_circle_purpose: LocalText | None = Field(
        default=None, description="Purpose of the anchor circle (by default: the enterprise's purpose)."
    )
    articles: list[int] | None = Field(
        default=None,
        description="Version 5.0 only: the articles adopted, 1 to 5; Article 1 always (default: all five).",
    )
    ratifiers: list[Ratifier] = Field(
        default_factory=list, description="Who adopt the constitution and sign the Adoption Declaration."
    )
    partners: list[str] | None = Field(
        default=None, description="Ids of the initial Partners (by default: every Purpose Agent of the enterprise)."
    )
    anchor_circle_lead: str | None = Field(
        default=None, description="Id of the agent appointed to lead the anchor circle (leave out for none)."
    )


class Norms(Model):
    """The norms of the Association, each one short sentence."""

    collective: list[LocalText] = Field(min_length=1, description="Norms for the collective.")
    individual: list[LocalText] = Field(min_length=1, description="Norms for each individual.")


class Admission(Model):
    """How a new Purpose Agent joins."""

    sponsor_required: bool = Field(
        default=True, description="true: a current Purpose Agent sponsors each candidate and guides them."
    )
    criteria: list[LocalText] = Field(
        min_length=1, description="What a candidate must show, one short phrase each, without a full stop."
    )
    trial_notice_days: int = Field(
        default=7,
        ge=1,
        le=90,
        description="Days' written notice either side gives to end a newcomer's participation in the trial period.",
    )
    trial_period_months: int = Field(ge=0, le=24, description="Trial period in months (0: none).")
    status_assessment_days: int = Field(
        default=90,
        ge=1,
        le=365,
        description="Days after the effective date, or after a later admission, by which an undetermined"
        " employment and tax status assessment must be completed.",
    )


class Commitments(Model):
    """How focus shares are declared and changed."""

    change_notice_days: int = Field(
        ge=0, le=365, description="Days of notice an agent gives before changing their focus share."
    )
    review: LocalText = Field(
        default="quarterly", description="How often the agents review their focus shares together, e.g. 'quarterly'."
    )


class Compensation(Model):
    """Contribution and compensation under the earnings plan."""

    monthly_draw_full_focus: Money | None = Field(
        default=None, description="Monthly draw at 100% focus; scaled by focus share."
    )
    profit_share_percent: Decimal = Field(
        ge=0,
        le=100,
        description="Percent of each year's profit shared among the agents (0: none); profit-linked pay, capped by"
        " company.profit_linked_pay_cap_percent.",
    )
    expenses: LocalText = Field(description="How costs made for the enterprise are paid back, in one sentence.")
    earnings_plan: list[LocalText] = Field(
        default_factory=list,
        description="Further rules of the earnings plan, one sentence each (not the draw or percentages above).",
    )


class Participation(Model):
    """Participation in the Company through steward shares (how many, and a leaver's terms,
    are under company.stewardship: the statutes state them)."""

    share_class: str = Field(default="A", min_length=1, description="Class of the steward shares in the statutes.")


class IntellectualProperty(Model):
    """Who holds what the agents create."""

    policy: Literal["assign", "licence", "open"] = Field(
        description="assign: the Company owns it; licence: the agent keeps it and licenses it to the Company;"
        " open: it is published under an open licence."
    )
    open_licence: str | None = Field(
        default=None, description="Licence for open outputs, e.g. 'CC BY-SA 4.0'.", examples=["CC BY-SA 4.0"]
    )


class Confidentiality(Model):
    """How long confidential information stays secret."""

    years_after_exit: int = Field(
        ge=0, le=20, description="Years after leaving during which an agent keeps confidential information secret."
    )


class Exit(Model):
    """Leaving the Association, and removal."""

    notice_days: int = Field(ge=0, le=365, description="Days of written notice an agent gives to leave.")
    removal_majority: Literal["consent", "two-thirds", "unanimity-minus-one"] = Field(
        default="two-thirds", description="Who decides a removal: consent, two-thirds or unanimity-minus-one."
    )


class Disputes(Model):
    """How disagreements are resolved, step by step."""

    internal_step: LocalText = Field(
        description="The first, internal step, as a noun phrase, e.g. 'a facilitated conversation between the"
        " Purpose Agents involved'."
    )
    internal_days: int = Field(
        default=30, ge=1, le=180, description="Days the internal step may take before mediation or the final forum."
    )
    mediation: bool = Field(default=True, description="true: try mediation before the final forum.")
    mediation_days: int = Field(
        default=60, ge=1, le=365, description="Days mediation may take, from the request, before the final forum."
    )
    forum: Literal["arbitration", "courts"] = Field(description="The final forum: arbitration or courts.")
    seat: str = Field(
        min_length=1,
        description="Place of arbitration or of the competent court, e.g. 'Utrecht' or 'England and Wales'.",
    )
    arbitration_institute: str | None = Field(
        default=None,
        description="Arbitration institute whose rules apply, e.g. 'Nederlands Arbitrage Instituut'.",
    )
    language: Literal["nl", "en"] | None = Field(
        default=None, description="Language of arbitration or mediation proceedings: nl or en."
    )
    governing_law: LocalText = Field(
        description="The law that governs the agreement, e.g. 'the laws of the Netherlands'."
    )


class Amendment(Model):
    """How the Association Agreement itself is changed."""

    keeper_role: str = Field(
        min_length=1,
        description="The role, under the constitution, that keeps this agreement and proposes changes to it.",
        examples=["Agreement Keeper"],
    )
    notice_days: int = Field(ge=0, le=365, description="Days between a proposed change and the decision on it.")
    decision: Literal["consent", "two-thirds", "unanimity"] = Field(
        default="consent", description="How a change is decided: consent, two-thirds or unanimity."
    )


class Association(Model):
    """The relationships between the people: the culture and the norms."""

    purpose: LocalText = Field(description="Purpose of the Association itself.")
    norms: Norms = Field(description="The culture, written down: norms for the collective and for each individual.")
    admission: Admission = Field(description="How a new Purpose Agent joins.")
    commitments: Commitments = Field(description="How each agent's focus share is declared and changed.")
    compensation: Compensation = Field(description="What agents contribute and receive: the earnings plan.")
    participation: Participation = Field(description="Participation in the Company through steward shares.")
    ip: IntellectualProperty = Field(description="Who holds what the agents create.")
    confidentiality: Confidentiality = Field(description="How long confidential information stays secret.")
    exit: Exit = Field(description="Leaving the Association, and removal.")
    disputes: Disputes = Field(description="How disagreements are resolved, step by step.")
    amendment: Amendment = Field(description="How the Association Agreement itself is changed.")


class Enterprise(Model):
    """A For-Purpose Enterprise: Organisation, Association and Company."""

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Short id: lowercase letters, digits, - or _. Agents' commitments name it; it also names the"
        " output folder.",
        examples=["groene-fietsers"],
    )
    name: str = Field(min_length=1, description="The name people use day to day (the legal name is under company).")
    purpose: LocalText = Field(description="The enterprise's purpose, in one or two sentences.")
    effective_date: Date = Field(description="Date the documents take effect; also their print date.")
    place: str = Field(min_length=1, description="Place where the documents are signed.")
    organisation: Organisation = Field(description="The Organisation: where the work is done, self-governed.")
    association: Association = Field(description="The Association: the people, their norms and their terms.")
    company: Company = Field(description="The Company: the legal entity that anchors the purpose.")


class NetworkEnterprise(Model):
    """Another enterprise an agent serves, known here by id and name only."""

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Short id (lowercase letters, digits, - or _) that agents' commitments name.",
    )
    name: str = Field(min_length=1, description="Its name, as the documents print it.")
