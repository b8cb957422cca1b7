"""Intake sources shared by several desks: one desk at a time reads a source (a lease on its row in
the office database); a desk that dies holding the lease is taken over once the lease runs out."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from bodesk.demo.invoices import render_pdf, render_scan, sample_set
from bodesk.ingest.folders import FolderSettings
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store import sources
from tests.pg.server import PgServer
from tests.pg.test_import_faults import _bodesk, _database, _state, _whole

COUNT = 30
BUSY = "being checked by another bodesk"


def _scanner(folder: Path, count: int = COUNT, images: int = 0) -> list[str]:
    """`count` different PDFs and `images` scanned pages (each a second or so of OCR), old enough to be
    taken at once."""
    folder.mkdir(parents=True)
    invoices = sample_set(6, seed=3)
    old = time.time() - 60
    paths = []
    for i in range(count):
        path = render_pdf(invoices[i % 6], folder / f"scan-{i:03d}.pdf")
        with path.open("ab") as fh:
            fh.write(f"\n% page id {i}\n".encode())
        paths.append(path)
    for i in range(images):
        paths.append(render_scan(invoices[i % 6], folder / f"scan-{count + i:03d}.png", dpi=200, seed=i))
    for path in paths:
        os.utime(path, (old, old))
    return sorted(path.name for path in paths)


def _shared_source(tmp_path: Path, url: str, folder: Path) -> None:
    store = open_store(Workspace.at(tmp_path / "setup", url))
    try:
        sources.add_source(store, "folder", "scanner", FolderSettings(str(folder), after="move").to_json())
    finally:
        store.close()


def _holder(server: PgServer, url: str) -> str:
    return server.sql("SELECT coalesce(claimed_by, '') FROM intake_sources", database=_database(url))


def _wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_two_desks_syncing_one_folder_at_once_one_reads_it_the_other_skips(
        tmp_path: Path, pg_server: PgServer, pg_url: str) -> None:
    # Scanned pages besides the PDFs: Ana's desk is still at it, for seconds, when Ben's looks (PDFs alone
    # were all read before Ben's desk had started).
    names = _scanner(tmp_path / "scanner", COUNT, images=8)
    _shared_source(tmp_path, pg_url, tmp_path / "scanner")
    ana = _bodesk(tmp_path / "ana", pg_url, "sync", "--once")
    _wait_for(lambda: _holder(pg_server, pg_url) != "")  # Ana's desk is reading the folder
    ben = _bodesk(tmp_path / "ben", pg_url, "sync", "--once")
    ben_out, ben_err = ben.communicate(timeout=120)
    ana_out, ana_err = ana.communicate(timeout=300)
    assert ben.returncode == 0 and BUSY in ben_out, ben_out + ben_err
    assert ana.returncode == 0 and f"{len(names)} new documents" in ana_out, ana_out + ana_err
    state = _state(pg_server, pg_url)
    _whole(state)
    assert state["documents"] == names
    assert _holder(pg_server, pg_url) == "", "the lease is given back after the check"


def test_a_desk_killed_holding_the_lease_is_taken_over_once_the_lease_runs_out(
        tmp_path: Path, pg_server: PgServer, pg_url: str) -> None:
    names = _scanner(tmp_path / "scanner")
    _shared_source(tmp_path, pg_url, tmp_path / "scanner")
    db = _database(pg_url)
    ana = _bodesk(tmp_path / "ana", pg_url, "sync", "--once")
    _wait_for(lambda: int(pg_server.sql("SELECT count(*) FROM documents", database=db)) >= 1)
    ana.send_signal(signal.SIGKILL)  # the desk dies in the middle of reading: its lease stays
    ana.communicate(timeout=30)
    held_by = _holder(pg_server, pg_url)
    assert held_by, "a dead desk cannot give its lease back"
    # Ana's desk is another computer: Ben's desk cannot see whether its process still runs (on one
    # computer a claim of a process that is gone is taken over at once), only when the lease ends.
    held_by = "ana-laptop:" + held_by.partition(":")[2]
    pg_server.sql(f"UPDATE intake_sources SET claimed_by = '{held_by}'", database=db)
    taken = int(pg_server.sql("SELECT count(*) FROM documents", database=db))
    assert 0 < taken < COUNT

    ben = _bodesk(tmp_path / "ben", pg_url, "sync", "--once")
    out, err = ben.communicate(timeout=120)
    assert ben.returncode == 0 and BUSY in out, out + err  # the lease still runs: Ben's desk leaves the folder be
    assert int(pg_server.sql("SELECT count(*) FROM documents", database=db)) == taken

    # Ten minutes later (the lease's length), as the server's clock says: moved on here rather than waited for.
    pg_server.sql(f"UPDATE intake_sources SET claimed_until = LOCALTIMESTAMP - interval '1 second' "
                  f"WHERE claimed_by = '{held_by}'", database=db)
    ben = _bodesk(tmp_path / "ben", pg_url, "sync", "--once")
    out, err = ben.communicate(timeout=300)
    assert ben.returncode == 0 and BUSY not in out, out + err
    state = _state(pg_server, pg_url)
    _whole(state)
    assert state["documents"] == names, "each file exactly once"
    assert "received" not in state["statuses"] and "failed" not in state["statuses"], state["statuses"]
    assert _holder(pg_server, pg_url) == ""
    processed = tmp_path / "scanner" / "processed"
    assert sorted(p.name for p in processed.iterdir()) == names
