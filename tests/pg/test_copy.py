"""Moving an office: a populated SQLite workspace copied into an empty PostgreSQL database,
verified by counts and checksums, documents readable from another desk, the workspace untouched."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bodesk.cli import main
from bodesk.paths import Workspace
from bodesk.store import audit, open_store
from bodesk.store.approvals import approve
from bodesk.store.schema import AuditEntry, Document, Invoice
from tests.store.conftest import add_invoice


def _populated(home: Path) -> Workspace:
    ws = Workspace.at(home)
    store = open_store(ws)
    try:
        for n in range(1, 6):
            invoice = add_invoice(store, n, status="matched")
            with store.session() as session:
                doc = session.get(Invoice, invoice).document
                path = ws.documents / doc.stored_path
                path.parent.mkdir(parents=True, exist_ok=True)
                content = f"%PDF-1.4 invoice {n}".encode()
                path.write_bytes(content)
                doc.sha256 = hashlib.sha256(content).hexdigest()
        approve(store, 1, by="Founder")
        with store.session() as session:
            audit.record(session, actor="Founder", action="edited", entity="vendor", entity_id=1, note="=1+1")
    finally:
        store.close()
    return ws


def _entries(root: Path) -> list[str]:
    """The workspace folder's entries, leaving out SQLite's own -wal/-shm files of a WAL database."""
    return sorted(p.name for p in root.iterdir() if not p.name.endswith(("-wal", "-shm")))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_workspace_moves_to_the_server_whole_and_stays_as_it_was(tmp_path: Path, pg_url: str, capsys) -> None:
    ws = _populated(tmp_path / "office")
    before = _digest(ws.database)
    before_files = _entries(ws.root)
    assert main(["--home", str(ws.root), "db", "copy", "--to", pg_url]) == 0
    out = capsys.readouterr().out
    assert "every table's count and checksum and every document's SHA-256 match" in out
    assert _digest(ws.database) == before  # the SQLite workspace was only read
    assert _entries(ws.root) == before_files  # and nothing was added to it

    # Another desk, with an empty folder of its own, sees everything, documents included.
    desk = open_store(Workspace.at(tmp_path / "laptop", pg_url))
    try:
        with desk.session() as session:
            assert session.scalar(select(func.count(Invoice.id))) == 5
            assert session.get(Invoice, 1).status == "approved"
            notes = session.scalars(select(AuditEntry.note)).all()
            stored = session.scalar(select(Document.stored_path).where(Document.id == 3))
        assert "=1+1" in notes
        local = desk.document_file(stored)
        assert local.read_bytes() == b"%PDF-1.4 invoice 3"
        assert str(local).startswith(str(tmp_path / "laptop"))
        # New rows continue after the copied ids.
        with desk.session() as session:
            last = session.scalar(select(func.max(AuditEntry.id)))
            entry = audit.record(session, actor="Founder", action="edited", entity="vendor", entity_id=1)
            session.flush()
            assert entry.id == last + 1
    finally:
        desk.close()


def test_copying_into_a_database_that_is_not_empty_is_refused(tmp_path: Path, pg_url: str, capsys) -> None:
    ws = _populated(tmp_path / "office")
    assert main(["--home", str(ws.root), "db", "copy", "--to", pg_url]) == 0
    capsys.readouterr()
    assert main(["--home", str(ws.root), "db", "copy", "--to", pg_url]) == 1
    assert "not empty" in capsys.readouterr().err


def test_a_document_imported_at_one_desk_opens_at_another(tmp_path: Path, pg_url: str) -> None:
    from bodesk.ingest.pipeline import Importer

    scan = tmp_path / "in" / "note.xml"
    scan.parent.mkdir()
    scan.write_text("<Invoice>not really</Invoice>", encoding="utf-8")
    first = open_store(Workspace.at(tmp_path / "desk-a", pg_url))
    try:
        list(Importer(first, source_kind="cli").run([scan]))
    finally:
        first.close()
    second = open_store(Workspace.at(tmp_path / "desk-b", pg_url))
    try:
        with second.session() as session:
            stored = session.scalar(select(Document.stored_path))
        assert second.document_file(stored).read_text(encoding="utf-8") == "<Invoice>not really</Invoice>"
    finally:
        second.close()


@pytest.mark.slow
def test_the_demo_workspace_moves_whole(tmp_path: Path, pg_url: str, capsys) -> None:
    from bodesk.demo.workspace import build_demo

    ws = Workspace.at(tmp_path / "demo")
    store = open_store(ws)
    try:
        build_demo(store)
        with store.session() as session:
            counts = {m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in (Document, Invoice, AuditEntry)}
    finally:
        store.close()
    assert main(["--home", str(ws.root), "db", "copy", "--to", pg_url]) == 0
    assert "every table's count and checksum and every document's SHA-256 match" in capsys.readouterr().out
    desk = open_store(Workspace.at(tmp_path / "laptop", pg_url))
    try:
        with desk.session() as session:
            copied = {m.__tablename__: session.scalar(select(func.count()).select_from(m)) for m in (Document, Invoice, AuditEntry)}
            stored = session.scalars(select(Document.stored_path)).all()
        assert copied == counts and counts["invoices"] > 10
        for path in stored:  # every document opens at a desk that never had it
            assert desk.document_file(path).stat().st_size > 0
    finally:
        desk.close()
