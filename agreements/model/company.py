"""The Company: the legal structure in which the purpose is anchored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, Field

from .base import Model
from .body import KVK_NUMBER, Body
from .dates import Date
from .money import MAX_COUNT, Money
from .text import LocalText

LegalForm = Literal["bv", "ltd", "cic"]
# NL: the Netherlands; GB: a company registered in England and Wales (English law).
Jurisdiction = Literal["NL", "GB"]

VetoMatter = Literal[
    "purpose",
    "share_classes",
    "share_issue",
    "sale_or_merger",
    "dissolution",
    "profit_distribution",
    "asset_lock",
    "statutes_amendment",
    "profit_linked_pay",
    "own_shares",
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
        default=None,
        description="Holder, for a class with one fixed holder (the golden share): the same name as"
        " golden_share.holder. May be left out when there is a golden_share section.",
    )


class GoldenShare(Model):
    """The purpose (veto) share: prior written consent on the listed matters, no say in operations."""

    holder: Body = Field(description="The independent, asset-locked body that holds it (a stichting, a charity).")
    successor: Body | None = Field(
        default=None,
        description="Body that takes over the golden share if the holder ceases to exist or to qualify.",
    )
    veto: list[VetoMatter] = Field(min_length=1, description="Matters that need the golden share's prior consent.")
    decision_days: int = Field(
        default=28, ge=7, le=90, description="Days the holder has to decide on a request for consent."
    )


class Director(Model):
    """A director who is not one of the Purpose Agents (they are named by their agent id)."""

    name: str = Field(min_length=1, description="Full name.")
    address: str | None = Field(default=None, min_length=1, description="Address for notices.")


class Board(Model):
    """The board (bestuur): who the directors are and how they bind the company."""

    directors: list[str | Director] = Field(
        min_length=1,
        description="The directors: the id of a Purpose Agent (e.g. anna), or {name: ...} for someone who is not one.",
    )
    joint_representation: bool = Field(
        default=True,
        description="true: two directors act together to bind the company (the documents then have two signature"
        " blocks for it).",
    )


LeaverBuyer = Literal["company", "nominee"]


class Leaver(Model):
    """What happens to a leaving steward's shares: stated alike in the statutes and the agreements."""

    buyer: LeaverBuyer = Field(
        default="nominee",
        description="Who buys first: 'nominee' (a Purpose Agent the board names, else the company) or 'company'.",
    )
    nominate_days: int = Field(default=30, ge=1, le=180, description="Days after the exit in which the buyer is named.")
    transfer_days: int = Field(
        default=90, ge=1, le=365, description="Days after the exit by which the shares are transferred and paid."
    )
    price: Literal["nominal"] = Field(default="nominal", description="Price of a leaver's steward shares: nominal.")
    costs: Literal["company", "leaver"] = Field(
        default="company", description="Who bears the costs of the transfer: company or leaver."
    )


class Stewardship(Model):
    """Who holds the steward shares, how many, and how a leaver gives them up."""

    shares_per_agent: int = Field(
        default=1, ge=1, le=1000, description="Steward shares each active Purpose Agent holds."
    )
    leaver: Leaver = Field(
        default_factory=Leaver, description="What happens to a leaving steward's shares: buyer, periods, price."
    )


class PurposeChange(Model):
    """An earlier purpose of the company, and from when it applied."""

    date: Date = Field(description="Date from which this purpose applied.")
    purpose: LocalText = Field(description="The purpose as it read from this date.")
    note: LocalText | None = Field(default=None, description="Optional note, e.g. 'the purpose at incorporation'.")


# What the schema for editors adds for a Dutch B.V.: the checks of company_checks.py that a
# pattern can state (BW 2:177 for the name, an 8-digit KvK number).
BV_NAME = r"^(B\.V\.|Besloten Vennootschap met beperkte aansprakelijkheid)|(B\.V\.|Besloten Vennootschap met beperkte aansprakelijkheid)$"
_BV_SCHEMA: dict[str, Any] = {
    "allOf": [
        {
            "if": {"properties": {"form": {"const": "bv"}}, "required": ["form"]},
            "then": {
                "properties": {
                    "legal_name": {"pattern": BV_NAME},
                    "jurisdiction": {"const": "NL"},
                    "registration_number": {"pattern": KVK_NUMBER},
                }
            },
        },
        {
            "if": {"properties": {"form": {"enum": ["ltd", "cic"]}}, "required": ["form"]},
            "then": {"properties": {"jurisdiction": {"const": "GB"}}},
        },
    ]
}


class Company(Model):
    """The legal entity that the Purpose Agents contract with."""

    model_config = ConfigDict(json_schema_extra=_BV_SCHEMA)

    legal_name: str = Field(
        min_length=1,
        description="Registered name. A B.V.'s begins or ends with 'B.V.'; an English company's ends with 'Ltd' or"
        " 'Limited', a community interest company's with 'CIC'.",
        examples=["Groene Fietsers B.V."],
    )
    form: LegalForm = Field(
        description="Legal form: bv (a Dutch B.V.), ltd (an English private company limited by shares) or cic (a"
        " community interest company)."
    )
    jurisdiction: Jurisdiction = Field(
        description="NL (the Netherlands) or GB (a company registered in England and Wales)."
    )
    seat: str = Field(
        min_length=1,
        description="Statutory seat (for a B.V.: a Dutch municipality) or the town of the registered office.",
        examples=["Groningen"],
    )
    address: str | None = Field(default=None, description="Registered office address.")
    registration_number: str | None = Field(
        default=None,
        description="Trade register number of a company that exists already (KvK: 8 digits, quoted). Given, the"
        " statuten are drafted for a deed of amendment (akte van statutenwijziging) of that company; left out,"
        " for a deed of incorporation (akte van oprichting).",
        examples=["12345678"],
    )
    represented_by: LocalText | None = Field(
        default=None, description="Who signs for the Company, e.g. 'its board, acting by two directors'."
    )
    activities: list[LocalText] = Field(
        default_factory=list, description="What the company does to serve its purpose (the means, not the end)."
    )
    share_classes: list[ShareClass] = Field(default_factory=list, description="The classes of shares.")
    golden_share: GoldenShare | None = Field(
        default=None, description="The golden (purpose) share: who holds it and what needs its consent."
    )
    board: Board | None = Field(default=None, description="The board: the directors, by agent id or by name.")
    stewardship: Stewardship = Field(
        default_factory=Stewardship,
        description="Steward shares per active Purpose Agent, and what happens to them when an agent leaves.",
    )
    financial_year_end: str = Field(
        default="12-31",
        pattern=r"^\d{2}-\d{2}$",
        description="Last day of the financial year, MM-DD (quoted).",
        examples=["12-31", "03-31"],
    )
    reserve_percent: Decimal = Field(
        default=Decimal(0),
        ge=0,
        le=100,
        description="Part of each year's profit base (profit before tax and before profit-linked pay) first added"
        " to the reserves.",
    )
    dividend_cap_percent: Decimal | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Yearly cap, in percent of the profit base, on dividends and profit-linked pay together.",
    )
    profit_linked_pay_cap_percent: Decimal | None = Field(
        default=None,
        ge=0,
        le=100,
        description="Most of the profit base that profit-linked pay to agents, directors or shareholders may take.",
    )
    asset_lock_recipient: Body | None = Field(
        default=None, description="Asset-locked body that receives the remaining assets on dissolution."
    )
    entrenched: list[str] = Field(
        default_factory=list, description="Clause ids of articles that change only with the golden share's approval."
    )
    public_benefit: LocalText | None = Field(
        default=None, description="Specific public benefit stated in the articles (PBC-style option)."
    )
    purpose_history: list[PurposeChange] = Field(default_factory=list, description="Earlier purposes, oldest first.")
