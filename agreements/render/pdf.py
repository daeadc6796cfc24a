"""HTML -> PDF with WeasyPrint: the only module that imports it (with pdf_parts.py, which lays
out a long document in parts and joins them).

Reproducible: fontTools' subset timestamps come from SOURCE_DATE_EPOCH (set from the
document's date), the PDF identifier is a hash of the input, and the creation date is the
``dcterms.created`` meta of the HTML. Resources load only from the layout's named folders
(agreements/layout.py), by URLs that do not hold the project's path, so the same project
gives the same bytes in any folder; every file loaded is reported with its sha256.
"""

from __future__ import annotations

from .libraries import import_quickly  # isort: skip

import_quickly("weasyprint")  # its C libraries found without compiler runs (libraries.py), before the imports below

import datetime as dt
import gc
import hashlib
import io
import mimetypes
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Literal
from xml.etree.ElementTree import SubElement, fromstring, tostring

import weasyprint
from weasyprint.pdf.fonts import Font
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration

from ..layout import Roots, name_of_url, path_of, url_of
from ..stack import SUBSETTERS, Subsetter
from . import parts as parts_module
from .leaders import draw_leaders_as_one_run
from .parts import css_numbers, split

if TYPE_CHECKING:
    from ..jobs import Archival

Loaded = dict[str, str | None]  # layout name -> sha256 of the file served (None: not there)


class _Response(weasyprint.urls.URLFetcherResponse):
    @property
    def path(self) -> None:
        """No path on disk: WeasyPrint then keeps what was served instead of reading the file again."""
        return None


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
draw_leaders_as_one_run()


_subsetter: Subsetter = "fonttools"  # the one write_pdf was asked for


def _subset(self: Font, to_unicode: dict, hinting: bool) -> None:
    """Subset an embedded font with the subsetter the build chose, never by what is installed.

    WeasyPrint 70 takes HarfBuzz whenever libharfbuzz-subset happens to be on the system,
    and fontTools otherwise; the two give different bytes. fontTools is the default: it is
    a pinned Python dependency, so every machine subsets alike.
    """
    if not to_unicode:
        return
    if _subsetter == "harfbuzz":
        self._harfbuzz_subset(to_unicode, hinting)
    else:
        _fonttools_subset(self, to_unicode, hinting)


def _fonttools_subset(font: Font, to_unicode: dict, hinting: bool) -> None:
    """WeasyPrint's own fontTools subsetting, keeping the font's bounding box and dates as
    they are (HarfBuzz does too): recomputing the box for the subset changes how some PDF
    viewers rasterise large bold text, and the date would otherwise come from the clock."""
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    options = subset.Options(
        retain_gids=True,
        passthrough_tables=True,
        ignore_missing_glyphs=True,
        hinting=hinting,
        desubroutinize=True,
        notdef_outline=bool(font.missing),
    )
    options.drop_tables += ["GSUB", "GPOS", "SVG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=to_unicode)
    try:
        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, recalcBBoxes=False, recalcTimestamp=False)
        subsetter.subset(ttfont)
    except TTLibError:
        return  # as WeasyPrint does: the whole font is embedded
    optimized = io.BytesIO()
    ttfont.save(optimized)
    font.file_content = optimized.getvalue()


Font.subset = _subset  # type: ignore[method-assign]


def harfbuzz_available() -> bool:
    """Whether HarfBuzz can subset fonts here (libharfbuzz-subset, HarfBuzz 4.1 or later)."""
    return harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))


class FolderFetcher(weasyprint.URLFetcher):
    """Serves files under the layout's named folders and nothing else: no network.

    ``loaded`` records every file asked for, with the sha256 of what was served.
    """

    def __init__(self, roots: Roots, stylesheets: Callable[[str], str] | None = None):
        super().__init__(allowed_protocols=["file"], allow_redirects=False, timeout=1)
        self.roots = roots
        self.loaded: Loaded = {}
        self.stylesheets = stylesheets  # rewrites a stylesheet's text (a part of a long document's)

    def fetch(self, url: str, headers: dict | None = None) -> weasyprint.urls.URLFetcherResponse:
        name = name_of_url(self.roots, url.split("?")[0].split("#")[0])
        path = path_of(self.roots, name) if name else None
        if name is None or path is None:
            raise ValueError(f"blocked resource outside the project: {url}")
        try:
            content = path.read_bytes()
        except OSError:
            self.loaded[name] = None
            raise
        self.loaded[name] = hashlib.sha256(content).hexdigest()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if self.stylesheets is not None and kind == "text/css":
            content = self.stylesheets(content.decode("utf-8")).encode("utf-8")
        return _Response(url_of(name), content, {"Content-Type": kind})


_left_over = False  # a render's garbage not collected yet (see _without_gc)


@contextmanager
def _without_gc() -> Iterator[None]:
    """No garbage collection while WeasyPrint lays out and writes (it makes millions of
    short-lived objects that reference counting frees anyway). What a render leaves is then
    frozen (gc.freeze), or the first collection after re-enabling would go through all of it;
    it is unfrozen and collected once, before the next render in the same process, so that
    the last (or only) document of a process is not kept waiting for a collection nobody
    needs."""
    global _left_over
    enabled = gc.isenabled()
    if _left_over:
        gc.unfreeze()
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        _left_over = True
        gc.freeze()  # re-enabled, the collector would otherwise go through all of it at once
        if enabled:
            gc.enable()


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


def write_pdf(
    html: str,
    *,
    roots: Roots,
    base: str,
    epoch: int,
    archival: Archival | None = None,
    subsetter: Subsetter = "fonttools",
    split_at: int | None | Literal["default"] = "default",
) -> tuple[bytes, Loaded, int]:
    """Lay out ``html`` (relative URLs resolve against the layout folder ``base``); a final
    document's ``archival`` makes it PDF/A-3b with its provenance attached. ``subsetter``
    subsets the embedded fonts: ``fonttools`` (the default) or ``harfbuzz``.

    A document of ``split_at`` characters or more (default: parts.SPLIT_AT) is laid out in
    parts, one at a time, so that memory is that of its largest part
    (agreements/render/parts.py); None: always whole.

    Returns the PDF's bytes, the files the layout loaded and the number of pages.
    """
    global _subsetter
    if subsetter not in SUBSETTERS:
        raise ValueError(f"unknown font subsetter {subsetter!r}")
    if subsetter == "harfbuzz" and not harfbuzz_available():
        raise RuntimeError("HarfBuzz cannot subset fonts here: install libharfbuzz-subset (HarfBuzz 4.1 or later)")
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    _subsetter = subsetter
    loaded: Loaded = {}

    def render(text: str, stylesheets: Callable[[str], str] | None = None):  # type: ignore[no-untyped-def]
        fetcher = FolderFetcher(roots, stylesheets)
        document = weasyprint.HTML(string=text, base_url=url_of(base) + "/", url_fetcher=fetcher).render(
            font_config=FontConfiguration()
        )
        loaded.update(fetcher.loaded)
        return document

    def write(document, part: int = 0) -> bytes:  # type: ignore[no-untyped-def]
        if archival is None:
            pdf = document.write_pdf(pdf_identifier=identifier)
        else:
            when = dt.datetime.fromtimestamp(epoch, dt.UTC)
            attachments = [
                weasyprint.Attachment(
                    string=content,
                    name=name,
                    description=description,
                    created=when,
                    modified=when,
                    relationship="Source",
                )
                for name, description, content in sorted(archival.attachments)  # a name tree is sorted
            ]
            if part == 0:
                _add_to_xmp(document.metadata, archival)
            pdf = document.write_pdf(
                pdf_identifier=identifier,
                pdf_variant="pdf/a-3b",
                pdf_tags=True,
                attachments=attachments if part == 0 else None,
            )
        assert pdf is not None
        return pdf

    if split_at == "default":
        split_at = parts_module.SPLIT_AT
    parts = split(html, split_at) if split_at is not None else None
    with _source_date_epoch(epoch), _without_gc():
        if parts is not None:
            from .pdf_parts import LayoutDiverged, lay_out_in_parts  # pikepdf, for long documents only

            try:
                pdf, pages = lay_out_in_parts(
                    parts, lambda text, total: render(text, partial(css_numbers, total=total)), write
                )
                return pdf, dict(sorted(loaded.items())), pages
            except LayoutDiverged:
                loaded.clear()
        document = render(html)
        pdf = write(document)
        pages = len(document.pages)
    return pdf, dict(sorted(loaded.items())), pages


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_DC = "http://purl.org/dc/elements/1.1/"


def _add_to_xmp(metadata: DocumentMetadata, archival: Archival) -> None:
    """Add dc:language and dc:identifier to the one RDF description WeasyPrint writes."""
    generate = metadata.generate_rdf_metadata

    def with_ours(variant, version, conformance):  # type: ignore[no-untyped-def]
        rdf = fromstring(generate(variant, version, conformance))
        description = SubElement(rdf, f"{{{_RDF}}}Description", {f"{{{_RDF}}}about": ""})
        bag = SubElement(SubElement(description, f"{{{_DC}}}language"), f"{{{_RDF}}}Bag")
        SubElement(bag, f"{{{_RDF}}}li").text = archival.language
        SubElement(description, f"{{{_DC}}}identifier").text = archival.identifier
        return tostring(rdf, encoding="utf-8")

    metadata.generate_rdf_metadata = with_ours  # type: ignore[method-assign]


def versions(subsetter: Subsetter = "fonttools") -> dict[str, str]:
    """The versions that decide a PDF's bytes, recorded in the manifest (see agreements/stack.py)."""
    from ..stack import versions as stack_versions

    return stack_versions(subsetter)
