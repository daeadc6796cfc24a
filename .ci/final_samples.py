"""CI: every sample builds as a final, signed-off document set, twice, byte for byte.

For each samples/*/agreements.toml: a final build (which refuses clause texts that are not
approved, naming their files), `agreements verify` on every PDF, and a structural check of
each PDF with pikepdf (qpdf), including its PDF/A-3b identification and its attachments.
Then a second final build in another process and folder, which must give the same bytes:
of part of each sample, holding every kind of document and language between them (see
SECOND: the rest is the same code on more data, and CI has twenty minutes; that a build's
manifest comes out the same twice, in other folders, time zones and locales, is
tests/test_pdf.py's to check).
"""

from __future__ import annotations

import filecmp
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parents[1]
AGREEMENTS = [sys.executable, "-m", "agreements"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*AGREEMENTS, *args], capture_output=True, text=True, cwd=ROOT)


def fail(message: str, proc: subprocess.CompletedProcess | None = None) -> None:
    print(f"FAIL: {message}", file=sys.stderr)
    if proc is not None:
        sys.stderr.write(proc.stdout + proc.stderr)
    sys.exit(1)


def check_pdf(path: Path) -> None:
    with pikepdf.open(path) as pdf:
        problems = pdf.check_pdf_syntax()
        if problems:
            fail(f"{path}: {problems}")
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "3" or meta.get("pdfaid:conformance") != "B":
            fail(f"{path}: not identified as PDF/A-3b")
        if {"agreements-manifest.json", "agreements-data.json"} - set(pdf.attachments):
            fail(f"{path}: its provenance is not attached")


# What is built a second time: every Dutch document of Stroomkracht (the statuten among them),
# and of the others a part that holds each kind of document and the other languages.
SECOND = {
    "stroomkracht": ["--lang", "nl"],
    "hedgerow": ["--lang", "en+nl", "--agent", "kwame"],
    "zaadnetwerk": ["--enterprise", "seedwise", "--lang", "en", "--agent", "lotte"],
}


def files_in(folder: Path) -> list[Path]:
    """The outputs and the manifest; not the engine's own dot-files (its cache)."""
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))


def main() -> None:
    from agreements.verify import verify

    samples = sorted(p.parent for p in (ROOT / "samples").glob("*/agreements.toml"))
    with tempfile.TemporaryDirectory(prefix="agreements-final-") as tmp:
        for sample in samples:
            start = time.perf_counter()
            first, second = Path(tmp) / sample.name / "first", Path(tmp) / sample.name / "second"
            proc = run("build", str(sample), "--final", "-o", str(first))
            if proc.returncode != 0:
                fail(f"the final build of {sample.name} was refused (approve the clauses it names)", proc)
            files = files_in(first)
            pdfs = [first / rel for rel in files if rel.suffix == ".pdf"]
            for pdf in pdfs:
                check_pdf(pdf)
                report = verify(pdf)
                if not report.ok or "verified: unchanged" not in report.lines:
                    fail(f"verify {pdf.relative_to(first)} ({sample.name}):\n" + "\n".join(report.lines))
            proc = run("verify", str(pdfs[0]))  # once as a user runs it
            if proc.returncode != 0 or "verified: unchanged" not in proc.stdout:
                fail(f"agreements verify {pdfs[0].relative_to(first)} ({sample.name})", proc)
            proc = run("build", str(sample), "--final", "-o", str(second), *SECOND.get(sample.name, []))
            if proc.returncode != 0:
                fail(f"the second final build of {sample.name} failed", proc)
            again = files_in(second)
            whole = sample.name not in SECOND  # then the manifests must match too
            outputs = [rel for rel in again if whole or rel.name != "manifest.json"]
            if not set(outputs) <= set(files) or not outputs:
                fail(f"{sample.name}: the second final build wrote other files: {sorted(set(outputs) - set(files))}")
            for rel in outputs:
                if not filecmp.cmp(first / rel, second / rel, shallow=False):
                    fail(f"{sample.name}: {rel} differs between two final builds")
            print(
                f"{sample.name}: {len(pdfs)} final PDFs, verified, PDF/A-3b; {len(outputs)} of them"
                f" byte-identical in a second build ({time.perf_counter() - start:.0f} s)",
                flush=True,
            )


if __name__ == "__main__":
    main()
