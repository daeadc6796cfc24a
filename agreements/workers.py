"""Run render jobs: in this process, or in local worker processes that never outlive the build.

Workers ignore SIGINT: Ctrl-C reaches the whole process group, and the build decides (it
holds SIGINT back while workers start, so that none sees it before it ignores it). They
exit on their own when the build's process dies, even by SIGKILL. On Ctrl-C, or on any
error, pending jobs are cancelled and running workers stopped at once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager

from .jobs import Output, RenderJob, render_job

Results = dict[int, dict[str, Output]]  # id(job) -> format -> output


def run(todo: list[RenderJob], jobs: int | None, progress: Callable[[str], None] | None = None) -> Results:
    """Render every job; ``jobs`` worker processes (default: one per core)."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    results: Results = {}
    if workers == 1:
        for job in todo:
            results[id(job)] = render_job(job)
            if progress:
                progress(job.stem)
        return results
    # Each worker gets every job when it starts (for free, when it is forked) and is then
    # sent only job numbers: nothing large is in transit when the build has to stop.
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_started, initargs=(os.getpid(), tuple(todo)))
    try:
        with _sigint_held():  # a worker is started with Ctrl-C held until it ignores it
            futures: dict[Future, RenderJob] = {pool.submit(_render, n): job for n, job in enumerate(todo)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)  # each as it is done: progress, or its error
            for future in done:
                results[id(futures[future])] = future.result()  # raises a worker's error here
                if progress:
                    progress(futures[future].stem)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown()
    return results


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


_jobs: tuple[RenderJob, ...] = ()  # in a worker: the build's jobs


def _worker_started(parent: int, jobs: tuple[RenderJob, ...]) -> None:
    global _jobs
    _jobs = jobs
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    threading.Thread(target=_exit_with, args=(parent,), name="watch-build", daemon=True).start()


def _render(n: int) -> dict[str, Output]:
    return render_job(_jobs[n])


def _exit_with(parent: int) -> None:
    """End this worker when the build's process is gone (the worker is then re-parented)."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)
