"""`agreements sign`: a PAdES signature (pyHanko) in a visible field on the signature page."""

from __future__ import annotations

import io
import logging
import os
import tempfile
from pathlib import Path

from .errors import AgreementsError, relative

FIELD = "Signature"
BOX = (345, 14, 533, 54)  # in the bottom margin of an A4 page, right of the page number


def sign_pdf(pdf: Path, key: Path, *, passphrase: bytes | None, out: Path | None = None) -> Path:
    """Sign ``pdf`` with the PKCS#12 ``key``; write the signed copy (by default NAME.signed.pdf)."""
    from pyhanko import stamp
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    target = out or pdf.with_name(pdf.stem + ".signed.pdf")
    signer = _signer(key, passphrase)
    original = _read(pdf)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(original), strict=False)
        page = _signature_page(original)
        fields.append_signature_field(writer, fields.SigFieldSpec(FIELD, on_page=page, box=BOX))
        meta = signers.PdfSignatureMetadata(
            field_name=FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
        )
        style = stamp.TextStampStyle(  # pyHanko's text, without its logo behind it
            stamp_text="Digitally signed by %(signer)s\nTimestamp: %(ts)s", border_width=1
        )
        signed = signers.PdfSigner(meta, signer, stamp_style=style).sign_pdf(writer).getvalue()
    except Exception as exc:  # noqa: BLE001 - pyHanko's errors on a damaged or unusual PDF
        raise AgreementsError(f"{relative(pdf)}: cannot sign this PDF: {exc}") from None
    _write(target, signed)
    return target


def _signer(key: Path, passphrase: bytes | None):  # type: ignore[no-untyped-def]
    from pyhanko.sign import signers

    if not key.is_file():
        raise AgreementsError(f"{relative(key)}: key file not found")
    quiet = logging.getLogger("pyhanko")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # pyHanko logs a wrong passphrase as an error; we say it ourselves
    try:
        signer = signers.SimpleSigner.load_pkcs12(str(key), passphrase=passphrase)
    except Exception as exc:  # noqa: BLE001 - a wrong passphrase or a file that is not PKCS#12
        raise AgreementsError(f"{relative(key)}: cannot read the key ({exc}); is the passphrase right?") from None
    finally:
        quiet.setLevel(level)
    if signer is None:
        raise AgreementsError(
            f"{relative(key)}: cannot read the key; is it a PKCS#12 (.p12) file and the passphrase right?"
        )
    return signer


def _signature_page(pdf: bytes) -> int:
    """The page of the document's signatures section (the named destination WeasyPrint
    writes for its anchor, which ends in 'signatures'), else the last page."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        pages: dict[tuple[int, int], int] = {page.obj.objgen: n for n, page in enumerate(doc.pages)}
        names = doc.Root.get("/Names")
        dests = names.get("/Dests") if names is not None else None
        if dests is not None:
            for name, dest in pikepdf.NameTree(dests).items():
                if name.endswith("signatures"):
                    target = dest[0] if isinstance(dest, pikepdf.Array) else dest.get("/D", [None])[0]
                    if target is not None and target.objgen in pages:
                        return pages[target.objgen]
        return len(doc.pages) - 1


def _read(pdf: Path) -> bytes:
    try:
        return pdf.read_bytes()
    except OSError as exc:
        raise AgreementsError(f"{relative(pdf)}: cannot read: {exc.strerror}") from None


def _write(target: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
