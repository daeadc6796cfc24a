"""Purpose Agents and their commitments to enterprises."""

from __future__ import annotations

from decimal import Decimal

from pydantic import EmailStr, Field

from .base import Model
from .dates import Date


class Commitment(Model):
    """One agent's relationship with one enterprise."""

    enterprise: str = Field(min_length=1, description="Id of an enterprise in the network.")
    focus: Decimal = Field(gt=0, le=100, description="Share of the agent's focus, in percent (0 < focus <= 100).")
    roles: list[str] = Field(default_factory=list, description="Roles the agent energises.")
    since: Date = Field(description="Date the commitment started.")


class PurposeAgent(Model):
    """An independent partner who chooses which purposes to serve."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$", description="Short id: lowercase, digits, - or _.")
    name: str = Field(min_length=1, description="Full legal name.")
    address: str = Field(min_length=1, description="Postal address for notices.")
    email: EmailStr = Field(description="Email address for notices.")
    commitments: list[Commitment] = Field(min_length=1)

    def commitment_to(self, enterprise_id: str) -> Commitment | None:
        """This agent's commitment to the given enterprise, if any."""
        return next((c for c in self.commitments if c.enterprise == enterprise_id), None)
