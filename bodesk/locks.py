"""Locks between processes on one workspace: the window, a scheduled run and a script never do
the same work at once. A lock that is held means "skip this time", never "wait".

The operating system releases the lock when its process ends, however it ends (a crash, kill -9),
so a lock can never be left stale. No Qt, no SQL.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def try_lock(path: Path) -> Iterator[bool]:
    """Hold the lock file at `path` for the block if nobody else holds it; yields whether it was taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+b")  # noqa: SIM115  (closed below, after the lock is released)
    try:
        taken = _lock(handle.fileno())
        try:
            yield taken
        finally:
            if taken:
                _unlock(handle.fileno())
    finally:
        handle.close()


if os.name == "nt":  # pragma: no cover - Windows
    import msvcrt

    def _lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
