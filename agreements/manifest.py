"""OUT/manifest.json: what went in (inputs, clauses, versions) and what came out.

One section per enterprise, so that several projects can share an output folder. Each
output is listed with its sha256, its cache key and the files its layout loaded; the
manifest of the previous build is the index of the output cache. A build that makes only
some documents, languages or formats keeps the entries of the others, as long as their
files are unchanged. The manifest never lists an output whose file it does not match:
before outputs are replaced, their entries are taken out (see agreements/output.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .approvals import Ledgers
from .cache import file_sha256
from .clauses import Clause
from .config import Project
from .errors import Location, OutputError, Problem, relative

NAME = "manifest.json"
_MOVE_AWAY = "it is left as it is; move it away to start a new manifest (its outputs are then built again)"


def read_manifest(out_dir: Path) -> dict:
    """The previous manifest (an empty one when there is none); OutputError when it is unreadable."""
    path = out_dir / NAME
    where = relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {"enterprises": {}}
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OutputError(
            problems=[Problem(Location(where), f"cannot read the manifest ({reason}); {_MOVE_AWAY}")]
        ) from None
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OutputError(
            problems=[Problem(Location(where, exc.lineno, exc.colno), f"not a valid manifest: {exc.msg}; {_MOVE_AWAY}")]
        ) from None
    if not _well_formed(manifest):
        raise OutputError(
            problems=[
                Problem(
                    Location(where),
                    'not a manifest written by agreements (expected {"versions": ..., "enterprises": ...}); '
                    + _MOVE_AWAY,
                )
            ]
        )
    return manifest


def _well_formed(manifest: Any) -> bool:
    if not isinstance(manifest, dict) or not isinstance(manifest.get("enterprises"), dict):
        return False
    if not isinstance(manifest.get("versions", {}), dict):
        return False
    for section in manifest["enterprises"].values():
        if not isinstance(section, dict):
            return False
        for key in ("inputs", "clauses", "outputs"):
            items = section.get(key, [])
            if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
                return False
        for output in section.get("outputs", []):
            if not all(isinstance(output.get(k), str) for k in ("path", "sha256", "cache_key")):
                return False
            if not isinstance(output.get("resources", []), list):
                return False
    return True


def previous_outputs(manifest: dict) -> dict[str, dict]:
    """Every output the manifest lists, by its path under the output folder."""
    return {o["path"]: o for section in manifest["enterprises"].values() for o in section.get("outputs", [])}


def output_entry(path: str, sha256: str, cache_key: str, loaded: dict[str, str | None], kind: str = "draft") -> dict:
    return {
        "path": path,
        "sha256": sha256,
        "cache_key": cache_key,
        "kind": kind,
        "resources": [{"path": name, "sha256": sha} for name, sha in sorted(loaded.items())],
    }


def loaded_of(entry: dict) -> list[str]:
    """The names of the files an output's layout loaded, as its entry records them."""
    return [r["path"] for r in entry.get("resources", []) if isinstance(r, dict) and isinstance(r.get("path"), str)]


def section(
    project: Project, clauses: dict[tuple[str, str], Clause], outputs: Iterable[dict], ledgers: Ledgers | None = None
) -> dict:
    """One enterprise's part: its inputs, the clauses its documents used (with their
    approvals, for a final build), its outputs (each marked draft or final)."""
    inputs = [project.root / "agreements.toml", *project.data_files]
    return {
        "inputs": [{"path": p.relative_to(project.root).as_posix(), "sha256": file_sha256(p)} for p in inputs],
        "clauses": [clause_entry(c, ledgers) for _, c in sorted(clauses.items())],
        "outputs": sorted(outputs, key=lambda o: o["path"]),
    }


def clause_entry(clause: Clause, ledgers: Ledgers | None) -> dict:
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


def without(manifest: dict, paths: Iterable[str]) -> dict | None:
    """The manifest with the entries of these outputs taken out; None when it lists none of them."""
    drop = set(paths)
    if not drop & set(previous_outputs(manifest)):
        return None
    enterprises = {
        e: {**s, "outputs": [o for o in s.get("outputs", []) if o["path"] not in drop]}
        for e, s in manifest["enterprises"].items()
    }
    return {**manifest, "enterprises": enterprises}


def merged(
    latest: dict,
    sections: dict[str, dict],
    rendered: bool,
    unchanged: Callable[[dict], bool],
    stack: dict[str, str] | None = None,
) -> dict:
    """The latest manifest with these enterprises' sections merged in.

    Outputs of an enterprise that this build did not make are kept when ``unchanged``
    says their file still matches, and with them the clauses they were made from. The
    stack's versions (``stack``, see agreements/stack.py) are recorded when something was
    rendered; otherwise the previous ones still hold.
    """
    if rendered or not latest.get("versions"):
        if stack is None:
            from .stack import versions

            stack = versions()
    else:
        stack = latest["versions"]
    enterprises = dict(latest["enterprises"])
    for enterprise, new in sections.items():
        old = enterprises.get(enterprise, {})
        made = {o["path"] for o in new["outputs"]}
        kept = [o for o in old.get("outputs", []) if o["path"] not in made and unchanged(o)]
        clauses = {(c["id"], c["lang"]): c for c in new["clauses"]}
        if kept:
            clauses = {(c.get("id"), c.get("lang")): c for c in old.get("clauses", [])} | clauses
        enterprises[enterprise] = {
            "inputs": new["inputs"],
            "clauses": [clauses[k] for k in sorted(clauses, key=lambda k: (str(k[0]), str(k[1])))],
            "outputs": sorted(kept + new["outputs"], key=lambda o: o["path"]),
        }
    return {"versions": stack, "enterprises": dict(sorted(enterprises.items()))}


def dumps(manifest: dict) -> bytes:
    return (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode()
