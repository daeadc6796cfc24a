"""``agreements diff``: two versions of a project -> a redline of one document.

The versions are two project folders, or git revisions of one project, each extracted into
a temporary folder (the user's working tree is never touched). Both are assembled into
Document trees and compared clause by clause (agreements/diff.py); the redline is written
as HTML, PDF (through render/pdf.py) or DOCX with tracked changes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diff import Redline, compare
from .errors import ConfigError, Location, Problem, UsageError, relative
from .plan import DocumentKey
from .tree import Document

FORMATS = ("html", "pdf", "docx")

# --- where the trees, the data and the layout come from ----------------------------------


@dataclass
class Snapshot:
    """One document of one version of a project, and what its redline needs besides."""

    key: DocumentKey  # (enterprise id, document id, agent id or "", language)
    doc: Document
    data: dict[str, Any]  # the project's validated data, as plain values
    effective_date: dt.date


def snapshot(
    project_dir: Path,
    document: str | None = None,
    lang: str | None = None,
    enterprise: str | None = None,
    agent: str | None = None,
) -> Snapshot:
    """Assemble one document of a project; by default its first document, language,
    enterprise and (for a document made per agent) agent."""
    from .build import DOCUMENTS
    from .plan import make_plan
    from .project import load

    loaded = load(project_dir)
    document = document or loaded.config.documents[0]
    lang = lang or loaded.config.languages[0].split("+")[0]
    if document not in DOCUMENTS:
        raise UsageError(f"unknown document '{document}'; expected one of: {', '.join(DOCUMENTS)}")
    plan = make_plan(loaded, [document], [lang], enterprises=[enterprise] if enterprise else (),
                     agents=[agent] if agent else ())  # fmt: skip
    if not plan.outputs:
        raise UsageError(f"no '{document}' ({lang}) in {relative(project_dir)}")
    output = plan.outputs[0]
    return Snapshot(
        (output.enterprise_id, document, output.agent_id, lang),
        output.docs[0],
        loaded.data.model_dump(mode="json"),
        output.effective_date,
    )


# --- git revisions ------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, timeout=120)


@contextmanager
def revision(project_dir: Path, rev: str) -> Iterator[tuple[Path, str]]:
    """The project as it was at ``rev``, extracted into a temporary folder: (folder, label)."""
    where = Location(relative(project_dir))
    top = _git(project_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise ConfigError(problems=[Problem(where, "not in a git repository; --rev needs one")])
    root = Path(top.stdout.decode().strip())
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if commit.returncode != 0:
        raise ConfigError(problems=[Problem(where, f"'{rev}' is not a revision of the git repository at {root}")])
    sha = commit.stdout.decode().strip()
    archive = _git(root, "archive", "--format=tar", sha)
    if archive.returncode != 0:
        raise ConfigError(problems=[Problem(where, f"git archive {rev}: {archive.stderr.decode().strip()}")])
    inside = project_dir.resolve().relative_to(root.resolve())
    with tempfile.TemporaryDirectory(prefix="agreements-rev-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(tmp, filter="data")
        folder = Path(tmp) / inside
        if not (folder / "agreements.toml").is_file():
            raise ConfigError(problems=[Problem(where, f"the project has no agreements.toml at revision '{rev}'")])
        yield folder, f"{rev} ({sha[:10]})"


# --- the comparison -----------------------------------------------------------------------


@dataclass
class Version:
    folder: Path
    label: str


def redline(
    old: Version,
    new: Version,
    document: str | None = None,
    lang: str | None = None,
    enterprise: str | None = None,
    agent: str | None = None,
) -> Redline:
    """Compare one document in one language (by default the new version's first of each)."""
    after = snapshot(new.folder, document, lang, enterprise, agent)
    ent, doc_id, agent_id, lang_id = after.key
    before = snapshot(old.folder, doc_id, lang_id, ent, agent_id or None)
    rl = compare(before.doc, after.doc, old_label=old.label, new_label=new.label, old_data=before.data,
                 new_data=after.data)  # fmt: skip
    rl.effective_date = after.effective_date
    return rl


def change_time(rl: Redline) -> dt.datetime:
    """When the changes were made, as far as the redline says: SOURCE_DATE_EPOCH, else the
    new version's effective date. Never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    assert rl.effective_date is not None
    return dt.datetime.combine(rl.effective_date, dt.time())


def render(rl: Redline, fmt: str, new_folder: Path, *, author: str = "agreements") -> bytes:
    """The redline as the bytes of an .html, .pdf or .docx file."""
    when = change_time(rl)
    if fmt == "docx":
        from .render.redline_docx import render_redline_docx

        return render_redline_docx(rl, author=author, when=when)
    from .render.redline_html import render_redline_html

    dirs = layout_of(new_folder)
    style_dir = next((d for d in dirs if (d / "print.css").is_file()), dirs[-1])
    if fmt == "html":
        css = (style_dir / "print.css").read_text(encoding="utf-8")
        return render_redline_html(rl, dirs, created=when.date().isoformat(), inline_css=css).encode("utf-8")
    if fmt == "pdf":
        from .layout import layout_roots, name_of
        from .render.pdf import write_pdf

        html = render_redline_html(rl, dirs, created=when.date().isoformat())
        epoch = int(when.replace(tzinfo=dt.UTC).timestamp())
        roots = layout_roots(new_folder.resolve(), dirs)
        base = name_of(roots, style_dir)
        assert base is not None  # the style folder is one of the template folders
        pdf, _, _ = write_pdf(html, roots=roots, base=base, epoch=epoch)
        return pdf
    raise UsageError(f"unknown format '{fmt}'; expected one of: {', '.join(FORMATS)}")


def layout_of(project_dir: Path) -> list[Path]:
    """The template folders a project renders with (its own first, the built-in last)."""
    from .project import load

    return load(project_dir).template_dirs


def summary_lines(rl: Redline) -> list[str]:
    """What the cover page says, as lines for the terminal."""
    from .render.redline_html import clause_list

    c = rl.counts()
    lines = [
        f"{rl.old_label} -> {rl.new_label}: {rl.new.title} ({rl.new.lang})",
        f"{c['added']} added, {c['removed']} removed, {c['changed']} changed, {c['moved']} moved; "
        f"{c['data']} data field(s) changed",
    ]
    lines += [f"  {x['role']:<10} {x['number']:<12} {x['title']}: {x['note']}" for x in clause_list(rl)]
    lines += [f"  data       {d.path}: {d.old if d.old is not None else '-'} -> {d.new or '-'}" for d in rl.data]
    return lines


def write_atomic(path: Path, content: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
