"""Watched folders on a real file system: stability, ignore rules, after-actions, events and faults."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk import cli
from bodesk.ingest.folders import FolderScanner, FolderSettings
from bodesk.ingest.sources import IntakeService, SourceReport, backoff_delay
from bodesk.store import Store
from bodesk.store import sources as db
from bodesk.store.schema import Document
from tests.helpers import make_documents


def aged(*paths: Path, seconds: float = 60) -> None:
    """Make files look as if written a while ago (a scanner that finished long since)."""
    for p in paths:
        t = time.time() - seconds
        os.utime(p, (t, t))


def names(store: Store) -> list[str]:
    with store.session() as session:
        return sorted(session.scalars(select(Document.original_name)))


def add_folder(store: Store, folder: Path, **kw) -> db.SourceInfo:  # type: ignore[no-untyped-def]
    return db.add_source(store, "folder", folder.name, FolderSettings(str(folder), **kw).to_json())


def test_only_stable_files_are_taken_and_junk_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    (folder / "sub").mkdir(parents=True)
    for name in ("a.pdf", "~$a.pdf", ".hidden.pdf", "b.pdf.part", "c.tmp", "notes.txt", "sub/d.pdf", "x.pdf.lock"):
        (folder / name).write_bytes(b"%PDF-1.4 data")
    aged(*folder.rglob("*.*"))
    clock = [0.0]
    scanner = FolderScanner(FolderSettings(str(folder), settle_seconds=3), clock=lambda: clock[0])
    assert [f.key for f in scanner.scan()] == ["a.pdf"]
    assert [f.key for f in FolderScanner(FolderSettings(str(folder), recursive=True)).scan()] == ["a.pdf", "sub/d.pdf"]

    growing = folder / "scan-in-progress.pdf"
    growing.write_bytes(b"%PDF-1.4 first page")
    assert "scan-in-progress.pdf" not in [f.key for f in scanner.scan()] and scanner.waiting == 1
    clock[0] = 2.0
    with growing.open("ab") as fh:
        fh.write(b" second page")
    assert "scan-in-progress.pdf" not in [f.key for f in scanner.scan()]
    clock[0] = 4.0  # unchanged for 2 s only
    assert "scan-in-progress.pdf" not in [f.key for f in scanner.scan()]
    clock[0] = 5.5  # unchanged for 3.5 s: done writing
    assert "scan-in-progress.pdf" in [f.key for f in scanner.scan()] and scanner.waiting == 0


@pytest.mark.parametrize("after", ["keep", "move", "delete"])
def test_after_actions_happen_once_the_document_is_stored(store: Store, tmp_path: Path, after: str) -> None:
    folder = tmp_path / "in"
    files, _ = make_documents(folder, pdfs=2, pngs=0)
    aged(*files)
    add_folder(store, folder, after=after)
    (report,) = IntakeService(store).sync_once()
    assert (report.error, report.imported) == (None, 2)
    assert names(store) == ["invoice-1.pdf", "invoice-2.pdf"]
    left = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert left == {"keep": ["invoice-1.pdf", "invoice-2.pdf"], "delete": [],
                    "move": ["processed/invoice-1.pdf", "processed/invoice-2.pdf"]}[after]
    (again,) = IntakeService(store).sync_once()
    assert (again.imported, again.duplicates) == (0, 0), "a second sync imports nothing"


def test_a_changed_file_is_taken_again_and_a_copy_is_a_duplicate(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files, _ = make_documents(folder, pdfs=2, pngs=0)
    aged(*files)
    add_folder(store, folder)
    service = IntakeService(store)
    assert service.sync_once()[0].imported == 2
    shutil.copy(files[1], files[0])  # invoice-1.pdf now holds invoice 2: a changed file, known content
    shutil.copy(files[1], folder / "copy.pdf")
    aged(files[0], folder / "copy.pdf", seconds=30)
    (report,) = service.sync_once()
    assert (report.imported, report.duplicates) == (0, 2)


def test_faults_are_sentences_and_other_sources_keep_running(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good"
    files, _ = make_documents(good, pdfs=1, pngs=0)
    aged(*files)
    gone = tmp_path / "share"
    gone.mkdir()
    add_folder(store, gone)
    add_folder(store, good)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.pdf").write_bytes(b"%PDF-1.4")
    aged(locked / "a.pdf")
    add_folder(store, locked)
    gone.rmdir()
    if os.geteuid() != 0:
        locked.chmod(0)
    try:
        reports = {r.source_id: r for r in IntakeService(store).sync_once()}
    finally:
        locked.chmod(0o755)
    assert "does not exist (any more)" in (reports[1].error or "")
    assert (reports[2].error, reports[2].imported) == (None, 1)
    assert db.get_source(store, 1).last_error == reports[1].error  # type: ignore[union-attr]
    if os.geteuid() != 0:
        assert "ermission" in (reports[3].error or "")


def test_store_problems_are_reported_and_nothing_is_marked_taken(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files, _ = make_documents(folder, pdfs=1, pngs=0)
    aged(*files)
    source = add_folder(store, folder, after="delete")
    docs = store.workspace.documents
    docs.chmod(0o555)
    if os.geteuid() == 0:  # root writes anyway: make the store a file instead
        docs.chmod(0o755)
        shutil.rmtree(docs)
        docs.write_text("not a folder")
    try:
        (report,) = IntakeService(store).sync_once()
    finally:
        if docs.is_file():
            docs.unlink()
            docs.mkdir()
        docs.chmod(0o755)
    assert report.error and report.error.startswith("Could not write to the document store")
    assert files[0].exists() and db.ledger(store, source.id) == {}
    assert IntakeService(store).sync_once()[0].imported == 1 and not files[0].exists()


def test_events_wake_the_loop_and_polling_catches_the_rest(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    add_folder(store, folder, settle_seconds=0.5, poll_seconds=300)
    reports: list[SourceReport] = []
    service = IntakeService(store, on_report=reports.append)
    stop = threading.Event()
    thread = threading.Thread(target=service.run, args=(stop.is_set,))
    thread.start()
    try:
        time.sleep(0.5)
        make_documents(tmp_path / "made", pdfs=1, pngs=0)
        shutil.copy(tmp_path / "made" / "invoice-1.pdf", folder / "new.pdf")
        deadline = time.monotonic() + 10
        while names(store) != ["new.pdf"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert names(store) == ["new.pdf"], "the file event, not the 300 s poll, brought it in"
    finally:
        stop.set()
        thread.join(timeout=10)
    assert not thread.is_alive()
    checks = [r for r in reports if not r.checking]
    assert len(checks) < 10, "no busy loop while waiting"


def test_backoff_grows_and_is_capped() -> None:
    delays = [backoff_delay(n) for n in range(1, 10)]
    assert delays[0] == pytest.approx(15, rel=0.11) and delays[2] == pytest.approx(60, rel=0.11)
    assert max(delays) <= 900 * 1.1 and backoff_delay(0) == 0


def test_folder_commands(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(store.workspace.root)
    folder = tmp_path / "scans"
    folder.mkdir()
    assert cli.main(["--home", home, "source", "add-folder", str(folder), "--recursive", "--after", "move"]) == 0
    assert cli.main(["--home", home, "source", "add-folder", str(tmp_path / "missing")]) == 1
    assert cli.main(["--home", home, "source", "list", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"kind": "folder"' in out and '"recursive": true' in out and '"after": "move"' in out
    assert cli.main(["--home", home, "source", "remove", "1"]) == 0
    assert cli.main(["--home", home, "source", "remove", "1"]) == 1
    assert db.list_sources(store) == []
