"""agreements diff: the redline of two versions of a project, compared on the trees.

The two versions are tests/data/redline (see its README): an article added early (the later
ones renumbered), one moved, one removed, one reworded, and a focus share changed in the data.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn

from agreements.diff import compare
from agreements.redline import Version, layout_of, redline, snapshot
from agreements.render.redline_html import render_redline_html
from agreements.resources import templates_dir

from .conftest import DATA
from .helpers import pdf_text
from .libreoffice import text_lines


def make_version(root: Path, name: str) -> Path:
    folder = root / name
    shutil.copytree(DATA / "good", folder)
    shutil.copytree(DATA / "redline" / "base", folder, dirs_exist_ok=True)
    shutil.copytree(DATA / "redline" / name, folder, dirs_exist_ok=True)
    if name == "new":
        agents = folder / "data" / "agents.yaml"
        text = agents.read_text(encoding="utf-8")
        assert "{enterprise: testkracht, focus: 60" in text
        agents.write_text(text.replace("{enterprise: testkracht, focus: 60", "{enterprise: testkracht, focus: 50"))
    return folder


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    return make_version(tmp_path, "old"), make_version(tmp_path, "new")


@pytest.fixture
def result(versions):
    old, new = versions
    return redline(Version(old, "old"), Version(new, "new"))


def roles(rl) -> dict[str, str]:
    return {c.article.id: c.role for c in rl.articles if c.role != "moved-away"}


def test_redline_html_snapshot(result, versions, snapshot_html) -> None:
    html = render_redline_html(result, layout_of(versions[1]), created="2027-03-01")
    assert html == snapshot_html


def test_renumbering_alone_is_no_change(result) -> None:
    """redline.meetings is new and comes second: the articles after it have new numbers, and
    references to them print new numbers, but their text did not change."""
    assert roles(result)["redline.meetings"] == "added"
    renumbered = [c for c in result.articles if c.old and c.new and c.old.number != c.new.number]
    assert {c.article.id for c in renumbered} >= {"redline.purpose", "redline.commitments"}
    assert roles(result)["redline.purpose"] == "unchanged"
    definitions = next(c for c in result.articles if c.article.id == "redline.definitions")
    # "as amended under clause 4" became "clause 6": the same clause, so unchanged
    assert definitions.role == "unchanged"
    assert all(u.op == "equal" for u in definitions.units)


def test_an_insertion_alone_changes_nothing_else(project: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    shutil.copytree(project, old)
    outline = yaml.safe_load((templates_dir() / "association-agreement" / "outline.yaml").read_text())
    outline["articles"].insert(1, "extra.clause")
    (project / "templates" / "association-agreement").mkdir(parents=True)
    (project / "templates" / "association-agreement" / "outline.yaml").write_text(yaml.safe_dump(outline))
    (project / "clauses").mkdir()
    (project / "clauses" / "extra.en.md").write_text(
        "---\nid: extra.clause\ntitle: Extra\nversion: 1.0.0\n---\n1. New.\n"
    )
    rl = redline(Version(old, "old"), Version(project, "new"))
    assert rl.counts() == {"added": 1, "removed": 0, "changed": 0, "moved": 0, "data": 0}
    assert [c.article.id for c in rl.articles if c.role != "unchanged"] == ["extra.clause"]
    assert sum(c.old is not None and c.old.number != c.new.number for c in rl.articles if c.new) > 5


def test_a_moved_clause_shows_as_moved(result, versions) -> None:
    moved = [c for c in result.articles if c.role == "moved"]
    assert [c.article.id for c in moved] == ["redline.general"]
    assert moved[0].old.number == "6" and moved[0].new.number == "5"
    away = [c for c in result.articles if c.role == "moved-away"]
    assert [c.article.id for c in away] == ["redline.general"]
    html = render_redline_html(result, layout_of(versions[1]), created="2027-03-01")
    assert "Moved from clause 6" in html and "Moved to clause 5" in html
    assert roles(result)["redline.notices"] == "removed"
    assert roles(result)["redline.exit"] == "changed"


def test_a_changed_focus_share_is_a_data_change(result) -> None:
    assert [(d.path, d.old, d.new) for d in result.data] == [("agents[zoe].commitments[0].focus", "60", "50")]
    register = next(c for c in result.articles if c.article.id == "redline.register")
    assert register.role == "changed"
    rows = [r for u in register.units for r in u.rows if r.op == "change"]
    segments = [
        (s.op, "".join(getattr(n, "text", "") for n in s.inlines)) for r in rows for cell in r.cells for s in cell
    ]
    assert ("delete", "60") in segments and ("insert", "50") in segments
    assert result.counts() == {"added": 1, "removed": 1, "changed": 3, "moved": 1, "data": 1}


def test_the_same_version_has_no_differences(versions) -> None:
    tree = snapshot(versions[0], "association-agreement", "en").doc
    rl = compare(tree, tree, old_label="a", new_label="b", old_data={}, new_data={})
    assert not rl.differs
    assert {c.role for c in rl.articles} == {"unchanged"}


def test_exit_code(versions, run) -> None:
    old, new = versions
    plain = run("diff", str(old), str(new))
    assert plain.returncode == 0, plain.stderr
    assert "1 added, 1 removed, 3 changed, 1 moved; 1 data field(s) changed" in plain.stdout
    assert "agents[zoe].commitments[0].focus: 60 -> 50" in plain.stdout
    assert run("diff", str(old), str(new), "--exit-code").returncode == 1
    same = run("diff", str(old), str(old), "--exit-code")
    assert same.returncode == 0, same.stderr
    assert "0 added, 0 removed, 0 changed, 0 moved; 0 data field(s) changed" in same.stdout


def test_usage_errors(versions, run, tmp_path) -> None:
    old, _ = versions
    one = run("diff", str(old))
    assert one.returncode == 2 and "two project folders" in one.stderr
    missing = run("diff", str(old), str(tmp_path / "nowhere"))
    assert missing.returncode in (1, 2) and "nowhere" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_git_revisions(versions, run, tmp_path) -> None:
    """--rev A --rev B compares two commits; the working tree is left as it was."""
    old, new = versions
    repo = tmp_path / "repo"
    project = repo / "project"
    shutil.copytree(old, project)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "old"], check=True)
    shutil.rmtree(project)
    shutil.copytree(new, project)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "new"], check=True)
    (project / "data" / "agents.yaml").write_text("not: [valid\n")  # an unfinished edit in the working tree
    out = tmp_path / "redline.html"
    result = run("diff", str(project), "--rev", "HEAD~1", "--rev", "HEAD", "-o", str(out), "--exit-code")
    assert result.returncode == 1, result.stderr
    assert "HEAD~1 (" in result.stdout and "1 moved" in result.stdout
    assert "Moved from clause 6" in out.read_text(encoding="utf-8")
    assert (project / "data" / "agents.yaml").read_text() == "not: [valid\n"
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True, check=True)
    assert status.stdout.strip() == "M project/data/agents.yaml"
    bad = run("diff", str(project), "--rev", "no-such-rev", "--rev", "HEAD")
    assert bad.returncode == 1 and "'no-such-rev' is not a revision" in bad.stderr


def test_redline_pdf(versions, run, tmp_path) -> None:
    old, new = versions
    out = tmp_path / "redline.pdf"
    result = run("diff", str(old), str(new), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "Redline" in text and "Moved from clause 6" in text and "1 clauses added" in text
    assert "thirty days'" in text


def tracked(path: Path) -> list:
    body = docx.Document(str(path)).element.body
    return [e for e in body.iter() if e.tag in (qn("w:ins"), qn("w:del"))]


def test_docx_redline_has_tracked_changes(versions, run, tmp_path) -> None:
    old, new = versions
    out = tmp_path / "redline.docx"
    assert run("diff", str(old), str(new), "-o", str(out), "--author", "Mr. Law").returncode == 0
    changes = tracked(out)
    assert {e.tag for e in changes} == {qn("w:ins"), qn("w:del")}
    assert {e.get(qn("w:author")) for e in changes} == {"Mr. Law"}
    assert {e.get(qn("w:date")) for e in changes} == {"2027-03-01T00:00:00Z"}  # the effective date
    deleted = "".join(t.text for e in changes for t in e.iter(qn("w:delText")))
    assert "60" in deleted and "Notices are given by email" in deleted
    epoch = tmp_path / "epoch.docx"
    assert run("diff", str(old), str(new), "-o", str(epoch), env={"SOURCE_DATE_EPOCH": "1800000000"}).returncode == 0
    assert {e.get(qn("w:date")) for e in tracked(epoch)} == {"2027-01-15T08:00:00Z"}
    again = tmp_path / "again.docx"
    assert run("diff", str(old), str(new), "-o", str(again), "--author", "Mr. Law").returncode == 0
    assert again.read_bytes() == out.read_bytes()


def body_from(lines: list[str], first: str) -> list[str]:
    """The text from the first front heading on: what the versions have in common."""
    return lines[lines.index(first) :]


def test_libreoffice_accepts_and_rejects_the_redline(versions, run, tmp_path, libreoffice) -> None:
    """Accepting every change in LibreOffice gives the new version's text, numbers included;
    rejecting every change gives the old one's."""
    old, new = versions
    redline_docx = tmp_path / "redline.docx"
    assert run("diff", str(old), str(new), "-o", str(redline_docx)).returncode == 0
    for version in (old, new):
        assert run("build", str(version), "-o", str(version / "out"), "--format", "docx").returncode == 0
    first = "Parties"  # the first front part: not in the contents, nor on the cover page
    built = [v / "out" / "testkracht" / "association-agreement.en.docx" for v in (new, old)]
    jobs = [(built[0], "txt", "show"), (built[1], "txt", "show")]
    jobs += [(redline_docx, "txt", changes) for changes in ("accept", "reject", "show")]
    as_new, as_old, accepted, rejected, shown = map(text_lines, libreoffice.convert_all(jobs))
    assert body_from(accepted, first) == body_from(as_new, first)
    assert body_from(rejected, first) == body_from(as_old, first)
    assert body_from(accepted, first) != body_from(rejected, first)
    assert "6.1 A Purpose Agent may leave by giving thirty days' written notice to the others." in accepted
    assert "4.1 A Purpose Agent may leave by giving written notice to the others." in rejected
    assert len(shown) > len(accepted)  # with the changes shown, both texts are there
