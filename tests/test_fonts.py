"""The shipped fonts: subset, renamed as the licence asks, and covering every character the documents print."""

from __future__ import annotations

from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from agreements.fonts import FACES, coverage, missing, ranges_text
from agreements.render.html import LABELS
from agreements.resources import clauses_dir, templates_dir

ROOT = Path(__file__).resolve().parents[1]
FONTS = templates_dir() / "fonts"
# the Unicode the tests' data uses
UNICODE = ["Zoë", "IJsselmeer", "Siobhán", "Dubois-Janssen", "’t Hooft", "€", "£", "§", "–", "“ ”", "„", "’"]


def _texts() -> dict[str, str]:
    """Every file whose text can reach a page: the samples' data, clauses, templates, test data."""
    files = [
        *ROOT.glob("samples/*/data/*.yaml"),
        *clauses_dir().rglob("*.md"),
        *templates_dir().rglob("*.j2"),
        *templates_dir().rglob("*.yaml"),
        *templates_dir().rglob("*.css"),
        *(ROOT / "tests" / "data").rglob("*.yaml"),
        *(ROOT / "tests" / "data").rglob("*.md"),
    ]
    out = {}
    for path in files:
        try:
            out[str(path.relative_to(path.parents[2]))] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # a bad-input case that is not UTF-8 on purpose
            continue
    return out


def _labels(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _labels(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _labels(v)]
    return []


def test_the_coverage_file_is_what_the_fonts_hold() -> None:
    cmaps = [set(TTFont(FONTS / name).getBestCmap()) for name in FACES]
    assert coverage() == frozenset(set.intersection(*cmaps))
    text = (FONTS / "coverage.txt").read_text(encoding="ascii")
    assert text.split("\n", 1)[1] == ranges_text(set(coverage()))


def test_every_character_of_the_samples_clauses_templates_and_test_data_is_covered() -> None:
    lacking = {}
    for name, text in _texts().items():
        # the one deliberate exception: a clause that holds the engine's reserved character
        chars = [c for c in missing(text) if c != "\ue000"]
        if chars:
            lacking[name] = chars
    assert lacking == {}


def test_the_labels_and_the_tests_unicode_are_covered() -> None:
    assert [t for t in _labels(LABELS) if missing(t)] == []
    assert {t: missing(t) for t in UNICODE} == {t: [] for t in UNICODE}


def test_characters_outside_latin_are_not_covered() -> None:
    assert missing("Дмитрий Ли 王") == ["Д", "м", "и", "т", "р", "й", "Л", "王"]


@pytest.mark.parametrize("name", sorted(FACES))
def test_a_subset_font_does_not_carry_the_reserved_font_names(name: str) -> None:
    font = TTFont(FONTS / name)
    names = {r.nameID: r.toUnicode() for r in font["name"].names if r.nameID < 256}
    for name_id in (1, 3, 4, 6, 16):
        if name_id in names:
            assert "Charis" not in names[name_id] and "SIL" not in names[name_id], (name_id, names[name_id])
    assert names[1] == "Agreements Serif"
    assert "SIL International" in names[0]  # the copyright notice stays
    assert "Reserved Font Names" in names[13]
    assert len(font.getBestCmap()) < 1500  # a subset: the whole font maps about 2,450 characters
    assert (FONTS / "OFL.txt").is_file()


def test_the_lint_reports_a_data_character_the_fonts_lack(project: Path, cli, monkeypatch) -> None:
    agents = project / "data" / "agents.yaml"
    text = agents.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "name:" in row)
    old = text.splitlines()[line - 1].split("name:", 1)[1].strip()
    agents.write_text(text.replace(old, "Дмитрий Иванов", 1), encoding="utf-8")
    monkeypatch.chdir(project)
    result = cli("lint", ".")
    assert result.exit_code == 1
    found = [row for row in result.output.splitlines() if "missing-glyph" in row]
    assert len(found) == 1, result.output
    assert found[0].startswith(f"data/agents.yaml:{line}: missing-glyph: agents[0].name: ")
    assert "'Д' (U+0414)" in found[0]
