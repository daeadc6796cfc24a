"""Provenance of an output: what produced it, embedded in a final PDF and read back by verify.

A final PDF carries two files: the validated input data as JSON, and its manifest entry
(the inputs and their sha256, every clause text it uses with version, layer, sha256 and
approval, the layout's digest and the engine's versions). The entry's own sha256 is the
PDF's identifier in its XMP metadata, so the two can be told apart from any other build.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .approvals import Ledgers, normalised_sha256
from .cache import file_sha256
from .jobs import Archival
from .plan import PlannedOutput
from .project import LoadedProject
from .render.html import HTML_LANG

MANIFEST_FILE = "agreements-manifest.json"
DATA_FILE = "agreements-data.json"
FORMAT = "agreements provenance 1"


def inputs(loaded: LoadedProject) -> list[dict[str, str]]:
    """agreements.toml and the data files, each with its sha256."""
    files = [loaded.root / "agreements.toml", *loaded.project.data_files]
    return [{"path": p.relative_to(loaded.root).as_posix(), "sha256": file_sha256(p)} for p in files]


def entry(
    loaded: LoadedProject, output: PlannedOutput, ledgers: Ledgers, versions: dict[str, str], layout: str
) -> dict[str, Any]:
    """The manifest entry embedded in one output: everything that went into it."""
    library = loaded.library
    clauses = []
    for doc in output.docs:
        for article in doc.articles:
            clause = library.clauses[(article.clause_id, doc.lang)]
            status = ledgers.status(clause)
            approval = status.approval if status.approved else None
            clauses.append(
                {
                    "id": clause.id,
                    "lang": clause.lang,
                    "version": clause.version,
                    "layer": clause.layer,
                    "sha256": normalised_sha256(clause.path),
                    "approval": None
                    if approval is None
                    else {"by": approval.by, "date": approval.date.isoformat(), "note": approval.note},
                }
            )
    return {
        "format": FORMAT,
        "output": f"{output.stem}.pdf",
        "enterprise": output.enterprise_id,
        "document": output.document,
        "language": output.lang,
        "agent": output.agent_id or None,
        "kind": "final",
        "inputs": inputs(loaded),
        "clauses": clauses,
        "layout": layout,
        "versions": versions,
    }


def identifier(manifest_entry: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical(manifest_entry)).hexdigest()


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def archival(loaded: LoadedProject, output: PlannedOutput, manifest_entry: dict[str, Any]) -> Archival:
    """The attachments and XMP additions of one final PDF."""
    data = loaded.data.model_dump_json(indent=2, exclude_defaults=False).encode("utf-8") + b"\n"
    listing = (json.dumps(manifest_entry, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    return Archival(
        attachments=(
            (MANIFEST_FILE, "What produced this document: inputs, clause texts and approvals, engine", listing),
            (DATA_FILE, "The validated input data this document was drawn up from", data),
        ),
        language=HTML_LANG.get(output.docs[0].lang, output.docs[0].lang),
        identifier=identifier(manifest_entry),
    )
