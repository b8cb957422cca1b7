"""Two processes on one workspace (two windows, a window and a scheduled sync, two commands):
nothing is lost, nothing is doubled, and no process ends in an unexpected error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from bodesk.ingest.folders import FolderSettings
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store import sources as db
from bodesk.store.schema import AuditEntry
from tests.hardening.conftest import assert_sound, counts, stored_files
from tests.helpers import make_documents

ROOT = Path(__file__).resolve().parents[2]
RUNS = 2


def together(*argvs: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start the commands at the same moment; wait for all of them."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BODESK_DOCUMENT_SECONDS": "120"}
    procs = [subprocess.Popen([sys.executable, "-m", "bodesk", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=env) for argv in argvs]
    out = []
    for proc, argv in zip(procs, argvs, strict=True):
        stdout, stderr = proc.communicate(timeout=300)
        out.append(subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr))
    return out


def test_two_imports_with_files_in_common_lose_and_double_nothing(tmp_path: Path) -> None:
    files, _ = make_documents(tmp_path / "made", pdfs=4, pngs=0)
    for run in range(RUNS):
        home = tmp_path / f"ws{run}"
        workspace = Workspace.at(home).ensure()
        open_store(workspace).close()
        a, b = tmp_path / f"a{run}", tmp_path / f"b{run}"
        for folder, chosen in ((a, files[:3]), (b, files[1:])):
            folder.mkdir()
            for f in chosen:
                shutil.copy(f, folder / f.name)
        results = together(["--home", str(home), "import", str(a), "--json"],
                           ["--home", str(home), "import", str(b), "--json"])
        for r in results:
            assert "unexpected" not in r.stderr and "Traceback" not in r.stderr, r.stderr
        store = open_store(workspace)
        try:
            assert counts(store) == (4, 4), "each distinct document exactly once"
        finally:
            store.close()
        assert len(stored_files(workspace)) == 4
        assert_sound(workspace)


def test_two_syncs_of_one_folder_take_each_file_once(tmp_path: Path) -> None:
    for run in range(RUNS):
        home = tmp_path / f"ws{run}"
        workspace = Workspace.at(home).ensure()
        folder = tmp_path / f"scanner{run}"
        files, _ = make_documents(folder, pdfs=4, pngs=0, seed=run)
        old = time.time() - 60
        for f in files:
            os.utime(f, (old, old))
        store = open_store(workspace)
        db.add_source(store, "folder", "scanner", FolderSettings(str(folder), after="move", settle_seconds=1).to_json())
        store.close()
        results = together(["--home", str(home), "sync", "--once"], ["--home", str(home), "sync", "--once"])
        for r in results:
            assert r.returncode == 0 and "unexpected" not in r.stderr, r.stderr
        store = open_store(workspace)
        try:
            assert counts(store) == (4, 4)
        finally:
            store.close()
        assert sorted(p.name for p in (folder / "processed").iterdir()) == sorted(f.name for f in files)
        assert_sound(workspace)


def test_two_approvals_of_one_invoice_at_the_same_instant_are_recorded_once(tmp_path: Path) -> None:
    from tests.store.conftest import add_invoice

    for run in range(RUNS):
        home = tmp_path / f"ws{run}"
        workspace = Workspace.at(home).ensure()
        store = open_store(workspace)
        invoice = add_invoice(store, 1, status="matched", total=50)
        store.close()
        results = together(["--home", str(home), "approve", str(invoice), "--by", "Founder"],
                           ["--home", str(home), "approve", str(invoice), "--by", "Founder"])
        assert sorted(r.returncode for r in results) == [0, 1], [r.stderr for r in results]
        for r in results:
            assert "unexpected" not in r.stderr, r.stderr
        store = open_store(workspace)
        try:
            with store.session() as session:
                approvals = session.scalar(select(func.count()).select_from(AuditEntry).where(
                    AuditEntry.entity == "invoice", AuditEntry.entity_id == invoice, AuditEntry.action == "approved"))
            assert approvals == 1
        finally:
            store.close()
        assert_sound(workspace, files=False)
