"""Checks shared by the hardening tests: the data is all there and the database is sound."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import func, select

from bodesk.paths import Workspace
from bodesk.store import Store
from bodesk.store.schema import Document, Invoice


def assert_sound(workspace: Workspace, *, files: bool = True) -> None:
    """PRAGMA integrity_check is ok and (unless `files` is False, for rows made without files) every
    document row's stored file exists."""
    con = sqlite3.connect(workspace.database)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = [r[0] for r in con.execute("SELECT stored_path FROM documents")]
    finally:
        con.close()
    missing = [p for p in stored if files and not (workspace.documents / p).is_file()]
    assert missing == [], f"document rows point at missing files: {missing}"


def counts(store: Store) -> tuple[int, int]:
    """(documents, invoices) in the database."""
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(Document)) or 0,
                session.scalar(select(func.count()).select_from(Invoice)) or 0)


def stored_files(workspace: Workspace) -> list[Path]:
    return sorted(p for p in workspace.documents.rglob("*") if p.is_file() and not p.name.startswith("."))
