"""HTML -> PDF with WeasyPrint: the only module that imports it.

Reproducible: fontTools' subset timestamps come from SOURCE_DATE_EPOCH (set from the
document's date), the PDF identifier is a hash of the input, and the creation date is the
``dcterms.created`` meta of the HTML. Resources load only from allowed folders.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import SubElement, fromstring, tostring

import weasyprint
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration

if TYPE_CHECKING:
    from ..jobs import Archival


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


def write_pdf(html: str, *, base_dir: Path, allowed: list[Path], epoch: int, archival: Archival | None = None) -> bytes:
    """Lay out ``html`` (relative URLs resolve against ``base_dir``) and return the PDF bytes."""
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    fetcher = FolderFetcher([base_dir, *allowed])
    fonts = FontConfiguration()
    with _source_date_epoch(epoch):
        document = weasyprint.HTML(string=html, base_url=base_dir.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=fonts
        )
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
                for name, description, content in archival.attachments
            ]
            _add_to_xmp(document.metadata, archival)
            pdf = document.write_pdf(
                pdf_identifier=identifier, pdf_variant="pdf/a-3b", pdf_tags=True, attachments=attachments
            )
    assert pdf is not None
    return pdf


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


def versions() -> dict[str, str]:
    """WeasyPrint and Pango versions, recorded in the manifest (byte identity depends on both)."""
    from weasyprint.text.ffi import harfbuzz_subset, pango

    n = pango.pango_version()  # e.g. 15012 for 1.50.12
    return {
        "weasyprint": weasyprint.__version__,
        "pango": f"{n // 10000}.{n // 100 % 100}.{n % 100}",
        "font_subsetter": "harfbuzz" if harfbuzz_subset is not None else "fonttools",
    }
