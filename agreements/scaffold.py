"""`agreements init`: a new project folder, copied from one of the shipped samples."""

from __future__ import annotations

import shutil
from pathlib import Path

from .errors import AgreementsError, UsageError, relative
from .resources import samples_dir


def init_project(folder: Path, sample: str) -> list[str]:
    """Copy the sample's agreements.toml and data/ into ``folder`` (new or empty)."""
    source = samples_dir() / sample
    if not (source / "agreements.toml").is_file():
        names = sorted(p.name for p in samples_dir().iterdir() if (p / "agreements.toml").is_file())
        raise UsageError(f"no sample '{sample}'; samples: {', '.join(names)}")
    if folder.exists() and any(folder.iterdir()):
        raise AgreementsError(f"{relative(folder)} is not empty; init writes only into a new or empty folder")
    written = []
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_file() and rel.parts[0] in ("agreements.toml", "data"):
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written.append(relative(target))
    return written
