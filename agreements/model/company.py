"""The Company: the legal structure in which the purpose is anchored."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from .base import Model
from .dates import Date
from .money import MAX_COUNT, Money
from .text import LocalText

LegalForm = Literal["bv", "ltd", "pbc", "cic", "other"]

VetoMatter = Literal[
    "purpose",
    "share_classes",
    "share_issue",
    "sale_or_merger",
    "dissolution",
    "profit_distribution",
    "asset_lock",
    "statutes_amendment",
]


class ShareClass(Model):
    """One class of shares and the rights it carries."""

    code: str = Field(pattern=r"^[A-Z]$", description="Class letter: A (steward), B (economic), G (golden).")
    kind: Literal["steward", "economic", "golden"] = Field(description="steward, economic or golden.")
    nominal_value: Money | None = Field(default=None, description="Nominal value of one share (BW 2:178).")
    issued: int = Field(ge=0, le=MAX_COUNT, description="Number of shares of this class issued.")
    votes_per_share: int = Field(
        ge=0, le=MAX_COUNT, description="Votes per share; 0 for non-voting shares (BW 2:228(5))."
    )
    profit_right: Literal["none", "capped", "full", "minimal"] = Field(
        description="Share in profit: none, capped, full, or minimal (a golden share, BW 2:190)."
    )
    profit_cap_percent: Decimal | None = Field(
        default=None, ge=0, le=100, description="Yearly cap on dividend, in percent of the nominal value paid up."
    )
    holder: str | None = Field(
        default=None, description="Holder, for a class with one fixed holder (the golden share)."
    )


class GoldenShare(Model):
    """The purpose (veto) share: approval rights, no say in operations."""

    holder: str = Field(min_length=1, description="The independent foundation (stichting) that holds it.")
    veto: list[VetoMatter] = Field(min_length=1, description="Matters that need the golden share's approval.")


class Board(Model):
    directors: list[str] = Field(min_length=1, description="Names of the directors.")
    joint_representation: bool = Field(default=True, description="Two directors act together to bind the company.")


class PurposeChange(Model):
    date: Date
    purpose: LocalText = Field(description="The purpose as it read from this date.")
    note: LocalText | None = None


class Company(Model):
    """The legal entity that the Purpose Agents contract with."""

    legal_name: str = Field(min_length=1, description="Registered name, e.g. 'Stroomkracht B.V.'.")
    form: LegalForm = Field(description="Legal form: bv, ltd, pbc, cic or other.")
    jurisdiction: str = Field(min_length=2, max_length=2, description="ISO 3166 country code, e.g. NL.")
    seat: str = Field(min_length=1, description="Statutory seat (for a B.V.: a Dutch municipality).")
    address: str | None = Field(default=None, description="Registered office address.")
    registration_number: str | None = Field(
        default=None, description="Trade register number (KvK: 8 digits for a Dutch company)."
    )
    represented_by: LocalText | None = Field(default=None, description="Who signs for the Company, e.g. 'its board'.")
    activities: list[LocalText] = Field(
        default_factory=list, description="What the company does to serve its purpose (the means, not the end)."
    )
    share_classes: list[ShareClass] = Field(default_factory=list, description="The classes of shares.")
    golden_share: GoldenShare | None = None
    board: Board | None = None
    financial_year_end: str = Field(
        default="12-31", pattern=r"^\d{2}-\d{2}$", description="Last day of the financial year, MM-DD."
    )
    reserve_percent: Decimal = Field(
        default=Decimal(0), ge=0, le=100, description="Part of each year's profit first added to the reserves."
    )
    dividend_cap_percent: Decimal | None = Field(
        default=None, ge=0, le=100, description="Aggregate cap on dividends, in percent of distributable profit."
    )
    asset_lock_recipient: str | None = Field(
        default=None, description="Purpose-aligned body that receives the remaining assets on dissolution."
    )
    entrenched: list[str] = Field(
        default_factory=list, description="Clause ids of articles that change only with the golden share's approval."
    )
    public_benefit: LocalText | None = Field(
        default=None, description="Specific public benefit stated in the articles (PBC-style option)."
    )
    purpose_history: list[PurposeChange] = Field(default_factory=list, description="Earlier purposes, oldest first.")
