"""CI: every sample builds as a final, signed-off document set, twice, byte for byte.

For each samples/*/agreements.toml: a final build (which refuses clause texts that are not
approved, naming their files), a second final build in another process and folder that
must give the same bytes, `agreements verify` on every PDF, and a structural check of each
PDF with pikepdf (qpdf), including its PDF/A-3b identification.
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


def main() -> None:
    samples = sorted(p.parent for p in (ROOT / "samples").glob("*/agreements.toml"))
    with tempfile.TemporaryDirectory(prefix="agreements-final-") as tmp:
        for sample in samples:
            start = time.perf_counter()
            first, second = Path(tmp) / sample.name / "first", Path(tmp) / sample.name / "second"
            proc = run("build", str(sample), "--final", "-o", str(first))
            if proc.returncode != 0:
                fail(f"the final build of {sample.name} was refused (approve the clauses it names)", proc)
            proc = run("build", str(sample), "--final", "-o", str(second), "--jobs", "1")
            if proc.returncode != 0:
                fail(f"the second final build of {sample.name} failed", proc)
            files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
            if files != sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file()):
                fail(f"{sample.name}: the two final builds wrote different files")
            for rel in files:
                if not filecmp.cmp(first / rel, second / rel, shallow=False):
                    fail(f"{sample.name}: {rel} differs between two final builds")
            pdfs = [first / rel for rel in files if rel.suffix == ".pdf"]
            for pdf in pdfs:
                check_pdf(pdf)
                proc = run("verify", str(pdf))
                if proc.returncode != 0 or "verified: unchanged" not in proc.stdout:
                    fail(f"verify {pdf.relative_to(first)} ({sample.name})", proc)
            print(
                f"{sample.name}: {len(pdfs)} final PDFs, byte-identical twice, verified, PDF/A-3b"
                f" ({time.perf_counter() - start:.0f} s)"
            )


if __name__ == "__main__":
    main()
