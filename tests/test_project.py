"""One loaded project per command: the data and the clause library are read once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import agreements.config as config_module
from agreements.build import build
from agreements.clauses import Library

from .test_cli import _modules_after


def test_a_strict_build_reads_the_data_and_the_library_once(project: Path, monkeypatch, tmp_path: Path) -> None:
    calls: Counter[str] = Counter()
    read_file, load_library = config_module.load_file, Library.load.__func__  # type: ignore[attr-defined]

    def counting_read(path: Path):  # type: ignore[no-untyped-def]
        calls[path.name] += 1
        return read_file(path)

    def counting_library(cls, layers, strict=True, allowed=None, **options):  # type: ignore[no-untyped-def]
        calls["library"] += 1
        return load_library(cls, layers, strict, allowed, **options)

    monkeypatch.setattr(config_module, "load_file", counting_read)
    monkeypatch.setattr(Library, "load", classmethod(counting_library))
    build(project, out=tmp_path / "out", formats=("html",), strict=True, jobs=1)
    assert calls == {"agreements.toml": 1, "enterprise.yaml": 1, "agents.yaml": 1, "library": 1}


def test_lint_explain_and_the_clause_commands_do_not_import_the_build() -> None:
    mods = _modules_after("import agreements.lint, agreements.explain, agreements.library_commands")
    assert "agreements.project" in mods
    assert "agreements.build" not in mods
