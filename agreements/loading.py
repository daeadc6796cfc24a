"""Read YAML, JSON and TOML files into plain data, keeping where every key was written.

The positions let every later error point at ``FILE:LINE:COL``. YAML and JSON positions
are exact (JSON is read through the YAML composer after a strict JSON parse); TOML
positions are found by scanning the file's tables and keys.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, Location, Problem, relative

Key = tuple[str | int, ...]

# Limits on what one file may hold, so that no file can exhaust memory or the stack: a data
# file is a few hundred lines; these are far above any real one.
MAX_BYTES = 2 * 1024 * 1024  # 2 MB
MAX_VALUES = 100_000  # keys, items and values, counting every expansion of an alias
MAX_DEPTH = 32  # mappings and lists inside each other

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
            at = self.values[tuple(path)]
            return Location(at.file, at.line, at.col)
        for n in range(len(path), -1, -1):
            loc = self.positions.get(tuple(path[:n]))
            if loc is not None:
                return loc
        return Location(self.files[0] if self.files else "?", 1, 1)


def load_file(path: Path) -> Loaded:
    """Read one data file by its extension (.yaml, .yml, .json, .toml)."""
    name = relative(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise DataError(problems=[Problem(Location(name), "not a regular file")])
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(problems=[Problem(Location(name), "file not found")]) from None
    except OSError as exc:
        raise DataError(problems=[Problem(Location(name), f"cannot read: {exc.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        line = raw[:MAX_BYTES].count(b"\n") + 1
        raise DataError(
            problems=[Problem(Location(name, line, 1), "the file is larger than 2 MB, the most a data file may be")]
        )
    return parse_text(decode(raw, name), name, path.suffix.lower().lstrip("."))


def decode(raw: bytes, name: str) -> str:
    """UTF-8 text (a byte order mark is dropped); other bytes are a located problem."""
    bom = b"\xef\xbb\xbf"
    body = raw[len(bom) :] if raw.startswith(bom) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = body[exc.start : exc.start + 1].hex().upper()
        raise DataError(
            problems=[Problem(Location(name, line, col), f"not UTF-8 text (byte 0x{byte}); save the file as UTF-8")]
        ) from None


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
    kinds = {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)


# --- YAML ------------------------------------------------------------------------------

# Parser problems that mostly mean a line is indented wrongly.
_INDENTATION = (
    "did not find expected key",
    "mapping values are not allowed",
    "did not find expected '-' indicator",
    "expected <block end>",
    "could not find expected ':'",
)


def _load_yaml(text: str, name: str) -> tuple[Any, dict[Key, Location]]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        positions: dict[Key, Location] = {}
        problems: list[Problem] = []
        data = _Builder(loader, name, positions, problems).build(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DataError(problems=[Problem(Location(name, line, col), _yaml_message(exc, text, line))]) from None
    except yaml.YAMLError as exc:
        raise DataError(problems=[Problem(Location(name, 1, 1), f"malformed YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise DataError(problems=problems)
    return data, positions


def _yaml_message(exc: yaml.MarkedYAMLError, text: str, line: int) -> str:
    """The parser's complaint, with a hint for the two mistakes it words worst."""
    what = exc.problem or "malformed YAML"
    if exc.context:
        what = f"{exc.context}, {what}"
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = here[: len(here) - len(here.lstrip())]
    if "\t" in indent or "tab" in (exc.problem or "") or ("cannot start any token" in what and "\t" in here):
        return "malformed YAML: tabs cannot indent YAML; use spaces"
    if "nesting depth" in what:
        return f"nested more than {MAX_DEPTH} levels deep; the data is never this deep"
    if any(p in what for p in _INDENTATION):
        return f"malformed YAML: {what}; check the indentation of line {line}"
    return f"malformed YAML: {what}"


class _Builder:
    """Builds plain data from YAML nodes, recording positions, within the limits."""

    def __init__(self, loader: Any, name: str, positions: dict, problems: list):
        self.loader = loader
        self.name = name
        self.positions = positions
        self.problems = problems
        self.count = 0
        self.seen: set[int] = set()
        self.alias: yaml.Node | None = None  # the alias being expanded, if any

    def at(self, node: yaml.Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: yaml.Node, path: Key) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            if self.alias is not None:
                where, what = self.at(self.alias), "aliases (*name) of this anchor expand the file to"
            else:
                where, what = self.at(node), "the file holds"
            raise DataError(
                problems=[Problem(where, f"{what} more than {MAX_VALUES:,} values, the most a data file may hold")]
            )
        if not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            return self.scalar(node)
        if len(path) >= MAX_DEPTH:
            raise DataError(
                problems=[
                    Problem(self.at(node), f"nested more than {MAX_DEPTH} levels deep; the data is never this deep")
                ]
            )
        outermost = self.alias is None and id(node) in self.seen  # an alias: this node was built before
        if outermost:
            self.alias = node
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            out: Any = self.mapping(node, path)
        else:
            out = []
            for i, item in enumerate(node.value):
                self.positions[path + (i,)] = self.at(item)
                out.append(self.build(item, path + (i,)))
        if outermost:
            self.alias = None
        return out

    def mapping(self, node: yaml.MappingNode, path: Key) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            here = self.at(key_node)
            key = self.scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else _shape(key_node)
            if isinstance(key, (int, float, bool)) or key is None:
                key = str(key).lower() if isinstance(key, bool) or key is None else str(key)
            if not isinstance(key, str):
                self.problems.append(Problem(here, f"a key must be text, found {_kind(key)}"))
                continue
            if key in out:
                first = self.positions[path + (key,)]
                self.problems.append(Problem(here, f"duplicate key '{key}' (first given at line {first.line})"))
                continue
            self.positions[path + (key,)] = here
            mark = value_node.start_mark
            self.positions[path + (key, "")] = _ValueAt(self.name, mark.line + 1, mark.column + 1)
            out[key] = self.build(value_node, path + (key,))
        return out

    def scalar(self, node: yaml.Node) -> Any:
        """A scalar's value; one YAML cannot make (2027-02-30: no such day) stays its text,
        for validation to say what is wrong with it."""
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            return node.value


def _shape(node: yaml.Node) -> Any:
    """An empty value of the node's kind, to name it in a message without building it."""
    return {} if isinstance(node, yaml.MappingNode) else []


# --- JSON ------------------------------------------------------------------------------


def _load_json(text: str, name: str) -> tuple[Any, dict[Key, Location]]:
    _check_brackets(text, name, comment="")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            problems=[Problem(Location(name, exc.lineno, exc.colno), f"malformed JSON: {exc.msg}")]
        ) from None
    try:  # the YAML reader gives the positions; JSON is (almost) YAML
        return _load_yaml(text.replace("\t", " "), name)
    except DataError as exc:
        raise DataError(
            problems=[
                Problem(p.location, p.message.replace("malformed YAML", "malformed JSON"), p.path) for p in exc.problems
            ]
        ) from None


def _check_brackets(text: str, name: str, comment: str) -> None:
    """Refuse lists and mappings nested deeper than MAX_DEPTH, before a parser recurses."""
    depth, quote, line, col, escaped, in_comment = 0, "", 1, 0, False, False
    for ch in text:
        col += 1
        if ch == "\n":
            line, col, in_comment = line + 1, 0, False
            if quote == "'" and comment:  # a TOML literal string ends with its line
                quote = ""
            continue
        if in_comment:
            continue
        if quote:
            if escaped:
                escaped = False
            elif ch == "\\" and quote == '"':
                escaped = True
            elif ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif comment and ch == comment:
            in_comment = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError(
                    problems=[
                        Problem(
                            Location(name, line, col),
                            f"nested more than {MAX_DEPTH} levels deep; the data is never this deep",
                        )
                    ]
                )
        elif ch in "]}":
            depth = max(0, depth - 1)


# --- TOML ------------------------------------------------------------------------------

_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_TOML_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _load_toml(text: str, name: str) -> tuple[Any, dict[Key, Location]]:
    _check_brackets(text, name, comment="#")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        at = _TOML_AT.search(msg)
        line, col = (int(at[1]), int(at[2])) if at else (1, 1)
        raise DataError(
            problems=[Problem(Location(name, line, col), f"malformed TOML: {_TOML_AT.sub('', msg).strip()}")]
        ) from None
    positions = _toml_positions(text, name)
    deep = _too_deep(data)
    if deep is not None:
        loc = next(
            (positions[deep[:n]] for n in range(len(deep), 0, -1) if deep[:n] in positions), Location(name, 1, 1)
        )
        raise DataError(
            problems=[Problem(loc, f"nested more than {MAX_DEPTH} levels deep; the data is never this deep")]
        )
    return data, positions


def _too_deep(data: Any) -> Key | None:
    """The path of a value nested deeper than MAX_DEPTH (dotted TOML keys nest too), if any."""
    stack: list[tuple[Any, Key]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, (dict, list)) and len(path) >= MAX_DEPTH:
            return path
        if isinstance(value, dict):
            stack.extend((v, (*path, k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(value))
    return None


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
