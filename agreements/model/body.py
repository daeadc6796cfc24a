"""Bodies outside the company that its documents name: the golden-share holder, its
successor, the recipient of the remaining assets."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from .base import Model

BodyKind = Literal["stichting", "charity", "cic", "community-benefit-society", "company", "other"]

# Bodies whose assets are locked to their purpose: the kinds reg 2 of the Community Interest
# Company Regulations 2005 lists (a CIC, a charity, a registered society with an asset lock)
# and the Dutch stichting, which has no members or shareholders to distribute to (BW 2:285).
ASSET_LOCKED = ("stichting", "charity", "cic", "community-benefit-society")


class Body(Model):
    """A legal person named in the documents, with what identifies it in a register."""

    name: str = Field(min_length=1, description="Registered name, e.g. 'Stichting Doelbewaking Stroomkracht'.")
    kind: BodyKind = Field(
        default="other",
        description="stichting, charity, cic, community-benefit-society, company or other.",
    )
    seat: str | None = Field(
        default=None,
        min_length=1,
        description="Statutory seat or registered office town (for a stichting: a Dutch municipality).",
    )
    registration_number: str | None = Field(
        default=None,
        min_length=1,
        description="Trade register number (KvK: 8 digits) or company number.",
    )
    charity_number: str | None = Field(
        default=None, min_length=1, description="Registered charity number (England and Wales), for a charity."
    )

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, value: Any) -> Any:
        """A plain name is a body known by its name only (its seat and number still to come)."""
        return {"name": value} if isinstance(value, str) else value

    @property
    def asset_locked(self) -> bool:
        return self.kind in ASSET_LOCKED
