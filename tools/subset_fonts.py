"""Make the shipped fonts: Charis SIL, subset to the characters the documents need, and renamed.

Usage: python tools/subset_fonts.py [SOURCE_DIR] [--out templates/fonts]

SOURCE_DIR holds the four unmodified Charis SIL files (CharisSIL-Regular.ttf, -Bold, -Italic,
-BoldItalic); default: /usr/share/fonts/truetype/charis, where Debian's fonts-sil-charis
package puts them. The subset keeps every glyph those characters reach through the fonts'
own substitutions (ligatures, small capitals, combining marks), with the layout tables
(kerning, mark positioning), so the pages look as they did with the whole fonts; it drops
hinting, which WeasyPrint strips from the fonts it embeds anyway.

The SIL Open Font License makes "Charis" and "SIL" Reserved Font Names: a Modified Version
(a subset is one) may not carry them. The subset fonts are therefore named "Agreements
Serif" inside (family, full and PostScript names, unique id) and in their file names; the
copyright notice and the licence stay, as the licence requires (see templates/fonts/README.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agreements.fonts import COVERAGE_FILE, FACES, FAMILY, POSTSCRIPT, RANGES, ranges_text  # noqa: E402

RESERVED = ("Charis SIL", "CharisSIL", "Charis")


def unicodes() -> list[int]:
    return [cp for start, end in RANGES for cp in range(start, end + 1)]


def make(source: Path, target: Path, style: str) -> None:
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = ["*"]  # every feature: ligatures, kerning, marks, small capitals
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.legacy_kern = True
    options.drop_tables += ["Silt", "DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes())
    subsetter.subset(font)
    _rename(font, style)
    font.save(target)


def _rename(font: TTFont, style: str) -> None:
    """Give the subset its own name (the licence's Reserved Font Names stay off it)."""
    names = font["name"]
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    replacements = {
        1: FAMILY,
        3: f"agreements: {POSTSCRIPT}-{style.replace(' ', '')}: 6.101 subset",
        4: full,
        6: f"{POSTSCRIPT}-{style.replace(' ', '')}",
        16: FAMILY,
    }
    for record in list(names.names):
        if record.nameID in replacements:
            record.string = replacements[record.nameID]
        elif record.nameID == 5:
            record.string = f"{record.toUnicode()}; subset for agreements"
        elif record.nameID >= 256:
            continue  # names of the fonts' features (stylistic sets): they are descriptions
        elif record.nameID not in (0, 7, 13, 14) and any(r in record.toUnicode() for r in RESERVED):
            record.string = record.toUnicode().replace("Charis SIL", FAMILY).replace("CharisSIL", POSTSCRIPT)
    left = [
        (r.nameID, r.toUnicode())
        for r in names.names
        if r.nameID not in (0, 7, 13, 14) and r.nameID < 256 and any(x in r.toUnicode() for x in RESERVED)
    ]
    if left:
        raise SystemExit(f"a reserved name is left in the font: {left}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=Path("/usr/share/fonts/truetype/charis"))
    parser.add_argument("--out", type=Path, default=ROOT / "templates" / "fonts")
    args = parser.parse_args()
    for file_name, (original, style) in FACES.items():
        src = args.source / original
        if not src.is_file():
            raise SystemExit(f"{src}: not found; give the folder that holds the Charis SIL files")
        make(src, args.out / file_name, style)
        print(f"{args.out / file_name}: {(args.out / file_name).stat().st_size:,} bytes (from {src})")
    covered = set.intersection(*(set(TTFont(args.out / name).getBestCmap()) for name in FACES))
    header = "# Code points every shipped face has a glyph for; made by tools/subset_fonts.py.\n"
    (args.out / COVERAGE_FILE).write_text(header + ranges_text(covered), encoding="ascii")
    print(f"{args.out / COVERAGE_FILE}: {len(covered)} characters")


if __name__ == "__main__":
    main()
