"""The lint rule literal-term: a period, percentage, amount or majority written in a clause.

One fact, one place: a term that clauses or documents share comes from the data, so two
documents can never contradict each other. A clause may still write a term that must be
literal (a statutory minimum, a term no other text states) when its front matter lists it
under ``literals:`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .clauses import Clause

_EN_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"
)
_NL_TENS = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
_NL_WORDS = (
    f"(?:[a-zë]+(?:en|ën))?(?:{_NL_TENS})|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|"
    "dertien|veertien|vijftien|zestien|zeventien|achttien|negentien|honderd"
)
_NUMBER = rf"(?:\d+(?:[.,]\d+)?|(?:(?:{_EN_WORDS})(?:[- ](?:{_EN_WORDS}))*)|(?:{_NL_WORDS}))"
_UNIT = (
    r"(?:business days?|working days?|clear days?|days?|weeks?|months?|years?|hours?|"
    r"werkdagen|werkdag|dagen|dag|weken|week|maanden|maand|jaren|jaar|uren|uur)"
)
_PATTERNS = [
    re.compile(rf"\b{_NUMBER}[ \u00a0-]{_UNIT}\b", re.IGNORECASE),
    re.compile(rf"\b{_NUMBER}\s?(?:%|per ?cent\b|procent\b)", re.IGNORECASE),
    re.compile(r"[€£$]\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:euro|pounds?)\b", re.IGNORECASE),
    re.compile(
        r"\b(?:two[- ]thirds|three[- ]quarters|twee derde|drie kwart|drie vierde|vier vijfde|four[- ]fifths)\b",
        re.IGNORECASE,
    ),
]
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def literal_terms(clause: Clause) -> Iterator[tuple[int, str]]:
    """(line, phrase) for every literal term in the clause body that its front matter does not allow."""
    body = _JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), clause.body)
    allowed = [phrase.casefold() for phrase, _, _ in clause.literals]
    for pattern in _PATTERNS:
        for m in pattern.finditer(body):
            phrase = m.group().strip()
            if _is_allowed(body, m.start(), m.end(), allowed):
                continue
            yield body.count("\n", 0, m.start()) + 1, phrase


def _is_allowed(body: str, start: int, end: int, allowed: list[str]) -> bool:
    folded = body.casefold()
    for phrase in allowed:
        pos = folded.find(phrase)
        while pos != -1:
            if pos <= start and end <= pos + len(phrase):
                return True
            pos = folded.find(phrase, pos + 1)
    return False


def message(phrase: str) -> str:
    return (
        f"'{phrase}' is written into the clause; take it from the data (e.g. {{{{ days(...) }}}}, "
        "{{ percent(...) }}) so every document states it alike, or list it under 'literals:' in the front "
        "matter with the reason it must be literal"
    )
