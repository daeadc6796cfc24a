"""Locale formatting of dates, money, numbers and percentages (Babel), per document language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from num2words import num2words

LOCALES = {"en": "en_GB", "nl": "nl_NL"}


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, "en_GB")


def date(value: dt.date, lang: str) -> str:
    """'1 March 2027' / '1 maart 2027'."""
    return format_date(value, format="long", locale=locale_of(lang))


def money(amount: Decimal, currency: str, lang: str) -> str:
    """'€2,500.00' / '€ 2.500,00'."""
    return format_currency(amount, currency, locale=locale_of(lang))


def number(value: Decimal | int | float, lang: str) -> str:
    """'1,000' / '1.000'; keeps the decimals the data gives."""
    return format_decimal(value, locale=locale_of(lang), decimal_quantization=False)


def percent(value: Decimal | int | float, lang: str) -> str:
    """A value in percent (60 -> '60%'), without the locale's rounding to whole numbers."""
    return f"{number(value, lang)}%"


UNITS = {
    "en": {"day": ("day", "days"), "week": ("week", "weeks"), "month": ("month", "months"), "year": ("year", "years")},
    "nl": {"day": ("dag", "dagen"), "week": ("week", "weken"), "month": ("maand", "maanden"), "year": ("jaar", "jaar")},
}


def words(value: int, lang: str) -> str:
    """A whole number in words: 30 -> 'thirty' / 'dertig'."""
    if int(value) != value or value < 0:
        raise ValueError(f"{value} is not a whole number of at least 0")
    return str(num2words(int(value), lang=lang if lang in UNITS else "en"))


def period(value: int, unit: str, lang: str) -> str:
    """A period in words, the way every clause writes it: 'thirty days', 'drie maanden'."""
    one, many = UNITS.get(lang, UNITS["en"])[unit]
    return f"{words(value, lang)} {one if value == 1 else many}"
