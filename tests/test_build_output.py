"""A build that shows its work: a progress line on a terminal only, a closing summary, paths
as the user would type them, --quiet and --verbose."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from agreements.terminal import Progress, clock, summary, wanted

TWO_OUTPUTS = ["--format", "html", "--lang", "en", "--lang", "nl"]


class Terminal(io.StringIO):
    """What a terminal would have been sent."""

    def isatty(self) -> bool:
        return True


def build_on_a_terminal(project: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run a build with its standard error on a pseudo-terminal; returns (exit code, stdout, terminal)."""
    import pty

    main, child = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k != "CI"} | (env or {})
    proc = subprocess.Popen(
        [sys.executable, "-m", "agreements", "build", str(project), *args],
        stdout=subprocess.PIPE,
        stderr=child,
        env=environ,
        text=True,
    )
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal is closed once the build has ended
            break
        if not chunk:
            break
        seen += chunk
    out, _ = proc.communicate(timeout=300)
    os.close(main)
    return proc.returncode, out, seen.decode("utf-8", "replace")


def test_progress_is_drawn_on_a_terminal(one_page_project: Path) -> None:
    code, out, terminal = build_on_a_terminal(one_page_project, *TWO_OUTPUTS, "--jobs", "1")
    assert code == 0, terminal
    assert "[##########..........] 1/2 documents" in terminal
    assert "[####################] 2/2 documents" in terminal
    assert terminal.endswith("\r\x1b[K")  # wiped before the summary
    assert re.fullmatch(r"built 2 file\(s\), 0 unchanged, in \d+\.\ds, into .*out/\n", out)


def test_no_progress_in_ci(one_page_project: Path) -> None:
    code, out, terminal = build_on_a_terminal(one_page_project, *TWO_OUTPUTS, env={"CI": "true"})
    assert code == 0
    assert "documents" not in terminal and "\r" not in terminal
    assert out.startswith("built 2 file(s)")


def test_no_progress_when_not_a_terminal(one_page_project: Path, run) -> None:
    proc = run("build", str(one_page_project), *TWO_OUTPUTS)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""  # nothing drawn: standard error is not a terminal
    assert proc.stdout.startswith("built 2 file(s), 0 unchanged, in ")


def test_the_progress_line() -> None:
    screen = Terminal()
    progress = Progress(screen)
    progress.begin(3)
    progress.step("testkracht/association-agreement.en")
    progress.step("testkracht/statutes.en")
    assert progress.line().startswith("[#############.......] 2/3 documents  0:0")
    assert progress.line().endswith("  testkracht/statutes.en")
    progress.close()
    assert "1/3 documents" in screen.getvalue() and screen.getvalue().endswith("\r\x1b[K")


def test_the_line_says_the_documents_are_assembled_until_rendering_starts() -> None:
    screen = Terminal()
    progress = Progress(screen)
    progress.assembling()
    assert progress.line().startswith("assembling the documents  0:0")
    progress.say("waiting for another build to finish writing to out")
    progress.begin(2)
    assert progress.line().startswith("[....................] 0/2 documents")
    progress.close()
    shown = screen.getvalue()
    assert "waiting for another build to finish writing to out\n" in shown  # on a line of its own
    assert shown.endswith("\r\x1b[K")


def test_one_output_draws_nothing() -> None:
    screen = Terminal()
    progress = Progress(screen)
    progress.begin(1)
    progress.step("testkracht/association-agreement.en")
    progress.close()
    assert screen.getvalue() == ""


def test_progress_is_wanted_on_a_terminal_only(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert wanted(False, Terminal())
    assert not wanted(True, Terminal())  # --quiet
    assert not wanted(False, io.StringIO())  # not a terminal
    monkeypatch.setenv("CI", "1")
    assert not wanted(False, Terminal())


def test_the_summary(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    written = [out / "a" / "statutes.nl.pdf", out / "a" / "statutes.en.pdf"]
    line = summary(written, [out / "a" / "x.html"], 41.23, out, 37)
    assert line == "built 2 file(s), 1 unchanged, 37 pages, in 41.2s, into out/"
    assert summary([], [], 0.04, out, None) == "built 0 file(s), 0 unchanged, in 0.0s, into out/"
    assert clock(7) == "0:07" and clock(102) == "1:42" and clock(3723) == "1:02:03"


def test_the_summary_counts_the_pages_written(one_page_project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(one_page_project)
    result = cli("build", "--format", "pdf", "--lang", "en", "--lang", "nl")
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(r"built 2 file\(s\), 0 unchanged, 2 pages, in \d+\.\ds, into out/\n", result.output)
    again = cli("build", "--format", "pdf", "--lang", "en", "--lang", "nl")
    assert again.output.startswith("built 0 file(s), 2 unchanged, in ")  # no pages written, none counted


def test_verbose_lists_each_file_relative_to_the_current_folder(one_page_project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(one_page_project.parent)
    result = cli("build", "project", *TWO_OUTPUTS, "--verbose")
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[:2] == [
        "wrote project/out/testkracht/association-agreement.en.html",
        "wrote project/out/testkracht/association-agreement.nl.html",
    ]
    assert result.output.splitlines()[2].endswith(", into project/out/")
    again = cli("build", "project/agreements.toml", *TWO_OUTPUTS, "-v")  # the project named by its agreements.toml
    assert again.output.splitlines()[0] == "unchanged project/out/testkracht/association-agreement.en.html"


def test_quiet_prints_nothing_but_errors(one_page_project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(one_page_project)
    assert cli("build", *TWO_OUTPUTS, "--quiet").output == ""
    both = cli("build", *TWO_OUTPUTS, "--quiet", "--verbose")
    assert both.exit_code == 2


@pytest.mark.parametrize("command", ["validate", "lint", "explain --document association-agreement", "clauses list"])
def test_a_project_may_be_named_by_its_agreements_toml(command: str, project: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(project.parent)
    result = cli(*command.split(), "project/agreements.toml")
    assert result.exit_code == 0, result.stderr


def test_progress_is_heard_as_each_render_ends_in_worker_processes(tmp_path: Path, monkeypatch) -> None:
    """The second render waits until the build has heard that the first one is done; it is
    told only if the build hears each render as it ends, not once all of them have."""
    from types import SimpleNamespace

    from agreements import workers

    heard_first = tmp_path / "heard-first"

    from agreements.jobs import Options, Result

    def render(loaded: object, spec: SimpleNamespace, options: Options) -> Result:
        if spec.stem == "second":
            for _ in range(600):  # a minute at most, then it reports that it was never told
                if heard_first.exists():
                    break
                threading.Event().wait(0.1)
        return Result(spec.stem, templates=["told"] if heard_first.exists() else [])

    monkeypatch.setattr(workers, "run_spec", render)
    loaded = SimpleNamespace(data=None, checked_library=lambda: None)
    first = SimpleNamespace(stem="first", kind="statutes", lang="en", members=0)  # the longer: it goes first
    second = SimpleNamespace(stem="second", kind="adoption-declaration", lang="en", members=0)
    told = {}
    for result in workers.run(loaded, [(first, ("html",)), (second, ("html",))], Options(("html",)), jobs=2):  # type: ignore[arg-type]
        if result.stem == "first":
            heard_first.touch()  # the build hears of the first render while the second still runs
        told[result.stem] = result.templates == ["told"]
    assert told == {"first": False, "second": True}
