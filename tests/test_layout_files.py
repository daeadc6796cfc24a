"""Files the layout loads: in the cache key wherever they are, and never in the PDF's bytes by path."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from agreements.build import build

STYLESHEET = """
@page { size: A4; margin: 20mm; background: url("../images/seal.png") no-repeat top right; }
body { font-family: serif; font-size: 10pt; }
h1 { background: url("logo.jpeg") no-repeat; padding-top: 12mm; }
"""


def picture(path: Path, colour: tuple[int, int, int]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (24, 12), colour).save(path)


@pytest.fixture
def styled(one_page_project: Path) -> Path:
    """A project with its own stylesheet, a logo beside it and a seal elsewhere in the project."""
    project = one_page_project
    (project / "templates" / "print.css").write_text(STYLESHEET, encoding="utf-8")
    picture(project / "templates" / "logo.jpeg", (200, 30, 30))
    picture(project / "images" / "seal.png", (30, 30, 200))
    return project


def images_in(pdf: Path) -> int:
    """Image objects reachable from the pages' resources (backgrounds are drawn through patterns)."""
    seen: set[int] = set()

    def walk(resources) -> None:  # type: ignore[no-untyped-def]
        for group in ("/XObject", "/Pattern"):
            for ref in (resources or {}).get(group, {}).values():
                obj = ref.get_object()
                if obj.get("/Subtype") == "/Image":
                    seen.add(ref.idnum)
                walk(obj.get("/Resources"))

    for page in PdfReader(pdf).pages:
        walk(page["/Resources"])
    return len(seen)


def test_the_cache_key_covers_every_file_the_layout_loads(styled: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    def rebuilt() -> list[str]:
        result = build(styled, out=out, formats=("pdf", "html"), jobs=1)
        return sorted(p.name for p in result.written)

    assert rebuilt() == ["association-agreement.en.html", "association-agreement.en.pdf"]
    pdf = out / "testkracht" / "association-agreement.en.pdf"
    assert images_in(pdf) >= 2
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    loaded = {o["path"]: [r["path"] for r in o["resources"]] for o in manifest["enterprises"]["testkracht"]["outputs"]}
    assert loaded == {
        "testkracht/association-agreement.en.html": ["project/templates/print.css"],
        "testkracht/association-agreement.en.pdf": [
            "project/images/seal.png",
            "project/templates/logo.jpeg",
            "project/templates/print.css",
        ],
    }
    assert rebuilt() == []

    picture(styled / "images" / "seal.png", (30, 200, 30))  # outside the template folder
    assert rebuilt() == ["association-agreement.en.pdf"]
    picture(styled / "templates" / "logo.jpeg", (30, 200, 30))
    assert rebuilt() == ["association-agreement.en.pdf"]
    (styled / "templates" / "print.css").write_text(STYLESHEET + "p { text-align: left; }\n", encoding="utf-8")
    assert rebuilt() == ["association-agreement.en.html", "association-agreement.en.pdf"]


def test_a_pdf_does_not_depend_on_the_project_folder(styled: Path, tmp_path: Path) -> None:
    copies = [tmp_path / "first" / "stroomkracht", tmp_path / "a" / "much" / "longer" / "path" / "elsewhere"]
    pdfs = []
    for copy in copies:
        shutil.copytree(styled, copy)
        build(copy, formats=("pdf",), jobs=1)
        pdfs.append(copy / "out" / "testkracht" / "association-agreement.en.pdf")
    assert images_in(pdfs[0]) >= 2  # image objects, named by WeasyPrint after their URL
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()
