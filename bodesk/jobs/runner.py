"""The job runner: the one owner of background executors, with Qt signals only at its edge.

A job is a plain function `fn(job, *args)` that runs on a worker thread. It reports progress
with `job.report(done, total, text)`, hands over partial results with `job.emit(item)`, and
looks at `job.cancelled` between steps. CPU-bound work goes to `runner.process_pool` from
inside the job. Callbacks run on the GUI thread (queued connections).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from bodesk.errors import BodeskError
from bodesk.jobs.pool import ExtractionPool, make_process_pool

log = logging.getLogger(__name__)


class Job(QObject):
    """One piece of background work, seen from the GUI thread."""

    progress = Signal(int, int, str)
    item = Signal(object)
    succeeded = Signal(object)
    failed = Signal(str, str)  # a sentence for the user; the traceback when it was a bug ("" otherwise)
    refused = Signal(object)  # the same as a BodeskError (a bug: one saying so), for whoever needs its kind
    ended = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._cancel = threading.Event()
        self.future: Future[Any] | None = None

    # -- called from the worker ------------------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int, text: str = "") -> None:
        self.progress.emit(done, total, text)

    def emit(self, item: Any) -> None:
        self.item.emit(item)

    # -- called from the GUI thread --------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()


class JobRunner(QObject):
    """Owns a thread pool for I/O-bound jobs and a lazily started process pool for extraction."""

    job_started = Signal(object)
    job_ended = Signal(object)
    #: A bug inside a job, as (exception type, exception, traceback), delivered on the GUI thread:
    #: the window connects it to the crash report (`bodesk.ui.crash`), so no bug is lost in a job.
    bug = Signal(object)

    def __init__(self, parent: QObject | None = None, *, io_workers: int = 4) -> None:
        super().__init__(parent)
        self._io = ThreadPoolExecutor(max_workers=io_workers, thread_name_prefix="bodesk-io")
        # The store lane: every user action that writes runs here, one at a time and in the order given,
        # so the window never waits on the database and two actions never interleave.
        self._store = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bodesk-store")
        # Long-running loops that a job starts (each intake source's), kept apart so they never
        # hold up the I/O pool; shut down with the runner like the rest.
        self.loops = ThreadPoolExecutor(max_workers=32, thread_name_prefix="bodesk-loop")
        self._cpu: ExtractionPool | None = None
        self._lock = threading.Lock()
        self.active: set[Job] = set()
        self._closed = False

    @property
    def process_pool(self) -> ExtractionPool:
        with self._lock:
            if self._cpu is None:
                self._cpu = make_process_pool()
            return self._cpu

    def run(
        self,
        name: str,
        fn: Callable[..., Any],
        *args: Any,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_item: Callable[[Any], None] | None = None,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str, str], None] | None = None,
        on_refused: Callable[[BodeskError], None] | None = None,
        lane: str = "io",
    ) -> Job:
        """Run `fn(job, *args)` off the GUI thread: on the I/O pool, or on the store lane (`lane="store"`).
        A failure reaches `on_error` as (sentence, traceback) and `on_refused` as the error itself."""
        job = Job(name, self)
        if self._closed:
            # The app is closing: late refreshes are dropped rather than started.
            log.debug("job %s not started: the runner is shut down", name)
            job.cancel()
            return job
        queued = Qt.ConnectionType.QueuedConnection
        if on_progress:
            job.progress.connect(on_progress, queued)
        if on_item:
            job.item.connect(on_item, queued)
        if on_done:
            job.succeeded.connect(on_done, queued)
        if on_error:
            job.failed.connect(on_error, queued)
        if on_refused:
            job.refused.connect(on_refused, queued)
        job.ended.connect(lambda: self._forget(job), queued)
        self.active.add(job)
        self.job_started.emit(job)
        job.future = (self._store if lane == "store" else self._io).submit(self._execute, job, fn, args)
        return job

    def run_op(
        self,
        name: str,
        op: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BodeskError], None] | None = None,
    ) -> Job:
        """A user action on the store lane: `op(*args)` (no job argument), its result (a `Changes`) to
        `on_done`; a refusal to `on_error` as the BodeskError the store raised (its sentence, and its
        kind, e.g. which field a value was refused for). A bug reaches the crash report too, and
        `on_error` as a BodeskError saying so, so the screen never waits for an answer that will not come."""
        return self.run(name, lambda _job, *a: op(*a), *args, on_done=on_done, on_refused=on_error, lane="store")

    def _execute(self, job: Job, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            result = fn(job, *args)
        except BodeskError as exc:
            log.info("job %s stopped: %s", job.name, exc)
            job.refused.emit(exc)
            job.failed.emit(str(exc), "")
        except Exception as exc:
            log.exception("job %s failed", job.name)
            sentence = f"{job.name} failed unexpectedly ({type(exc).__name__})."
            job.refused.emit(BodeskError(sentence))
            job.failed.emit(sentence, traceback.format_exc())
            self.bug.emit(sys.exc_info())
        else:
            job.succeeded.emit(result)
        finally:
            job.ended.emit()

    def _forget(self, job: Job) -> None:
        self.active.discard(job)
        self.job_ended.emit(job)
        job.deleteLater()

    def shutdown(self) -> None:
        """Cancel what runs, wait for the workers, stop the pools. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        for job in list(self.active):
            job.cancel()
        self._io.shutdown(wait=True, cancel_futures=True)
        self._store.shutdown(wait=True, cancel_futures=False)  # a started write finishes; none is cut off
        self.loops.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            if self._cpu is not None:
                self._cpu.shutdown(wait=True, cancel_futures=True)
                self._cpu = None
