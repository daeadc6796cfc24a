"""agreements.toml: which data files, documents, languages and output folder a project uses."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field

from .errors import ConfigError, DataError, Location, Problem, relative
from .loading import Loaded, load_file, merge
from .model.base import Model
from .paths import outside_link, walk
from .resources import builtin_root
from .validation import validate

CONFIG_NAME = "agreements.toml"

DocumentId = Literal["association-agreement", "statutes", "purpose-agent-agreement", "adoption-declaration"]
Language = Literal["en", "nl", "nl+en", "en+nl"]


class ProjectConfig(Model):
    """The settings in a project's agreements.toml."""

    data: list[str] = Field(min_length=1, description="Data files, relative to the project folder.")
    documents: list[DocumentId] = Field(
        default=["association-agreement"], min_length=1, description="Documents to build."
    )
    languages: list[Language] = Field(default=["en"], min_length=1, description="Languages to build.")
    output: str = Field(default="out", min_length=1, description="Output folder, relative to the project.")
    clause_paths: list[str] = Field(
        default_factory=list, description="Firm clause libraries, searched after the project's clauses/."
    )
    template_paths: list[str] = Field(
        default_factory=list, description="Firm template folders, searched after the project's templates/."
    )
    variants: dict[str, str] = Field(
        default_factory=dict, description='Chosen variant per clause group, e.g. {"association.ip" = "open"}.'
    )
    font_subsetter: Literal["fonttools", "harfbuzz"] = Field(
        default="fonttools",
        description="What subsets the fonts a PDF embeds: fonttools (pinned with the engine, the same bytes on"
        " every machine) or harfbuzz (libharfbuzz-subset of the system, faster; its bytes follow its version).",
    )
    started_from: str | None = Field(
        default=None,
        min_length=1,
        description="The sample the project was copied from (agreements init --sample): the lint rule"
        " sample-leftover reports the sample's names, ids and addresses still in the data.",
    )


class Project:
    """A project folder and its parsed configuration."""

    def __init__(self, root: Path, config: ProjectConfig, config_file: str, loaded: Loaded | None = None):
        self.root = root
        self.config = config
        self.config_file = config_file
        self.loaded = loaded

    def locate(self, *path: str | int) -> Location:
        """Where in agreements.toml a setting is written."""
        return self.loaded.locate(path) if self.loaded else Location(self.config_file)

    @property
    def data_files(self) -> list[Path]:
        return [self.root / name for name in self.config.data]

    def data_file_problem(self, i: int) -> Problem | None:
        """Why the ``i``-th data file cannot be read, or None: data files are regular files
        inside the project folder, named relative to it."""
        name = self.config.data[i]
        path = self.root / name

        def problem(message: str) -> Problem:
            return Problem(self.locate("data", i), message, f"data[{i}]")

        if Path(name).is_absolute():
            return problem(f"'{name}' is an absolute path; give data files relative to the project folder")
        if not path.resolve().is_relative_to(self.root):
            return problem(f"'{name}' is outside the project folder; keep data files inside it")
        if not path.exists():
            return problem(f"data file '{name}' not found")
        if path.is_dir():
            return problem(f"'{name}' is a folder; name a data file (.yaml, .json or .toml)")
        if not path.is_file():
            return problem(f"'{name}' is not a regular file; name a data file (.yaml, .json or .toml)")
        return None

    # --- the folders of clauses and templates -----------------------------------------

    def named_folders(self, key: str) -> list[str]:
        """The folders agreements.toml names under ``key`` (clause_paths, template_paths)."""
        return list(getattr(self.config, key))

    def _named_folder_problem(self, key: str, i: int, name: str) -> Problem | None:
        """A folder named in agreements.toml: relative to the project (it may lie outside
        it, as a firm library does), an existing folder, and not one that holds the project."""
        what = "clause" if key == "clause_paths" else "template"
        path = self.root / name

        def problem(message: str) -> Problem:
            return Problem(self.locate(key, i), message, f"{key}[{i}]")

        if Path(name).is_absolute():
            return problem(
                f"'{name}' is an absolute path; give the {what} folder relative to the project folder, "
                f"e.g. '../firm/{what}s'"
            )
        if not path.is_dir():
            return problem(f"{what} folder '{name}' not found")
        if self.root.is_relative_to(path.resolve()):
            return problem(f"'{name}' holds the project folder itself; name the {what} library's own folder")
        return None

    @cached_property
    def allowed_roots(self) -> list[Path]:
        """Where clauses, templates and layout files may be read from, symlinks followed:
        the project, the folders agreements.toml names, and the built-in library."""
        named = [self.root / n for key in ("clause_paths", "template_paths") for n in self.named_folders(key)]
        return [self.root, *(p.resolve() for p in named if p.is_dir()), builtin_root().resolve()]

    @cached_property
    def folder_problems(self) -> list[Problem]:
        """Everything wrong with the clause and template folders, found once per project."""
        problems = [
            problem
            for key in ("clause_paths", "template_paths")
            for i, name in enumerate(self.named_folders(key))
            if (problem := self._named_folder_problem(key, i, name)) is not None
        ]
        for own in ("clauses", "templates"):
            path = self.root / own
            if path.is_symlink() and (problem := outside_link(path, self.allowed_roots)) is not None:
                problems.append(problem)
        if problems:
            return problems
        for folder in self.template_folders(checked=False):  # clause folders: the library walks them
            problems.extend(p for p in walk(folder, self.allowed_roots) if isinstance(p, Problem))
        return problems

    def check_folders(self) -> None:
        if self.folder_problems:
            raise ConfigError(problems=self.folder_problems)

    def template_folders(self, checked: bool = True) -> list[Path]:
        """The project's templates/ and the named template folders that exist, in order."""
        if checked:
            self.check_folders()
        dirs = [self.root / "templates", *(self.root / p for p in self.named_folders("template_paths"))]
        return [d for d in dirs if d.is_dir()]

    def clause_folders(self) -> list[tuple[str, Path]]:
        """(layer name, folder) for the project's clauses/ and the named clause libraries."""
        self.check_folders()
        firm = [(f"firm:{p}", self.root / p) for p in self.named_folders("clause_paths")]
        return [("project", self.root / "clauses"), *firm]


def read_data(project: Project) -> Loaded:
    """Every data file of the project, read and merged; all problems reported at once."""
    parts, problems = [], []
    for i, path in enumerate(project.data_files):
        problem = project.data_file_problem(i)
        if problem is not None:
            problems.append(problem)
            continue
        try:
            part = load_file(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        if not part.data:
            problems.append(Problem(Location(part.files[0], 1, 1), "the file holds no data"))
        parts.append(part)
    if problems:
        raise DataError(problems=problems)
    return merge(parts)


def project_folder(path: Path | str) -> Path:
    """The project folder a user named: the folder itself, or the folder of its agreements.toml."""
    path = Path(path)
    return path.parent if path.name == CONFIG_NAME and path.is_file() else path


def load_project(folder: Path | str = ".") -> Project:
    """Read ``folder/agreements.toml`` (``folder`` may also be the agreements.toml itself)."""
    root = project_folder(folder)
    path = root / CONFIG_NAME
    if root.is_file():
        raise ConfigError(
            problems=[Problem(Location(relative(root)), f"not a project folder; give the folder or its {CONFIG_NAME}")]
        )
    if not root.is_dir():
        raise ConfigError(problems=[Problem(Location(relative(root)), "no such project folder")])
    if not path.is_file():
        raise ConfigError(
            problems=[Problem(Location(relative(path)), f"not found; a project folder holds {CONFIG_NAME}")]
        )
    loaded = load_file(path)
    config = validate(ProjectConfig, loaded, ConfigError)
    return Project(root.resolve(), config, relative(path), loaded)
