"""The extraction pool: a document that hangs or eats memory is stopped from outside, marked failed
with a sentence, and the rest of the batch is imported; workers die with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk.ingest.pipeline import Importer
from bodesk.jobs.pool import DocumentTimedOut, WorkerDied, process_pool
from bodesk.paths import Workspace
from bodesk.store import Store
from bodesk.store.schema import Invoice, InvoiceStatus
from tests.hardening.conftest import assert_sound, counts, stored_files
from tests.hardening.hostile import curves_pdf, flate_bomb_pdf
from tests.helpers import make_documents


def test_a_dead_worker_fails_only_its_own_document() -> None:
    with process_pool(2, timeout=60) as pool:
        slow = [pool.submit(time.sleep, 1.0) for _ in range(3)]
        dead = pool.submit(os._exit, 3)
        after = [pool.submit(pow, 2, n) for n in range(4)]
        with pytest.raises(WorkerDied):
            dead.result()
        assert [f.result() for f in slow] == [None] * 3, "innocent documents in flight are not lost"
        assert [f.result() for f in after] == [1, 2, 4, 8]
        assert pool.replaced == 1


def test_a_hanging_document_is_stopped_from_outside() -> None:
    with process_pool(1, timeout=1.0) as pool:
        hang = pool.submit(time.sleep, 3600)
        with pytest.raises(DocumentTimedOut):
            hang.result()
        pool.timeout = 600.0  # the fresh worker's start must not count against a tight limit on a busy machine
        assert pool.submit(pow, 3, 2).result() == 9, "a fresh worker takes the next document"
        assert pool.replaced == 1


def test_import_goes_on_past_a_hanging_pdf_and_a_flate_bomb(store: Store, workspace: Workspace, tmp_path: Path) -> None:
    """What is asserted is the outcome, not which limit stopped a document: on a busy machine the
    curves may run out of time before they run out of memory, and under the workers' cap (room for the
    second OCR engine's models) they may be drawn whole and found to hold no text."""
    folder = tmp_path / "in"
    _, invoices = make_documents(folder, pdfs=3, pngs=0)
    curves_pdf(folder / "curves.pdf", ascii85=True)  # 100 MB of operators the check does not measure: the pool stops it
    flate_bomb_pdf(folder / "bomb.pdf", inflated=1 << 30)
    with process_pool(2, timeout=120.0) as pool:
        records = {Path(r.source).name: r for r in Importer(store, executor=pool).import_paths([folder])}
    curves, bomb = records["curves.pdf"], records["bomb.pdf"]
    assert curves.status == InvoiceStatus.FAILED
    assert any("took too long" in e or "memory" in e or "No text could be read" in e for e in curves.errors), \
        curves.errors
    assert bomb.status == InvoiceStatus.FAILED
    assert any("unpacks to more than 32 MB" in e for e in bomb.errors), bomb.errors
    good = {records[f"invoice-{i + 1}.pdf"].invoice_id: inv.truth for i, inv in enumerate(invoices)}
    assert all(records[f"invoice-{i + 1}.pdf"].status not in ("error", InvoiceStatus.FAILED) for i in range(3))
    with store.session() as session:
        totals = {i.id: i.total for i in session.scalars(select(Invoice).where(Invoice.id.in_(good)))}
    assert totals == {invoice_id: truth.total for invoice_id, truth in good.items()}, "the good ones are read right"
    assert Importer(store).resume() == [], "the next start does not read them again"
    assert counts(store) == (5, 5) and len(stored_files(workspace)) == 5
    assert_sound(workspace)


PARENT = """
import sys, time
from bodesk.jobs.pool import ExtractionPool
pool = ExtractionPool(1, timeout=600)
future = pool.submit(time.sleep, 600)
import multiprocessing
while not multiprocessing.active_children():
    time.sleep(0.05)
time.sleep(1.0)
print(multiprocessing.active_children()[0].pid, flush=True)
time.sleep(600)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 is POSIX")
def test_workers_exit_when_their_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    try:
        worker = int(parent.stdout.readline())  # type: ignore[union-attr]
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        for _ in range(100):  # up to 10 s; the kernel's parent-death signal makes it immediate on Linux
            if not _alive(worker):
                break
            time.sleep(0.1)
        assert not _alive(worker), "the worker outlived its parent"
    finally:
        parent.kill()
        parent.wait()
        parent.stdout.close()  # type: ignore[union-attr]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead: it only waits for init to reap it
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False
