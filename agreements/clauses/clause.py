"""One clause file: YAML front matter (id, title, version, requires) and a Markdown+Jinja body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from ..errors import BUILT_IN, ClauseError, DataError, Location, Problem, relative
from ..loading import parse_text
from ..model.base import Model
from ..model.text import unprintable
from ..validation import validate

# The characters that stand for printed values while a clause renders (see render.py); a
# clause file may not hold them itself.
OPEN, CLOSE = "\ue000", "\ue001"

FILE_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")
SEMVER = r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$"


class EjectedFrom(Model):
    """What a clause copied into a project was copied from (written by ``clauses eject``)."""

    version: str = Field(pattern=SEMVER, description="The version of the text it was copied from.")
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="sha256 of that text, normalised as for approvals, without this key."
    )


class FrontMatter(Model):
    """The keys a clause file may set before its body."""

    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", description="Dotted id, e.g. association.exit.")
    title: str = Field(min_length=1)
    version: str = Field(pattern=SEMVER, description="Semantic version, e.g. 1.0.0.")
    requires: list[str] = Field(default_factory=list, description="Data paths the body uses.")
    when: str | None = Field(default=None, min_length=1, description="Condition over the data; false leaves it out.")
    group: str | None = Field(
        default=None, pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", description="Id of the article this is a variant of."
    )
    variant: str | None = Field(default=None, pattern=r"^[a-z0-9_-]+$", description="Name of this variant.")
    defines: dict[str, str] = Field(default_factory=dict, description="Terms this clause defines: term -> meaning.")
    literals: dict[str, str] = Field(
        default_factory=dict,
        description="Periods, percentages or amounts the text must write literally: phrase -> why (e.g. a statute).",
    )
    ejected_from: EjectedFrom | None = Field(
        default=None, description="The lower layer's text this copy was ejected from (version and sha256)."
    )

    @model_validator(mode="after")
    def _group_and_variant(self) -> FrontMatter:
        if (self.group is None) != (self.variant is None):
            raise ValueError("'group' and 'variant' go together")
        return self


@dataclass(frozen=True)
class Clause:
    """A parsed clause file. ``body`` keeps the file's line numbers (front matter blanked)."""

    id: str
    lang: str
    title: str
    version: str
    requires: tuple[str, ...]
    requires_lines: tuple[int, ...]
    when: str | None
    when_line: int
    group: str | None
    variant: str | None
    defines: tuple[tuple[str, str, int], ...]  # (term, meaning, line)
    body: str
    path: Path
    layer: str
    file: str  # the path as shown in messages
    literals: tuple[tuple[str, str, int], ...] = ()  # (phrase, why it is literal, line)
    version_line: int = 0  # the front-matter line that gives the version
    ejected_version: str = ""  # ejected_from: the version and sha256 of the text it was copied from
    ejected_sha256: str = ""
    ejected_line: int = 0

    @property
    def where(self) -> str:
        """Its layer and file, e.g. ``project: clauses/exit.en.md``; a built-in file names itself
        (``built-in:clauses/association/exit.en.md``)."""
        return self.file if self.file.startswith(BUILT_IN) else f"{self.layer}: {self.file}"


def read_clause(path: Path, layer: str) -> Clause:
    """Parse a clause file; every problem names the file and line."""
    name = relative(path)
    match = FILE_NAME.match(path.name)
    if not match:
        raise ClauseError(
            problems=[Problem(Location(name), "clause files are named <name>.<lang>.md, e.g. exit.en.md")]
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClauseError(problems=[Problem(Location(name), f"cannot read clause file: {exc}")]) from None
    lines = text.split("\n")
    for n, line in enumerate(lines, start=1):
        problem = unprintable(line)
        if problem:
            col = next(i for i, ch in enumerate(line, start=1) if unprintable(ch))
            raise ClauseError(problems=[Problem(Location(name, n, col), f"the clause {problem}")])
    if not lines or lines[0].strip() != "---":
        raise ClauseError(
            problems=[Problem(Location(name, 1, 1), "a clause file starts with '---' and its front matter")]
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise ClauseError(
            problems=[Problem(Location(name, 1, 1), "front matter is not closed by a '---' line")]
        ) from None
    front_text = "\n" + "\n".join(lines[1:end])  # keep line numbers: line 1 is the opening ---
    try:
        loaded = parse_text(front_text, name, "yaml")
    except DataError as exc:
        raise ClauseError(problems=exc.problems) from None
    front = validate(FrontMatter, loaded, ClauseError)
    requires_lines = tuple(loaded.locate(("requires", i)).line for i in range(len(front.requires)))
    defines = tuple((term, text, loaded.locate(("defines", term)).line) for term, text in front.defines.items())
    body = "\n" * (end + 1) + "\n".join(lines[end + 1 :])
    return Clause(
        id=front.id,
        lang=match["lang"],
        title=front.title,
        version=front.version,
        requires=tuple(front.requires),
        requires_lines=requires_lines,
        when=front.when,
        when_line=loaded.locate(("when",)).line,
        group=front.group,
        variant=front.variant,
        defines=defines,
        body=body,
        path=path,
        layer=layer,
        file=name,
        literals=tuple((k, v, loaded.locate(("literals", k)).line) for k, v in front.literals.items()),
        version_line=loaded.locate(("version",)).line,
        ejected_version=front.ejected_from.version if front.ejected_from else "",
        ejected_sha256=front.ejected_from.sha256 if front.ejected_from else "",
        ejected_line=loaded.locate(("ejected_from",)).line if front.ejected_from else 0,
    )
