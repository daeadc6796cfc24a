"""agreements.toml: which data files, documents, languages and output folder a project uses."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from .errors import ConfigError, Location, Problem, relative
from .loading import Loaded, load_file
from .model.base import Model
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


def load_project(folder: Path | str = ".") -> Project:
    """Read ``folder/agreements.toml``."""
    root = Path(folder)
    path = root / CONFIG_NAME
    if not root.is_dir():
        raise ConfigError(problems=[Problem(Location(relative(root)), "no such project folder")])
    if not path.is_file():
        raise ConfigError(
            problems=[Problem(Location(relative(path)), f"not found; a project folder holds {CONFIG_NAME}")]
        )
    loaded = load_file(path)
    config = validate(ProjectConfig, loaded, ConfigError)
    return Project(root.resolve(), config, relative(path), loaded)
