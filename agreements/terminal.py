"""What the command line shows while it builds: a progress line on a terminal, and a summary.

The progress line is for people watching a terminal: it is drawn on standard error only
when that is a terminal, never in CI (the CI variable set) and never with --quiet. While
the documents are assembled it says so; then, for a build that renders more than one
output, how many documents are done, of how many, and how long the build has taken,
redrawn twice a second. It is wiped before anything else is printed.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import relative

if TYPE_CHECKING:
    from .build import BuildResult

REDRAW_SECONDS = 0.5
BAR = 20


def wanted(quiet: bool, stream: TextIO | None = None) -> bool:
    """Whether to draw progress: on a terminal, outside CI, unless asked to be quiet."""
    stream = stream or sys.stderr
    return not quiet and not os.environ.get("CI") and _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """A progress line: ``[#######.............]  7/30 documents  0:12  stroomkracht/statutes.nl``;
    while the documents are still being assembled, ``assembling the documents  0:04``."""

    def __init__(self, stream: TextIO | None = None, enabled: bool = True):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.total: int | None = None  # known once rendering starts
        self.done = 0
        self.last = ""
        self.start = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self._drawn = False

    def assembling(self) -> None:
        """The build has started: say so until rendering starts (or the build ends)."""
        if self.enabled:
            self._run()

    def begin(self, total: int) -> None:
        """Rendering starts: ``total`` outputs. Nothing is drawn for one output or none."""
        with self._lock:
            self.total = total
        if not self.enabled or total <= 1:
            self.close()
            return
        self._draw()
        self._run()

    def step(self, stem: str) -> None:
        """One more output is rendered."""
        with self._lock:
            self.done += 1
            self.last = stem
        if self._ticker is not None:
            self._draw()

    def say(self, message: str) -> None:
        """A message for the user (another build holds the folder ...), on a line of its own."""
        with self._lock:
            self._wipe()
            self.stream.write(message + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Stop redrawing and wipe the line, so that what follows starts on a clean line."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            self._wipe()

    def line(self) -> str:
        """The progress line as it is drawn now."""
        if self.total is None:
            return f"assembling the documents  {clock(self.elapsed())}"
        filled = BAR * self.done // self.total if self.total else 0
        bar = "#" * filled + "." * (BAR - filled)
        text = f"[{bar}] {self.done:>{len(str(self.total))}}/{self.total} documents  {clock(self.elapsed())}"
        return f"{text}  {self.last}" if self.last else text

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def _run(self) -> None:
        if self._ticker is None and not self._stop.is_set():
            self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)
            self._ticker.start()

    def _tick(self) -> None:
        while not self._stop.wait(REDRAW_SECONDS):
            self._draw()

    def _draw(self) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self.stream.write("\r" + self.line()[:width] + "\x1b[K")
            self.stream.flush()
            self._drawn = True

    def _wipe(self) -> None:
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False


def clock(seconds: float) -> str:
    """0:07, 1:42, 1:02:03."""
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def closing(result: BuildResult, seconds: float, verbose: bool = False) -> list[str]:
    """What a build prints when it is done: with ``verbose`` each file, then the summary, and
    for a draft the blanks it holds."""
    # sorted: the workers finish in any order, the listing never depends on it
    lines = [f"wrote {relative(p)}" for p in sorted(result.written)]
    lines += [f"unchanged {relative(p)}" for p in sorted(result.cached)]
    lines = lines if verbose else []
    lines.append(summary(result.written, result.cached, seconds, result.out_dir, result.pages or None))
    if result.blanks:
        found, values = len(result.blanks), len(set(result.blanks))
        lines.append(
            f"a draft: {found} highlighted blank{'s' if found != 1 else ''} where"
            f" {values} value{'s are' if values != 1 else ' is'} missing from the data"
        )
    return lines


def summary(written: list[Path], cached: list[Path], seconds: float, out_dir: Path, pages: int | None) -> str:
    """``built 12 file(s), 3 unchanged, 184 pages, in 41.2s, into out/``."""
    parts = [f"built {len(written)} file(s)", f"{len(cached)} unchanged"]
    if pages is not None:
        parts.append(f"{pages} page{'s' if pages != 1 else ''}")
    folder = relative(out_dir)
    return ", ".join(parts) + f", in {seconds:.1f}s, into {folder.rstrip('/')}/"
