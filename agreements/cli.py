"""The command line: thin click commands that import the library lazily and map errors.

Exit codes: 0 ok, 1 the user's input is wrong, 2 usage, 130 interrupted. User errors print
``FILE:LINE:COL: field.path: message`` lines, never a traceback (``--debug`` shows one
for engine bugs).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import AgreementsError, relative

DOCUMENTS = ("association-agreement", "statutes", "purpose-agent-agreement", "adoption-declaration")
LANGUAGES = ("en", "nl", "nl+en", "en+nl")


def _reporting(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command; print user errors as located lines and exit 1 (2 for usage)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # a reader that has gone away is met here, not at exit
            return result
        except AgreementsError as exc:
            for line in exc.lines():
                click.echo(line, err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:  # Ctrl-C: pending renders are cancelled, nothing half-written
            click.echo("interrupted", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # the reader stopped reading (`| head`): nothing more to say
            with suppress(OSError, ValueError):  # and nothing more to flush at exit
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception as exc:  # an engine bug: say so, and show the trace only when asked
            if debug:
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}", err=True)
            click.echo("This is a bug in agreements; run again with --debug for the traceback.", err=True)
            sys.exit(3)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="agreements")
@click.option("--debug", is_flag=True, help="Show a traceback for engine errors.")
def main(debug: bool) -> None:
    """Generate legal documents for For-Purpose Enterprises from YAML data."""


# a project folder, or the path of its agreements.toml
project_argument = click.argument("project", default=".", type=click.Path(path_type=Path), required=False)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The enterprise's name, as people use it day to day (default: from FOLDER).")
@click.option("--legal-name", help="The company's registered name (default: the name with B.V., Ltd or CIC).")
@click.option("--form", type=click.Choice(["bv", "ltd", "cic"]), help="bv (a Dutch B.V.; default), ltd or cic.")
@click.option("--seat", help="The statutory seat: a Dutch municipality for a B.V., else the registered office's town.")
@click.option("--language", type=click.Choice(["nl", "en"]), help="The documents' language (default: nl for a B.V.).")
@click.option("--agents", type=click.IntRange(min=1, max=50), help="How many Purpose Agents start it (default: 2).")
@click.option("--sample", metavar="NAME", help="Copy a shipped sample instead: stroomkracht, hedgerow, zaadnetwerk.")
@_reporting
def init(
    folder: Path,
    name: str | None,
    legal_name: str | None,
    form: str | None,
    seat: str | None,
    language: str | None,
    agents: int | None,
    sample: str | None,
) -> None:
    """Start a project in FOLDER: a commented agreements.toml and data files to fill in.

    On a terminal, init asks for what the options do not give; otherwise it takes the
    options and defaults, and never waits for input. Whatever only you know is written as
    a placeholder (a value that starts with "TODO:"), which validate lists with its line.
    """
    from . import scaffold
    from .questions import ask, interactive

    if sample is not None:
        written = scaffold.copy_sample(folder, sample)
    else:
        if interactive():
            name, legal_name, form, seat, language, agents = ask(folder, name, legal_name, form, seat, language, agents)
        given = scaffold.answers(
            folder, name=name, legal_name=legal_name, form=form, seat=seat, language=language, agents=agents
        )
        written = scaffold.init_project(folder, given)
    for path in written:
        click.echo(f"wrote {path}")
    todo = scaffold.placeholder_count(folder)
    where = relative(folder)
    if todo:
        click.echo(f'Next: fill in the {todo} values that start with "TODO:" (agreements validate {where} lists them).')
    else:
        click.echo(f"Next: make the data your own (agreements lint {where} finds what is left of the sample).")
    click.echo(f"Then: agreements build {where}")
    click.echo(f"Editors: {where}/data/agreements.schema.json gives completion and checks (see the README).")


@main.command()
@project_argument
@_reporting
def validate(project: Path) -> None:
    """Check a project's agreements.toml and data files (exit 0 valid, 1 invalid)."""
    from .project import load

    loaded = load(project)
    data = loaded.data
    names = ", ".join(e.name for e in data.all_enterprises())
    click.echo(f"{loaded.project.config_file}: valid: {names}, {len(data.agents)} Purpose Agents")


@main.command()
@project_argument
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Output folder.")
@click.option(
    "--document", "documents", multiple=True, type=click.Choice(DOCUMENTS), help="Document to build (repeatable)."
)
@click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES), help="Language (repeatable).")
@click.option(
    "--format", "formats", multiple=True, type=click.Choice(["pdf", "html", "docx"]), help="Output format (repeatable)."
)
@click.option(
    "--enterprise", "enterprises", multiple=True, metavar="ID", help="Only this enterprise of a network (repeatable)."
)
@click.option(
    "--agent", "agents", multiple=True, metavar="ID", help="Per-agent documents only for this agent (repeatable)."
)
@click.option("--jobs", type=click.IntRange(min=1), help="Parallel render processes (default: cores).")
@click.option(
    "--dask",
    metavar="ADDRESS|local",
    help="Render on a dask.distributed scheduler (tcp://host:8786), or 'local' for a LocalCluster.",
)
@click.option("--final", is_flag=True, help="Final build: no DRAFT mark, no blanks.")
@click.option("--allow-missing", is_flag=True, help="Draft: print a highlighted blank for a missing value.")
@click.option("--strict", is_flag=True, help="Run the lint first; stop on any finding.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every file written or unchanged.")
@click.option(
    "--highlight-data", is_flag=True, help="Draft: mark every value from the data (its data path on hover in HTML)."
)
@_reporting
def build(
    project: Path,
    out: Path | None,
    documents: tuple[str, ...],
    languages: tuple[str, ...],
    formats: tuple[str, ...],
    enterprises: tuple[str, ...],
    agents: tuple[str, ...],
    jobs: int | None,
    dask: str | None,
    final: bool,
    allow_missing: bool,
    strict: bool,
    quiet: bool,
    verbose: bool,
    highlight_data: bool,
) -> None:
    """Build a project's documents into PDF (and HTML, DOCX).

    On a terminal, a progress line shows the documents done, of how many, and the time
    taken (not in CI, or with --quiet); a summary closes the build: files written and
    unchanged, pages, time and the output folder.
    """
    from .build import build as run_build
    from .terminal import Progress, closing, wanted

    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    start = time.perf_counter()
    progress = Progress(enabled=wanted(quiet))
    progress.assembling()
    try:
        result = run_build(
            project,
            out=out,
            documents=documents,
            languages=languages,
            formats=formats or ("pdf",),
            enterprises=enterprises,
            agents=agents,
            jobs=jobs,
            dask=dask,
            final=final,
            allow_missing=allow_missing,
            strict=strict,
            highlight_data=highlight_data,
            progress=progress.step,
            notify=progress.say,
            on_plan=progress.begin,
        )
    finally:
        progress.close()
    if not quiet:
        for line in closing(result, time.perf_counter() - start, verbose):
            click.echo(line)


@main.command()
@_reporting
def schema() -> None:
    """Print the JSON Schema of a data file (draft 2020-12), for editors and other tools.

    Save it next to the data files as agreements.schema.json and start each file with
    "# yaml-language-server: $schema=agreements.schema.json" (init does both).
    """
    from .schema import dumps

    click.echo(dumps(), nl=False)


@main.command()
@project_argument
@click.option("--document", "documents", multiple=True, type=click.Choice(DOCUMENTS), help="Document (repeatable).")
@click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES), help="Language (repeatable).")
@click.option(
    "--enterprise", "enterprises", multiple=True, metavar="ID", help="Only this enterprise of a network (repeatable)."
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Report format.")
@_reporting
def lint(
    project: Path,
    documents: tuple[str, ...],
    languages: tuple[str, ...],
    enterprises: tuple[str, ...],
    strict: bool,
    fmt: str,
) -> None:
    """Drafting rules over every document: terms, references, translations, variables."""
    from .lint import lint_project
    from .project import load

    loaded = load(project)
    report = lint_project(
        loaded,
        list(documents) or list(loaded.config.documents),
        list(languages) or list(loaded.config.languages),
        enterprises,
    )
    if fmt == "json":
        click.echo(report.json())
    else:
        for line in report.lines():
            click.echo(line)
        errors = sum(f.severity == "error" for f in report.findings)
        click.echo(f"{errors} error(s), {len(report.findings) - errors} warning(s)", err=True)
    if report.failed(strict):
        sys.exit(1)


@main.command()
@project_argument
@click.option("--document", required=True, type=click.Choice(DOCUMENTS), help="The document to explain.")
@click.option("--lang", default=None, type=click.Choice(["en", "nl"]), help="Language (default: the project's first).")
@click.option("--enterprise", metavar="ID", help="Whose document, in a network (default: the first enterprise).")
@click.option("--agent", metavar="ID", help="Whose per-agent document (default: the enterprise's first agent).")
@_reporting
def explain(project: Path, document: str, lang: str | None, enterprise: str | None, agent: str | None) -> None:
    """Every clause of a document: where it comes from and why it is in or out."""
    from .explain import explain as run_explain
    from .project import load

    loaded = load(project)
    language = lang or loaded.config.languages[0].split("+")[0]
    for line in run_explain(loaded, document, language, enterprise, agent):
        click.echo(line)


@main.command()
@click.argument("old", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.argument("new", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--rev", "revs", multiple=True, metavar="REV",
              help="A git revision of the project: twice (old, new), or once (against the working tree).")  # fmt: skip
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the redline to this file.")
@click.option(
    "--document", type=click.Choice(DOCUMENTS), help="The document to compare (default: the project's first)."
)
@click.option("--lang", type=click.Choice(["en", "nl"]), help="The language (default: the project's first).")
@click.option("--enterprise", metavar="ID", help="The enterprise, in a network project (default: the first).")
@click.option("--agent", metavar="ID", help="The agent, for a document made per agent (default: the first).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf", "docx"]),
              help="Redline format (default: from the file name, else html).")  # fmt: skip
@click.option("--author", default="agreements", show_default=True, help="Author of the tracked changes (docx).")
@click.option("--exit-code", is_flag=True, help="Exit 1 when the versions differ (for CI).")
@_reporting
def diff(
    old: Path | None,
    new: Path | None,
    revs: tuple[str, ...],
    out: Path | None,
    document: str | None,
    lang: str | None,
    enterprise: str | None,
    agent: str | None,
    fmt: str | None,
    author: str,
    exit_code: bool,
) -> None:
    """Redline of a document between two versions of a project.

    OLD and NEW are project folders; or, with --rev, OLD is the project folder (default:
    the current folder) and the revisions are compared (one --rev: against its working tree).
    The summary goes to the terminal; -o writes the redline (html, pdf, or docx with tracked
    changes). Exit 0 either way, unless --exit-code.
    """
    from contextlib import ExitStack

    from .errors import UsageError
    from .redline import Version, redline, render, revision, summary_lines, write_atomic

    if len(revs) > 2:
        raise UsageError("--rev is given at most twice: the old and the new revision")
    if revs and new is not None:
        raise UsageError("with --rev, give one project folder (or none, for the current folder)")
    if not revs and (old is None or new is None):
        raise UsageError("give two project folders, OLD and NEW, or --rev (see agreements diff --help)")
    fmt = fmt or (
        out.suffix.lstrip(".").lower() if out and out.suffix.lower() in (".html", ".pdf", ".docx") else "html"
    )
    with ExitStack() as stack:
        if revs:
            project = old or Path(".")
            folder, label = stack.enter_context(revision(project, revs[0]))
            before = Version(folder, label)
            if len(revs) == 2:
                folder, label = stack.enter_context(revision(project, revs[1]))
                after = Version(folder, label)
            else:
                after = Version(project, "working tree")
        else:
            assert old is not None and new is not None
            before, after = Version(old, str(old)), Version(new, str(new))
        result = redline(before, after, document, lang, enterprise, agent)
        for line in summary_lines(result):
            click.echo(line)
        if out is not None:
            write_atomic(out, render(result, fmt, after.folder, author=author))
            click.echo(f"wrote {relative(out)}")
    if exit_code and result.differs:
        sys.exit(1)


@main.command()
@project_argument
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to serve on (default: this machine only)."
)
@click.option("--document", "documents", multiple=True, type=click.Choice(DOCUMENTS), help="Document (repeatable).")
@click.option("--lang", "languages", multiple=True, type=click.Choice(LANGUAGES), help="Language (repeatable).")
@click.option(
    "--enterprise", "enterprises", multiple=True, metavar="ID", help="Only this enterprise of a network (repeatable)."
)
@click.option(
    "--agent", "agents", multiple=True, metavar="ID", help="Per-agent documents only for this agent (repeatable)."
)
@click.option(
    "--highlight-data/--no-highlight-data",
    default=True,
    show_default=True,
    help="Mark every value from the data, with its data path on hover.",
)
@click.option("--allow-missing", is_flag=True, help="Print a highlighted blank for a missing value.")
@_reporting
def watch(
    project: Path,
    port: int,
    host: str,
    documents: tuple[str, ...],
    languages: tuple[str, ...],
    enterprises: tuple[str, ...],
    agents: tuple[str, ...],
    highlight_data: bool,
    allow_missing: bool,
) -> None:
    """Live preview: serve the project's documents as HTML on http://127.0.0.1:PORT/ and
    rebuild what a change to data, clauses, outlines or templates touches; open pages
    reload by themselves. Ctrl-C stops it."""
    from .watch import serve

    serve(
        project,
        host=host,
        port=port,
        documents=documents,
        languages=languages,
        enterprises=enterprises,
        agents=agents,
        highlight=highlight_data,
        allow_missing=allow_missing,
        notify=click.echo,
        problem=lambda line: click.echo(line, err=True),
    )


@main.group()
def clauses() -> None:
    """Browse the clause library and copy clauses into a project to customise them."""


@clauses.command("list")
@project_argument
@click.option("--document", type=click.Choice(DOCUMENTS), help="Only the clauses of this document.")
@click.option("--lang", type=click.Choice(["en", "nl"]), help="Only this language.")
@_reporting
def clauses_list(project: Path, document: str | None, lang: str | None) -> None:
    """Id, title, version and the layer that wins, for every clause."""
    from .library_commands import list_clauses

    for line in list_clauses(project, document, lang):
        click.echo(line)


@clauses.command("show")
@click.argument("clause_id")
@project_argument
@click.option("--lang", type=click.Choice(["en", "nl"]), help="Only this language.")
@_reporting
def clauses_show(clause_id: str, project: Path, lang: str | None) -> None:
    """A clause's front matter and body, its layer, and the documents that use it."""
    from .library_commands import show_clause

    click.echo(show_clause(project, clause_id, lang))


@clauses.command("eject")
@click.argument("clause_id")
@project_argument
@_reporting
def clauses_eject(clause_id: str, project: Path) -> None:
    """Copy a built-in clause (every language) into the project's clauses/ to edit it.

    Given a document id (association-agreement, statutes, articles), copy its outline into
    the project's templates/ so that clauses can be added, dropped or reordered.
    """
    from .library_commands import eject_clause

    for path in eject_clause(project, clause_id):
        click.echo(f"wrote {path}")


@clauses.command("status")
@project_argument
@_reporting
def clauses_status(project: Path) -> None:
    """Every clause the project overrides, and whether the lower layer's text (the built-in
    one) changed since it was ejected."""
    from .library_commands import clause_status

    for line in clause_status(project):
        click.echo(line)


@clauses.command("diff")
@click.argument("clause_id")
@project_argument
@click.option("--lang", type=click.Choice(["en", "nl"]), help="Only this language.")
@click.option("--format", "fmt", type=click.Choice(["text", "html"]), default="text", show_default=True,
              help="Word diff for the terminal, or an HTML page.")  # fmt: skip
@_reporting
def clauses_diff(clause_id: str, project: Path, lang: str | None, fmt: str) -> None:
    """A word diff of the project's copy of a clause against the layer below it (the built-in
    text): words the copy deletes show as [-...-], words it inserts as {+...+}."""
    from .library_commands import clause_diff

    colours = {"delete": "red", "insert": "green"}

    def style(text: str, op: str) -> str:
        return click.style(text, fg=colours[op]) if op in colours else text

    for line in clause_diff(project, clause_id, lang, fmt, style):
        click.echo(line)


@main.command()
@click.argument("clause_ids", metavar="[ID]...", nargs=-1)
@click.option("--by", "by", required=True, help="Who approves: the lawyer's name.")
@click.option("--note", help="What was checked, or why.")
@click.option("--all-changed", is_flag=True, help="Every clause text in use that is not approved yet.")
@click.option(
    "--project",
    type=click.Path(path_type=Path),
    default=".",
    show_default=True,
    help="The project whose clauses to approve (its folder, or its agreements.toml).",
)
@click.option(
    "--library",
    type=click.Path(file_okay=False, path_type=Path),
    help="Approve the clauses of this clause library folder instead (a firm's, or the built-in one).",
)
@_reporting
def approve(
    clause_ids: tuple[str, ...], by: str, note: str | None, all_changed: bool, project: Path, library: Path | None
) -> None:
    """Record a lawyer's approval of the current text of clauses (every language of each)."""
    if not clause_ids and not all_changed:
        raise click.UsageError("name the clauses to approve, or give --all-changed")
    if library is not None:
        from .signoff import approve_in_library

        lines = approve_in_library(library, list(clause_ids), all_changed=all_changed, by=by, note=note)
    else:
        from .project import load
        from .signoff import approve_in_project

        lines = approve_in_project(load(project), list(clause_ids), all_changed=all_changed, by=by, note=note)
    for line in lines:
        click.echo(line)
    click.echo(
        f"{len(lines)} clause text(s) approved" if lines else "nothing to approve: every clause text is approved"
    )


@main.command()
@project_argument
@_reporting
def check(project: Path) -> None:
    """List the clause texts the documents use that are unapproved or changed (exit 1 if any)."""
    from .project import load
    from .signoff import check as run_check

    problems = run_check(load(project))
    for status in problems:
        click.echo(status.line(), err=True)
    if problems:
        click.echo(f"{len(problems)} clause text(s) need a lawyer's approval (agreements approve)", err=True)
        sys.exit(1)
    click.echo("every clause text in use is approved")


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("project", type=click.Path(path_type=Path), required=False)
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A certificate (PEM or DER) to trust as a signer's root (repeatable).",
)
@_reporting
def verify(pdf: Path, project: Path | None, trust: tuple[Path, ...]) -> None:
    """What produced a final PDF, whether it changed, who signed it (exit 0 unchanged, 1 not).

    With PROJECT, rebuild the document from it and compare bytes, naming what changed.
    """
    from .verify import verify as run_verify

    report = run_verify(pdf, project, list(trust))
    for line in report.lines:
        click.echo(line)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("pdf", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--key", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PKCS#12 (.p12) key.")
@click.option(
    "--passphrase-file", type=click.Path(dir_okay=False, path_type=Path), help="File holding the key's passphrase."
)
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path), help="Signed copy (default: NAME.signed.pdf)."
)
@_reporting
def sign(pdf: Path, key: Path, passphrase_file: Path | None, out: Path | None) -> None:
    """Sign a PDF (PAdES, pyHanko) in a visible field on its signature page."""
    from .errors import AgreementsError
    from .sign import sign_pdf

    passphrase = None
    if passphrase_file is not None:
        try:
            passphrase = passphrase_file.read_bytes().rstrip(b"\r\n")
        except OSError as exc:
            raise AgreementsError(f"{passphrase_file}: cannot read: {exc.strerror}") from None
    target = sign_pdf(pdf, key, passphrase=passphrase, out=out)
    click.echo(f"signed {relative(target)}")
