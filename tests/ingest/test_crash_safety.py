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
    return subprocess.Popen([sys.executable, "-m", "bodesk", "--home", str(home), "sync", "--once"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def documents(home: Path) -> int:
    with sqlite3.connect(home / "bodesk.sqlite3") as conn:
        return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])


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

    rng = random.Random(4)
    mid_import = 0
    for _ in range(10):
        proc = sync(home)
        time.sleep(rng.uniform(0.5, 2.2))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            mid_import += 0 < documents(home) < COUNT
        proc.wait()
        proc.stderr.close()  # type: ignore[union-attr]
    assert mid_import >= 3, "kills must land in the middle of the import"
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
