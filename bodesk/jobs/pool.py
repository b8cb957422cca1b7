"""The extraction process pool, shared by the command line and the app's job runner.

Workers are spawned (not forked: forking a process that runs Qt threads is unsafe), run at a
lower priority so the window keeps the CPU it needs, and import no Qt.

Unlike `concurrent.futures.ProcessPoolExecutor`, each worker process is watched on its own:
- a document that runs past `timeout` seconds is stopped from outside (the worker and whatever it
  started, such as tesseract, are killed), its future fails with `DocumentTimedOut`, and a fresh
  worker takes the next document;
- a worker that dies (out of memory, a crash in a native library) fails only the document it was
  reading, with `WorkerDied`; the documents queued or running in other workers go on untouched
  (a `ProcessPoolExecutor` would break and fail them all);
- each worker's address space is capped (`memory_bytes`, RLIMIT_AS where the OS has it), so a
  decompression bomb ends in a MemoryError or a dead worker, never in a machine that swaps;
- a worker exits at once when its parent dies (kill -9, a crash): the kernel tells it on Linux,
  a watcher thread elsewhere.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from typing import Any

from bodesk.core.extraction.fanout import die_with_parent

log = logging.getLogger(__name__)

DOCUMENT_SECONDS = 180.0  # wall clock per document; the extractor's own page deadline is 60 s
#: Address space per worker, tesseract's included: it reads inside the worker where its library loads
#: (`extraction.tessapi`; a `tesseract` command the worker starts inherits the same cap). A worker that has
#: read 300-dpi scans has ~500 MB mapped, ~260 MB of it resident (the six language models alone: ~130 MB
#: mapped, ~90 MB resident); a 59-megapixel PNG, the largest scan bodesk reads whole, peaks at ~460 MB
#: mapped. A worker that has read a till receipt also holds PP-OCR's models and ONNX Runtime (`extraction.neural`):
#: ~650 MB mapped once loaded, ~1.45 GB at the peak of reading a receipt (~0.55-0.7 GB resident). This cap leaves
#: room for that and still ends a decompression bomb long before the machine swaps.
WORKER_MEMORY_BYTES = 2048 * 1024**2
TIMEOUT_ENV = "BODESK_DOCUMENT_SECONDS"


class DocumentTimedOut(Exception):
    """The document took longer than the per-document limit; its worker was stopped."""


class WorkerDied(Exception):
    """The worker process died while reading the document (out of memory, a native crash)."""


def _worker_init(memory_bytes: int | None) -> None:
    from bodesk import log as logsetup

    logsetup.setup_worker()  # a traceback in a worker goes to the log file, never to the terminal
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        os.nice(5)
    except (AttributeError, OSError):  # Windows has no nice(); a lower priority is a nicety
        pass
    if hasattr(os, "setpgrp"):
        os.setpgrp()  # its own process group: a timeout kills the worker and the tesseract it started
    die_with_parent()
    if memory_bytes:
        try:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ImportError, ValueError, OSError):  # Windows, macOS (RLIMIT_AS unsupported)
            pass
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), name="bodesk-orphan-check", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A worker whose app was killed (kill -9, a crash) would wait for work for ever: it leaves instead."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def _worker_main(conn: Any, memory_bytes: int | None) -> None:
    _worker_init(memory_bytes)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        fn, args, kwargs = job
        try:
            reply: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the parent, which decides
            reply = (False, exc)
        try:
            conn.send(reply)
        except Exception as exc:  # the result or the exception would not pickle
            conn.send((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


class _Worker:
    """One worker process and the pipe to it."""

    def __init__(self, ctx: Any, memory_bytes: int | None) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, memory_bytes), daemon=True, name="bodesk-extract")
        self.process.start()
        child.close()

    def kill(self) -> None:
        pid = self.process.pid
        try:
            if pid and hasattr(os, "killpg"):
                os.killpg(pid, signal.SIGKILL)
            else:
                self.process.kill()
        except (ProcessLookupError, PermissionError, OSError):
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(5)
        if self.process.is_alive():
            self.kill()
        else:
            self.conn.close()


class ExtractionPool(Executor):
    """A process pool with a wall-clock limit per job, a memory cap per worker, and workers replaced
    one by one when they die or overrun (see the module docstring)."""

    def __init__(self, workers: int | None = None, *, timeout: float | None = None,
                 memory_bytes: int | None = WORKER_MEMORY_BYTES) -> None:
        self.workers = workers or max(1, os.cpu_count() or 1)
        self.timeout = timeout if timeout is not None else float(os.environ.get(TIMEOUT_ENV, DOCUMENT_SECONDS))
        self.memory_bytes = memory_bytes
        self._ctx = multiprocessing.get_context("spawn")
        self._queue: queue.SimpleQueue[tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]] | None]
        self._queue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self.replaced = 0  # workers killed or found dead and replaced, for tests and the log
        self._threads = [threading.Thread(target=self._serve, name=f"bodesk-extract-{i}", daemon=True)
                         for i in range(self.workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot submit to a pool that was shut down")
            future: Future[Any] = Future()
            self._queue.put((future, fn, args, kwargs))
            return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if cancel_futures:
            while True:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is not None:
                    item[0].cancel()
        for _ in self._threads:
            self._queue.put(None)
        if wait:
            for thread in self._threads:
                thread.join()

    # -- one thread per worker -------------------------------------------------------------------
    def _serve(self) -> None:
        worker: _Worker | None = None
        try:
            while True:
                item = self._queue.get()
                if item is None:
                    return
                future, fn, args, kwargs = item
                if not future.set_running_or_notify_cancel():
                    continue
                if worker is None or not worker.process.is_alive():
                    worker = self._fresh(worker)
                worker = self._run(worker, future, fn, args, kwargs)
        finally:
            if worker is not None:
                worker.stop()

    def _fresh(self, old: _Worker | None) -> _Worker:
        if old is not None:
            old.kill()
            self.replaced += 1
        return _Worker(self._ctx, self.memory_bytes)

    def _run(self, worker: _Worker, future: Future[Any], fn: Callable[..., Any], args: tuple[Any, ...],
             kwargs: dict[str, Any]) -> _Worker | None:
        """Run one job in `worker`; returns the worker to use next (None when it had to go)."""
        try:
            worker.conn.send((fn, args, kwargs))
        except (OSError, ValueError):  # it died while idle: a new one takes the job
            worker = self._fresh(worker)
            worker.conn.send((fn, args, kwargs))
        try:
            ready = worker.conn.poll(self.timeout)
            ok, value = worker.conn.recv() if ready else (None, None)
        except (EOFError, OSError):
            worker.process.join(1)
            code = worker.process.exitcode
            log.info("an extraction worker died (exit code %s); it is replaced", code)
            future.set_exception(WorkerDied(f"the worker stopped with exit code {code}"))
            worker.kill()
            self.replaced += 1
            return None
        if ok is None:
            log.info("a document ran past %.0f s; its worker is stopped and replaced", self.timeout)
            future.set_exception(DocumentTimedOut(f"over {self.timeout:.0f} s"))
            worker.kill()
            self.replaced += 1
            return None
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)
        return worker


def make_process_pool(workers: int | None = None, *, timeout: float | None = None) -> ExtractionPool:
    return ExtractionPool(workers, timeout=timeout)


@contextmanager
def process_pool(workers: int | None = None, *, timeout: float | None = None) -> Iterator[ExtractionPool]:
    pool = make_process_pool(workers, timeout=timeout)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
