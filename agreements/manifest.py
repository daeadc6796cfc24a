"""OUT/manifest.json: what went in (inputs, clauses, versions) and what came out (sha256, cache key).

One section per enterprise, so that several projects can share an output folder; the
manifest of the previous build is also the index of the output cache.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import __version__
from .approvals import Ledgers
from .cache import file_sha256
from .clauses import Clause
from .config import Project

NAME = "manifest.json"


def read_manifest(out_dir: Path) -> dict:
    """The previous manifest, or an empty one when there is none or it is unreadable."""
    try:
        manifest = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
        if isinstance(manifest, dict) and isinstance(manifest.get("enterprises"), dict):
            return manifest
    except (OSError, ValueError):
        pass
    return {"enterprises": {}}


def previous_outputs(manifest: dict) -> dict[str, dict]:
    """Every output the manifest lists, by its path under the output folder."""
    return {
        o["path"]: o
        for section in manifest["enterprises"].values()
        for o in section.get("outputs", [])
        if isinstance(o, dict) and "path" in o
    }


def section(
    project: Project, clauses: dict[tuple[str, str], Clause], outputs: dict[str, dict], ledgers: Ledgers | None = None
) -> dict:
    """One enterprise's part: its inputs, the clauses its documents used (with their
    approvals, for a final build), its outputs (each marked draft or final)."""
    inputs = [project.root / "agreements.toml", *project.data_files]
    return {
        "inputs": [{"path": p.relative_to(project.root).as_posix(), "sha256": file_sha256(p)} for p in inputs],
        "clauses": [_clause(c, ledgers) for _, c in sorted(clauses.items())],
        "outputs": [
            {"path": rel, "sha256": e["sha256"], "cache_key": e["cache_key"], "kind": e.get("kind", "draft")}
            for rel, e in sorted(outputs.items())
        ],
    }


def _clause(clause: Clause, ledgers: Ledgers | None) -> dict:
    entry: dict[str, object] = {
        "id": clause.id,
        "lang": clause.lang,
        "version": clause.version,
        "layer": clause.layer,
        "sha256": file_sha256(clause.path),
    }
    if ledgers is not None:
        approval = ledgers.status(clause).approval
        if approval is not None:
            entry["approval"] = {"by": approval.by, "date": approval.date.isoformat(), "version": approval.version}
    return entry


def merged(previous: dict, sections: dict[str, dict], rendered: bool) -> dict:
    """The previous manifest with these enterprises' sections replaced.

    The stack's versions are asked for (which imports WeasyPrint) only when something
    was rendered; otherwise the previous ones still hold.
    """
    if rendered or not previous.get("versions"):
        from .render.pdf import versions

        stack = {"agreements": __version__, **versions()}
    else:
        stack = previous["versions"]
    enterprises = {**previous["enterprises"], **sections}
    return {"versions": stack, "enterprises": dict(sorted(enterprises.items()))}


def dumps(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
