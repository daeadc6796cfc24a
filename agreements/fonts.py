"""The shipped fonts and the characters they cover.

``templates/fonts/`` holds Charis SIL subset to ``RANGES`` and renamed "Agreements Serif"
(tools/subset_fonts.py makes them; templates/fonts/README.md says why the name). Their
common character set is listed in ``templates/fonts/coverage.txt`` (code point ranges, made
by the same tool), so that the lint can tell, without opening a font, which characters of
the data would print in some other font of the machine, or as a box.
"""

from __future__ import annotations

from functools import cache

from .resources import templates_dir

FAMILY = "Agreements Serif"
POSTSCRIPT = "AgreementsSerif"

# shipped file -> (the Charis SIL file it is made from, its style)
FACES = {
    "AgreementsSerif-Regular.ttf": ("CharisSIL-Regular.ttf", "Regular"),
    "AgreementsSerif-Bold.ttf": ("CharisSIL-Bold.ttf", "Bold"),
    "AgreementsSerif-Italic.ttf": ("CharisSIL-Italic.ttf", "Italic"),
    "AgreementsSerif-BoldItalic.ttf": ("CharisSIL-BoldItalic.ttf", "Bold Italic"),
}

# What the documents need: Latin in every form Western and Central European names take,
# punctuation, currency, and the few symbols legal text uses.
RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement (§, €-less currencies, accented letters, soft hyphen)
    (0x0100, 0x017F),  # Latin Extended-A (Dutch ij, Czech, Polish, Turkish, Welsh ŵ ŷ ...)
    (0x0180, 0x024F),  # Latin Extended-B
    (0x02B0, 0x02FF),  # Spacing Modifier Letters (ʼ ˆ ˜)
    (0x0300, 0x036F),  # Combining Diacritical Marks (names typed decomposed: e + ̈)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Welsh ẁ ẃ ẅ ỳ, Vietnamese)
    (0x2000, 0x206F),  # General Punctuation (– — ‘ ’ “ ” „ … ‰, spaces, the hyphen)
    (0x20A0, 0x20CF),  # Currency Symbols (€ ₤)
    (0x2100, 0x214F),  # Letterlike Symbols (№ ™ ℮)
    (0x2190, 0x2193),  # arrows
    (0x2212, 0x2212),  # minus sign (negative numbers in some locales)
    (0x2264, 0x2265),  # ≤ ≥
    (0x25CC, 0x25CC),  # dotted circle (a combining mark with nothing to sit on)
    (0xFB00, 0xFB06),  # Latin ligatures (ﬁ ﬂ)
)

COVERAGE_FILE = "coverage.txt"


@cache
def coverage() -> frozenset[int]:
    """Every code point all four shipped faces have a glyph for."""
    text = (templates_dir() / "fonts" / COVERAGE_FILE).read_text(encoding="ascii")
    points: set[int] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        start, _, end = line.partition("-")
        points.update(range(int(start, 16), int(end or start, 16) + 1))
    return frozenset(points)


def missing(text: str) -> list[str]:
    """The characters of ``text`` the shipped fonts lack (each once, in order; line breaks
    and tabs aside, which are never printed as glyphs)."""
    have = coverage()
    out: list[str] = []
    for ch in text:
        if ch not in "\n\r\t" and ord(ch) not in have and ch not in out:
            out.append(ch)
    return out


def ranges_text(points: set[int]) -> str:
    """``points`` as coverage.txt lists them: one ``XXXX-YYYY`` range per line."""
    lines: list[str] = []
    run: list[int] = []
    for cp in sorted(points):
        if run and cp == run[-1] + 1:
            run.append(cp)
            continue
        if run:
            lines.append(_range(run))
        run = [cp]
    if run:
        lines.append(_range(run))
    return "".join(f"{line}\n" for line in lines)


def _range(run: list[int]) -> str:
    return f"{run[0]:04X}" if len(run) == 1 else f"{run[0]:04X}-{run[-1]:04X}"
