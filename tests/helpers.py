"""Small helpers shared by the tests."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """The PDF's text with hyphenation undone and whitespace collapsed."""
    return normalise("\n".join(page.extract_text() or "" for page in PdfReader(path).pages))


def page_texts(path: Path) -> list[str]:
    """Each page's text, normalised like pdf_text."""
    return [normalise(page.extract_text() or "") for page in PdfReader(path).pages]


def normalise(text: str) -> str:
    text = text.replace("\xa0", " ")
    text = re.sub(r"[\u2010\u00ad]\s*\n\s*", "", text)  # a word hyphenated at the line end
    text = re.sub(r"-\s*\n\s*", "-", text)  # a hyphenated name broken after its hyphen
    return re.sub(r"\s+", " ", text)
