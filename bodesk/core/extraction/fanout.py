"""Several files read at once, one per core: the workers behind `extract_many`.

The parent has the reader's modules (pdfium included) loaded when it forks one worker per core, so a
worker starts in about a millisecond with everything it needs; a `multiprocessing` pool costs tens of
milliseconds more (importing it, its threads and queues), which is the whole reading time of a few text
PDFs. The parent hands out item numbers one at a time, so a long scan does not hold up the short files
behind it, and yields the results in the items' order.

A worker that dies (a crash in a native library, killed from outside) fails only the item it was
working on, through `lost`; a fresh worker takes its place for the items left.
"""

from __future__ import annotations

import os
import pickle
import selectors
import signal
import struct
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_HEADER = struct.Struct("<Q")
_STOP = 2**64 - 1  # the item number that tells a worker to exit


def can_fork() -> bool:
    """Whether workers can be forked: POSIX, not macOS (whose system libraries are not fork-safe)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


def cores() -> int:
    """The cores this process may run on (its affinity where the OS tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def fan_out(work: Callable[[T], R], items: Sequence[T], workers: int, lost: Callable[[T], R]) -> Iterator[R]:
    """`work(item)` for every item on `workers` forked processes; the results (never None) in the items'
    order."""
    todo = deque(range(len(items)))
    results: dict[int, R] = {}
    crew: list[_Worker[T, R]] = []
    selector = selectors.DefaultSelector()

    def hire() -> None:
        index = todo.popleft()
        try:
            worker = _Worker(work, items, [fd for w in crew for fd in w.fds])
        except OSError:  # no process to be had (a process limit, no memory): the item is worked on here
            results[index] = work(items[index])
            return
        crew.append(worker)
        selector.register(worker.results, selectors.EVENT_READ, worker)
        worker.give(index)

    def dismiss(worker: _Worker[T, R]) -> None:
        selector.unregister(worker.results)
        crew.remove(worker)
        worker.stop()

    try:
        while todo and len(crew) < workers:
            hire()
        following = 0
        while following < len(items):
            if following in results:
                yield results.pop(following)
                following += 1
                continue
            for key, _ in selector.select():
                worker: _Worker[T, R] = key.data
                index, result = worker.job, worker.receive()
                if result is not None and index is not None:
                    results[index] = result
                    if todo:
                        worker.give(todo.popleft())
                    continue
                dismiss(worker)  # it died (or, idle, went away)
                if index is not None:
                    results[index] = lost(items[index])
                if todo:
                    hire()
    finally:
        for worker in list(crew):
            worker.stop()
        selector.close()


def die_with_parent() -> None:
    """Linux: the kernel sends this process SIGKILL when its parent dies, even while it is busy in C code."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class _Worker(Generic[T, R]):
    """One forked process: reads item numbers from a pipe, writes pickled results to another."""

    def __init__(self, work: Callable[[T], R], items: Sequence[T], inherited: list[int]) -> None:
        task_read, self._tasks = os.pipe()
        result_read, result_write = os.pipe()
        self.job: int | None = None
        try:
            self.pid = os.fork()
        except OSError:
            for fd in (task_read, self._tasks, result_read, result_write):
                os.close(fd)
            raise
        if self.pid == 0:  # the worker: it never returns into the parent's code
            code = 1
            try:
                die_with_parent()  # a command stopped by kill leaves no worker behind
                for fd in (*inherited, self._tasks, result_read):
                    os.close(fd)
                _serve(work, items, task_read, result_write)
                code = 0
            finally:
                os._exit(code)  # no atexit handlers, no flushing of the parent's buffered output
        os.close(task_read)
        os.close(result_write)
        self.results = os.fdopen(result_read, "rb")
        self.fds = [self._tasks, result_read]

    def give(self, index: int) -> None:
        self.job = index
        os.write(self._tasks, _HEADER.pack(index))

    def receive(self) -> R | None:
        """The result of the current item, or None where the worker died before giving it."""
        self.job = None
        header = self.results.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return None
        (size,) = _HEADER.unpack(header)
        data = self.results.read(size)
        return pickle.loads(data) if len(data) == size else None

    def stop(self) -> None:
        try:
            os.write(self._tasks, _HEADER.pack(_STOP))
        except OSError:  # it is gone already
            pass
        os.close(self._tasks)
        self.results.close()
        if self.job is not None:  # stopped mid-item: the consumer went away, or Ctrl-C
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _serve(work: Callable[[T], R], items: Sequence[T], task_read: int, result_write: int) -> None:
    with os.fdopen(task_read, "rb") as tasks, os.fdopen(result_write, "wb") as results:
        while len(header := tasks.read(_HEADER.size)) == _HEADER.size:
            (index,) = _HEADER.unpack(header)
            if index == _STOP:
                return
            data = pickle.dumps(work(items[index]), pickle.HIGHEST_PROTOCOL)
            results.write(_HEADER.pack(len(data)) + data)
            results.flush()
