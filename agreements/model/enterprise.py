"""The For-Purpose Enterprise: its Organisation, its Association and its Company."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Model
from .company import Company
from .money import Money
from .text import LocalText


class Constitution(Model):
    """The self-governance constitution the Organisation runs under."""

    name: str = Field(default="Holacracy Constitution", min_length=1)
    version: Literal["4.1", "5.0"] = Field(description="Constitution version: 4.1 or 5.0.")


class Ratifier(Model):
    """Someone who adopts the constitution for the Organisation and cedes authority to it."""

    agent: str = Field(min_length=1, description="Id of the Purpose Agent who ratifies.")
    capacity: LocalText = Field(description="In what capacity, e.g. 'director of Stroomkracht B.V.'.")


class Organisation(Model):
    """Where the work is done, self-governed under the constitution."""

    constitution: Constitution
    adoption_date: dt.date = Field(description="Date the constitution was adopted.")
    anchor_circle: str | None = Field(default=None, description="Name of the anchor circle.")
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

    sponsor_required: bool = True
    criteria: list[LocalText] = Field(min_length=1, description="What a candidate must meet.")
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

    change_notice_days: int = Field(ge=0, le=365, description="Notice for a change of focus.")
    review: LocalText = Field(default="quarterly", description="How often focus is reviewed.")


class Compensation(Model):
    """Contribution and compensation under the earnings plan."""

    monthly_draw_full_focus: Money | None = Field(
        default=None, description="Monthly draw at 100% focus; scaled by focus share."
    )
    profit_share_percent: Decimal = Field(
        ge=0, le=100, description="Part of the yearly distributable profit shared among agents."
    )
    expenses: LocalText = Field(description="How expenses are reimbursed.")
    earnings_plan: list[LocalText] = Field(default_factory=list, description="Lines of the earnings plan schedule.")


class Participation(Model):
    """Participation in the Company through steward shares (how many, and a leaver's terms,
    are under company.stewardship: the statutes state them)."""

    share_class: str = Field(default="A", min_length=1, description="Class of the steward shares in the statutes.")


class IntellectualProperty(Model):
    """Who holds what the agents create."""

    policy: Literal["assign", "licence", "open"]
    open_licence: str | None = Field(default=None, description="Licence for open outputs, e.g. 'CC BY-SA 4.0'.")


class Confidentiality(Model):
    years_after_exit: int = Field(ge=0, le=20)


class Exit(Model):
    notice_days: int = Field(ge=0, le=365, description="Notice an agent gives to leave.")
    removal_majority: Literal["consent", "two-thirds", "unanimity-minus-one"] = Field(
        default="two-thirds", description="Who decides a removal: consent, two-thirds or unanimity-minus-one."
    )


class Disputes(Model):
    internal_step: LocalText = Field(description="First, internal step to resolve a dispute.")
    internal_days: int = Field(
        default=30, ge=1, le=180, description="Days the internal step may take before mediation or the final forum."
    )
    mediation: bool = True
    mediation_days: int = Field(
        default=60, ge=1, le=365, description="Days mediation may take, from the request, before the final forum."
    )
    forum: Literal["arbitration", "courts"]
    seat: str = Field(min_length=1, description="Place of arbitration or competent court.")
    arbitration_institute: str | None = None
    language: Literal["nl", "en"] | None = Field(
        default=None, description="Language of arbitration or mediation proceedings: nl or en."
    )
    governing_law: LocalText = Field(description="e.g. 'the laws of the Netherlands'.")


class Amendment(Model):
    keeper_role: str = Field(min_length=1, description="Role that keeps this agreement.")
    notice_days: int = Field(ge=0, le=365)
    decision: Literal["consent", "two-thirds", "unanimity"] = "consent"


class Association(Model):
    """The relationships between the people: the culture and the norms."""

    purpose: LocalText = Field(description="Purpose of the Association itself.")
    norms: Norms
    admission: Admission
    commitments: Commitments
    compensation: Compensation
    participation: Participation
    ip: IntellectualProperty
    confidentiality: Confidentiality
    exit: Exit
    disputes: Disputes
    amendment: Amendment


class Enterprise(Model):
    """A For-Purpose Enterprise: Organisation, Association and Company."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Short id: lowercase, digits, - or _.")
    name: str = Field(min_length=1)
    purpose: LocalText = Field(description="The enterprise's purpose, in one or two sentences.")
    effective_date: dt.date = Field(description="Date the documents take effect; also their print date.")
    place: str = Field(min_length=1, description="Place where the documents are signed.")
    organisation: Organisation
    association: Association
    company: Company


class NetworkEnterprise(Model):
    """Another enterprise an agent serves, known here by id and name only."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: str = Field(min_length=1)
