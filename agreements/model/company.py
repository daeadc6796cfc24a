"""The Company: the legal structure in which the purpose is anchored."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Model

LegalForm = Literal["bv", "ltd", "pbc", "cic", "other"]


class Company(Model):
    """The legal entity that the Purpose Agents contract with."""

    legal_name: str = Field(min_length=1, description="Registered name, e.g. 'Stroomkracht B.V.'.")
    form: LegalForm = Field(description="Legal form: bv, ltd, pbc, cic or other.")
    jurisdiction: str = Field(min_length=2, max_length=2, description="ISO 3166 country code, e.g. NL.")
    seat: str = Field(min_length=1, description="Statutory seat (municipality).")
    address: str | None = Field(default=None, description="Registered office address.")
    registration_number: str | None = Field(
        default=None, description="Trade register number (KvK for a Dutch company)."
    )
    represented_by: str | None = Field(default=None, description="Who signs for the Company, e.g. 'its board'.")
