"""The live preview: served pages, rebuilt on a change, errors as the command line prints them,
pages that learn of their change, a clean stop, and what Chromium shows."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from agreements.library_commands import eject_clause
from agreements.resources import templates_dir

from .conftest import run_cli

CHROMIUM = Path("/usr/bin/chromium")
DOCUMENT = "/testkracht/association-agreement.en.html"
STATUTES = "/testkracht/statutes.en.html"
PATIENCE = 60.0  # seconds: far more than a rebuild takes, even on a loaded machine


@dataclass
class Watch:
    process: subprocess.Popen
    url: str
    project: Path
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1].strip("/"))

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url.rstrip("/") + path, timeout=PATIENCE) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def page(self, path: str = DOCUMENT) -> str:
        return self.get(path)[1]

    def page_with(self, text: str, path: str = DOCUMENT) -> str | None:
        page = self.page(path)
        return page if text in page else None

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=PATIENCE)
        for reader in self.readers:
            reader.join(timeout=PATIENCE)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
        return code


def until(check: Callable[[], Any], what: str, timeout: float = PATIENCE) -> Any:
    """Poll ``check`` until it gives something true; fail, saying ``what``, after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout:.0f}s: {what}")
        time.sleep(0.1)


def _pump(stream: Any, into: list[str]) -> None:
    for line in stream:
        into.append(line.rstrip("\n"))


def start(project: Path, *args: str) -> Watch:
    process = subprocess.Popen(
        [sys.executable, "-m", "agreements", "watch", ".", "--port", "0", *args],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    watch = Watch(process, "", project)
    for stream, lines in ((process.stdout, watch.stdout), (process.stderr, watch.stderr)):
        reader = threading.Thread(target=_pump, args=(stream, lines), daemon=True)
        reader.start()
        watch.readers.append(reader)
    line = until(lambda: next((s for s in watch.stdout if s.startswith("serving ")), None) or process.poll(), "serving")
    assert isinstance(line, str), f"watch stopped: {watch.stderr}"
    watch.url = re.search(r"http://\S+", line).group()
    return watch


@pytest.fixture
def watched(project: Path) -> Iterator[Watch]:
    """The test project, its purpose clause ejected to edit, served by `agreements watch`."""
    eject_clause(project, "association.purpose")
    watch = start(project, "--document", "association-agreement", "--document", "statutes", "--lang", "en")
    try:
        yield watch
    finally:
        watch.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_preview_serves_the_index_the_documents_and_their_layout(watched: Watch) -> None:
    status, index = watched.get("/")
    assert status == 200
    assert f'<a href="{DOCUMENT}">en</a>' in index and f'<a href="{STATUTES}">en</a>' in index
    assert "Testkracht" in index
    page = watched.page()
    assert '<h1 class="doc-title">Association Agreement</h1>' in page
    assert '<span class="data" title="company.legal_name">Testkracht B.V.</span>' in page  # highlighted by default
    assert '<link rel="stylesheet" href="print.css">' in page and 'new EventSource("/_events' in page
    with urllib.request.urlopen(watched.url + "testkracht/print.css", timeout=PATIENCE) as css:
        assert css.read() == (templates_dir() / "print.css").read_bytes()
    with urllib.request.urlopen(watched.url + "testkracht/fonts/AgreementsSerif-Regular.ttf", timeout=PATIENCE) as font:
        assert font.headers["Content-Type"] == "font/ttf"
        assert font.read() == (templates_dir() / "fonts" / "AgreementsSerif-Regular.ttf").read_bytes()
    assert watched.get("/testkracht/../data/enterprise.yaml")[0] == 404  # only layout files are served
    assert watched.get("/nothing-here.html")[0] == 404


def test_an_edit_shows_then_an_error_as_the_cli_prints_it_then_the_fix(watched: Watch, tmp_path: Path) -> None:
    clause = watched.project / "clauses" / "association" / "purpose.en.md"
    assert "does not hold assets" in watched.page()

    edit(clause, "does not hold assets", "holds no assets of its own")
    until(lambda: "holds no assets of its own" in watched.page(), "the edit in the served page")

    edit(clause, "holds no assets of its own", "holds {{ no assets")
    page = until(lambda: watched.page_with("Cannot build this document"), "the error page")
    cli = run_cli("build", ".", "--format", "html", "-o", str(tmp_path / "out"), cwd=watched.project)
    assert cli.returncode == 1
    lines = cli.stderr.strip().splitlines()
    assert lines and lines[0].startswith("clauses/association/purpose.en.md:")
    shown = html.unescape(re.search(r"<pre>(.*?)</pre>", page, re.S).group(1)).splitlines()
    assert shown == lines  # file, line and message, exactly as the command line prints them
    until(lambda: lines[0] in watched.stderr, "the error in the terminal")
    assert "does not hold assets" not in page  # no stale document

    edit(clause, "holds {{ no assets", "holds nothing")
    page = until(lambda: watched.page_with("holds nothing"), "the fixed document")
    assert "Cannot build this document" not in page


def test_an_open_page_learns_of_its_change_and_another_page_does_not(watched: Watch) -> None:
    """The event stream gives each page its token; only the page whose document changed gets a new one."""
    tokens = {url: re.search(r'var token = "(\w+)"', watched.page(url)).group(1) for url in (DOCUMENT, STATUTES)}
    streams = {url: Events(watched.url, url) for url in (DOCUMENT, STATUTES)}
    try:
        for url, stream in streams.items():
            assert stream.next() == tokens[url]  # what it says at once: the page is current
        edit(watched.project / "clauses" / "association" / "purpose.en.md", "does not hold", "holds no")
        assert streams[DOCUMENT].next() != tokens[DOCUMENT]  # the Association Agreement uses the clause
        assert streams[STATUTES].next() == tokens[STATUTES]  # the statutes do not: told, but unchanged
    finally:
        for stream in streams.values():
            stream.close()


class Events:
    """A client of the server's event stream for one page."""

    def __init__(self, base: str, page: str):
        self.response = urllib.request.urlopen(f"{base}_events?page={page}", timeout=PATIENCE)

    def next(self) -> str:
        while True:
            line = self.response.readline().decode("utf-8")
            assert line, "the event stream ended"
            if line.startswith("data: "):
                return line[len("data: ") :].strip()

    def close(self) -> None:
        self.response.close()


def test_ctrl_c_stops_the_preview_cleanly_and_frees_the_port(project: Path) -> None:
    watch = start(project)
    assert watch.get("/")[0] == 200
    events = Events(watch.url, DOCUMENT)  # an open page must not keep it running
    assert events.next()
    assert watch.stop() == 130
    events.close()
    until(lambda: "interrupted" in watch.stderr, "the message")
    assert not any("Traceback" in line for line in watch.stderr), watch.stderr
    with socket.socket() as again:  # the port is free: a server (the next preview) can listen on it
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        again.bind(("127.0.0.1", watch.port))
        again.listen()


def test_a_usage_error_stops_before_serving(project: Path) -> None:
    result = run_cli("watch", ".", "--port", "0", "--agent", "nobody", cwd=project)
    assert result.returncode == 2
    assert "no agent 'nobody' in this project" in result.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Chromium is not installed (apt-get install chromium)")
def test_the_preview_in_headless_chromium(watched: Watch, tmp_path: Path) -> None:
    from PIL import Image

    profile = tmp_path / "chromium-profile"
    screenshot = tmp_path / "preview.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,2400",
    ]
    url = watched.url.rstrip("/") + DOCUMENT
    dom = subprocess.run([str(CHROMIUM), *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert '<h1 class="doc-title">Association Agreement</h1>' in dom
    # the page's script ran: it connects to the server's events at once ("off" without it)
    assert re.search(r'id="agreements-live" data-state="(connecting|live)"', dom), dom[-2000:]
    shot = subprocess.run([str(CHROMIUM), *flags, f"--screenshot={screenshot}", url], capture_output=True, timeout=120)
    assert shot.returncode == 0 and screenshot.is_file(), shot.stderr
    image = Image.open(screenshot).convert("RGB")
    assert image.size == (1280, 2400)
    colours = dict((colour, n) for n, colour in image.getcolors(maxcolors=1 << 20))
    assert colours.get((232, 232, 228), 0) > 10_000  # the grey around the sheet of paper
    assert colours.get((237, 242, 251), 0) > 500  # the tint of the values from the data
    print(f"screenshot of the preview: {screenshot}")


def test_watching_never_imports_weasyprint(project: Path) -> None:
    code = (
        "import sys\n"
        "from agreements.preview import Preview\n"
        "import agreements.watch, agreements.preview_pages as pages\n"
        f"p = Preview({str(project)!r})\n"
        "p.reload()\n"
        f"status, body = pages.render(p, {DOCUMENT!r})\n"
        "assert status == 200 and 'Testkracht B.V.' in body, body[:500]\n"
        "assert 'weasyprint' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_a_change_rebuilds_what_it_touches(project: Path) -> None:
    from agreements.preview import Preview

    eject_clause(project, "association.purpose")
    preview = Preview(project, documents=["association-agreement", "statutes"], languages=["en"])
    preview.reload()
    for url in (DOCUMENT, STATUTES):
        assert preview.content(url)[0] is not None
    statutes = preview.trees[("testkracht", "statutes", "", "en")]

    clause = project / "clauses" / "association" / "purpose.en.md"
    edit(clause, "does not hold assets", "holds no assets")
    preview.changed([clause])
    assert ("testkracht", "association-agreement", "", "en") not in preview.trees  # stale, built when asked
    assert preview.trees[("testkracht", "statutes", "", "en")] is statutes  # untouched
    assert "holds no assets" in preview.content(DOCUMENT)[0]

    style = project / "templates" / "print.css"
    style.parent.mkdir()
    shutil.copy(templates_dir() / "print.css", style)
    preview.changed([style])
    assert preview.trees[("testkracht", "statutes", "", "en")] is statutes  # a layout change keeps the trees
    assert preview.html == {}

    data = project / "data" / "enterprise.yaml"
    edit(data, "legal_name: Testkracht B.V.", "legal_name: Testkracht Twee B.V.")
    preview.changed([data])
    assert preview.trees == {}
    assert "Testkracht Twee B.V." in preview.content(STATUTES)[0]

    edit(data, "legal_name: Testkracht Twee B.V.", "legal_name: [unclosed")
    preview.changed([data])
    html_, lines = preview.content(STATUTES)
    assert html_ is None
    assert any(re.match(r".*data/enterprise\.yaml:\d+:\d+: ", line) for line in lines), lines
