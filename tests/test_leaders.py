"""The dots of a contents line are one text each, printed where WeasyPrint's own text box a
dot would print them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from agreements.render import pdf  # noqa: F401  (installs the leaders' merge, as every build does)

FONT = (Path(__file__).resolve().parents[1] / "templates" / "fonts" / "AgreementsSerif-Regular.ttf").as_uri()
ENTRIES = [("Definitions and Interpretation", 3), ("Purpose of the Association", 7), ("Fees", 12), ("Signatures", 21)]
HTML = (
    "<html><head><style>"
    f'@font-face {{ font-family: S; src: url("{FONT}") }}'
    "@page { size: A5; margin: 15mm } body { font: 10.5pt S }"
    " ol { list-style: none } li { text-align: justify } a::after { content: leader('.') attr(data-page) }"
    "</style></head><body><ol>"
    + "".join(f'<li><a data-page="{page}">{title}</a></li>' for title, page in ENTRIES)
    + "</ol></body></html>"
)


def render(monkeypatch: pytest.MonkeyPatch, merged: bool) -> bytes:
    import weasyprint
    from weasyprint.layout import inline

    if not merged:
        monkeypatch.setattr(inline, "handle_leader", inline.handle_leader.original)
    return weasyprint.HTML(string=HTML).write_pdf()


def test_a_leader_is_one_text_and_its_line_reads_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    merged = PdfReader(io.BytesIO(render(monkeypatch, merged=True))).pages[0]
    apart = PdfReader(io.BytesIO(render(monkeypatch, merged=False))).pages[0]
    texts = [page.get_contents().get_data().count(b"] TJ") for page in (merged, apart)]
    assert texts[0] == 3 * len(ENTRIES)  # a line's title, its dots, its page number
    assert texts[1] > 50 * len(ENTRIES)  # a text a dot
    lines = merged.extract_text().splitlines()
    assert len(lines) == len(ENTRIES)
    for line, (title, page) in zip(lines, ENTRIES, strict=True):
        assert re.fullmatch(rf"{title} ?\.{{20,}} ?{page}", line.strip()), line


def dots(png: Path) -> list[list[float]]:
    """For each printed line, the centres of the marks in its row of most marks: the dots' row."""
    from PIL import Image

    with Image.open(png) as im:
        grey = im.convert("L")
    width, height = grey.size
    px = grey.load()

    def centres(y: int) -> list[float]:
        out, run = [], []
        for x in range(width):
            if px[x, y] < 128:
                run.append(x)
            elif run:
                out.append(sum(run) / len(run))
                run = []
        return out

    rows = [centres(y) for y in range(height)]
    lines, current = [], []
    for y, marks in enumerate(rows):
        if marks:
            current.append(y)
        elif current:
            lines.append(current)
            current = []
    return [max((rows[y] for y in line), key=len) for line in lines]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (Debian's poppler-utils) is not installed")
def test_the_dots_print_where_each_had_its_own_text(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    found = []
    for merged in (True, False):
        (tmp_path / "doc.pdf").write_bytes(render(monkeypatch, merged))
        subprocess.run(
            ["pdftoppm", "-r", "600", "-png", "-singlefile", tmp_path / "doc.pdf", tmp_path / "p"], check=True
        )
        found.append(dots(tmp_path / "p.png"))
    one, each = found
    assert len(one) == len(each) == len(ENTRIES)
    for line_one, line_each in zip(one, each, strict=True):
        assert len(line_one) == len(line_each) > 20  # as many dots
        assert max(abs(a - b) for a, b in zip(line_one, line_each, strict=True)) <= 2.5  # 0.1 mm at 600 dpi
