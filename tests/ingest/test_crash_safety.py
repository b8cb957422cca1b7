"""kill -9 during a 200-file folder import, at 10 random moments, then a restart: each file exactly once."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from bodesk.demo.invoices import render_pdf, sample_set
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store import sources as db
from bodesk.ingest.folders import FolderSettings

COUNT = 200


def sync(home: Path) -> subprocess.Popen[bytes]:
    # Its own process group, so that extraction workers caught half-started by the kill can be cleaned up.
    return subprocess.Popen([sys.executable, "-m", "bodesk", "--home", str(home), "sync", "--once"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def documents(home: Path) -> int:
    conn = sqlite3.connect(home / "bodesk.sqlite3", timeout=10)
    try:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        conn.close()


def test_kill_9_at_random_moments_then_restart_imports_each_file_exactly_once(tmp_path: Path) -> None:
    folder = tmp_path / "scanner"
    folder.mkdir()
    invoices = sample_set(12, seed=7)
    old = time.time() - 60
    for i in range(COUNT):  # 200 different files: 12 layouts, each made unique by its file name in the PDF
        path = render_pdf(invoices[i % 12], folder / f"scan-{i:03d}.pdf")
        with path.open("ab") as fh:
            fh.write(f"\n% page id {i}\n".encode())
        os.utime(path, (old, old))
    home = tmp_path / "ws"
    store = open_store(Workspace.at(home))
    db.add_source(store, "folder", "scanner", FolderSettings(str(folder), after="move").to_json())
    store.close()

    rng = random.Random(int(os.environ.get("BODESK_CRASH_SEED", "4")))  # other seeds: other moments
    mid_import = 0
    for _ in range(10):
        # A random moment inside the import: once 1-20 more documents are in, plus up to 0.15 s, so
        # the kill lands while files are being copied, committed, read, or moved to processed/.
        before = documents(home)
        target, deadline = before + rng.randint(1, 20), time.monotonic() + 20
        proc = sync(home)
        while proc.poll() is None and documents(home) < target and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0, 0.15))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            mid_import += documents(home) < COUNT
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
        time.sleep(0.1)
        try:  # workers exit on their own once their app is gone; one killed while starting cannot
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    assert mid_import >= 8, "kills must land in the middle of the import"
    final = sync(home)
    _, errors = final.communicate(timeout=120)
    assert final.returncode == 0, errors.decode()

    with sqlite3.connect(home / "bodesk.sqlite3") as conn:
        rows = conn.execute("SELECT original_name, sha256 FROM documents").fetchall()
        statuses = dict(conn.execute("SELECT status, count(*) FROM invoices GROUP BY status").fetchall())
        ledger = conn.execute("SELECT status, count(*) FROM intake_items GROUP BY status").fetchall()
    names = sorted(name for name, _ in rows)
    assert names == [f"scan-{i:03d}.pdf" for i in range(COUNT)], "each file exactly once"
    assert len({sha for _, sha in rows}) == COUNT
    assert "received" not in statuses and sum(statuses.values()) == COUNT, statuses
    assert ledger == [("done", COUNT)]
    assert sorted(p.name for p in folder.iterdir()) == ["processed"]
    assert len(list((folder / "processed").iterdir())) == COUNT
    stored = [p for p in (home / "documents").rglob("*") if p.is_file() and not p.name.startswith(".incoming-")]
    assert len(stored) == COUNT
