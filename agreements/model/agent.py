"""Purpose Agents and their commitments to enterprises."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import EmailStr, Field

from .base import Model
from .body import Body


class StatusAssessment(Model):
    """An assessment of the agent's employment and tax status in this relationship."""

    date: dt.date = Field(description="Date of the assessment.")
    by: str = Field(min_length=1, description="Who made it: the adviser or firm, e.g. 'Van Dijk Arbeidsrecht'.")
    outcome: Literal["self-employed", "employee", "undetermined"] = Field(
        description="self-employed, employee or undetermined."
    )
    note: str | None = Field(default=None, min_length=1, description="What the assessment rests on, in one sentence.")


class Commitment(Model):
    """One agent's relationship with one enterprise."""

    enterprise: str = Field(min_length=1, description="Id of an enterprise in the network.")
    focus: Decimal = Field(gt=0, le=100, description="Share of the agent's focus, in percent (0 < focus <= 100).")
    roles: list[str] = Field(default_factory=list, description="Roles the agent energises.")
    since: dt.date = Field(description="Date the commitment started.")
    steward_since: dt.date | None = Field(
        default=None,
        description="Date the agent first held steward shares; by default the end of the trial period after 'since'.",
    )
    substitution: bool = Field(
        default=False, description="true: the agent may have a suitably qualified substitute do the work."
    )
    status_assessment: StatusAssessment | None = Field(
        default=None, description="Employment and tax status assessment of this relationship."
    )


class PurposeAgent(Model):
    """An independent partner who chooses which purposes to serve."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Short id: lowercase, digits, - or _.")
    name: str = Field(min_length=1, description="Full legal name.")
    address: str = Field(min_length=1, description="Postal address for notices.")
    email: EmailStr = Field(description="Email address for notices.")
    service_company: Body | None = Field(
        default=None,
        description="The agent's own company, when the agent works through one (off-payroll rules may apply).",
    )
    disclose_other_enterprises: bool = Field(
        default=False, description="true: the documents name the other enterprises this agent serves."
    )
    commitments: list[Commitment] = Field(min_length=1)

    def commitment_to(self, enterprise_id: str) -> Commitment | None:
        """This agent's commitment to the given enterprise, if any."""
        return next((c for c in self.commitments if c.enterprise == enterprise_id), None)
