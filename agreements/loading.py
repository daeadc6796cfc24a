"""Read YAML, JSON and TOML files into plain data, keeping where every key was written.

The positions let every later error point at ``FILE:LINE:COL``. YAML and JSON positions
are exact (JSON is read through the YAML composer after a strict JSON parse); TOML
positions are found by scanning the file's tables and keys.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Location, Problem, relative

Key = tuple[str | int, ...]

try:  # the C loader is faster; the pure one gives the same nodes
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


@dataclass
class Loaded:
    """Data read from one or more files, with the position of every key and item."""

    data: dict[str, Any]
    positions: dict[Key, Location] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    values: dict[Key, Location] = field(default_factory=dict)

    def locate(self, path: Key, value: bool = False) -> Location:
        """The position of the key ``path`` (or of its value), or of its nearest written ancestor."""
        if value and tuple(path) in self.values:
            return self.values[tuple(path)]
        for n in range(len(path), -1, -1):
            loc = self.positions.get(tuple(path[:n]))
            if loc is not None:
                return loc
        return Location(self.files[0] if self.files else "?", 1, 1)


def load_file(path: Path) -> Loaded:
    """Read one data file by its extension (.yaml, .yml, .json, .toml)."""
    name = relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(problems=[Problem(Location(name), "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise DataError(problems=[Problem(Location(name), f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise DataError(problems=[Problem(Location(name), f"cannot read: {exc.strerror}")]) from None
    return parse_text(text, name, path.suffix.lower().lstrip("."))


def parse_text(text: str, name: str, kind: str) -> Loaded:
    """Parse ``text`` of the given kind (yaml, yml, json, toml); ``name`` is used in messages."""
    if kind in ("yaml", "yml"):
        data, positions = _load_yaml(text, name)
    elif kind == "json":
        data, positions = _load_json(text, name)
    elif kind == "toml":
        data, positions = _load_toml(text, name)
    else:
        raise DataError(
            problems=[Problem(Location(name), f"unknown file type '.{kind}'; expected .yaml, .yml, .json or .toml")]
        )
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise DataError(
            problems=[Problem(Location(name, 1, 1), f"expected a mapping of keys at the top, found {_kind(data)}")]
        )
    keys = {k: v for k, v in positions.items() if not isinstance(v, _ValueAt)}
    values: dict[Key, Location] = {k[:-1]: v for k, v in positions.items() if isinstance(v, _ValueAt)}
    return Loaded(data, keys, [name], values)


class _ValueAt(Location):
    """The position of a value (rather than of its key); kept apart by load_file."""


# Lists that several files may each give a part of: a network project can keep each
# enterprise, or its agents, in a file of its own.
APPENDABLE = ("enterprises", "agents", "network")


def merge(parts: list[Loaded]) -> Loaded:
    """Merge files by their top-level keys; a key written in two files is an error, except
    that the lists in APPENDABLE are joined in file order."""
    merged = Loaded({}, {}, [])
    problems = []
    for part in parts:
        for key, value in part.data.items():
            offset = 0
            if key in merged.data:
                if key in APPENDABLE and isinstance(merged.data[key], list) and isinstance(value, list):
                    offset = len(merged.data[key])
                    merged.data[key] = merged.data[key] + value
                else:
                    first = merged.positions.get((key,))
                    problems.append(
                        Problem(part.locate((key,)), f"'{key}' is also given in {first}; give it in one file only")
                    )
                    continue
            else:
                merged.data[key] = value
            for table, into in ((part.positions, merged.positions), (part.values, merged.values)):
                for k, loc in table.items():
                    if k and k[0] == key:
                        if offset and len(k) > 1 and isinstance(k[1], int):
                            into[(key, k[1] + offset, *k[2:])] = loc
                        elif not offset:
                            into[k] = loc
        merged.files.extend(part.files)
    if problems:
        raise DataError(problems=problems)
    return merged


def _kind(value: Any) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number"}.get(type(value), type(value).__name__)


# --- YAML ------------------------------------------------------------------------------


def _load_yaml(text: str, name: str) -> tuple[Any, dict[Key, Location]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        positions: dict[Key, Location] = {}
        problems: list[Problem] = []
        data = _build(loader, node, (), name, positions, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or "malformed YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        raise DataError(problems=[Problem(Location(name, line, col), f"malformed YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise DataError(problems=[Problem(Location(name, 1, 1), f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise DataError(problems=problems)
    return data, positions


def _build(loader: Any, node: yaml.Node, path: Key, name: str, positions: dict, problems: list) -> Any:
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if isinstance(key, (int, float, bool)) or key is None:
                key = str(key).lower() if isinstance(key, bool) or key is None else str(key)
            here = Location(name, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                problems.append(Problem(here, f"a key must be text, found {_kind(key)}"))
                continue
            if key in out:
                first = positions[path + (key,)]
                problems.append(Problem(here, f"duplicate key '{key}' (first given at line {first.line})"))
                continue
            positions[path + (key,)] = here
            mark = value_node.start_mark
            positions[path + (key, "")] = _ValueAt(name, mark.line + 1, mark.column + 1)
            out[key] = _build(loader, value_node, path + (key,), name, positions, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            positions[path + (i,)] = Location(name, item.start_mark.line + 1, item.start_mark.column + 1)
            items.append(_build(loader, item, path + (i,), name, positions, problems))
        return items
    return loader.construct_object(node, deep=True)


# --- JSON ------------------------------------------------------------------------------


def _load_json(text: str, name: str) -> tuple[Any, dict[Key, Location]]:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            problems=[Problem(Location(name, exc.lineno, exc.colno), f"malformed JSON: {exc.msg}")]
        ) from None
    return _load_yaml(text.replace("\t", " "), name)


# --- TOML ------------------------------------------------------------------------------

_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _load_toml(text: str, name: str) -> tuple[Any, dict[Key, Location]]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        at = _TOML_AT.search(msg)
        line, col = (int(at[1]), int(at[2])) if at else (1, 1)
        raise DataError(
            problems=[Problem(Location(name, line, col), f"malformed TOML: {_TOML_AT.sub('', msg).strip()}")]
        ) from None
    return data, _toml_positions(text, name)


def _toml_positions(text: str, name: str) -> dict[Key, Location]:
    """Positions of tables and keys (dotted keys and inline tables map to their line)."""
    positions: dict[Key, Location] = {}
    table: Key = ()
    counts: dict[Key, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            parts = tuple(p.strip().strip("\"'") for p in header[2].split("."))
            if header[1] == "[[":
                index = counts.get(parts, 0)
                counts[parts] = index + 1
                positions.setdefault(parts, Location(name, n, 1))
                table = parts + (index,)
            else:
                table = parts
            positions[table] = Location(name, n, 1)
            continue
        key = _TOML_KEY.match(line)
        if key:
            col = line.index(key[1]) + 1
            positions[table + (key[1].strip("\"'"),)] = Location(name, n, col)
    return positions
