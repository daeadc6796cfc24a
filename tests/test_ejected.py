"""Ejected clauses that keep up: the record eject writes, clauses status and diff, and the lint."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from agreements.ejected import text_sha256, with_record, without_record
from agreements.resources import clauses_dir
from agreements.text_diff import terminal, word_diff

RECORD = re.compile(r"^ejected_from: \{version: (\S+), sha256: ([0-9a-f]{64})\}$", re.M)


@pytest.fixture
def firm_project(tmp_path: Path) -> Path:
    """The test project with a firm library below it that holds association.purpose."""
    project = tmp_path / "project"
    shutil.copytree(Path(__file__).parent / "data" / "good", project)
    firm = tmp_path / "firm" / "association"
    firm.mkdir(parents=True)
    for lang in ("en", "nl"):  # the firm's own version of the built-in text
        text = (clauses_dir() / "association" / f"purpose.{lang}.md").read_text(encoding="utf-8")
        text = re.sub(r"(?m)^version: .*$", "version: 2.0.0", text, count=1)
        (firm / f"purpose.{lang}.md").write_text(text, encoding="utf-8")
    with (project / "agreements.toml").open("a", encoding="utf-8") as config:
        config.write('clause_paths = ["../firm"]\n')
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_eject_records_the_version_and_text_it_copied(firm_project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(firm_project)
    assert cli("clauses", "eject", "association.purpose", ".").exit_code == 0
    base = firm_project.parent / "firm" / "association" / "purpose.en.md"
    copy = firm_project / "clauses" / "association" / "purpose.en.md"
    record = RECORD.search(copy.read_text(encoding="utf-8"))
    assert record is not None
    assert record.group(1) == re.search(r"^version: (\S+)$", base.read_text(encoding="utf-8"), re.M).group(1)
    assert record.group(2) == text_sha256(base) == text_sha256(copy)
    assert without_record(copy.read_text(encoding="utf-8")) == base.read_text(encoding="utf-8")
    status = cli("clauses", "status", ".").output.splitlines()
    assert status[0].startswith("clauses/association/purpose.en.md: association.purpose (en)")
    assert "not edited; the firm:../firm text is unchanged" in status[0]
    assert status[-1] == "2 overridden clause text(s), 0 whose lower layer's text changed since it was ejected"


def test_status_diff_and_lint_report_a_base_that_moved_on(firm_project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(firm_project)
    cli("clauses", "eject", "association.purpose", ".")
    base = firm_project.parent / "firm" / "association" / "purpose.en.md"
    copy = firm_project / "clauses" / "association" / "purpose.en.md"
    edit(base, "does not hold assets", "holds no assets")  # the firm improves its text

    status = cli("clauses", "status", ".").output
    assert "purpose.en.md: association.purpose (en)" in status
    assert "the firm:../firm text changed since it was ejected" in status
    assert "clauses diff association.purpose" in status
    assert "1 whose lower layer's text changed since it was ejected" in status

    diff = cli("clauses", "diff", "association.purpose", ".", "--lang", "en")
    assert diff.exit_code == 0
    lines = diff.output.splitlines()
    assert lines[0].startswith("--- firm:../firm: ") and lines[0].endswith("firm/association/purpose.en.md (2.0.0)")
    assert lines[1] == "+++ project: clauses/association/purpose.en.md (2.0.0)"
    assert lines[2].startswith("@@ line ")
    changed = [line for line in lines if "[-" in line]
    assert len(changed) == 1 and "[-holds-]{+does+} [-no-]{+not hold+} assets" in changed[0], diff.output

    lint = cli("lint", ".")
    at = next(n for n, line in enumerate(copy.read_text().splitlines(), 1) if line.startswith("ejected_from:"))
    assert f"clauses/association/purpose.en.md:{at}: base-moved-on: warning: the firm:../firm text of" in lint.output
    assert lint.exit_code == 0  # a warning, not an error
    assert "version-not-bumped-since-eject" not in lint.output


def test_lint_asks_for_a_new_version_after_editing_an_ejected_clause(firm_project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(firm_project)
    cli("clauses", "eject", "association.purpose", ".")
    copy = firm_project / "clauses" / "association" / "purpose.en.md"
    edit(copy, "does not hold assets", "holds no assets")
    lint = cli("lint", ".").output
    version_line = next(n for n, line in enumerate(copy.read_text().splitlines(), 1) if line.startswith("version:"))
    assert (
        f"clauses/association/purpose.en.md:{version_line}: version-not-bumped-since-eject: warning: the text differs"
        in lint
    )
    assert "base-moved-on" not in lint
    assert "edited since; the firm:../firm text is unchanged" in cli("clauses", "status", ".").output

    edit(copy, "version: 2.0.0", "version: 2.1.0")
    assert "version-not-bumped-since-eject" not in cli("lint", ".").output
    shown = cli("clauses", "show", "association.purpose", ".", "--lang", "en").output
    assert "ejected:  ejected at 2.0.0, edited since" in shown


def test_diff_as_html_and_of_a_clause_that_is_not_overridden(firm_project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(firm_project)
    cli("clauses", "eject", "association.purpose", ".")
    edit(firm_project / "clauses" / "association" / "purpose.nl.md", "version: 2.0.0", "version: 2.0.1")
    page = cli("clauses", "diff", "association.purpose", ".", "--format", "html").output
    assert page.startswith("<!DOCTYPE html>")
    assert "version: 2.0.<del>0</del><ins>1</ins>" in page
    unchanged = cli("clauses", "diff", "association.purpose", ".", "--lang", "en").output
    assert "(the same text)" in unchanged

    result = cli("clauses", "diff", "association.exit", ".")
    assert result.exit_code == 2
    assert "'association.exit' is not an override" in result.stderr


def test_a_record_in_block_style_and_a_record_replaced_on_a_second_eject() -> None:
    text = (
        "---\nid: a.b\ntitle: T\nversion: 1.0.0\nejected_from:\n  version: 0.9.0\n  sha256: "
        + "0" * 64
        + "\n---\nBody.\n"
    )
    assert without_record(text) == "---\nid: a.b\ntitle: T\nversion: 1.0.0\n---\nBody.\n"
    again = with_record(text, "1.0.0", "1" * 64)
    assert (
        again
        == "---\nid: a.b\ntitle: T\nversion: 1.0.0\nejected_from: {version: 1.0.0, sha256: "
        + "1" * 64
        + "}\n---\nBody.\n"
    )
    assert with_record(text.replace("\n", "\r\n"), "1.0.0", "1" * 64) == again.replace("\n", "\r\n")


def test_the_word_diff_marks_words_and_shows_only_changed_lines() -> None:
    old = "a\nb c\nd\ne\nf\ng\nh i\nj"
    new = "a\nb C\nd\ne\nf\ng\nh i k\nj"
    assert terminal(word_diff(old, new)) == [
        "@@ line 1 @@",
        " a",
        " b [-c-]{+C+}",
        " d",
        "@@ line 6 @@",
        " g",
        " h i{+ k+}",
        " j",
    ]
    # a line of the old text only: numbered as the new line it stands before
    assert terminal(word_diff("a\nb\nc", "a\nc")) == ["@@ line 1 @@", " a", " [-b-]", " c"]
