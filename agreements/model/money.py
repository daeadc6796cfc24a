"""Money: an amount in a currency, and the bounds of the numbers the data may give."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from .base import Model

# Bounds that keep every amount and count printable (Babel formats them exactly) and any
# product of two of them within decimal precision: a trillion is more than any real figure.
MAX_AMOUNT = Decimal(10**12)
MAX_COUNT = 10**12


class Money(Model):
    """An amount in a currency (ISO 4217)."""

    amount: Decimal = Field(
        ge=0, le=MAX_AMOUNT, description="The amount, at most 1,000,000,000,000.", examples=[1, 3200]
    )
    currency: str = Field(
        default="EUR", pattern=r"^[A-Z]{3}$", description="Currency: its ISO 4217 code.", examples=["EUR", "GBP"]
    )
