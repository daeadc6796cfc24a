"""A loaded project: settings, validated data, clause library, template search path, outlines.

Built once per command and shared by validate, lint, explain, the clause commands and
build, so that nothing is read or checked twice. Each part is read on first use and kept:
``clauses list`` never needs the data, ``validate`` never needs the clause library.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from .clauses import Clause, Layer, Library, read_clause
from .config import Project, ProjectConfig, load_project, read_data
from .errors import ClauseError, Location, Problem, UsageError
from .loading import Loaded
from .model import Company, ProjectData
from .model.network import EnterpriseData, Key
from .outline import Outline, read_outline
from .resources import clauses_dir, templates_dir
from .validation import validate_data


class LoadedProject:
    """One project folder, read once: ``config``, ``data``, ``library``, ``template_dirs``."""

    def __init__(self, project: Project, clause_reader: Callable[[Path, str], Clause] = read_clause):
        self.project = project
        self.clause_reader = clause_reader  # reads one clause file (the preview keeps what it read)
        self._outlines: dict[str, Outline] = {}

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def config(self) -> ProjectConfig:
        return self.project.config

    @cached_property
    def raw_data(self) -> Loaded:
        """Every data file, read and merged, with the position of every key and value."""
        return read_data(self.project)

    @cached_property
    def data(self) -> ProjectData:
        """Every data file, merged and validated; raises DataError listing every problem."""
        return load_data(self)

    @cached_property
    def library(self) -> Library:
        """The layered clause library; problems (a duplicate id, a bad file) are kept in it.
        A clause or template folder that is missing, or leads outside the project, is a
        ConfigError here."""
        self.project.check_folders()
        return Library.load(self.layers, strict=False, allowed=self.project.allowed_roots, reader=self.clause_reader)

    def checked_library(self) -> Library:
        """The clause library, or a ClauseError when any clause file is wrong."""
        if self.library.problems:
            raise ClauseError(problems=self.library.problems)
        return self.library

    @cached_property
    def template_dirs(self) -> list[Path]:
        """The template search path: the project's templates/, firm folders, then the built-in."""
        return template_dirs(self.project)

    @cached_property
    def layout_roots(self) -> dict[str, Path]:
        """The folders a layout may load files from, by name (see agreements/layout.py)."""
        from .layout import layout_roots

        return layout_roots(self.root, self.template_dirs)

    @cached_property
    def layers(self) -> list[Layer]:
        """The clause layers: the project's clauses/, firm libraries in order, then the built-in."""
        return clause_layers(self.project)

    def outline_of_kind(self, kind: str) -> Outline:
        """The outline of a document kind (``statutes``, ``articles`` ...), read once."""
        if kind not in self._outlines:
            self._outlines[kind] = find_outline(kind, self.template_dirs)
        return self._outlines[kind]

    def outline(self, document: str, view: EnterpriseData) -> Outline:
        """The outline a document uses for this enterprise's company."""
        return self.outline_of_kind(outline_kind(document, view))

    @cached_property
    def views(self) -> list[EnterpriseData]:
        """The data as each enterprise of the project sees it, in data order."""
        return [view for _, view in self.data.views()]

    def select_views(self, enterprise_ids: list[str] | tuple[str, ...] = ()) -> list[EnterpriseData]:
        """The enterprises asked for (all when none are named); an unknown id is a usage error."""
        known = [v.enterprise.id for v in self.views]
        for eid in enterprise_ids:
            if eid not in known:
                raise UsageError(f"no enterprise '{eid}' in this project; enterprises: {', '.join(known)}")
        return [v for v in self.views if not enterprise_ids or v.enterprise.id in enterprise_ids]


def load(project_dir: Path | str = ".", clause_reader: Callable[[Path, str], Clause] = read_clause) -> LoadedProject:
    """Read ``project_dir/agreements.toml``; the rest is read when first asked for."""
    return LoadedProject(load_project(project_dir), clause_reader)


def load_data(loaded: LoadedProject) -> ProjectData:
    """Every data file, merged and validated, with all problems reported at once (the rules
    that cross records run over whatever validated, even when other records did not)."""
    return validate_data(
        loaded.raw_data,
        lambda companies: [p for at, company in companies for p in _entrenched_problems(loaded, company, at)],
    )


def _entrenched_problems(loaded: LoadedProject, company: Company, at: Key):  # type: ignore[no-untyped-def]
    """Entrenched articles must be articles of the company's statutes."""
    if not company.entrenched:
        return
    try:
        outline = loaded.outline_of_kind("statutes" if company.form == "bv" else "articles")
    except ClauseError:
        return
    ids = {e.clause_id for e in outline.entries if e.part == "article"}
    for i, clause_id in enumerate(company.entrenched):
        if clause_id not in ids:
            yield (
                (*at, "company", "entrenched", i),
                f"'{clause_id}' is not an article of the statutes; "
                f"see 'agreements clauses list --document statutes' for their ids",
            )


def template_dirs(project: Project) -> list[Path]:
    """The template search path: the project's templates/, firm folders, then the built-in."""
    return [*project.template_folders(), templates_dir()]


def clause_layers(project: Project) -> list[Layer]:
    """The clause layers: the project's clauses/, firm libraries in order, then the built-in."""
    return [*(Layer(name, path) for name, path in project.clause_folders()), Layer("built-in", clauses_dir())]


def outline_kind(document: str, view: EnterpriseData) -> str:
    """The outline a document uses: a Dutch B.V.'s statutes are statuten, others articles."""
    if document == "statutes" and view.enterprise.company.form != "bv":
        return "articles"
    return document


def find_outline(kind: str, dirs: list[Path]) -> Outline:
    """The first ``<kind>/outline.yaml`` on the template search path."""
    for d in dirs:
        path = d / kind / "outline.yaml"
        if path.is_file():
            return read_outline(kind, path)
    raise ClauseError(problems=[Problem(Location(f"templates/{kind}/outline.yaml"), "outline file not found")])
