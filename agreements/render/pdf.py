"""HTML -> PDF with WeasyPrint: the only module that imports it.

Reproducible: fontTools' subset timestamps come from SOURCE_DATE_EPOCH (set from the
document's date), the PDF identifier is a hash of the input, and the creation date is the
``dcterms.created`` meta of the HTML. Resources load only from allowed folders.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration


def _fit_text_that_overflows_only_by_its_trailing_space() -> None:
    """Keep a text that fits but for its trailing space on the line, instead of hyphenating it.

    WeasyPrint 70 measures a text box with its trailing space; when only that space overflows,
    Pango keeps the text on one line, WeasyPrint judges it too wide and hyphenates its first
    word, so a justified line ends after a few words ("by writ-" / "ten notice ..."). A
    trailing space hangs at the end of a line, so such a text fits: lay it out whole and let
    the inline layout, which discounts trailing space, place what follows.
    """
    from weasyprint.layout import inline

    original = inline.split_first_line

    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):  # type: ignore[no-untyped-def]
        result = original(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if max_width is None or result[2] is None or not text.endswith(" ") or style["white_space"] != "normal":
            return result
        stripped = original(text.rstrip(" "), style, context, max_width, justification_spacing, is_line_start, minimum)
        if stripped[2] is not None:
            return result  # the words themselves do not fit: the split stands
        return original(text, style, context, None, justification_spacing, is_line_start, minimum)

    inline.split_first_line = split_first_line


_fit_text_that_overflows_only_by_its_trailing_space()


class FolderFetcher(weasyprint.URLFetcher):
    """Serves ``file:`` URLs under the allowed folders and nothing else: no network."""

    def __init__(self, allowed: list[Path]):
        super().__init__(allowed_protocols=["file"], allow_redirects=False, timeout=1)
        self.allowed = [p.resolve() for p in allowed]

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"blocked resource outside the project: {url}")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed):
            raise ValueError(f"blocked resource outside the project: {url}")
        return super().fetch(url, headers)


@contextmanager
def _source_date_epoch(epoch: int):
    """fontTools stamps font subsets with this time instead of the clock."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def write_pdf(html: str, *, base_dir: Path, allowed: list[Path], epoch: int) -> bytes:
    """Lay out ``html`` (relative URLs resolve against ``base_dir``) and return the PDF bytes."""
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    fetcher = FolderFetcher([base_dir, *allowed])
    fonts = FontConfiguration()
    with _source_date_epoch(epoch):
        document = weasyprint.HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts
        )
        pdf = document.write_pdf(pdf_identifier=identifier)
    assert pdf is not None
    return pdf


def versions() -> dict[str, str]:
    """WeasyPrint and Pango versions, recorded in the manifest (byte identity depends on both)."""
    from weasyprint.text.ffi import harfbuzz_subset, pango

    n = pango.pango_version()  # e.g. 15012 for 1.50.12
    return {
        "weasyprint": weasyprint.__version__,
        "pango": f"{n // 10000}.{n // 100 % 100}.{n % 100}",
        "font_subsetter": "harfbuzz" if harfbuzz_subset is not None else "fonttools",
    }
