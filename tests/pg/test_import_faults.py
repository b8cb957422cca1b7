"""The office database going away in the middle of an import: nothing half-recorded, a sentence,
and the next import (or `bodesk import` run again) finishes the work with each document once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bodesk.errors import EnvironmentProblem
from bodesk.ingest.pipeline import Importer
from bodesk.paths import Workspace
from bodesk.store import open_store
from tests.helpers import make_documents
from tests.pg.faults import END_DESKS, connection_dropped_at
from tests.pg.server import PgServer

REPO = Path(__file__).resolve().parents[2]


def _database(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _state(server: PgServer, url: str) -> dict[str, object]:
    """What the office database holds, read as the superuser (not through bodesk)."""
    db = _database(url)

    def rows(sql: str) -> list[list[str]]:
        out = server.sql(sql, database=db)
        return [line.split("|") for line in out.splitlines()] if out else []

    return {
        "documents": sorted(name for (name,) in rows("SELECT original_name FROM documents")),
        "without_blob": rows("SELECT d.id FROM documents d LEFT JOIN document_blobs b ON b.sha256 = d.sha256 "
                             "WHERE b.sha256 IS NULL"),
        "without_invoice": rows("SELECT d.id FROM documents d LEFT JOIN invoices i ON i.document_id = d.id "
                                "WHERE i.id IS NULL"),
        "orphan_blobs": rows("SELECT b.sha256 FROM document_blobs b LEFT JOIN documents d ON d.sha256 = b.sha256 "
                             "WHERE d.id IS NULL"),
        "statuses": {s: int(n) for s, n in rows("SELECT status, count(*) FROM invoices GROUP BY status")},
        "received_entries": rows("SELECT entity_id FROM audit_entries WHERE action = 'received' "
                                 "GROUP BY entity_id HAVING count(*) > 1"),
        "extracted_entries": rows("SELECT entity_id FROM audit_entries WHERE action = 'extracted' "
                                  "GROUP BY entity_id HAVING count(*) > 1"),
    }


def _whole(state: dict[str, object]) -> None:
    """Nothing half-recorded and nothing doubled."""
    assert state["without_blob"] == [] and state["without_invoice"] == [] and state["orphan_blobs"] == []
    assert state["received_entries"] == [] and state["extracted_entries"] == []


@pytest.mark.parametrize("cut", [
    pytest.param(("INSERT INTO document_blobs", 3), id="storing-the-third-document"),
    pytest.param((r"^UPDATE invoices SET", 2), id="saving-the-second-reading"),
])
def test_a_connection_lost_mid_import_leaves_nothing_half_done_and_the_import_finishes_later(
        tmp_path: Path, pg_server: PgServer, pg_url: str, cut: tuple[str, int]) -> None:
    files, _ = make_documents(tmp_path / "in", pdfs=5, pngs=0)
    store = open_store(Workspace.at(tmp_path / "desk", pg_url))
    try:
        importer = Importer(store)
        with connection_dropped_at(store, pg_server, cut[0], nth=cut[1]) as dropped:
            with pytest.raises(EnvironmentProblem, match="connection to the office database was lost"):
                importer.import_paths(files)
        assert dropped, "the connection was cut"
        before = _state(pg_server, pg_url)
        _whole(before)
        assert "failed" not in before["statuses"], "a document is never blamed for the server's fault"
        assert len(before["documents"]) < 5

        # The server is back (it never left: only this desk's connection was cut). Importing again
        # reads what was left received and takes the rest.
        resumed = Importer(store).resume()
        records = Importer(store).import_paths(files)
    finally:
        store.close()
    after = _state(pg_server, pg_url)
    _whole(after)
    assert after["documents"] == sorted(f.name for f in files), "each document exactly once"
    assert "received" not in after["statuses"] and "failed" not in after["statuses"], after["statuses"]
    assert len(resumed) == before["statuses"].get("received", 0)
    assert not [r for r in records if r.failed]


def _bodesk(home: Path, url: str, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), BODESK_HOME=str(home), OMP_THREAD_LIMIT="1")
    return subprocess.Popen([sys.executable, "-m", "bodesk", "--db", url, *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_bodesk_import_with_the_server_cutting_connections_says_so_and_a_rerun_completes(
        tmp_path: Path, pg_server: PgServer, pg_url: str) -> None:
    """`bodesk import` while the server ends every desk connection every few tens of milliseconds:
    each run either finishes or stops with exit 1 and a sentence (never a traceback); once the
    server is steady again, one more run completes, with each document once."""
    make_documents(tmp_path / "in", pdfs=10, pngs=0)
    open_store(Workspace.at(tmp_path / "desk", pg_url)).close()  # the desk was connected before
    stopped_with_sentence = 0
    for attempt in range(4):
        cutting = threading.Event()
        cutter = threading.Thread(target=_cut_repeatedly, args=(pg_server, cutting, 0.03 + 0.02 * attempt))
        proc = _bodesk(tmp_path / "desk", pg_url, "import", str(tmp_path / "in"))
        cutter.start()
        try:
            out, err = proc.communicate(timeout=180)
        finally:
            cutting.set()
            cutter.join()
        assert "Traceback" not in err and "unexpected error" not in err, err
        if proc.returncode != 0:
            assert err.startswith("bodesk: "), err
            assert "office database" in err, err
            stopped_with_sentence += 1
        _whole(_state(pg_server, pg_url))
    final = _bodesk(tmp_path / "desk", pg_url, "import", str(tmp_path / "in"))
    out, err = final.communicate(timeout=180)
    assert final.returncode == 0, err
    state = _state(pg_server, pg_url)
    _whole(state)
    assert state["documents"] == sorted(f"invoice-{i}.pdf" for i in range(1, 11))
    assert "received" not in state["statuses"] and "failed" not in state["statuses"], state["statuses"]
    assert stopped_with_sentence >= 1, "the cuts must land inside an import"


def _cut_repeatedly(server: PgServer, stop: threading.Event, every: float) -> None:
    time.sleep(0.8)  # the desk has started and opened the database
    while not stop.is_set():
        server.sql(END_DESKS)
        stop.wait(every)
