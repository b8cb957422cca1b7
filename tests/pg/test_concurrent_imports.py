"""Two desks (two processes) importing overlapping folders into one office database at the same
moment: each document is stored once (its checksum decides; the other desk's copy is reported as a
duplicate of the winner), no error reaches either desk, and the audit trail's chain stays whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.audit_chain import verify
from tests.helpers import make_documents
from tests.pg.server import PgServer
from tests.pg.test_import_faults import _bodesk, _state, _whole


def test_two_desks_importing_overlapping_folders_at_once_store_each_document_once(
        tmp_path: Path, pg_server: PgServer, pg_url: str) -> None:
    files, _ = make_documents(tmp_path / "all", pdfs=12, pngs=0, seed=5)
    folders = {"ana": files[:8], "ben": files[4:]}  # four documents reach both desks
    for desk, chosen in folders.items():
        (tmp_path / desk / "in").mkdir(parents=True)
        for f in chosen:
            shutil.copy(f, tmp_path / desk / "in" / f.name)
    open_store(Workspace.at(tmp_path / "ana" / "home", pg_url)).close()  # the office database exists
    procs = {desk: _bodesk(tmp_path / desk / "home", pg_url, "import", "--json", str(tmp_path / desk / "in"))
             for desk in folders}
    outputs = {desk: proc.communicate(timeout=300) for desk, proc in procs.items()}
    for desk, (out, err) in outputs.items():
        assert procs[desk].returncode == 0, err
        assert "Error" not in err and "Traceback" not in err, err
    records = [json.loads(line) for out, _ in outputs.values() for line in out.splitlines()]
    assert len(records) == 16 and not [r for r in records if r["errors"]]
    duplicates = [r for r in records if r["status"] == "duplicate"]
    assert len(duplicates) == 4 and all(r["duplicate_of"] for r in duplicates), "the loser links to the winner"
    state = _state(pg_server, pg_url)
    _whole(state)
    assert state["documents"] == sorted(f.name for f in files), "each document once"
    assert "received" not in state["statuses"] and "failed" not in state["statuses"], state["statuses"]
    store = open_store(Workspace.at(tmp_path / "ana" / "home", pg_url))
    try:
        with store.engine.connect() as conn:
            verdict = verify(conn)
        assert verdict.intact, verdict.problem
    finally:
        store.close()
