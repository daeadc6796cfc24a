"""Compiled clause code kept on disk, so that a process does not compile again what an
earlier one compiled: Jinja's lexing, parsing and code generation are most of the cost of
assembling a document.

An entry is the Python code object of one clause text, stored with ``marshal`` under a key
that covers everything the code depends on: the text, the clause's name and file, the
Python and Jinja versions, and the source of the modules that shape the compiled code
(this package's renderer, sandbox and shorthand). A changed clause or engine never meets
an old entry. The folder is ``$AGREEMENTS_CACHE_DIR``, else ``$XDG_CACHE_HOME/agreements``,
else ``~/.cache/agreements``; ``AGREEMENTS_CACHE_DIR=off`` turns the cache off. Anything
wrong with the folder or an entry (missing, unreadable, read-only, corrupt) only means the
text is compiled again: the cache never changes what a document says.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path
from types import CodeType

import jinja2

_SHAPING = ("render.py", "sandbox.py", "shorthand.py", "code_cache.py")
_engine: str | None = None


def folder() -> Path | None:
    """Where entries go, or None when the cache is off."""
    chosen = os.environ.get("AGREEMENTS_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen) / "clauses"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "agreements" / "clauses"


def _engine_digest() -> str:
    global _engine
    if _engine is None:
        h = hashlib.sha256(f"{sys.version}\0{jinja2.__version__}\0".encode())
        here = Path(__file__).parent
        for name in _SHAPING:
            h.update((here / name).read_bytes())
        _engine = h.hexdigest()
    return _engine


def key(name: str, filename: str, source: str) -> str:
    h = hashlib.sha256(_engine_digest().encode())
    for part in (name, filename, source):
        h.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def load(entry: str) -> CodeType | None:
    where = folder()
    if where is None:
        return None
    try:
        code = marshal.loads((where / f"{entry}.bin").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def store(entry: str, code: CodeType) -> None:
    where = folder()
    if where is None:
        return
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(code))
            os.replace(tmp, where / f"{entry}.bin")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
