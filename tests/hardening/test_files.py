"""Files and folders that must never lose data or stop intake: self-watching, rewrites, odd names,
links out of the folder, oversized and special files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk.errors import BodeskError
from bodesk.ingest import docstore as docstore_module
from bodesk.ingest.docstore import DocumentStore
from bodesk.ingest.folders import FolderScanner, FolderSettings
from bodesk.ingest import source_setup
from bodesk.ingest.pipeline import Importer
from bodesk.ingest.sources import IntakeService
from bodesk.paths import Workspace
from bodesk.store import Store, open_store
from bodesk.store import sources as db
from bodesk.store.schema import Document, IntakeSource
from tests.hardening.conftest import assert_sound, counts, stored_files
from tests.helpers import make_documents


def aged(*paths: Path, seconds: float = 60) -> None:
    for p in paths:
        t = time.time() - seconds
        os.utime(p, (t, t), follow_symlinks=False)


def test_a_folder_holding_the_workspace_is_refused_and_never_walked_into(tmp_path: Path) -> None:
    office = tmp_path / "office"
    workspace = Workspace.at(office / "bodesk").ensure()
    store = open_store(workspace)
    try:
        files, _ = make_documents(office / "scans", pdfs=2, pngs=0)
        records = Importer(store).import_paths(files)
        assert [r.status for r in records if r.status == "error"] == []
        assert len(stored_files(workspace)) == 2
        settings = FolderSettings(str(office), recursive=True, after="delete", settle_seconds=0).to_json()
        with pytest.raises(BodeskError, match="contains the bodesk workspace"):
            source_setup.add(store, "folder", "office", settings)
        inside = FolderSettings(str(workspace.documents), after="delete", settle_seconds=0).to_json()
        with pytest.raises(BodeskError, match="inside the bodesk workspace"):
            source_setup.add(store, "folder", "documents", inside)
        with store.session() as session:  # configured before this check existed
            session.add(IntakeSource(kind="folder", name="office", enabled=True, settings=settings,
                                     created_at=workspace_time(), imported_count=0, error_count=0, last_uid=0))
        aged(*office.rglob("*.pdf"))
        IntakeService(store).sync_once(settle_wait=0)
        assert len(stored_files(workspace)) == 2, "the workspace's own stored documents are still there"
        assert counts(store) == (2, 2)
        assert_sound(workspace)
    finally:
        store.close()


def workspace_time():  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime(2026, 1, 1)


def test_delete_after_import_never_deletes_a_newer_scan_written_under_the_same_name(
        store: Store, workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "scanner"
    first, second = make_documents(tmp_path / "made", pdfs=2, pngs=0)[0]
    folder.mkdir()
    target = folder / "scan.pdf"
    target.write_bytes(first.read_bytes())
    aged(target)
    db.add_source(store, "folder", "scanner", FolderSettings(str(folder), after="delete", settle_seconds=1).to_json())
    real_put = DocumentStore.put

    def put_while_the_scanner_rewrites(self: DocumentStore, source: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        stored = real_put(self, source, *args, **kwargs)
        if source == target and not getattr(put_while_the_scanner_rewrites, "done", False):
            put_while_the_scanner_rewrites.done = True  # type: ignore[attr-defined]
            target.write_bytes(second.read_bytes())  # the second scan, same name, while the first is stored
            aged(target, seconds=30)
        return stored

    monkeypatch.setattr(DocumentStore, "put", put_while_the_scanner_rewrites)
    (report,) = IntakeService(store).sync_once(settle_wait=0)
    assert target.exists(), "the second scan was deleted unread"
    assert target.read_bytes() == second.read_bytes()
    (again,) = IntakeService(store).sync_once(settle_wait=0)
    assert again.imported == 1 and not target.exists(), "the second scan is imported, then deleted"
    assert counts(store) == (2, 2)
    assert len(stored_files(workspace)) == 2
    assert_sound(workspace)


def test_odd_names_links_out_of_the_folder_and_special_files(store: Store, workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    files, _ = make_documents(folder, pdfs=9, pngs=0)
    odd = os.fsdecode(bytes(folder) + b"/r\xe9sum\xe9-\x1b[31mred.pdf")  # Latin-1 bytes and an escape sequence
    os.rename(files[0], odd)
    os.rename(files[1], folder / "new\nline.pdf")
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 not yours")
    os.symlink(secret, folder / "link.pdf")
    os.mkfifo(folder / "pipe.pdf")
    (folder / "empty.pdf").write_bytes(b"")
    records = Importer(store).import_paths([folder])
    imported = [r for r in records if r.status != "error"]
    refused = {Path(r.source).name: r.errors for r in records if r.status == "error"}
    assert len(imported) == 9, [r.to_json() for r in records]
    assert "link.pdf" in refused and "outside the folder" in refused["link.pdf"][0]
    assert "pipe.pdf" in refused and "not a regular file" in refused["pipe.pdf"][0]
    for record in records:
        assert record.source.isprintable() and "\x1b" not in " ".join(record.errors)
    with store.session() as session:
        names = list(session.scalars(select(Document.original_name)))
    assert all(n.isprintable() for n in names) and any(n.startswith("r\ufffdsum\ufffd-?[31mred") for n in names)
    assert not any(p.read_bytes() == secret.read_bytes() for p in stored_files(workspace))
    assert counts(store) == (9, 9)
    assert_sound(workspace)


def test_a_watched_folder_with_odd_files_is_synced_and_each_problem_told_once(store: Store, workspace: Workspace, tmp_path: Path) -> None:
    folder = tmp_path / "scanner"
    files, _ = make_documents(folder, pdfs=3, pngs=0)
    os.rename(files[0], os.fsdecode(bytes(folder) + b"/\xff\xfe.pdf"))
    (folder / "empty.pdf").write_bytes(b"")
    os.mkfifo(folder / "pipe.pdf")
    os.symlink("/etc/passwd", folder / "passwd.pdf")
    aged(*folder.iterdir())
    scanner = FolderScanner(FolderSettings(str(folder), settle_seconds=1))
    ready = scanner.scan()
    assert len(ready) == 3 and scanner.waiting == 0, "nothing to wait for: the odd files are told, not waited on"
    assert len(scanner.problems) == 3
    scanner.scan()
    assert scanner.problems == [], "each problem is told once"
    db.add_source(store, "folder", "scanner", FolderSettings(str(folder), settle_seconds=1).to_json())
    (report,) = IntakeService(store).sync_once()
    assert report.imported == 3
    assert "empty" in (report.error or "")
    assert counts(store) == (3, 3)
    assert_sound(workspace)


def test_a_file_over_the_cap_is_refused_before_a_byte_is_copied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:
        fh.truncate(2 * 1024**3)  # 2 GiB, sparse
    store = DocumentStore(tmp_path / "docs")
    copied = []
    monkeypatch.setattr(DocumentStore, "_copy", lambda *a, **k: copied.append(a))
    with pytest.raises(BodeskError) as info:
        store.put(big)
    assert str(info.value) == "big.pdf is too large (2 GiB); the limit is 200 MiB."
    assert copied == []
    assert docstore_module.size_text(200 * 1024 * 1024) == "200 MiB"


def test_a_database_that_lost_its_schema_version_is_refused_without_a_backup_at_every_start(tmp_path: Path) -> None:
    import sqlite3

    workspace = Workspace.at(tmp_path / "ws").ensure()
    open_store(workspace).close()
    with sqlite3.connect(workspace.database) as conn:
        conn.execute("DELETE FROM alembic_version")
    before = sorted(workspace.backups.iterdir())
    for _ in range(3):
        with pytest.raises(BodeskError) as info:
            open_store(workspace)
        assert "lost the record of its schema version" in str(info.value) and "backup" in str(info.value)
    assert sorted(workspace.backups.iterdir()) == before, "no copy is added at every start"
    with sqlite3.connect(workspace.database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM invoices").fetchone() == (0,)
