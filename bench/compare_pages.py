"""Compare two builds page by page as pictures: the look must not change when the bytes do.

Usage: python bench/compare_pages.py OLD_OUT NEW_OUT [--dpi 100]

Every PDF under OLD_OUT is compared with the one at the same path under NEW_OUT: the same
number of pages, and each page rasterised by pdftoppm (poppler-utils) to the same pixels.
Prints one line per document that differs and a summary; exit 1 when any does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageChops


def pages(pdf: Path, folder: Path, dpi: int) -> list[Path]:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(folder / "p")], check=True)
    return sorted(folder.glob("p*.png"))


def differs(old: Path, new: Path, dpi: int) -> str | None:
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        before, after = pages(old, Path(a), dpi), pages(new, Path(b), dpi)
        if len(before) != len(after):
            return f"{len(before)} pages before, {len(after)} after"
        for n, (x, y) in enumerate(zip(before, after, strict=True), start=1):
            with Image.open(x) as i, Image.open(y) as j:
                if i.size != j.size:
                    return f"page {n}: {i.size} before, {j.size} after"
                box = ImageChops.difference(i.convert("RGB"), j.convert("RGB")).getbbox()
                if box is not None:
                    return f"page {n} differs in the area {box}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    pdfs = sorted(p.relative_to(args.old) for p in args.old.rglob("*.pdf"))
    bad = 0
    for rel in pdfs:
        if not (args.new / rel).is_file():
            print(f"{rel}: missing in {args.new}")
            bad += 1
            continue
        why = differs(args.old / rel, args.new / rel, args.dpi)
        if why:
            print(f"{rel}: {why}")
            bad += 1
    print(f"{len(pdfs) - bad} of {len(pdfs)} documents look the same, page for page, at {args.dpi} dpi")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
