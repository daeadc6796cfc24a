"""The lint rule sample-leftover: text still in the data from the sample a project was copied from.

`agreements init --sample NAME` records the sample in agreements.toml (``started_from``).
What identifies the sample's enterprise and people must not survive into a project of
one's own: its ids, names, addresses, e-mail addresses and registration numbers, the
enterprise's purpose and activities, and any text that still names one of its enterprises,
companies, bodies or agents. Each is reported where the project's data writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import Location
from .loading import Key
from .project import LoadedProject
from .resources import samples_dir

# Leaves that identify the sample when they are written as they are, by the key they sit
# under (for text per language: the key above "nl" or "en").
IDENTIFYING = {"id", "name", "legal_name", "address", "email", "registration_number", "charity_number", "holder"}
IDENTIFYING |= {"by", "note", "anchor_circle", "activities", "public_benefit", "anchor_circle_purpose"}
# ... and the texts that say what the enterprise is for, by their place in a record
PURPOSES = {("enterprise", "purpose"), ("association", "purpose"), ("purpose_history", "purpose")}
# The names that are the sample's own wherever they appear inside a longer text.
NAMES = {"name", "legal_name", "holder"}
SHARED = {"constitution"}  # records whose values every project may share (the constitution's name)
LANGS = {"nl", "en"}
MIN_NAME = 4  # a shorter name is too likely to be an ordinary word


def sample_leftovers(loaded: LoadedProject) -> list[tuple[Location, str]]:
    """(where, message) for each text of the project's data that is left over from its sample."""
    sample = loaded.config.started_from
    if sample is None:
        return []
    source = samples_dir() / sample
    if not (source / "agreements.toml").is_file():
        known = ", ".join(sorted(p.name for p in samples_dir().iterdir() if (p / "agreements.toml").is_file()))
        return [(loaded.project.locate("started_from"), f"no sample '{sample}'; samples: {known}")]
    exact, names = _identifying(_sample_data(source))
    pattern = _names_pattern(names)
    raw = loaded.raw_data
    found = []
    for path, text in _leaves(raw.data):
        where = raw.locate(path, value=True)
        dotted = _dotted(path)
        if text in exact:
            found.append((where, f"{dotted}: '{_short(text)}' is from the sample '{sample}'; write your own"))
        elif pattern is not None and (match := pattern.search(text)):
            found.append((where, f"{dotted}: names '{match.group()}' from the sample '{sample}'; write your own"))
    return found


def _sample_data(folder: Path) -> Any:
    from .config import load_project, read_data

    return read_data(load_project(folder)).data


def _identifying(data: Any) -> tuple[set[str], set[str]]:
    """The sample's texts that identify it as they are, and its names."""
    exact: set[str] = set()
    names: set[str] = set()
    for path, text in _leaves(data):
        if any(part in SHARED for part in path):
            continue
        key = _key(path)
        if key in IDENTIFYING or _place(path) in PURPOSES:
            exact.add(text)
        if key in NAMES and len(text) >= MIN_NAME:
            names.add(text)
    return exact, names


def _names_pattern(names: set[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _leaves(value: Any, at: Key = ()) -> Iterator[tuple[Key, str]]:
    if isinstance(value, str):
        if value.strip():
            yield at, value.strip()
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*at, i))


def _key(path: Key) -> str:
    """The key a text sits under: past list positions and language keys."""
    for part in reversed(path):
        if isinstance(part, str) and part not in LANGS:
            return part
    return ""


def _place(path: Key) -> tuple[str, str]:
    """The last two keys of a path (past list positions and language keys)."""
    keys = [p for p in path if isinstance(p, str) and p not in LANGS]
    if len(keys) >= 2 and keys[0] == "enterprises":
        keys[0] = "enterprise"
    return (keys[-2], keys[-1]) if len(keys) >= 2 else ("", "")


def _dotted(path: Key) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:50] + "..."
