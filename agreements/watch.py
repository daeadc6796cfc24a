"""``agreements watch``: serve a project's documents as HTML, rebuilt as their files change.

The server (http.server, a thread per request) answers the index, every document's page,
the stylesheet and fonts of the layout (from the project's style folder; no other file),
and ``/_events``: server-sent events that give an open page its token after each change, so
that the page reloads itself when it changed. The calling thread watches the project's
folders (watchfiles) and hands each batch of changes to the Preview (agreements/preview.py).
Ctrl-C stops both and frees the port.
"""

from __future__ import annotations

import mimetypes
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import watchfiles

from .config import CONFIG_NAME
from .errors import AgreementsError, relative
from .preview import Preview
from .preview_pages import INDEX, render, token, with_script

LAYOUT_FILES = {".css", ".ttf", ".otf", ".woff", ".woff2", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
SOURCES = {".md", ".yaml", ".yml", ".json", ".toml", ".j2", ".css"}  # files a removal of which is news
HEARTBEAT = 15.0  # seconds between keep-alive comments on an open event stream


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], preview: Preview):
        self.preview = preview
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "agreements-preview"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Requests are not logged: the terminal shows what changed and what was rebuilt."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        preview = self.server.preview
        if path == "/_events":
            self._events(parse_qs(parts.query).get("page", ["/"])[0])
            return
        if path not in INDEX and not path.endswith(".html"):
            asset = _asset(preview, path)
            if asset is not None:
                kind = mimetypes.guess_type(asset.name)[0] or "application/octet-stream"
                self._send(200, asset.read_bytes(), kind)
                return
        status, body = render(preview, path)
        self._send(status, with_script(body, path).encode("utf-8"), "text/html; charset=utf-8")

    def _send(self, status: int, content: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(content)

    def _events(self, page: str) -> None:
        """Tell the page its token now and after every change, until the browser or the server stops."""
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        preview.watching(page, 1)
        try:
            self.wfile.write(b"retry: 1000\n\n")
            seen = None
            while not preview.closed:
                version = preview.version if seen is None else preview.wait(seen, HEARTBEAT)
                if version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(f"data: {token(render(preview, page)[1])}\n\n".encode())
                    seen = version
                self.wfile.flush()
        except OSError:  # the browser went away
            pass
        finally:
            preview.watching(page, -1)


def _asset(preview: Preview, path: str) -> Path | None:
    """The layout file a page asks for (``print.css``, ``fonts/...``), relative to the page's
    folder, from the style folder; only layout files, and only inside the layout's folders."""
    style = preview.style_dir()
    if Path(path).suffix.lower() not in LAYOUT_FILES:
        return None
    pages, _ = preview.listing()
    folders = {"/"} | {p.url.rsplit("/", 1)[0] + "/" for p in pages}
    folder = max((f for f in folders if path.startswith(f)), key=len)
    candidate = (style / path[len(folder) :]).resolve()
    inside = any(candidate.is_relative_to(root.resolve()) for root in preview.allowed())
    return candidate if inside and candidate.is_file() else None


def serve(
    project: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    documents: Iterable[str] = (),
    languages: Iterable[str] = (),
    enterprises: Iterable[str] = (),
    agents: Iterable[str] = (),
    highlight: bool = True,
    allow_missing: bool = False,
    notify: Callable[[str], None] = lambda message: None,
    problem: Callable[[str], None] = lambda line: None,
    stop: threading.Event | None = None,
) -> None:
    """Serve the project's documents until Ctrl-C (or ``stop``); ``notify`` hears what the
    preview does, ``problem`` each line of what stops a build (as the command line prints it)."""
    if not (Path(project) / CONFIG_NAME).is_file():
        from .project import load

        load(project)  # the usual message for a folder that is no project

    def failed(url: str, lines: list[str]) -> None:
        notify(f"{url} cannot be built:")
        for line in lines:
            problem(line)

    preview = Preview(
        project,
        documents=documents,
        languages=languages,
        enterprises=enterprises,
        agents=agents,
        highlight=highlight,
        allow_missing=allow_missing,
        failed=failed,
    )
    preview.reload()
    try:
        server = PreviewServer((host, port), preview)
    except OSError as exc:
        raise AgreementsError(
            f"cannot serve on {host}:{port}: {exc.strerror}; choose another port with --port"
        ) from None
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        shown = f"[{host}]" if ":" in host else host
        notify(f"serving http://{shown}:{server.server_port}/ (Ctrl-C to stop)")
        for line in preview.problem:
            problem(line)
        _watch(preview, notify, problem, stop)
    finally:
        preview.close()
        server.shutdown()
        server.server_close()


def _watch(
    preview: Preview, notify: Callable[[str], None], problem: Callable[[str], None], stop: threading.Event | None
) -> None:
    """Hand each batch of changed files to the preview; watch anew when its folders change."""
    while True:
        folders = preview.folders()
        output = preview.output_folder()
        ignore = [str(output) + os.sep] if output else []
        changes = watchfiles.watch(
            *folders,
            watch_filter=watchfiles.DefaultFilter(ignore_paths=ignore),
            debounce=400,
            step=50,
            stop_event=stop,
            rust_timeout=500,
            yield_on_timeout=False,
        )
        for batch in changes:
            paths = sorted({Path(p) for _, p in batch})
            start = time.perf_counter()
            rebuilt = preview.changed(paths)
            seconds = time.perf_counter() - start
            what = f"changed {_names(paths)}"
            if preview.problem:
                notify(f"{what}: the project cannot be built")
                for line in preview.problem:
                    problem(line)
                continue
            built = sum(not lines for lines in rebuilt.values())  # the others were reported as they failed
            notify(
                f"{what}: {built} open page(s) rebuilt in {seconds:.1f}s"
                if rebuilt
                else f"{what}: no open page changed"
            )
            if preview.folders() != folders:
                break  # a clause or template folder was added or removed: watch the new set
        else:
            return  # stopped


def _names(paths: list[Path]) -> str:
    """The files a user changed (not the folders, nor an editor's temporary files), briefly."""
    named = [p for p in paths if p.is_file() or p.suffix in SOURCES] or paths
    shown = ", ".join(relative(p) for p in named[:3])
    return shown + (f" and {len(named) - 3} more" if len(named) > 3 else "")
