"""Opening, migrating and protecting the workspace database."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bodesk.errors import DatabaseTooNew
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store import audit
from bodesk.store.db import head_revision
from bodesk.store.schema_desks import DocumentBlob
from bodesk.store.schema import Document, Invoice, InvoiceLine


def test_new_workspace_is_at_head_with_wal_and_foreign_keys(workspace: Workspace) -> None:
    store = open_store(workspace)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    store.close()
    assert not list(workspace.backups.iterdir()), "a fresh database needs no backup"


def test_database_from_newer_bodesk_is_refused_and_untouched(workspace: Workspace) -> None:
    open_store(workspace).close()
    with sqlite3.connect(workspace.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    before = workspace.database.read_bytes()
    with pytest.raises(DatabaseTooNew, match="newer version of bodesk"):
        open_store(workspace)
    assert workspace.database.read_bytes() == before


def test_old_database_is_backed_up_then_migrated(workspace: Workspace) -> None:
    # A workspace from before the first migration was applied: empty alembic_version.
    with sqlite3.connect(workspace.database) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('kept')")
    store = open_store(workspace)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT text FROM notes")).scalar() == "kept"
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    store.close()
    (backup,) = workspace.backups.iterdir()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("SELECT text FROM notes").fetchall() == [("kept",)]
        assert conn.execute("SELECT count(*) FROM alembic_version").fetchone() == (0,)


def _invoice(session) -> Invoice:  # type: ignore[no-untyped-def]
    now = datetime.now()
    doc = Document(
        sha256="a" * 64, original_name="a.pdf", stored_path="aa/a.pdf", size=1, kind="pdf",
        source_kind="cli", source_ref="a.pdf", received_at=now,
    )
    inv = Invoice(document=doc, created_at=now, updated_at=now, total=Decimal("1234.50"))
    session.add_all([doc, inv, DocumentBlob(sha256=doc.sha256, content=b"%PDF")])
    session.flush()
    return inv


def test_amounts_are_exact(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as session:
        inv = _invoice(session)
        inv.lines = [InvoiceLine(line_no=1, quantity=Decimal("2"), unit_price=Decimal("3.3333"), amount=Decimal("6.67"))]
    with store.session() as session:
        inv = session.get(Invoice, inv.id)
        assert str(inv.total) == "1234.50"
        assert [str(inv.lines[0].quantity), str(inv.lines[0].unit_price)] == ["2", "3.3333"]


def test_audit_trail_is_append_only(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as session:
        inv = _invoice(session)
        audit.record(session, actor="Ana", action="corrected", entity="invoice", entity_id=inv.id, field="total", old=1, new=2)
    with pytest.raises(IntegrityError, match="append-only"):
        with store.session() as session:
            session.execute(text("UPDATE audit_entries SET actor = 'Mallory'"))
    with pytest.raises(IntegrityError, match="append-only"):
        with store.session() as session:
            session.execute(text("DELETE FROM audit_entries"))
    with store.session() as session:
        assert [e.actor for e in audit.history(session, "invoice", inv.id)] == ["Ana"]


def test_documents_cannot_vanish_under_their_invoice(store) -> None:  # type: ignore[no-untyped-def]
    with store.session() as session:
        inv = _invoice(session)
    with pytest.raises(IntegrityError):
        with store.session() as session:
            session.execute(text("DELETE FROM documents WHERE id = :id"), {"id": inv.document_id})


def test_head_constant_matches_the_migration_scripts() -> None:
    from bodesk.store.migrations import HEAD

    assert HEAD == head_revision()


def test_a_real_workspace_from_revision_0001_upgrades_without_loss(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from pathlib import Path

    from bodesk.store.invoices import invoice_records

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "workspace-0001.sqlite3"
    workspace = Workspace.at(tmp_path / "old").ensure()
    shutil.copy(fixture, workspace.database)
    before = [(r["invoice_number"], r["total"]) for r in _records_at_0001(workspace.database)]
    store = open_store(workspace)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
    after = [(r["invoice_number"], r["total"]) for r in invoice_records(store)]
    store.close()
    assert after == before and len(after) == 2
    if head_revision() != "0001":
        (backup,) = workspace.backups.iterdir()
        assert "0001" in backup.name


def _records_at_0001(path) -> list[dict]:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT invoice_number, total FROM invoices ORDER BY id").fetchall()
    return [{"invoice_number": n, "total": format(Decimal(t).scaleb(-4).quantize(Decimal("0.01")), "f")} for n, t in rows]
