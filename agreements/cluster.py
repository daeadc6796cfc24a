"""Render jobs on a dask.distributed cluster: the same jobs, the same pure function, the same bytes.

The build sends the project once (its settings, data, clauses, templates and images, and the
firm folders agreements.toml names; not its output folder or hidden folders) to every
worker, which unpacks it into a folder of its own and loads it there; then each job is one
output (an OutputSpec and the formats to make). The results come back to the build, which
checks and writes them exactly as it writes those of local workers. A worker needs this
package, at the same version, with its built-in templates, clauses and fonts
(``pip install agreements[dask]``); it refuses jobs from a build whose built-in files differ.

``local`` starts a LocalCluster of one worker process per core on this machine.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError
from .jobs import Options, Result, run_spec
from .resources import builtin_root

if TYPE_CHECKING:
    from .plan import OutputSpec
    from .project import LoadedProject

MAX_BUNDLE = 200 * 1024 * 1024  # a project larger than this is not a document project

Bundle = tuple[str, str, tuple[tuple[str, bytes], ...]]  # (digest, the project's path in it, files)


def run_on_dask(
    loaded: LoadedProject, todo: list[tuple[OutputSpec, tuple[str, ...]]], options: Options, address: str
) -> Iterator[Result]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise UsageError("--dask needs dask.distributed: pip install 'agreements[dask]'") from None
    bundle = make_bundle(loaded)
    builtin = builtin_digest()
    if address == "local":
        cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True)
        client = Client(cluster)
    else:
        cluster = None
        try:
            client = Client(address, timeout="20s")
        except OSError as exc:
            raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        shared = client.scatter(bundle, broadcast=True)
        futures = [
            client.submit(
                render_remote,
                shared,
                builtin,
                spec,
                replace(options, formats=formats),
                pure=False,
                priority=len(todo) - n,  # longest first, as locally
                key=f"agreements-{n}-{spec.stem}",
            )
            for n, (spec, formats) in enumerate(todo)
        ]
        for future in as_completed(futures):
            result = future.result()
            yield result
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def builtin_digest() -> str:
    """The package's built-in templates, clauses and fonts: a worker must have the same."""
    h = hashlib.sha256()
    root = builtin_root()
    for folder in (root / "templates", root / "clauses"):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def make_bundle(loaded: LoadedProject) -> Bundle:
    """The project's files (and its firm folders), by their paths relative to a common folder."""
    project = loaded.root
    out_dir = (project / loaded.config.output).resolve()
    folders = [project] + [
        (project / name).resolve()
        for key in ("clause_paths", "template_paths")
        for name in loaded.project.named_folders(key)
    ]
    common = Path(os.path.commonpath([str(f) for f in folders]))
    files: list[tuple[str, bytes]] = []
    size = 0
    for folder in folders:
        for dirpath, dirs, names in os.walk(folder):
            here = Path(dirpath)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != out_dir)
            for name in sorted(names):
                if name.startswith("."):
                    continue
                content = (here / name).read_bytes()
                size += len(content)
                if size > MAX_BUNDLE:
                    raise UsageError(f"{project}: the project holds more than 200 MB; too much to send to a cluster")
                files.append(((here / name).relative_to(common).as_posix(), content))
    files = sorted(dict(files).items())
    digest = hashlib.sha256()
    for name, content in files:
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest(), project.relative_to(common).as_posix(), tuple(files)


_projects: dict[str, LoadedProject] = {}  # in a worker: the projects unpacked so far


def render_remote(bundle: Bundle, builtin: str, spec: OutputSpec, options: Options) -> Result:
    """On a worker: unpack the project (once), load it, and make one output."""
    from .project import load
    from .workers import warm_up

    digest, project, files = bundle
    if digest not in _projects:
        if builtin_digest() != builtin:
            raise RuntimeError(
                "this Dask worker has another version of agreements (its built-in templates, clauses or fonts"
                " differ from the build's); install the same version on every worker"
            )
        root = Path(tempfile.mkdtemp(prefix=f"agreements-{digest[:12]}-"))
        for name, content in files:
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        warm_up(options)
        loaded = load(root / project)
        loaded.data, loaded.checked_library()
        _projects[digest] = loaded
    return run_spec(_projects[digest], spec, options)
