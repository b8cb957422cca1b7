"""A few hundred mutated PDFs, scans and e-invoices from a fixed seed, imported as a person would:
no traceback, a record for every file, each failure with a sentence, every document within the
per-document limit the pool enforces, and the workspace sound afterwards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bodesk.paths import Workspace
from bodesk.store import open_store
from tests.hardening.conftest import assert_sound, counts
from tests.hardening.fuzz import write_corpus

ROOT = Path(__file__).resolve().parents[2]
COUNTS = {".pdf": 100, ".png": 10, ".xml": 90}  # OCR of the damaged pages is what costs time
DOCUMENT_SECONDS = 30  # the pool's limit per document in this test


def test_mutated_documents_never_crash_or_block_an_import(tmp_path: Path) -> None:
    files = write_corpus(tmp_path / "fuzz", COUNTS)
    home = tmp_path / "ws"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BODESK_DOCUMENT_SECONDS": str(DOCUMENT_SECONDS)}
    done = subprocess.run([sys.executable, "-m", "bodesk", "--home", str(home), "import", str(tmp_path / "fuzz"), "--json"],
                          capture_output=True, text=True, env=env, timeout=1800)
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1), done.stderr[-2000:]
    records = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(records) == len(files), "one record for every file"
    assert all(r["status"] != "received" for r in records), "nothing is left half-read"
    failed = [r for r in records if r["status"] in ("failed", "error")]
    assert all(r["errors"] and all(e.endswith((".", ")")) for e in r["errors"]) for r in failed), failed[:3]
    assert not any("Traceback" in e or "File \"" in e for r in records for e in r["errors"])
    workspace = Workspace.at(home)
    store = open_store(workspace)
    try:
        documents, invoices = counts(store)
        assert documents == invoices == len({r["document_id"] for r in records if r["document_id"]})
    finally:
        store.close()
    assert_sound(workspace)
