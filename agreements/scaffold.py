"""`agreements init`: a new project folder, from a starter of our own or from a shipped sample.

The starter (``agreements/starter/``) is a commented agreements.toml and two data files
(the enterprise, its Purpose Agents) built from what every project needs: the enterprise's
name, the company's registered name, form and seat, the documents' language and the number
of agents. Whatever only the founder knows is written as a placeholder, a text that starts
with ``TODO:``, which every command reports, located, until it is filled in. The JSON Schema
for editors goes next to the data (``data/agreements.schema.json``).
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import AgreementsError, UsageError, relative
from .resources import samples_dir

FORMS = ("bv", "ltd", "cic")
LANGUAGES = ("nl", "en")
LEGAL_ENDINGS = {"bv": " B.V.", "ltd": " Ltd", "cic": " CIC"}
DEFAULT_AGENTS = 2
MAX_AGENTS = 50
SAMPLE_NOTE = """\
# The sample this project was copied from. `agreements lint` reports the sample's names,
# ids and addresses that are still in the data (rule sample-leftover); remove this line
# once the data is your own.
"""
ENTRENCHED = {
    "bv": ["purpose", "capital", "steward_shares", "profit", "golden_share", "amendment", "dissolution"],
    "gb": ["purpose", "stakeholders", "share_classes", "reserved_matters", "distributions", "asset_lock"]
    + ["share_transfer", "amendment", "winding_up"],
}


@dataclass(frozen=True)
class Answers:
    """What every project needs; ``seat`` may be unknown yet (then a placeholder is written)."""

    name: str
    legal_name: str
    form: str
    seat: str | None
    language: str
    agents: int


# --- the answers: defaults and checks ---------------------------------------------------


def name_from_folder(folder: Path) -> str:
    """'groene-fietsers' -> 'Groene Fietsers'."""
    words = re.split(r"[-_\s]+", folder.resolve().name)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "My Enterprise"


def split_legal_name(name: str, form: str) -> tuple[str, str | None]:
    """A name given with its legal form ('Groene Fietsers B.V.') as (day-to-day name, legal name)."""
    ending = LEGAL_ENDINGS[form].strip()
    if name.casefold().endswith(" " + ending.casefold()):
        return name[: -len(ending)].strip().rstrip(","), name
    return name, None


def default_legal_name(name: str, form: str) -> str:
    return name + LEGAL_ENDINGS[form]


def default_language(form: str) -> str:
    return "nl" if form == "bv" else "en"


def check_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise UsageError("the enterprise needs a name")
    return name


def check_legal_name(legal_name: str, form: str) -> str:
    """The registered name fits the form (BW 2:177; Companies Act 2006 s.59; C(AICE)A 2004 s.33)."""
    from .model.company_checks import BV_SUFFIXES, ENGLISH_ENDINGS

    legal_name = " ".join(legal_name.split())
    if form == "bv" and not legal_name.startswith(BV_SUFFIXES) and not legal_name.endswith(BV_SUFFIXES):
        raise UsageError(f"the name of a B.V. begins or ends with 'B.V.' (BW 2:177); found '{legal_name}'")
    if form in ENGLISH_ENDINGS and not legal_name.casefold().endswith(ENGLISH_ENDINGS[form]):
        ending = "'Ltd' or 'Limited'" if form == "ltd" else "'CIC' or 'Community Interest Company'"
        raise UsageError(
            f"the name of {'a company' if form == 'ltd' else 'a CIC'} ends with {ending}; found '{legal_name}'"
        )
    return legal_name


def check_seat(seat: str, form: str) -> str:
    """A B.V.'s seat is a Dutch municipality (BW 2:177), written as the CBS list writes it."""
    from .model.company_checks import municipalities

    seat = " ".join(seat.split())
    if not seat:
        raise UsageError("give the seat: the town of the registered office")
    if form != "bv":
        return seat
    known = municipalities()
    if seat.casefold() in known:
        return known[seat.casefold()]
    close = difflib.get_close_matches(seat, sorted(set(known.values())), n=1, cutoff=0.75)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    raise UsageError(f"the seat of a B.V. is a Dutch municipality (BW 2:177); '{seat}' is not one{hint}")


def answers(
    folder: Path,
    *,
    name: str | None = None,
    legal_name: str | None = None,
    form: str | None = None,
    seat: str | None = None,
    language: str | None = None,
    agents: int | None = None,
) -> Answers:
    """The answers from what was given, with a default for everything else; each is checked."""
    form = form or "bv"
    if form not in FORMS:
        raise UsageError(f"unknown form '{form}'; expected one of: {', '.join(FORMS)}")
    given, named = split_legal_name(check_name(name or name_from_folder(folder)), form)
    legal = check_legal_name(legal_name or named or default_legal_name(given, form), form)
    language = language or default_language(form)
    if language not in LANGUAGES:
        raise UsageError(f"unknown language '{language}'; expected one of: {', '.join(LANGUAGES)}")
    count = DEFAULT_AGENTS if agents is None else agents
    if not 1 <= count <= MAX_AGENTS:
        raise UsageError(f"--agents is between 1 and {MAX_AGENTS}; found {count}")
    return Answers(given, legal, form, check_seat(seat, form) if seat else None, language, count)


# --- writing the project -----------------------------------------------------------------


def init_project(folder: Path, given: Answers) -> list[str]:
    """Write the starter project into ``folder`` (new or empty); returns the files written."""
    _check_empty(folder)
    values = _values(folder, given)
    files = {
        "agreements.toml": _render("agreements.toml.j2", values),
        "data/enterprise.yaml": _render("enterprise.yaml.j2", values),
        "data/agents.yaml": _render("agents.yaml.j2", values),
    }
    return _write(folder, files)


def copy_sample(folder: Path, sample: str) -> list[str]:
    """Copy a sample's agreements.toml and data/ into ``folder`` (new or empty), recording in
    agreements.toml which sample it was, for the lint rule that finds what is left of it."""
    source = samples_dir() / sample
    if not (source / "agreements.toml").is_file():
        raise UsageError(f"no sample '{sample}'; samples: {', '.join(sample_names())}")
    _check_empty(folder)
    files: dict[str, str] = {}
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_file() and rel.parts[0] == "data" and rel.name != SCHEMA_FILE:
            files[rel.as_posix()] = path.read_text(encoding="utf-8")
    files["agreements.toml"] = _started_from((source / "agreements.toml").read_text(encoding="utf-8"), sample)
    return _write(folder, files)


def sample_names() -> list[str]:
    return sorted(p.name for p in samples_dir().iterdir() if (p / "agreements.toml").is_file())


def placeholder_count(folder: Path) -> int:
    """How many placeholders the project's data files hold."""
    from .config import load_project, read_data
    from .validation import placeholders

    return sum(1 for _ in placeholders(read_data(load_project(folder)).data))


SCHEMA_FILE = "agreements.schema.json"


def _write(folder: Path, files: dict[str, str]) -> list[str]:
    from .schema import dumps

    files = {**files, f"data/{SCHEMA_FILE}": dumps()}
    written = []
    for rel, text in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(relative(target))
    return written


def _check_empty(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise AgreementsError(f"{relative(folder)} is not empty; init writes only into a new or empty folder")


def _started_from(config: str, sample: str) -> str:
    """agreements.toml with ``started_from`` set, before any table (where a top-level key must go)."""
    lines = config.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    if at and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    entry = f"\n{SAMPLE_NOTE}started_from = {json.dumps(sample)}\n"
    return "".join(lines[:at]) + entry + ("\n" if at < len(lines) else "") + "".join(lines[at:])


def enterprise_id(name: str) -> str:
    """'Groene Fietsers' -> 'groene-fietsers' (the id's pattern: lowercase, digits, - and _)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    return slug or "enterprise"


def _values(folder: Path, given: Answers) -> dict[str, Any]:
    from .schema import MODELINE

    agents = [f"agent-{n}" for n in range(1, given.agents + 1)]
    seat = given.seat or (
        "TODO: the statutory seat, a Dutch municipality"
        if given.form == "bv"
        else "TODO: the town of the registered office"
    )
    place = given.seat or "TODO: the place where the documents are signed"
    kind = "bv" if given.form == "bv" else "gb"
    prefix = "statutes" if given.form == "bv" else "articles"
    return {
        "folder": relative(folder),
        "modeline": MODELINE,
        "name": given.name,
        "legal_name": given.legal_name,
        "form": given.form,
        "seat": seat,
        "place": place,
        "language": given.language,
        "currency": "EUR" if given.form == "bv" else "GBP",
        "enterprise_id": enterprise_id(given.name),
        "agents": agents,
        "directors": agents[:2],
        "entrenched": [f"{prefix}.{c}" for c in ENTRENCHED[kind]],
    }


def _render(template: str, values: dict[str, Any]) -> str:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "starter"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # YAML and TOML, with every value quoted by the q filter
    )
    env.filters["q"] = _quoted
    language = values["language"]
    env.globals["t"] = lambda en, nl: _quoted(nl if language == "nl" else en)
    return env.get_template(template).render(values)


def _quoted(value: str) -> str:
    """A value as a double-quoted YAML (and TOML) string."""
    return json.dumps(str(value), ensure_ascii=False)
