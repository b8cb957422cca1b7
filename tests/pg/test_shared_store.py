"""A shared PostgreSQL database: the same migrations as SQLite, refusals as sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from bodesk.errors import BodeskError, DatabaseTooNew
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.migrations import HEAD


def _psycopg(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def test_an_empty_database_is_migrated_to_head(tmp_path: Path, pg_url: str) -> None:
    store = open_store(Workspace.at(tmp_path / "desk", pg_url))
    try:
        assert store.engine.dialect.name == "postgresql"
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            tables = set(inspect(conn).get_table_names())
        assert {"invoices", "audit_entries", "documents"} <= tables
        assert not (tmp_path / "desk" / "bodesk.sqlite3").exists()
    finally:
        store.close()


def test_the_audit_trail_is_append_only_on_the_server_too(tmp_path: Path, pg_url: str) -> None:
    from bodesk.store import audit

    store = open_store(Workspace.at(tmp_path / "desk", pg_url))
    try:
        with store.session() as session:
            audit.record(session, actor="Founder", action="edited", entity="vendor", entity_id=1, note="x")
        with pytest.raises(Exception, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(text("UPDATE audit_entries SET note = 'changed'"))
        with pytest.raises(Exception, match="append-only"):
            with store.engine.begin() as conn:
                conn.execute(text("DELETE FROM audit_entries"))
    finally:
        store.close()


def test_a_newer_schema_is_refused(tmp_path: Path, pg_url: str) -> None:
    open_store(Workspace.at(tmp_path / "a", pg_url)).close()
    engine = create_engine(_psycopg(pg_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseTooNew, match="newer version of bodesk"):
        open_store(Workspace.at(tmp_path / "b", pg_url))


def test_another_applications_database_is_refused_untouched(tmp_path: Path, pg_url: str) -> None:
    engine = create_engine(_psycopg(pg_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE customers (id integer primary key, name text)"))
    with pytest.raises(BodeskError, match="another application"):
        open_store(Workspace.at(tmp_path / "desk", pg_url))
    with engine.connect() as conn:
        assert inspect(conn).get_table_names() == ["customers"]
    engine.dispose()


def test_a_wrong_password_and_an_unreachable_server_are_sentences(tmp_path: Path, pg_server, pg_url: str) -> None:
    wrong = pg_url.replace("desk-pass", "not-it")
    with pytest.raises(BodeskError, match="refused the user name or password"):
        open_store(Workspace.at(tmp_path / "desk", wrong))
    from tests.pg.server import _free_port

    nowhere = pg_server.url("x").replace(str(pg_server.port), str(_free_port()))
    with pytest.raises(BodeskError, match="cannot be reached"):
        open_store(Workspace.at(tmp_path / "desk", nowhere))


def test_two_desks_changing_one_invoice_at_once_one_wins_the_other_is_told(tmp_path: Path, pg_url: str) -> None:
    from bodesk.errors import ConcurrentChange
    from bodesk.store.schema import Invoice
    from tests.store.conftest import add_invoice

    ana = open_store(Workspace.at(tmp_path / "ana", pg_url))
    ben = open_store(Workspace.at(tmp_path / "ben", pg_url))
    try:
        from bodesk.store.schema_desks import DocumentBlob

        with ana.session() as session:  # add_invoice writes no file: give its document bytes by hand
            session.add(DocumentBlob(sha256=f"{1:064x}", content=b"%PDF"))
        invoice = add_invoice(ana, 1, status="matched")
        with pytest.raises(ConcurrentChange, match="another desk changed this a moment ago"):
            with ana.session() as a:
                mine = a.get(Invoice, invoice)
                mine.status = "approved"
                with ben.session() as b:  # Ben decides in the meantime, and his commit lands first
                    b.get(Invoice, invoice).status = "rejected"
        with ana.session() as session:
            row = session.get(Invoice, invoice)
            assert (row.status, row.version) == ("rejected", 2)
    finally:
        ana.close()
        ben.close()
