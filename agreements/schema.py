"""The JSON Schema of a data file, for editors (a YAML language server) and other tools.

A project's data may be split over several files, merged by their top-level keys (the
``enterprises``, ``agents`` and ``network`` lists are joined), so the schema is that of one
file: every top-level key is optional, and only ``agreements validate`` checks the whole
(that the data gives an enterprise and agents, and every rule across records). Within a
record the schema says what the engine says: unknown keys are errors, and it states the
formats the engine checks (dates YYYY-MM-DD, a focus share of 60 or "60%", a KvK number of
8 digits for a Dutch B.V. or stichting).
"""

from __future__ import annotations

import json
from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:agreements:data-file"
FILE_NAME = "agreements.schema.json"  # written next to the data files
# The line a YAML language server reads at the top of a data file (the path is relative to it).
MODELINE = f"# yaml-language-server: $schema={FILE_NAME}"


def data_schema() -> dict[str, Any]:
    """The schema of one data file of a project."""
    from .model import ProjectData

    schema = ProjectData.model_json_schema()
    schema.pop("required", None)  # any file may hold any part of the data
    for name in ("enterprises", "agents", "network"):  # lists joined across files: each file holds some
        schema["properties"][name].pop("minItems", None)
    _titled(schema)
    for record in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in record.get("properties", {}).items():
            record["properties"][name] = _one_type(prop)
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "agreements data file",
        "description": "One data file of an agreements project: the enterprise (or the enterprises of a network),"
        " its Purpose Agents and the other enterprises they serve. A project's data may be split over several"
        " files, merged by their top-level keys, so each key is optional here; `agreements validate` checks the"
        " whole project.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }


def dumps(schema: dict[str, Any] | None = None) -> str:
    """The schema as the text of a file: stable key order, a final newline."""
    return json.dumps(schema or data_schema(), indent=2, ensure_ascii=False) + "\n"


def _titled(schema: dict[str, Any]) -> None:
    """Every property has a title and a description (pydantic leaves out a description
    beside a $ref when it is the record's own)."""
    defs = schema.get("$defs", {})
    for record in [schema, *defs.values()]:
        for name, prop in record.get("properties", {}).items():
            prop.setdefault("title", name.replace("_", " ").capitalize())
            ref = prop.get("$ref", "").removeprefix("#/$defs/")
            if "description" not in prop and ref in defs and "description" in defs[ref]:
                prop["description"] = defs[ref]["description"]


def _one_type(prop: dict[str, Any]) -> dict[str, Any]:
    """An optional value as one schema instead of a choice between it and null, so that an
    editor reports what is wrong with it rather than that it "is not of type 'null'": a record
    left out is simply absent (the schema does not offer an explicit null for it), and text or
    a number may also be null."""
    options = prop.get("anyOf")
    if not isinstance(options, list) or len(options) != 2 or {"type": "null"} not in options:
        return prop
    other = next(o for o in options if o != {"type": "null"})
    rest = {k: v for k, v in prop.items() if k != "anyOf"}
    if set(other) == {"$ref"}:
        return {**other, **rest}
    if isinstance(other.get("type"), str) and not {"anyOf", "oneOf", "allOf", "$ref"} & set(other):
        merged = {**other, **rest, "type": [other["type"], "null"]}
        if "enum" in other:
            merged["enum"] = [*other["enum"], None]
        return merged
    return prop
