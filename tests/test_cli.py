"""The command-line contract: version, help, exit codes, and no WeasyPrint where none is needed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import agreements


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=False,
    )
    return set(out.stdout.split())


def test_version(cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert agreements.__version__ in result.output


def test_help_does_not_import_weasyprint() -> None:
    mods = _modules_after(
        "from agreements.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "try:\n    main(['build', '--help'])\nexcept SystemExit:\n    pass"
    )
    assert "agreements.cli" in mods
    assert not any(m.startswith("weasyprint") for m in mods)


def test_validate_does_not_import_weasyprint(sample_dir: Path) -> None:
    mods = _modules_after(
        f"from agreements.cli import main\ntry:\n    main(['validate', {str(sample_dir)!r}])\nexcept SystemExit:\n    pass"
    )
    assert "agreements.model" in mods
    assert not any(m.startswith("weasyprint") for m in mods)


def test_importing_the_package_is_light() -> None:
    mods = _modules_after("import agreements")
    assert not any(m.startswith(("weasyprint", "pydantic", "jinja2")) for m in mods)


def test_validate_sample_in_a_fresh_process(sample_dir: Path, run) -> None:
    proc = run("validate", str(sample_dir))
    assert proc.returncode == 0, proc.stderr
    assert "7 Purpose Agents" in proc.stdout


def test_unknown_option_is_usage_error(cli) -> None:
    result = cli("build", "--format", "odt")
    assert result.exit_code == 2


def test_help_lists_the_documents_that_exist(cli) -> None:
    from typing import get_args

    from agreements.cli import DOCUMENTS
    from agreements.config import DocumentId
    from agreements.resources import templates_dir

    assert DOCUMENTS == get_args(DocumentId)
    for document in DOCUMENTS:
        assert (templates_dir() / document / "outline.yaml").is_file(), document
    help_text = cli("build", "--help").output
    assert all(document in help_text for document in DOCUMENTS)


def test_unknown_enterprise_or_agent_is_a_usage_error(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = cli("build", "--enterprise", "nowhere", "--format", "html")
    assert result.exit_code == 2
    assert "no enterprise 'nowhere' in this project; enterprises: testkracht" in result.stderr
    result = cli("build", "--agent", "nobody", "--format", "html")
    assert result.exit_code == 2
    assert "no agent 'nobody' in this project; agents: zoe, daan" in result.stderr


def test_build_from_any_folder_with_default_output(project: Path, tmp_path: Path, run) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = run("build", str(project), "--format", "html", cwd=elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert (project / "out" / "testkracht" / "association-agreement.en.html").is_file()
    assert (project / "out" / "manifest.json").is_file()


def test_final_build_drops_the_draft_mark_but_keeps_the_review_notice(project: Path, cli, monkeypatch) -> None:
    shutil.copytree(Path(__file__).parent / "data" / "signoff", project, dirs_exist_ok=True)
    monkeypatch.chdir(project)
    assert cli("approve", "--all-changed", "--by", "A. Lawyer").exit_code == 0
    assert cli("build", ".", "--format", "html", "--final", "-o", "final").exit_code == 0
    html = (project / "final" / "testkracht" / "association-agreement.en.html").read_text(encoding="utf-8")
    assert 'class="draft-stamp"' not in html and 'content: "DRAFT"' not in html
    assert "Draft for discussion" not in html  # the title page no longer says it is a draft
    assert "A qualified lawyer must check that it fits" in html  # but still asks for a lawyer's review
    assert "take employment and tax advice" in html


def test_side_by_side_in_either_order_from_the_command_line(project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "html", "--lang", "en+nl", "--lang", "nl+en")
    assert result.exit_code == 0, result.output
    assert (project / "out" / "testkracht" / "association-agreement.en+nl.html").is_file()
    assert (project / "out" / "testkracht" / "association-agreement.nl+en.html").is_file()


def test_built_in_files_are_named_wherever_the_engine_is_installed(sample_dir: Path, cli) -> None:
    from agreements.resources import builtin_root

    explained = cli("explain", str(sample_dir), "--document", "association-agreement", "--lang", "en").output
    assert "[built-in:clauses/association/dutch-law/exit.en.md] " in explained
    assert explained.splitlines()[0].endswith("outline built-in:templates/association-agreement/outline.yaml")
    shown = cli("clauses", "show", "association.exit", "--lang", "en").output
    assert "layer:    built-in:clauses/association/dutch-law/exit.en.md" in shown
    assert str(builtin_root()) not in explained + shown


def test_clauses_list_knows_every_document(cli) -> None:
    bad = cli("clauses", "list", "--document", "articles-of-war")
    assert bad.exit_code == 2 and "Invalid value for '--document'" in bad.stderr
    listed = cli("clauses", "list", "--document", "purpose-agent-agreement").output
    assert "purpose_agent.status.dutch_law" in listed and "association.exit" not in listed
    assert "adoption.ratifiers" in cli("clauses", "list", "--document", "adoption-declaration").output


def test_explain_says_which_deed_the_statuten_are_for(sample_dir: Path, cli) -> None:
    amended = cli("explain", str(sample_dir), "--document", "statutes").output.splitlines()[1]
    assert amended.startswith("note: ") and ": company.registration_number is '91374268', so these statuten" in amended
    assert "deed of amendment (akte van statutenwijziging)" in amended
    where = amended.removeprefix("note: ").split(": company.")[0]
    file, line, _ = where.rsplit(":", 2)
    assert file.endswith("samples/stroomkracht/data/enterprise.yaml")
    text = (sample_dir / "data" / "enterprise.yaml").read_text(encoding="utf-8").splitlines()
    assert 'registration_number: "91374268"' in text[int(line) - 1]
    comment = " ".join(row.strip(" #") for row in text[int(line) - 5 : int(line) - 1])
    assert "deed of amendment (akte van statutenwijziging)" in comment  # and the data's comment says so too

    network = sample_dir.parent / "zaadnetwerk"
    new = cli("explain", str(network), "--document", "statutes", "--enterprise", "zaadgoed").output.splitlines()[1]
    assert "registration_number is not given" in new and "deed of incorporation (akte van oprichting)" in new


def test_a_reader_that_stops_reading_is_no_engine_error(cli, monkeypatch) -> None:
    import click

    echo = click.echo

    def gone(message: object = None, err: bool = False, **kwargs: object) -> None:
        if err:
            return echo(message, err=True)
        raise BrokenPipeError(32, "Broken pipe")  # what writing to `| head -1` meets once head is done

    monkeypatch.setattr("click.echo", gone)
    result = cli("clauses", "list")
    assert result.exit_code == 1
    assert "internal error" not in result.output and "Traceback" not in result.output
