"""Purpose Agents and their commitments to enterprises."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, EmailStr, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from .base import Model
from .body import Body
from .dates import Date

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%?\s*$")
# the same as text, for the schema: more than 0 and at most 100, with or without "%"
FOCUS_PATTERN = r"^\s*(100(\.0+)?|[1-9]\d?(\.\d+)?|0\.\d*[1-9]\d*)\s*%?\s*$"


def _percent(value: Any) -> Any:
    """A percentage written as a number, or as text: "60" or "60%"; anything else is refused."""
    if isinstance(value, bool):
        raise PydanticCustomError("percent", 'write a percentage as a number, e.g. 60 or "60%"')
    if isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, str):
        match = _PERCENT.match(value)
        if match:
            try:
                return Decimal(match.group(1))
            except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
                pass
    raise PydanticCustomError("percent", 'write a percentage as a number, e.g. 60 or "60%"')


# A focus share: 60, 60.5, "60" or "60%". The schema gives one type (number or text) so
# that an editor says what is wrong with a value, not which branch of a choice it missed.
Focus = Annotated[
    Decimal,
    BeforeValidator(_percent),
    WithJsonSchema(
        {
            "type": ["number", "string"],
            "exclusiveMinimum": 0,
            "maximum": 100,
            "pattern": FOCUS_PATTERN,
            "examples": [60, "60%"],
        }
    ),
]


class StatusAssessment(Model):
    """An assessment of the agent's employment and tax status in this relationship."""

    date: Date = Field(description="Date of the assessment.")
    by: str = Field(min_length=1, description="Who made it: the adviser or firm, e.g. 'Van Dijk Arbeidsrecht'.")
    outcome: Literal["self-employed", "employee", "undetermined"] = Field(
        description="What the adviser concluded: self-employed, employee or undetermined (pay is then treated as"
        " wages until it is settled)."
    )
    note: str | None = Field(default=None, min_length=1, description="What the assessment rests on, in one sentence.")


class Commitment(Model):
    """One agent's relationship with one enterprise."""

    enterprise: str = Field(
        min_length=1, description="Id of the enterprise: this project's, or one listed under 'network'."
    )
    focus: Focus = Field(
        gt=0,
        le=100,
        description="Share of the agent's focus (time and energy) given to this enterprise, in percent: 60 or"
        ' "60%". An agent\'s focus shares add up to at most 100.',
    )
    roles: list[str] = Field(
        default_factory=list, description="Roles the agent energises there, under the constitution."
    )
    since: Date = Field(description="Date the commitment started.")
    steward_since: Date | None = Field(
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

    id: str = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="Short id: lowercase letters, digits, - or _. The board, ratifiers and file names use it.",
        examples=["anna"],
    )
    name: str = Field(min_length=1, description="Full legal name, as it is signed.")
    address: str = Field(min_length=1, description="Postal address for notices.")
    email: EmailStr = Field(description="Email address for notices.")
    service_company: Body | None = Field(
        default=None,
        description="The agent's own company, when the agent works through one (off-payroll rules may apply).",
    )
    disclose_other_enterprises: bool = Field(
        default=False, description="true: the documents name the other enterprises this agent serves."
    )
    commitments: list[Commitment] = Field(
        min_length=1, description="The agent's relationships: one per enterprise they serve."
    )

    def commitment_to(self, enterprise_id: str) -> Commitment | None:
        """This agent's commitment to the given enterprise, if any."""
        return next((c for c in self.commitments if c.enterprise == enterprise_id), None)
