"""Run render jobs: in this process, in warm local worker processes, or on a Dask cluster.

Jobs go out longest first (a big Association Agreement does not start last and keep every
other core waiting), and each result comes back as soon as it is made, so that the build
writes it away and holds no more than a few outputs in memory. Once one output turns out
to have a problem, the jobs not yet started only assemble (to report every problem at
once) and render nothing: the build is going to stop anyway.

Local workers are forked from the build with the project already loaded, import WeasyPrint
once and render many jobs. They ignore SIGINT: Ctrl-C reaches the whole process group, and
the build decides (it holds SIGINT back while workers start, so that none sees it before
it ignores it). They exit on their own when the build's process dies, even by SIGKILL. On
Ctrl-C, or on any error, pending jobs are cancelled and running workers stopped at once.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from .jobs import Options, Result, run_spec

if TYPE_CHECKING:
    from .plan import OutputSpec
    from .project import LoadedProject

# how long a document takes, roughly, against a Purpose Agent Agreement (for the order only)
_WEIGHT = {"association-agreement": 4.0, "statutes": 3.0, "articles": 3.0, "adoption-declaration": 0.6}


def cost(spec: OutputSpec) -> float:
    """A rough measure of how long an output takes to render: the longest go first."""
    size = _WEIGHT.get(spec.kind, 1.0)
    if spec.kind == "association-agreement":
        size += spec.members / 4  # the register and the signature pages grow with the agents
    return size * (1.7 if "+" in spec.lang else 1.0)


Job = tuple["OutputSpec", tuple[str, ...]]  # an output, and the formats to make of it


def longest_first(jobs: list[Job]) -> list[Job]:
    return sorted(jobs, key=lambda j: (-cost(j[0]), j[0].stem))


def run(
    loaded: LoadedProject,
    jobs_todo: list[Job],
    options: Options,
    jobs: int | None = None,
    dask: str | None = None,
) -> Iterator[Result]:
    """Make every output in the formats asked; yields each result as it is ready (in no
    particular order)."""
    todo = longest_first(jobs_todo)
    if not todo:
        return iter(())
    if dask is not None:
        from .cluster import run_on_dask

        return run_on_dask(loaded, todo, options, dask)
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        return _in_process(loaded, todo, options)
    return _in_pool(loaded, todo, options, workers)


def _in_process(loaded: LoadedProject, todo: list[Job], options: Options) -> Iterator[Result]:
    for spec, formats in todo:
        result = run_spec(loaded, spec, replace(options, formats=formats))
        if result.problems:
            options = replace(options, check_only=True)
        yield result


def _in_pool(loaded: LoadedProject, todo: list[Job], options: Options, workers: int) -> Iterator[Result]:
    # Each worker gets the loaded project and every job when it is forked, for free, and is
    # then sent only job numbers: nothing large is in transit when the build has to stop.
    loaded.data, loaded.checked_library()  # read once, here, before the workers are forked
    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_started,
        initargs=(os.getpid(), loaded, tuple(todo), options),
    )
    try:
        with _sigint_held():  # a worker is started with Ctrl-C held until it ignores it
            futures: dict[Future, int] = {pool.submit(_render, n, False): n for n in range(len(todo))}
        pending = set(futures)
        checking = False
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()  # raises a worker's error here
                if result.problems and not checking:
                    checking = True
                    pending = _check_only(pool, futures, pending)
                yield result
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()


def _check_only(pool: ProcessPoolExecutor, futures: dict[Future, int], pending: set[Future]) -> set[Future]:
    """Send again, to be assembled only, the jobs that have not started yet."""
    out = set()
    for future in pending:
        if future.cancel():
            again = pool.submit(_render, futures[future], True)
            futures[again] = futures[future]
            out.add(again)
        else:
            out.add(future)
    return out


def _stop(pool: ProcessPoolExecutor) -> None:
    """End the workers now, without waiting for their renders; what has not started is cancelled."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 and later
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    # the pool sees its workers gone and winds down; waiting for that (a moment) keeps its
    # threads from tripping over pipes closed under them when the interpreter exits
    pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT back (it is delivered at the end): processes started meanwhile inherit that."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - not on Windows
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


# in a worker: the build's project, jobs and options
_loaded: LoadedProject | None = None
_todo: tuple[Job, ...] = ()
_options: Options | None = None


def _worker_started(parent: int, loaded: LoadedProject, todo: tuple[Job, ...], options: Options) -> None:
    global _loaded, _todo, _options
    _loaded, _todo, _options = loaded, todo, options
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_exit_with, args=(parent,), name="watch-build", daemon=True).start()
    warm_up(options)


def warm_up(options: Options) -> None:
    """Import WeasyPrint once for all the jobs this process will render; keep what is loaded
    by then out of the garbage collector's way."""
    if "pdf" in options.formats:
        from .render import pdf  # noqa: F401
    gc.collect()
    gc.freeze()


def _render(n: int, check_only: bool) -> Result:
    assert _loaded is not None and _options is not None
    spec, formats = _todo[n]
    return run_spec(_loaded, spec, replace(_options, formats=formats, check_only=check_only))


def _exit_with(parent: int) -> None:
    """End this worker when the build's process is gone (the worker is then re-parented)."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)
