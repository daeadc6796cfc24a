"""Mutation fuzzing of every sample's data: whatever a data file holds, the engine answers
with exit 0 or 1 and located messages, never a traceback, a hang or exit 3.

The mutations know nothing of the schema: delete a key or item, set a value to null or to
another type, add an unknown key, put in a huge value, an injection string or odd Unicode,
or break the file's text (truncate it, indent with a tab, invalid bytes, empty it ...).
Hypothesis draws them with a fixed seed (derandomize), so a run is the same every time.
AGREEMENTS_FUZZ_CASES (default 150) and AGREEMENTS_FUZZ_BUILD_CASES (default 12) ask for more;
AGREEMENTS_FUZZ_SEED=N draws other cases, from seed N.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from agreements.cli import main

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = [*sorted(p.parent for p in (ROOT / "samples").glob("*/agreements.toml")), ROOT / "tests" / "data" / "good"]
CASES = int(os.environ.get("AGREEMENTS_FUZZ_CASES", "150"))
BUILD_CASES = int(os.environ.get("AGREEMENTS_FUZZ_BUILD_CASES", "12"))
SEED = os.environ.get("AGREEMENTS_FUZZ_SEED")
seeded = seed(int(SEED)) if SEED else (lambda test: test)  # otherwise derandomized: the same cases every run

INJECTIONS = [
    "{{ 7*7 }}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "<script>alert(1)</script>",
    "**bold** _it_ [link](javascript:alert(1)) <b>b</b>",
    "../../../../etc/passwd",
    "file:///etc/passwd",
    "${HOME} $(id) `id`",
    "%s%s%n%x",
    "'; DROP TABLE agents; --",
    "\\ue000 0 \\ue001",
]
ODD_UNICODE = [
    "Zoe \u202e0001 RUE\u202c",
    "a\u2066b\u2069",
    "\ud800",
    "nul\x00byte",
    "esc\x1b[31mred",
    "e\u0301\u0301\u0301",
    "\ufeffbom",
    "zero\u200bwidth",
    "👩‍👩‍👧 ǅ 𝔘𝔫𝔦",
    "مرحبا بالعالم",
    "\ue000",
    "\uffff",
    "",
    "   ",
]
HUGE = [
    "x" * 200_000,
    "word " * 40_000,
    10**40,
    -(10**30),
    1e308,
    float("inf"),
    float("nan"),
    "9" * 5000,
    list(range(5000)),
]
OTHER_TYPES = [None, 0, -1, 3.5, True, "text", [], {}, ["a", 1], {"k": "v"}, "2027-02-30", "01-10-2026"]
TEXT_BREAKS = ["truncate", "tab", "colon", "bracket", "dedent", "indent", "duplicate-line", "bytes", "bom-crlf",
               "two-documents", "empty", "comment-only", "alias-bomb", "deep"]  # fmt: skip
LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+)(?::\d+)?: ")
# messages about a record that another file's record refers to (or counts)
CROSS_FILE = (
    "unknown enterprise",
    "after the documents' effective date",
    "after its documents' effective date",
    "is the enterprise itself",
    "is an enterprise of this project",
    "steward shares issued",
    "is not the id of a Purpose Agent",
    "is not a Purpose Agent of",
    "no agent has a commitment",
    "the data gives no enterprise",
)


def _data_files() -> list[tuple[Path, str]]:
    files = []
    for project in PROJECTS:
        config = (project / "agreements.toml").read_text(encoding="utf-8")
        for name in re.findall(r'"([^"]+\.ya?ml)"', config.split("documents")[0]):
            files.append((project, name))
    return files


FILES = _data_files()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    """A scratch copy of every project (its settings and data), by original folder."""
    root = tmp_path_factory.mktemp("fuzz")
    copies = {}
    for n, project in enumerate(PROJECTS):
        dest = root / f"{n}-{project.name}"
        dest.mkdir()
        shutil.copy(project / "agreements.toml", dest / "agreements.toml")
        shutil.copytree(project / "data", dest / "data")
        copies[project] = dest
    return copies


def _paths(value: Any, at: tuple = ()) -> list[tuple]:
    """Every path to a key or item in ``value``."""
    found = [at] if at else []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*at, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*at, i))
    return found


def _set(data: Any, path: tuple, make: Any) -> None:
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    make(parent, path[-1])


@st.composite
def mutations(draw: st.DrawFn, text_payloads_only: bool = False) -> tuple[Path, str, bytes, str]:
    """(project, data file, its mutated bytes, what was done)."""
    project, name = draw(st.sampled_from(FILES))
    text = (project / name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    kinds = ["payload"] if text_payloads_only else ["delete", "null", "type", "unknown", "huge", "payload", "text"]
    kind = draw(st.sampled_from(kinds))
    if kind == "text":
        how = draw(st.sampled_from(TEXT_BREAKS))
        return project, name, _break_text(text, how, draw), f"text: {how}"
    paths = _paths(data)
    if text_payloads_only:
        paths = [p for p in paths if isinstance(_get(data, p), str)]
    path = draw(st.sampled_from(paths))
    if kind == "delete":
        _set(data, path, lambda parent, key: parent.pop(key))
    elif kind == "unknown":
        container = path[:-1]
        extra = draw(st.sampled_from(["zz_unknown", "nmae", "Name", "id ", "", "1"]))
        target = _get(data, container) if container else data
        if isinstance(target, dict):
            target[extra] = "x"
        else:
            _set(data, path, lambda parent, key: parent.__setitem__(key, {extra: "x"}))
    else:
        pool = {"null": [None], "type": OTHER_TYPES, "huge": HUGE, "payload": INJECTIONS + ODD_UNICODE}[kind]
        value = draw(st.sampled_from(pool))
        _set(data, path, lambda parent, key: parent.__setitem__(key, value))
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=2**30)
    return project, name, dumped.encode("utf-8", "surrogatepass"), f"{kind} at {path}"


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def _break_text(text: str, how: str, draw: st.DrawFn) -> bytes:
    lines = text.splitlines(keepends=True)
    n = draw(st.integers(0, len(lines) - 1))
    pos = draw(st.integers(0, len(text)))
    if how == "truncate":
        return text[:pos].encode()
    if how == "tab":
        lines[n] = "\t" + lines[n]
    elif how == "colon":
        return (text[:pos] + ": : " + text[pos:]).encode()
    elif how == "bracket":
        return (text[:pos] + "[{" + text[pos:]).encode()
    elif how == "dedent":
        lines[n] = lines[n][1:]
    elif how == "indent":
        lines[n] = " " + lines[n]
    elif how == "duplicate-line":
        lines.insert(n, lines[n])
    elif how == "bytes":
        return text[:pos].encode() + b"\xff\xfe\xc3" + text[pos:].encode()
    elif how == "bom-crlf":
        return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()
    elif how == "two-documents":
        return (text + "\n---\nmore: data\n").encode()
    elif how == "empty":
        return b""
    elif how == "comment-only":
        return b"# nothing here yet\n"
    elif how == "alias-bomb":
        bomb = "".join(
            f"{k}: &{k} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)
        )
        return ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + bomb).encode()
    elif how == "deep":
        lines[n] = lines[n] + "deep: " + "[" * 2000 + "]" * 2000 + "\n"
    return "".join(lines).encode()


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _check(result: Any, mutated: Path, what: str) -> None:
    output = result.output
    assert result.exit_code in (0, 1), f"{what}: exit {result.exit_code}\n{output}"
    assert "Traceback" not in output and "internal error" not in output, f"{what}\n{output}"


def _check_located(result: Any, mutated: Path, what: str) -> None:
    """On exit 1 every message is located, and the mutated file is named with a line,
    unless the problem is a reference from another file to what changed."""
    _check(result, mutated, what)
    if result.exit_code == 0:
        return
    lines = result.stderr.splitlines()
    assert lines, f"{what}: exit 1 without a message"
    for line in lines:
        assert LOCATED.match(line), f"{what}: message without FILE:LINE: {line!r}"
    named = [line for line in lines if LOCATED.match(line)["file"] == str(mutated)]  # type: ignore[index]
    assert named or all(any(c in line for c in CROSS_FILE) for line in lines), (
        f"{what}: {mutated.name} is not named\n{result.stderr}"
    )


def _mutate(scratch: dict[Path, Path], mutation: tuple[Path, str, bytes, str]):  # type: ignore[no-untyped-def]
    project, name, content, what = mutation
    folder = scratch[project]
    target = folder / name
    original = (project / name).read_bytes()
    target.write_bytes(content)
    return folder, target, original, what


_SETTINGS = {
    "derandomize": SEED is None,
    "database": None,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


@seeded
@settings(max_examples=CASES, **_SETTINGS)  # type: ignore[arg-type]
@given(mutation=mutations())
def test_validate_answers_every_mutation_with_located_messages(scratch: dict[Path, Path], mutation) -> None:
    folder, target, original, what = _mutate(scratch, mutation)
    try:
        _check_located(_run("validate", str(folder)), target, what)
    finally:
        target.write_bytes(original)


@seeded
@settings(max_examples=BUILD_CASES, **_SETTINGS)  # type: ignore[arg-type]
@given(
    mutation=mutations(text_payloads_only=True),
    document=st.sampled_from(["association-agreement", "statutes"]),
    lang=st.sampled_from(["en", "nl"]),
)
def test_clauses_render_every_mutated_text(scratch: dict[Path, Path], mutation, document: str, lang: str) -> None:
    folder, target, original, what = _mutate(scratch, mutation)
    try:
        validated = _run("validate", str(folder))
        _check_located(validated, target, what)
        if validated.exit_code == 0:  # the text is printed by the clauses: lint renders them all
            _check(_run("lint", str(folder), "--document", document, "--lang", lang), target, what)
    finally:
        target.write_bytes(original)
