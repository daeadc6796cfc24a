"""Bodies outside the company that its documents name: the golden-share holder, its
successor, the recipient of the remaining assets."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from .base import Model

BodyKind = Literal["stichting", "charity", "cic", "community-benefit-society", "company", "other"]

# Bodies whose assets are locked to their purpose: the kinds reg 2 of the Community Interest
# Company Regulations 2005 lists (a CIC, a charity, a registered society with an asset lock)
# and the Dutch stichting, which has no members or shareholders to distribute to (BW 2:285).
ASSET_LOCKED = ("stichting", "charity", "cic", "community-benefit-society")


KVK_NUMBER = r"^\d{8}$"  # a number in the Dutch trade register (KvK)


class Body(Model):
    """A legal person named in the documents, with what identifies it in a register."""

    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"kind": {"const": "stichting"}}, "required": ["kind"]},
            "then": {"properties": {"registration_number": {"pattern": KVK_NUMBER}}},
        }
    )

    name: str = Field(min_length=1, description="Registered name, e.g. 'Stichting Doelbewaking Groene Fietsers'.")
    kind: BodyKind = Field(
        default="other",
        description="What kind of body: stichting, charity, cic, community-benefit-society, company or other."
        " Only the first four are asset-locked.",
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

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> Any:
        """A body may also be given by its name alone: the schema takes text or a mapping (one
        schema for both, so that an editor says what is wrong rather than which form it missed)."""
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        target["type"] = ["object", "string"]
        target["minLength"] = 1
        return schema

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, value: Any) -> Any:
        """A plain name is a body known by its name only (its seat and number still to come)."""
        return {"name": value} if isinstance(value, str) else value

    @property
    def asset_locked(self) -> bool:
        return self.kind in ASSET_LOCKED
