"""Signed-off documents: approvals, final builds, archival PDF/A-3b, verify and sign."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pikepdf
import pytest

from agreements.build import build

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def signoff(project: Path) -> Path:
    """The small test project with its own short agreement, none of it approved yet."""
    shutil.copytree(DATA / "signoff", project, dirs_exist_ok=True)
    return project


def _approve(cli, project: Path) -> None:
    result = cli("approve", "--all-changed", "--by", "mr. A. de Vries", "--note", "checked", "--project", str(project))
    assert result.exit_code == 0, result.output
    assert "3 clause text(s) approved" in result.output


def test_check_lists_unapproved_then_changed_clauses_with_their_file(signoff: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(signoff)
    result = cli("check", ".")
    assert result.exit_code == 1
    assert "clauses/exit.en.md:4: clause signoff.exit (en): not approved" in result.stderr
    _approve(cli, signoff)
    assert cli("check", ".").exit_code == 0
    ledger = (signoff / "clauses" / "approvals.yaml").read_text(encoding="utf-8")
    assert "signoff.exit:" in ledger and "by: mr. A. de Vries" in ledger

    exit_clause = signoff / "clauses" / "exit.en.md"
    exit_clause.write_text(exit_clause.read_text(encoding="utf-8").replace("may leave", "may at any time leave"))
    result = cli("check", ".")
    assert result.exit_code == 1
    today = dt.date.today().isoformat()
    assert result.stderr.splitlines()[0] == (
        f"clauses/exit.en.md:4: clause signoff.exit (en): changed since approved by mr. A. de Vries on {today};"
        " its version is still 1.0.0"
    )
    lint = cli("lint", ".")
    assert lint.exit_code == 1
    assert "clauses/exit.en.md:4: version-not-bumped: the text changed since mr. A. de Vries approved" in lint.output


def test_whitespace_is_no_change(signoff: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(signoff)
    _approve(cli, signoff)
    clause = signoff / "clauses" / "purpose.en.md"
    clause.write_text(clause.read_text(encoding="utf-8").replace("\n", "  \r\n") + "\n\n", encoding="utf-8")
    assert cli("check", ".").exit_code == 0


def test_a_final_build_refuses_unapproved_clauses_and_writes_nothing(signoff: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(signoff)
    result = cli("build", ".", "--final", "-o", "final")
    assert result.exit_code == 1
    assert "clauses/purpose.en.md:4: clause signoff.purpose (en): not approved" in result.stderr
    assert not (signoff / "final").exists()


@pytest.fixture
def final_build(signoff: Path, cli, tmp_path: Path) -> Path:
    _approve(cli, signoff)
    out = signoff / "final"
    build(signoff, out=out, final=True, formats=("pdf",), jobs=1)
    return out / "testkracht" / "association-agreement.en.pdf"


def test_a_final_pdf_is_archival_pdf_a_3b_with_its_provenance(final_build: Path, signoff: Path) -> None:
    with pikepdf.open(final_build) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "3" and meta["pdfaid:conformance"] == "B"
        assert meta["dc:title"].startswith("Association Agreement")
        assert "en-GB" in str(meta["dc:language"])
        assert str(meta["dc:identifier"]).startswith("sha256:")
        assert meta["xmp:CreatorTool"] == "agreements"
        files = {name: f.get_file().read_bytes() for name, f in pdf.attachments.items()}
        assert pdf.Root.MarkInfo.Marked  # tagged
        assert pdf.check_pdf_syntax() == []  # qpdf finds nothing to repair (a name tree in order, ...)
    entry = json.loads(files["agreements-manifest.json"])
    assert entry["kind"] == "final" and entry["document"] == "association-agreement"
    assert [c["id"] for c in entry["clauses"]] == ["signoff.purpose", "signoff.exit", "signoff.signatures"]
    assert all(c["approval"]["by"] == "mr. A. de Vries" for c in entry["clauses"])
    data = json.loads(files["agreements-data.json"])
    assert data["enterprise"]["name"] == "Testkracht"
    manifest = json.loads((signoff / "final" / "manifest.json").read_text(encoding="utf-8"))
    section = manifest["enterprises"]["testkracht"]
    assert section["outputs"][0]["kind"] == "final"
    assert section["clauses"][0]["approval"]["by"] == "mr. A. de Vries"


def test_a_final_build_is_byte_identical_in_another_process(final_build: Path, signoff: Path, run) -> None:
    again = run("build", str(signoff), "--final", "-o", str(signoff / "again"), env={"TZ": "Asia/Tokyo"})
    assert again.returncode == 0, again.stderr
    assert (signoff / "again" / "testkracht" / "association-agreement.en.pdf").read_bytes() == final_build.read_bytes()


def test_verify_a_fresh_build_then_edited_data_then_a_flipped_byte(final_build: Path, signoff: Path, cli) -> None:
    result = cli("verify", str(final_build), str(signoff))
    assert result.exit_code == 0, result.output
    assert "byte-identical to a fresh build" in result.output and "verified: unchanged" in result.output
    assert "clause signoff.exit (en) 1.0.0 [project]: approved by mr. A. de Vries" in result.output

    flipped = signoff / "flipped.pdf"
    content = bytearray(final_build.read_bytes())
    content[len(content) // 3] ^= 0x01
    flipped.write_bytes(bytes(content))
    result = cli("verify", str(flipped), str(signoff))
    assert result.exit_code == 1
    # depending on where the byte lands, the rebuild differs or the provenance is unreadable
    assert "the PDF was changed after it was built" in result.output or "changed or damaged" in result.output

    data = signoff / "data" / "enterprise.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("notice_days: 60", "notice_days: 90"))
    result = cli("verify", str(final_build), str(signoff))
    assert result.exit_code == 1
    assert "differs from a fresh build" in result.output and "data/enterprise.yaml changed" in result.output


def test_verify_compares_with_the_manifest_of_its_output_folder(final_build: Path, cli) -> None:
    assert "manifest: matches" in cli("verify", str(final_build)).output
    content = bytearray(final_build.read_bytes())
    content[len(content) // 2] ^= 0x01
    final_build.write_bytes(bytes(content))
    result = cli("verify", str(final_build))
    assert result.exit_code == 1
    assert "CHANGED since it was built" in result.output


def test_a_draft_carries_no_provenance(signoff: Path, cli) -> None:
    build(signoff, out=signoff / "draft", formats=("pdf",), jobs=1)
    result = cli("verify", str(signoff / "draft" / "testkracht" / "association-agreement.en.pdf"))
    assert result.exit_code == 1
    assert "no provenance embedded; only a final build" in result.stderr


def _test_key(folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate and PKCS#12 key (never committed)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test Signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "signer.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer", key, cert, None, serialization.BestAvailableEncryption(b"s3cret")
        )
    )
    pem = folder / "signer.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


def test_sign_then_verify_and_a_changed_byte_breaks_the_signature(final_build: Path, tmp_path: Path, cli) -> None:
    p12, pem = _test_key(tmp_path)
    (tmp_path / "pass").write_text("s3cret\n")
    result = cli("sign", str(final_build), "--key", str(p12), "--passphrase-file", str(tmp_path / "pass"))
    assert result.exit_code == 0, result.output
    signed = final_build.with_name("association-agreement.en.signed.pdf")
    assert signed.is_file()
    result = cli("verify", str(signed), "--trust", str(pem))
    assert result.exit_code == 0, result.output
    assert (
        "signature of Common Name: Test Signer" in result.output
        and "intact, covers the whole document; trusted" in result.output
    )
    assert "manifest: matches" in result.output  # the signed revision is the built PDF

    content = bytearray(signed.read_bytes())
    content[len(content) // 4] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(content))
    result = cli("verify", str(broken), "--trust", str(pem))
    assert result.exit_code == 1
    assert "INVALID: the signed content was changed" in result.output


def test_sign_with_a_wrong_passphrase_is_a_clear_error(final_build: Path, tmp_path: Path, cli) -> None:
    p12, _ = _test_key(tmp_path)
    (tmp_path / "pass").write_text("wrong\n")
    result = cli("sign", str(final_build), "--key", str(p12), "--passphrase-file", str(tmp_path / "pass"))
    assert result.exit_code == 1
    assert "the passphrase right?" in result.stderr
