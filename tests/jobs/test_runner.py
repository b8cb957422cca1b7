"""The job runner: work off the GUI thread, results back on it, cancellation, clean shutdown."""

from __future__ import annotations

import threading
import time

from bodesk.errors import BodeskError
from bodesk.jobs.runner import Job, JobRunner


def test_callbacks_arrive_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    gui = threading.current_thread()
    seen: dict[str, object] = {}

    def work(job: Job, n: int) -> int:
        seen["worker"] = threading.current_thread()
        for i in range(n):
            job.report(i + 1, n, f"step {i + 1}")
            job.emit(i)
        return n * 10

    progress: list[tuple[int, int, str]] = []
    items: list[int] = []
    threads: set[threading.Thread] = set()

    def on_done(result: int) -> None:
        threads.add(threading.current_thread())
        seen["result"] = result

    runner.run("count", work, 3, on_progress=lambda *a: (progress.append(a), threads.add(threading.current_thread())),
               on_item=items.append, on_done=on_done)
    qtbot.waitUntil(lambda: "result" in seen and not runner.active)
    assert seen["result"] == 30 and seen["worker"] is not gui
    assert progress == [(1, 3, "step 1"), (2, 3, "step 2"), (3, 3, "step 3")] and items == [0, 1, 2]
    assert threads == {gui}
    runner.shutdown()


def test_errors_are_split_into_sentences_and_bugs(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    failures: list[tuple[str, str]] = []

    def user_problem(job: Job) -> None:
        raise BodeskError("The disk is full.")

    def bug(job: Job) -> None:
        raise KeyError("oops")

    runner.run("a", user_problem, on_error=lambda m, t: failures.append((m, t)))
    runner.run("b", bug, on_error=lambda m, t: failures.append((m, t)))
    qtbot.waitUntil(lambda: len(failures) == 2)
    by_message = dict(failures)
    assert by_message["The disk is full."] == ""
    (bug_message,) = [m for m in by_message if m != "The disk is full."]
    assert "KeyError" in bug_message and "Traceback" in by_message[bug_message]
    runner.shutdown()


def test_cancel_and_shutdown_stop_long_work(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    steps: list[int] = []

    def long(job: Job) -> str:
        for i in range(10_000):
            if job.cancelled:
                return "stopped"
            steps.append(i)
            time.sleep(0.001)
        return "finished"

    outcome: list[str] = []
    job = runner.run("long", long, on_done=outcome.append)
    qtbot.waitUntil(lambda: len(steps) > 5)
    job.cancel()
    qtbot.waitUntil(lambda: outcome == ["stopped"])
    runner.run("long again", long)
    t0 = time.monotonic()
    runner.shutdown()
    assert time.monotonic() - t0 < 5
    assert runner.run("late", long).cancelled, "nothing starts once the runner is shut down"


def test_store_operations_run_one_at_a_time_in_order_off_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = JobRunner()
    gui = threading.current_thread()
    order: list[int] = []
    threads: set[str] = set()
    inside = threading.Semaphore(1)
    overlaps: list[int] = []

    def write(n: int) -> int:
        if not inside.acquire(blocking=False):
            overlaps.append(n)
        threads.add(threading.current_thread().name)
        time.sleep(0.01)
        order.append(n)
        inside.release()
        return n

    done: list[int] = []
    for n in range(6):
        runner.run_op(f"write {n}", write, n, on_done=done.append)
    qtbot.waitUntil(lambda: len(done) == 6 and not runner.active)
    qtbot.wait(50)  # the ended jobs' deferred deletes, before the runner goes
    runner.shutdown()
    assert order == done == list(range(6)) and overlaps == []
    assert len(threads) == 1 and gui.name not in threads


def test_a_store_operation_refused_hands_the_error_itself_and_a_bug_still_answers(qtbot) -> None:  # type: ignore[no-untyped-def]
    from bodesk.store.invoices import FieldValueError

    runner = JobRunner()
    bugs: list[object] = []
    runner.bug.connect(bugs.append)
    refusals: list[BodeskError] = []

    def refuse() -> None:
        raise FieldValueError("currency", "A currency is three letters, like EUR.")

    def broken() -> None:
        raise KeyError("oops")

    runner.run_op("Save corrections", refuse, on_error=refusals.append)
    runner.run_op("Approve", broken, on_error=refusals.append)
    qtbot.waitUntil(lambda: len(refusals) == 2 and bool(bugs))
    qtbot.wait(50)
    runner.shutdown()
    field_error, bug_sentence = refusals
    assert isinstance(field_error, FieldValueError) and field_error.field == "currency"
    assert str(field_error) == "A currency is three letters, like EUR."
    assert str(bug_sentence) == "Approve failed unexpectedly (KeyError)." and len(bugs) == 1
