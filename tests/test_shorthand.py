"""The [[Term]] shorthand: the same tree as term(), the same lint, and literal brackets stay literal."""

from __future__ import annotations

from pathlib import Path

from agreements.lint import lint_project
from agreements.project import load
from agreements.tree import TermUse, Text, walk_inlines

from .helpers import render_jobs

FRONT = "---\nid: association.purpose\ntitle: Purpose of the Association\nversion: 9.0.0\n---\n"


def purpose(project: Path, body: str) -> Path:
    path = project / "clauses" / "association" / "purpose.en.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT + body, encoding="utf-8")
    (path.with_name("purpose.nl.md")).write_text(FRONT.replace("Purpose of the Association", "Doel") + body)
    return path


def article(project: Path):
    doc = render_jobs(project, ["association-agreement"], ["en"])[0].doc
    return next(a for a in doc.articles if a.id == "association.purpose")


def test_the_shorthand_gives_the_tree_of_the_long_form(project: Path) -> None:
    long = '1. Each {{ term("Purpose Agent") }} and all {{ term("Purpose Agent", "Purpose Agents") }} serve it.\n'
    short = "1. Each [[Purpose Agent]] and all [[Purpose Agent|Purpose Agents]] serve it.\n"
    purpose(project, long)
    expected = article(project).blocks
    purpose(project, short)
    got = article(project).blocks
    assert got == expected
    uses = [n for n in walk_inlines(got) if isinstance(n, TermUse)]
    assert [(u.term, u.text, u.source.line) for u in uses] == [
        ("Purpose Agent", "", 6),
        ("Purpose Agent", "Purpose Agents", 6),
    ]


def test_brackets_in_jinja_strings_raw_blocks_and_comments_stay_literal(project: Path) -> None:
    purpose(
        project,
        '1. A {{ "[[Purpose Agent]]" }} and {% raw %}[[Company]]{% endraw %} and [[ ]] and [[x|]]{# [[Gone]] #}.\n',
    )
    text = "".join(n.text for n in walk_inlines(article(project).blocks) if isinstance(n, Text))
    assert text == "A [[Purpose Agent]] and [[Company]] and [[ ]] and [[x|]]."
    assert not any(isinstance(n, TermUse) for n in walk_inlines(article(project).blocks))


def test_the_lint_reads_the_shorthand_as_a_term(project: Path) -> None:
    path = purpose(project, "1. The [[Purpose Agent]] serves.\n1. A line.\n   [[Purpose Agnet|agents]] too.\n")
    report = lint_project(load(project), ["association-agreement"], ["en"])
    undefined = [f for f in report.findings if f.rule == "undefined-term"]
    assert [(Path(f.file).resolve(), f.line) for f in undefined] == [(path.resolve(), 8)]
    assert "'Purpose Agnet' is used but never defined" in undefined[0].message
