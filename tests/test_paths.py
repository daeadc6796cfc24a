"""Clauses, templates and layout files are read only from inside the project, the folders
agreements.toml names and the built-in library, after following symlinks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agreements.render.pdf import FolderFetcher
from agreements.resources import templates_dir

DATA = Path(__file__).resolve().parent / "data"
SECRET = "SECRET-CONTENT-OUTSIDE-THE-PROJECT"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project that must never be read."""
    path = tmp_path / "outside" / "secret.md"
    path.parent.mkdir()
    path.write_text(f"---\nid: association.purpose\ntitle: {SECRET}\nversion: 1.0.0\n---\n{SECRET}\n")
    return path


def _config(project: Path, extra: str) -> None:
    config = project / "agreements.toml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")


def _build(cli, project: Path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(project)
    return cli("build", ".", "-o", "out", "--format", "html")


def test_a_template_linked_to_a_file_outside_is_refused(project: Path, secret: Path, cli, monkeypatch) -> None:
    link = project / "templates" / "association-agreement" / "document.html.j2"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"templates/association-agreement/document.html.j2: a link to '{secret.resolve()}', outside the project "
        "and the folders agreements.toml names; copy the file into the project instead"
    ]
    assert not (project / "out").exists()


def test_a_link_to_etc_passwd_is_refused_also_by_validate(project: Path, cli, monkeypatch) -> None:
    link = project / "templates" / "statutes" / "outline.yaml"  # validate reads it to check 'entrenched'
    link.parent.mkdir(parents=True)
    link.symlink_to("/etc/passwd")
    monkeypatch.chdir(project)
    result = cli("validate", ".")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/statutes/outline.yaml: a link to '/etc/passwd', outside the project")
    assert "root:" not in result.output


def test_a_clause_linked_to_a_file_outside_is_refused(project: Path, secret: Path, cli, monkeypatch) -> None:
    (project / "clauses").mkdir()
    (project / "clauses" / "purpose.en.md").symlink_to(secret)
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 1
    assert f"clauses/purpose.en.md: a link to '{secret.resolve()}', outside the project" in result.stderr
    assert SECRET not in result.output


def test_a_templates_folder_that_is_a_link_out_of_the_project_is_refused(
    project: Path, tmp_path: Path, cli, monkeypatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(templates_dir(), elsewhere)
    (project / "templates").symlink_to(elsewhere)
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"templates: a link to '{elsewhere.resolve()}', outside the project")


def test_a_link_inside_the_project_is_followed(project: Path, cli, monkeypatch) -> None:
    (project / "shared").mkdir()
    shared = project / "shared" / "purpose.en.md"
    shared.write_text("---\nid: association.purpose\ntitle: Purpose\nversion: 1.0.0\n---\nSHARED-PURPOSE\n")
    (project / "clauses").mkdir()
    (project / "clauses" / "purpose.en.md").symlink_to(shared)
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "SHARED-PURPOSE" in (project / "out" / "testkracht" / "association-agreement.en.html").read_text()


@pytest.mark.parametrize("key", ["template_paths", "clause_paths"])
def test_an_absolute_folder_in_agreements_toml_is_refused(key: str, project: Path, cli, monkeypatch) -> None:
    _config(project, f'{key} = ["/srv/elsewhere"]\n')
    what = "clause" if key == "clause_paths" else "template"
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"agreements.toml:5:1: {key}[0]: '/srv/elsewhere' is an absolute path; give the {what} folder relative "
        f"to the project folder, e.g. '../firm/{what}s'"
    ]


def test_the_filesystem_root_as_a_clause_library_is_never_walked(project: Path, cli, monkeypatch) -> None:
    _config(project, 'clause_paths = ["/", "../../../../../../../../.."]\n')
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith(
        "clause_paths[0]: '/' is an absolute path; give the clause folder relative to the project "
        "folder, e.g. '../firm/clauses'"
    )
    assert lines[1].endswith(
        "clause_paths[1]: '../../../../../../../../..' holds the project folder itself; name the "
        "clause library's own folder"
    )


def test_a_firm_library_outside_the_project_is_read_only_under_its_folder(
    project: Path, tmp_path: Path, secret: Path, cli, monkeypatch
) -> None:
    firm = tmp_path / "firm" / "clauses"
    shutil.copytree(DATA / "layers" / "firm", firm)
    _config(project, 'clause_paths = ["../firm/clauses"]\n')
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "FIRM-EXIT" in (project / "out" / "testkracht" / "association-agreement.en.html").read_text()

    (firm / "purpose.en.md").symlink_to(secret)  # a link from the firm library to elsewhere
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 1
    assert f"purpose.en.md: a link to '{secret.resolve()}', outside the project" in result.stderr


def test_a_folder_too_large_to_be_a_library_is_refused(project: Path, tmp_path: Path, cli, monkeypatch) -> None:
    big = tmp_path / "big"
    for i in range(101):
        (big / f"d{i}").mkdir(parents=True)
        for j in range(100):
            (big / f"d{i}" / f"f{j}.txt").touch()
    _config(project, 'clause_paths = ["../big"]\n')
    result = _build(cli, project, monkeypatch)
    assert result.exit_code == 1
    assert "big: holds more than 10,000 files and folders; name the library's own folder" in result.stderr


def test_the_pdf_fetcher_follows_links_before_it_decides(tmp_path: Path, secret: Path) -> None:
    allowed = tmp_path / "allowed"
    allowed.mkdir()
    (allowed / "ok.css").write_text("p {}")
    (allowed / "linked.css").symlink_to(secret)
    fetcher = FolderFetcher({"project": allowed})
    assert fetcher.fetch((allowed / "ok.css").as_uri()).read() == b"p {}"
    with pytest.raises(ValueError, match="blocked"):
        fetcher.fetch((allowed / "linked.css").as_uri())
