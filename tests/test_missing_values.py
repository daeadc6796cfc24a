"""Missing values, all at once: a build lists every value the data lacks (data path, clause
file and line) in every document and language, then says how to make a draft anyway; a
draft counts its blanks, and a blank keeps to the punctuation after it."""

from __future__ import annotations

import shutil
from pathlib import Path

from .helpers import unmarked

DATA = Path(__file__).resolve().parent / "data"

EVERY_MISSING_VALUE = [
    "clauses/conflicts.en.md:5: association.conflicts_register: the clause requires"
    " 'association.conflicts_register', which the data does not give",
    "clauses/purpose.en.md:6: company.address: no value for 'company.address' in the data",
    "clauses/purpose.en.md:7: company.address: no value for 'company.address' in the data",
    "clauses/purpose.en.md:7: company.email: no value for 'company.email' in the data",
    "clauses/purpose.en.md:8: company.reserve: no value for 'company.reserve' in the data",
    "clauses/purpose.nl.md:6: company.address: no value for 'company.address' in the data",
    "clauses/purpose.nl.md:7: company.address: no value for 'company.address' in the data",
    "clauses/purpose.nl.md:7: company.email: no value for 'company.email' in the data",
    "clauses/purpose.nl.md:8: company.reserve: no value for 'company.reserve' in the data",
    "4 values missing from the data; `agreements build --allow-missing` makes a draft with a highlighted blank"
    " for each",
]


def test_a_build_lists_every_missing_value_then_says_how_to_draft(project: Path, cli, monkeypatch) -> None:
    shutil.copytree(DATA / "missing-values", project, dirs_exist_ok=True)
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "html", "--lang", "en", "--lang", "nl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == EVERY_MISSING_VALUE
    assert not (project / "out").exists()


def test_a_draft_counts_its_blanks_and_still_reports_other_clause_errors(project: Path, cli, monkeypatch) -> None:
    shutil.copytree(DATA / "missing-values", project, dirs_exist_ok=True)
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "html", "--lang", "en", "--allow-missing")
    assert result.exit_code == 1  # a broken reference is no missing value: the draft is not made
    assert result.stderr.splitlines() == [
        "clauses/conflicts.en.md:7: reference to 'association.nowhere', which is not a clause of this Association"
        " Agreement"
    ]

    conflicts = project / "clauses" / "conflicts.en.md"
    conflicts.write_text(conflicts.read_text().replace(', as {{ ref("association.nowhere") }} says', ""))
    result = cli("build", ".", "--format", "html", "--lang", "en", "--allow-missing")
    assert result.exit_code == 0, result.stderr
    lines = result.output.splitlines()
    assert lines[0].startswith("built 1 file(s), 0 unchanged, in ")
    assert lines[1] == "a draft: 6 highlighted blanks where 4 values are missing from the data"
    html = unmarked((project / "out" / "testkracht" / "association-agreement.en.html").read_text(encoding="utf-8"))
    assert 'in <span class="blank">[association.conflicts_register]</span>' in html  # required, and still drafted


def test_clause_errors_of_every_clause_and_document_are_reported_at_once(project: Path, cli, monkeypatch) -> None:
    clauses = project / "clauses"
    clauses.mkdir()
    front = "---\nid: association.{}\ntitle: {}\nversion: 1.0.0\n---\n"
    (clauses / "conflicts.en.md").write_text(front.format("conflicts", "Conflicts") + "{{ company.nothing.deeper }}\n")
    (clauses / "purpose.en.md").write_text(front.format("purpose", "Purpose") + "{{ 1 / 0 }}\n")
    (clauses / "purpose.nl.md").write_text(front.format("purpose", "Doel") + 'Zie {{ ref("association.nergens") }}.\n')
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "html", "--lang", "en", "--lang", "nl")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "clauses/conflicts.en.md:6: company.nothing: no value for 'company.nothing' in the data",
        "clauses/purpose.en.md:6: division by zero",
        "clauses/purpose.nl.md:6: reference to 'association.nergens', which is not a clause of this"
        " Associatieovereenkomst",
        "1 value missing from the data; `agreements build --allow-missing` makes a draft with a highlighted blank"
        " for each",
    ]


def test_a_blank_keeps_to_the_punctuation_after_it(project: Path, cli, monkeypatch) -> None:
    from pypdf import PdfReader

    shutil.copytree(DATA / "missing-values", project, dirs_exist_ok=True)
    (project / "clauses" / "conflicts.en.md").unlink()
    monkeypatch.chdir(project)
    result = cli("build", ".", "--format", "pdf", "--format", "html", "--allow-missing")
    assert result.exit_code == 0, result.stderr
    html = (project / "out" / "testkracht" / "association-agreement.en.html").read_text(encoding="utf-8")
    assert 'office at <span class="blank">[company.address]</span>.</p>' in html
    pdf = PdfReader(project / "out" / "testkracht" / "association-agreement.en.pdf")
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "has its office at [company.address]." in text
    assert "Notices go to [company.address], or by email to [company.email]." in text
    assert "] ." not in text and "] ," not in text and "] )" not in text
