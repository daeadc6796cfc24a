"""The benchmark's plain side of figure (b): the print stylesheet's geometry, none of its layout."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_plain_side_keeps_the_page_box_type_and_spacing_of_the_print_stylesheet() -> None:
    css = bench().minimal_stylesheet()
    assert "@page { size: A4; margin: 24mm 22mm 24mm 24mm }" in css
    assert "font-size: 10.5pt; line-height: 1.42" in css
    assert "p { margin: 0 0 2.4mm }" in css
    assert css.count("@font-face") == 4
    assert (ROOT / "templates" / "fonts" / "AgreementsSerif-Regular.ttf").as_uri() in css


def test_the_plain_side_drops_the_layout_the_figure_measures() -> None:
    css = bench().minimal_stylesheet()
    for feature in (
        "justify",
        "hyphens",
        "leader",
        "target-counter",
        "string",
        "@top",
        "@bottom",
        "orphans",
        "absolute",
        "break-",
        ".num",
        "inline-block",
    ):
        assert feature not in css, feature
