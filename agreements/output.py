"""The output folder: checked before anything is rendered, locked while a build uses it,
written all or nothing.

- ``check`` finds, before any rendering, a file where a folder must go, a folder where a
  file must go, and a folder that cannot be written.
- ``locked`` holds an exclusive lock (``OUT/.agreements.lock``) from reading the previous
  manifest to writing the new one, so two builds into one folder never lose each other's
  manifest sections; it says when it waits, and clears the leftovers of a killed build.
- ``write`` writes every output and the new manifest to temporary files first (a full disk
  then changes nothing), takes the entries of the outputs about to change out of the
  manifest, renames the outputs into place, and renames the new manifest last. A build
  killed at any point leaves a manifest that lists only files it matches.
"""

from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .cache import NAME as CACHE
from .errors import Location, OutputError, Problem, relative
from .manifest import NAME as MANIFEST

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows: builds into one folder are then not serialised
    fcntl = None  # type: ignore[assignment]

LOCK = ".agreements.lock"
_LEFTOVER = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")  # .NAME.XXXXXXXX.tmp, as _stage makes them


class OutputFolder:
    def __init__(self, path: Path):
        self.path = Path(path)

    # --- before rendering -----------------------------------------------------------------

    def check(self, files: Iterable[str]) -> None:
        """Every problem that would stop these files (paths under the folder) being written."""
        problems: dict[Path, str] = {}
        existing = self.path
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            problems[existing] = _FILE_IN_THE_WAY
        elif not _writable(existing):
            problems[existing] = _READ_ONLY
        else:
            for rel in [*files, MANIFEST, LOCK]:
                target = self.path / rel
                for folder in reversed(target.relative_to(self.path).parents[:-1]):
                    path = self.path / folder
                    if path.is_dir():
                        if not _writable(path):
                            problems.setdefault(path, _READ_ONLY)
                    elif path.exists():
                        problems.setdefault(path, _FILE_IN_THE_WAY)
                        break
                else:
                    if target.is_dir():
                        problems.setdefault(
                            target,
                            f"a folder is in the way: the build writes the file '{target.name}' here; move the folder away",
                        )
        if problems:
            raise OutputError(problems=[Problem(Location(relative(p)), m) for p, m in problems.items()])

    # --- while writing --------------------------------------------------------------------

    @contextmanager
    def locked(self, notify: Callable[[str], None] | None = None) -> Iterator[None]:
        """Hold the folder's lock; clear what a killed build left behind."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise _failed(self.path, exc) from None
        try:
            if fcntl is not None:
                self._lock(fd, notify)
            self.remove_leftovers()
            yield
        finally:
            os.close(fd)  # releases the lock

    def _lock(self, fd: int, notify: Callable[[str], None] | None) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if notify:
                notify(
                    f"waiting for another build to finish writing to {relative(self.path)} "
                    f"(it holds {relative(self.path / LOCK)})"
                )
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # a file system without locks (some network mounts): carry on
            if notify:
                notify(f"cannot lock {relative(self.path / LOCK)} ({exc.strerror}); building without the lock")

    def remove_if_empty(self) -> None:
        """Remove the folder when it holds nothing but the lock (a build that failed made it)."""
        try:
            if [p.name for p in self.path.iterdir()] == [LOCK]:
                (self.path / LOCK).unlink()
                self.path.rmdir()
        except OSError:
            pass

    def remove_leftovers(self) -> list[Path]:
        """Delete the temporary files of a build that was killed before it could."""
        removed = []
        for folder, _, names in os.walk(self.path):
            for name in names:
                if _LEFTOVER.match(name):
                    path = Path(folder) / name
                    try:
                        path.unlink()
                        removed.append(path)
                    except OSError:
                        pass
        return removed

    def write(
        self, files: dict[str, bytes], manifest: bytes, interim: bytes | None, cache: bytes | None = None
    ) -> None:
        """Write ``files`` and then ``manifest``; ``interim`` (the manifest without the
        entries of the files about to be replaced) goes in first, when given."""
        staging = Staging(self.path)
        try:
            for rel, content in files.items():
                staging.add(rel, content)
            self.commit(staging, manifest, interim, cache)
        finally:
            staging.discard()

    def commit(self, staging: Staging, manifest: bytes, interim: bytes | None, cache: bytes | None = None) -> None:
        """Put the staged outputs in place, then the cache file, then ``manifest`` (after
        ``interim``, when given, which no longer lists the outputs about to be replaced)."""
        target, replacing = self.path, False
        try:
            target = self.path / MANIFEST
            staging.add(MANIFEST, manifest, last=True)
            if cache is not None:
                target = self.path / CACHE
                staging.add(CACHE, cache, last=False)
            if interim is not None:
                target = self.path / MANIFEST
                os.replace(_stage(target, interim), target)
            replacing = True
            while staging.staged:  # the outputs, the cache file, then the manifest
                target, tmp = staging.staged[0]
                if len(staging.staged) > 1:
                    os.replace(tmp, target)
                else:
                    self._publish_manifest(target, tmp)
                staging.staged.pop(0)
        except OSError as exc:
            raise _failed(target, exc, replacing) from None
        finally:
            staging.discard()

    def _publish_manifest(self, target: Path, tmp: str) -> None:
        os.replace(tmp, target)


class Staging:
    """Outputs written to temporary files beside their targets as they are made; renamed into
    place only by ``OutputFolder.commit``, and removed by ``discard`` otherwise."""

    def __init__(self, path: Path):
        self.path = path
        self.staged: list[tuple[Path, str]] = []

    def add(self, rel: str, content: bytes, last: bool | None = None) -> None:
        """Stage ``content`` for ``rel``; ``last`` puts it at the end (the manifest), ``False``
        just before the end (the cache file)."""
        target = self.path / rel
        try:
            entry = (target, _stage(target, content))
        except OSError as exc:
            if last is None:
                raise _failed(target, exc) from None
            raise
        if last is False and self.staged:
            self.staged.insert(len(self.staged) - 1, entry)
        else:
            self.staged.append(entry)

    def discard(self) -> None:
        for _, tmp in self.staged:
            Path(tmp).unlink(missing_ok=True)
        self.staged.clear()


_FILE_IN_THE_WAY = (
    "a file is in the way: the build needs a folder here; move the file away or build into another folder (-o)"
)
_READ_ONLY = "the folder is read-only; make it writable or build into another folder (-o)"


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _stage(target: Path, content: bytes) -> str:
    """Write ``content`` to a new temporary file beside ``target``; return its path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        _write_bytes(fd, content)
        os.chmod(tmp, 0o666 & ~_umask())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _write_bytes(fd: int, content: bytes) -> None:
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _failed(path: Path, exc: OSError, replacing: bool = False) -> OutputError:
    """A located message for an OSError met while writing outputs."""
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the file system is read-only",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENOTDIR: "a file is in the way where a folder must be",
        errno.EISDIR: "a folder is in the way where a file must be",
        errno.EEXIST: "a file is in the way where a folder must be",
    }
    reason = reasons.get(exc.errno or 0, exc.strerror or str(exc))
    if replacing:
        after = (
            "some outputs were replaced; the manifest lists only those it matches, and the next build redoes the rest"
        )
    else:
        after = "the previous outputs and manifest are as they were"
    return OutputError(problems=[Problem(Location(relative(path)), f"cannot write: {reason}; {after}")])
