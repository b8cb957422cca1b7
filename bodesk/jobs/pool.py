"""The extraction process pool, shared by the command line and the app's job runner.

Workers are spawned (not forked: forking a process that runs Qt threads is unsafe), run at a
lower priority so the window keeps the CPU it needs, and import no Qt.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        os.nice(5)
    except (AttributeError, OSError):  # Windows has no nice(); a lower priority is a nicety
        pass
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="bodesk-orphan-check", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose app was killed (kill -9, a crash) would wait for work for ever: it leaves instead."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def make_process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers or max(1, os.cpu_count() or 1),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_worker_init,
    )


@contextmanager
def process_pool(workers: int | None = None) -> Iterator[ProcessPoolExecutor]:
    pool = make_process_pool(workers)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
