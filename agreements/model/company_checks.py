"""Checks on the Company that span fields: Dutch B.V. rules (BW Book 2) and the share classes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files

from .body import ASSET_LOCKED, Body
from .company import Company

Problem = tuple[tuple[str | int, ...], str]
BV_SUFFIXES = ("B.V.", "Besloten Vennootschap met beperkte aansprakelijkheid")


@cache
def municipalities() -> dict[str, str]:
    """Every Dutch municipality (CBS list) and common alias, case-folded -> official name."""
    data = files("agreements") / "data"
    names: dict[str, str] = {}
    for line in (data / "municipalities_nl.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            names[line.strip().casefold()] = line.strip()
    for line in (data / "municipalities_nl_aliases.txt").read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            alias, official = line.split("\t", 1)
            names[alias.strip().casefold()] = official.strip()
    return names


def company_problems(company: Company, at: tuple[str | int, ...]) -> Iterator[Problem]:
    """(path, message) for each rule the company breaks; ``at`` is the company's data path."""
    if company.form == "bv":
        yield from _dutch_bv(company, at)
    else:
        yield from _english_company(company, at)
    yield from _bodies(company, at)
    if (
        company.profit_linked_pay_cap_percent is not None
        and company.dividend_cap_percent is not None
        and company.profit_linked_pay_cap_percent > company.dividend_cap_percent
    ):
        yield (
            (*at, "profit_linked_pay_cap_percent"),
            f"profit-linked pay counts toward the dividend cap, so its cap ({company.profit_linked_pay_cap_percent}%)"
            f" cannot exceed dividend_cap_percent ({company.dividend_cap_percent}%)",
        )
    golden = [i for i, c in enumerate(company.share_classes) if c.kind == "golden"]
    for i, cls in enumerate(company.share_classes):
        if cls.kind == "steward" and cls.votes_per_share == 0:
            yield (
                (*at, "share_classes", i, "votes_per_share"),
                f"steward shares carry the votes of the Purpose Agents who hold them: give class '{cls.code}'"
                " votes_per_share of at least 1",
            )
        elif cls.votes_per_share == 0 and cls.profit_right == "none":
            yield (
                (*at, "share_classes", i),
                f"share class '{cls.code}' has neither a vote nor a profit right, so it is not a share (BW 2:190);"
                " give it at least a minimal vote (votes_per_share: 1) or profit_right: minimal",
            )
    for i in golden:
        cls = company.share_classes[i]
        if not (cls.holder or company.golden_share):
            yield (*at, "share_classes", i, "holder"), "the golden share needs a holder (or a 'golden_share' section)"
        if cls.issued != 1:
            yield (*at, "share_classes", i, "issued"), f"there is exactly one golden share; found {cls.issued}"
        if cls.holder and company.golden_share and cls.holder != company.golden_share.holder.name:
            yield (
                (*at, "share_classes", i, "holder"),
                f"'{cls.holder}' differs from golden_share.holder '{company.golden_share.holder.name}'",
            )
    if len(golden) > 1:
        yield (*at, "share_classes", golden[1], "kind"), "only one share class can be the golden share"
    if company.golden_share and not golden:
        yield (*at, "golden_share"), "a 'golden_share' section needs a share class of kind 'golden'"
    codes: dict[str, int] = {}
    for i, cls in enumerate(company.share_classes):
        if cls.code in codes:
            yield (
                (*at, "share_classes", i, "code"),
                f"share class '{cls.code}' is already given (share_classes[{codes[cls.code]}])",
            )
        codes.setdefault(cls.code, i)
        if cls.profit_right == "capped" and cls.profit_cap_percent is None:
            yield (*at, "share_classes", i, "profit_cap_percent"), "a capped profit right needs its cap in percent"


def _dutch_bv(company: Company, at: tuple[str | int, ...]) -> Iterator[Problem]:
    name = company.legal_name
    if not (name.startswith(BV_SUFFIXES) or name.endswith(BV_SUFFIXES)):
        yield (*at, "legal_name"), f"the name of a B.V. begins or ends with 'B.V.' (BW 2:177); found '{name}'"
    if company.jurisdiction != "NL":
        yield (*at, "jurisdiction"), f"a B.V. is a Dutch company: jurisdiction NL; found '{company.jurisdiction}'"
    if company.seat.casefold() not in municipalities():
        yield (*at, "seat"), _not_a_municipality(company.seat, "a B.V.", "2:177")
    if company.registration_number is not None and not re.fullmatch(r"\d{8}", company.registration_number):
        yield (
            (*at, "registration_number"),
            f"a KvK number has 8 digits; found '{company.registration_number}'",
        )
    if not company.share_classes:
        yield (
            (*at, "share_classes"),
            "the statuten of a B.V. state its shares' nominal value (BW 2:178): add share_classes",
        )
    letters = {"steward": "A", "economic": "B", "golden": "G"}
    for i, cls in enumerate(company.share_classes):
        if cls.code != letters[cls.kind]:
            yield (
                (*at, "share_classes", i, "code"),
                f"the statuten call {cls.kind} shares '{letters[cls.kind]}' shares; found code '{cls.code}'",
            )
        if cls.nominal_value is None:
            yield (
                (*at, "share_classes", i, "nominal_value"),
                f"share class '{cls.code}' has no nominal value; the statuten must state it (BW 2:178)",
            )


def _bodies(company: Company, at: tuple[str | int, ...]) -> Iterator[Problem]:
    """The golden-share holder, its successor and the asset-lock recipient: asset-locked,
    and registered where the company's law expects them."""
    named: list[tuple[tuple[str | int, ...], Body, str]] = []
    if company.golden_share:
        named.append(((*at, "golden_share", "holder"), company.golden_share.holder, "the golden share's holder"))
        if company.golden_share.successor:
            named.append(
                ((*at, "golden_share", "successor"), company.golden_share.successor, "the golden share's successor")
            )
    if company.asset_lock_recipient:
        named.append(((*at, "asset_lock_recipient"), company.asset_lock_recipient, "the asset-lock recipient"))
    for path, body, role in named:
        if body.kind != "other" and not body.asset_locked:
            yield (
                (*path, "kind"),
                f"{role} must be an asset-locked body ({', '.join(ASSET_LOCKED)}); found '{body.kind}'",
            )
        if body.kind == "stichting":
            if body.registration_number is not None and not re.fullmatch(r"\d{8}", body.registration_number):
                yield (*path, "registration_number"), f"a KvK number has 8 digits; found '{body.registration_number}'"
            if body.seat is not None and body.seat.casefold() not in municipalities():
                yield (*path, "seat"), _not_a_municipality(body.seat, "a stichting", "2:286")


def _not_a_municipality(seat: str, what: str, article: str) -> str:
    known = municipalities()
    close = difflib.get_close_matches(seat, sorted(set(known.values())), n=1, cutoff=0.75)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"the seat of {what} is a Dutch municipality (BW {article}); '{seat}' is not one{hint}"


def official_seat(seat: str) -> str:
    """The municipality's official spelling, typeset ('den bosch' -> "’s-Hertogenbosch"); else as given."""
    return municipalities().get(seat.casefold(), seat).replace("'", "\u2019")


# Companies Act 2006 s.59 (a private limited company), and the Companies (Audit,
# Investigations and Community Enterprise) Act 2004 s.33 (a community interest company).
ENGLISH_ENDINGS = {
    "ltd": ("limited", "ltd", "ltd.", "cyfyngedig", "cyf", "cyf."),
    "cic": ("community interest company", "cic", "cwmni buddiant cymunedol", "cbc"),
}


def _english_company(company: Company, at: tuple[str | int, ...]) -> Iterator[Problem]:
    if company.jurisdiction != "GB":
        yield (
            (*at, "jurisdiction"),
            f"a company of form '{company.form}' is registered in England and Wales: jurisdiction GB;"
            f" found '{company.jurisdiction}'",
        )
    endings = ENGLISH_ENDINGS[company.form]
    if not company.legal_name.casefold().endswith(endings):
        law = "Companies Act 2006 s.59" if company.form == "ltd" else "C(AICE)A 2004 s.33"
        yield (
            (*at, "legal_name"),
            f"the name of {'a private limited company' if company.form == 'ltd' else 'a community interest company'}"
            f" ends with '{endings[0].title() if company.form == 'ltd' else 'Community Interest Company'}'"
            f" or '{endings[1].upper() if company.form == 'cic' else 'Ltd'}' ({law}); found '{company.legal_name}'",
        )
