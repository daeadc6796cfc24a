"""Locale formatting of dates, money, numbers and percentages (Babel), per document language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

LOCALES = {"en": "en_GB", "nl": "nl_NL"}
LARGEST = Decimal(10) ** 24  # products of the data's amounts and counts stay below it; Babel prints up to ~10**26


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, "en_GB")


def date(value: dt.date, lang: str) -> str:
    """'1 March 2027' / '1 maart 2027'."""
    return format_date(value, format="long", locale=locale_of(lang))


def money(amount: Decimal, currency: str, lang: str) -> str:
    """'€2,500.00' / '€ 2.500,00'."""
    return format_currency(_printable(amount), currency, locale=locale_of(lang))


def number(value: Decimal | int | float, lang: str) -> str:
    """'1,000' / '1.000'; keeps the decimals the data gives."""
    return format_decimal(_printable(value), locale=locale_of(lang), decimal_quantization=False)


def _printable(value: Decimal | int | float) -> Decimal | int | float:
    """``value``, when it is a finite number small enough to print exactly."""
    exact = Decimal(value)
    if not exact.is_finite():
        raise ValueError(f"cannot print {value}: not a finite number")
    if abs(exact) >= LARGEST:
        raise ValueError(f"cannot print {value:.6g}: a number too large to print")
    return value


def percent(value: Decimal | int | float, lang: str) -> str:
    """A value in percent (60 -> '60%'), without the locale's rounding to whole numbers."""
    return f"{number(value, lang)}%"
