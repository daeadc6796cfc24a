"""Money: an amount in a currency."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from .base import Model


class Money(Model):
    """An amount in a currency (ISO 4217)."""

    amount: Decimal = Field(ge=0)
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$", description="ISO 4217 code.")
