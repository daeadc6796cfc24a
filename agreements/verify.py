"""`agreements verify`: what produced a PDF, whether it was changed, and who signed it.

A final PDF carries its manifest entry (see provenance.py). verify reads it and reports the
project's inputs, clause versions and approvals; checks the file against the manifest.json
of the output folder it sits in; validates any signature (pyHanko); and, given the project,
rebuilds the document and compares bytes, naming what changed when they differ.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import AgreementsError, relative
from .provenance import DATA_FILE, FORMAT, MANIFEST_FILE


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    ok: bool = True
    checked: bool = False  # compared with something: a manifest, a signature or a rebuild

    def say(self, line: str, checked: bool = False) -> None:
        self.lines.append(line)
        self.checked = self.checked or checked

    def fail(self, line: str) -> None:
        self.lines.append(line)
        self.ok = False


def verify(pdf: Path, project: Path | None = None, trust: list[Path] | None = None) -> Report:
    report = Report()
    name = relative(pdf)
    try:
        content = pdf.read_bytes()
    except OSError as exc:
        raise AgreementsError(f"{name}: cannot read: {exc.strerror}") from None
    original = unsigned_revision(content)
    try:
        entry = read_entry(content, name)
    except AgreementsError as exc:
        if not _is_signed(content):
            raise
        report.fail(str(exc))  # still say what the signature shows
        _signatures(content, trust or [], report)
        report.say("not verified: see above")
        return report
    report.say(f"{name}: {_describe(entry)}")
    for line in _clauses(entry):
        report.say(line)
    _signatures(content, trust or [], report)
    _against_manifest(pdf, original, entry, report)
    if project is not None:
        _against_rebuild(original, entry, project, report)
    if not report.ok:
        report.say("not verified: see above")
    elif report.checked:
        report.say("verified: unchanged")
    else:
        report.say("provenance read; nothing to compare with (give the PROJECT, or keep the manifest.json beside it)")
    return report


def read_entry(content: bytes, name: str) -> dict[str, Any]:
    """The manifest entry embedded in a final PDF; a located error if there is none."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            files = {k: v.get_file().read_bytes() for k, v in pdf.attachments.items()}
    except Exception as exc:  # noqa: BLE001 - qpdf's errors on a damaged file
        reason = re.sub(r"stream <[^>]*> ", "", str(exc))
        raise AgreementsError(
            f"{name}: changed or damaged since it was built: its embedded provenance cannot be read ({reason})"
        ) from None
    if MANIFEST_FILE not in files:
        raise AgreementsError(
            f"{name}: no provenance embedded; only a final build (agreements build --final) carries it"
        )
    try:
        entry = json.loads(files[MANIFEST_FILE])
    except ValueError:
        raise AgreementsError(
            f"{name}: changed or damaged since it was built: its embedded {MANIFEST_FILE} cannot be read"
        ) from None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or DATA_FILE not in files:
        raise AgreementsError(f"{name}: its embedded provenance is not in the format this engine reads")
    return entry


def unsigned_revision(content: bytes) -> bytes:
    """The bytes as built: a signature is an incremental update after the first %%EOF."""
    end = content.find(b"%%EOF")
    if end == -1:
        return content
    end += len(b"%%EOF")
    while end < len(content) and content[end : end + 1] in (b"\r", b"\n"):
        end += 1
    return content[:end]


def _describe(entry: dict[str, Any]) -> str:
    v = entry.get("versions", {})
    who = f" for agent {entry['agent']}" if entry.get("agent") else ""
    return (
        f"{entry.get('kind', '?')} {entry.get('document')} ({entry.get('language')}) of {entry.get('enterprise')}{who},"
        f" built by agreements {v.get('agreements', '?')} with WeasyPrint {v.get('weasyprint', '?')},"
        f" Pango {v.get('pango', '?')}{_subsetter(v)}; inputs: "
        + ", ".join(f"{i['path']} ({i['sha256'][:12]})" for i in entry.get("inputs", []))
    )


def _subsetter(versions: dict[str, Any]) -> str:
    """``, fontTools 4.67.0`` (the font subsetter decides bytes too), when the entry records it."""
    chosen = versions.get("font_subsetter")
    if chosen is None:
        return ""
    name = {"fonttools": "fontTools", "harfbuzz": "HarfBuzz"}.get(str(chosen), str(chosen))
    return f", {name} {versions.get(str(chosen), '?')}"


def _clauses(entry: dict[str, Any]) -> list[str]:
    lines = []
    for c in entry.get("clauses", []):
        approval = c.get("approval")
        who = f"approved by {approval['by']} on {approval['date']}" if approval else "NOT approved"
        lines.append(f"  clause {c['id']} ({c['lang']}) {c['version']} [{c['layer']}]: {who}")
    return lines


def _is_signed(content: bytes) -> bool:
    return b"/ByteRange" in content


def _signatures(content: bytes, trust: list[Path], report: Report) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(io.BytesIO(content), strict=False).embedded_signatures
    except Exception as exc:  # noqa: BLE001
        report.fail(f"  signatures: cannot be read ({exc})")
        return
    if not signatures:
        report.say("  signatures: none")
        return
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = [_certificate(p) for p in trust]
    for sig in signatures:
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
        signer = status.signing_cert.subject.human_friendly
        when = status.signer_reported_dt.isoformat(timespec="seconds") if status.signer_reported_dt else "?"
        trusted = "trusted" if status.trusted else "signer not trusted (give its certificate with --trust)"
        if not status.intact or not status.valid:
            report.fail(f"  signature of {signer} ({when}): INVALID: the signed content was changed")
        elif status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            report.fail(f"  signature of {signer} ({when}): intact, but the document was changed after signing")
        else:
            report.say(f"  signature of {signer} ({when}): intact, covers the whole document; {trusted}", checked=True)


def _certificate(path: Path):  # type: ignore[no-untyped-def]
    from pyhanko.keys import load_cert_from_pemder

    try:
        return load_cert_from_pemder(str(path))
    except Exception as exc:  # noqa: BLE001
        raise AgreementsError(f"{relative(path)}: not a certificate ({exc})") from None


def _against_manifest(pdf: Path, original: bytes, entry: dict[str, Any], report: Report) -> None:
    """Compare with the sha256 the output folder's manifest.json recorded for this output."""
    output = entry.get("output", "")
    folder = pdf.resolve().parent
    for _ in range(len(Path(output).parts) - 1):
        folder = folder.parent
    manifest = folder / "manifest.json"
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report.say("  manifest: no manifest.json beside it to compare with")
        return
    listed = [
        o
        for section in recorded.get("enterprises", {}).values()
        for o in section.get("outputs", [])
        if isinstance(o, dict) and o.get("path") == output
    ]
    if not listed:
        report.say(f"  manifest: {relative(manifest)} does not list {output}")
    elif listed[0].get("sha256") == hashlib.sha256(original).hexdigest():
        report.say(f"  manifest: matches {relative(manifest)}", checked=True)
    else:
        report.fail(f"  manifest: CHANGED since it was built: its sha256 differs from {relative(manifest)}")


def _against_rebuild(original: bytes, entry: dict[str, Any], project: Path, report: Report) -> None:
    """Rebuild the document from the project and compare bytes; name what changed."""
    from .build import build

    with tempfile.TemporaryDirectory(prefix="agreements-verify-") as tmp:
        build(
            project,
            out=Path(tmp),
            documents=[entry["document"]],
            languages=[entry["language"]],
            enterprises=[entry["enterprise"]],
            agents=[entry["agent"]] if entry.get("agent") else [],
            formats=("pdf",),
            final=entry.get("kind") == "final",
            jobs=1,
        )
        fresh = (Path(tmp) / entry["output"]).read_bytes()
    if fresh == original:
        report.say(f"  rebuild: byte-identical to a fresh build from {relative(project)}", checked=True)
        return
    changes = differences(entry, read_entry(fresh, "the fresh build"))
    if changes:
        report.fail(f"  rebuild: differs from a fresh build from {relative(project)}: " + "; ".join(changes))
    else:
        report.fail(
            f"  rebuild: differs from a fresh build from {relative(project)} with the same inputs:"
            " the PDF was changed after it was built"
        )


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two manifest entries: data files, clause texts, layout, engine."""
    out = []
    before = {i["path"]: i["sha256"] for i in old.get("inputs", [])}
    after = {i["path"]: i["sha256"] for i in new.get("inputs", [])}
    for path in sorted(before.keys() | after.keys()):
        if before.get(path) != after.get(path):
            out.append(f"{path} changed" if path in before and path in after else f"{path} added or removed")
    clauses_old = {(c["id"], c["lang"]): c for c in old.get("clauses", [])}
    clauses_new = {(c["id"], c["lang"]): c for c in new.get("clauses", [])}
    for key in sorted(clauses_old.keys() | clauses_new.keys()):
        a, b = clauses_old.get(key), clauses_new.get(key)
        if a is None or b is None:
            out.append(f"clause {key[0]} ({key[1]}) {'added' if a is None else 'removed'}")
        elif a["sha256"] != b["sha256"] or a["version"] != b["version"]:
            out.append(f"clause {key[0]} ({key[1]}) changed ({a['version']} -> {b['version']})")
    if old.get("layout") != new.get("layout"):
        out.append("the templates or their stylesheets, fonts or images changed")
    if old.get("versions") != new.get("versions"):
        out.append(f"the engine changed ({old.get('versions')} -> {new.get('versions')})")
    return out
