"""Reading several files at once on forked workers: results in order, a worker that dies costs only its
own file, and no worker outlives the reading."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from bodesk.core.extraction import fanout

pytestmark = pytest.mark.skipif(not fanout.can_fork(), reason="workers are forked only where the OS forks")


def _gone(pids: set[int]) -> bool:
    """Whether every one of these processes has ended and been reaped (a zombie still answers)."""
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        return False
    return True


def _noting_pid(folder: Path):
    """A wrapper that writes down which process takes each item."""

    def wrap(work):
        def noted(n):
            with (folder / "pids").open("a") as fh:
                fh.write(f"{os.getpid()}\n")
            return work(n)

        return noted

    return wrap


def _pids(folder: Path) -> set[int]:
    return {int(line) for line in (folder / "pids").read_text().split()}


def test_results_come_in_the_items_order_whatever_order_they_finish_in(tmp_path: Path) -> None:
    @_noting_pid(tmp_path)
    def slow_first(n: int) -> str:
        time.sleep(0.2 if n == 0 else 0.0)
        return f"read {n} in {os.getpid()}"

    results = list(fanout.fan_out(slow_first, range(6), 3, lambda n: f"lost {n}"))
    assert [r.split(" in ")[0] for r in results] == [f"read {n}" for n in range(6)]
    readers = [int(r.split(" in ")[1]) for r in results]
    assert os.getpid() not in readers  # read by the workers
    assert readers[0] not in readers[1:]  # items go to whichever worker is free: none waits behind the slow one
    assert _gone(_pids(tmp_path))


def test_a_worker_that_dies_fails_only_its_own_item(tmp_path: Path) -> None:
    @_noting_pid(tmp_path)
    def crash_on_three(n: int) -> str:
        if n == 3:
            os.kill(os.getpid(), signal.SIGKILL)  # a crash in a native library looks like this
        return f"read {n}"

    results = list(fanout.fan_out(crash_on_three, range(7), 2, lambda n: f"lost {n}"))
    assert results == ["read 0", "read 1", "read 2", "lost 3", "read 4", "read 5", "read 6"]
    assert _gone(_pids(tmp_path))


def test_a_reader_that_stops_early_leaves_no_worker_behind(tmp_path: Path) -> None:
    @_noting_pid(tmp_path)
    def slow(n: int) -> int:
        time.sleep(0.05 if n == 0 else 5)
        return n

    results = fanout.fan_out(slow, range(4), 2, lambda n: -1)
    assert next(results) == 0
    results.close()  # `bodesk extract a b c | head -1`: the rest is not wanted
    assert len(_pids(tmp_path)) == 2
    assert _gone(_pids(tmp_path))  # the one still at its five-second item was stopped, not waited for


def test_where_no_process_can_be_had_the_items_are_worked_on_here(monkeypatch) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(fanout.os, "fork", no_fork)
    results = list(fanout.fan_out(lambda n: (n, os.getpid()), range(3), 2, lambda n: (n, -1)))
    assert results == [(0, os.getpid()), (1, os.getpid()), (2, os.getpid())]
