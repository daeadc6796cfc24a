"""A clause's number never touches its text, in the narrow columns of a side-by-side document
as on a full page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from agreements.build import build

HEDGEROW = Path(__file__).resolve().parents[1] / "samples" / "hedgerow"
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
NUMBER = re.compile(r"\d+\.\d+|\([a-z]\)")  # 15.10, (a)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian's poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["en", "en+nl"])
def test_a_clause_number_stands_apart_from_its_text(tmp_path: Path, lang: str) -> None:
    build(HEDGEROW, out=tmp_path, documents=["association-agreement"], languages=[lang], formats=("pdf",), jobs=1)
    pdf = tmp_path / "hedgerow" / f"association-agreement.{lang}.pdf"
    boxes = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True).stdout
    words = [(float(x0), float(y0), float(x1), text) for x0, y0, x1, text in WORD.findall(boxes)]
    gaps = {}  # a number that begins its line (not a reference in the text): points to the next word
    for before, (x0, y0, x1, text), (nx0, ny0, _, _) in zip(words, words[1:], words[2:], strict=False):
        begins = abs(before[1] - y0) >= 0.5 or before[0] > x0
        if begins and NUMBER.fullmatch(text) and abs(ny0 - y0) < 0.5 and nx0 > x0:
            gaps[text] = min(gaps.get(text, nx0 - x1), nx0 - x1)
    assert "15.10" in gaps and "(a)" in gaps
    assert {n: g for n, g in gaps.items() if g < 1.5} == {}  # points to its text: less than a space
