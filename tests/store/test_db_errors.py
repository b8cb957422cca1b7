"""Database errors split by SQLite's result code: the machine's problems are sentences, the rest bugs."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from bodesk.cli import main
from bodesk.errors import EnvironmentProblem
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.errors import DatabaseDamaged, classify


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = Workspace.at(tmp_path / "ws").ensure()
    ws.database.write_bytes(b"Shopping list: paper, toner, coffee.\n" * 300)
    before = _digest(ws.database)
    with pytest.raises(DatabaseDamaged) as caught:
        open_store(ws)
    assert str(caught.value).startswith(
        f"The workspace database {ws.database} is damaged; bodesk made no change. Restore the latest backup from backups/")
    assert main(["--home", str(ws.root), "invoices", "list", "--json"]) == 1
    err = capsys.readouterr().err
    assert "is damaged; bodesk made no change. Restore the latest backup from backups/" in err and "Traceback" not in err
    assert _digest(ws.database) == before
    assert sorted(p.name for p in ws.root.iterdir() if p.name.startswith(ws.database.name)) == [ws.database.name]
    assert list(ws.backups.iterdir()) == []


def test_a_corrupt_database_is_a_sentence_not_a_bug(tmp_path: Path) -> None:
    ws = Workspace.at(tmp_path / "ws").ensure()
    open_store(ws).close()
    data = bytearray(ws.database.read_bytes())
    for i in range(4096, len(data), 7):  # every page after the first (the header stays valid)
        data[i] = 0xAB
    ws.database.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged):
        store = open_store(ws)
        with store.session() as session:
            session.execute(text("SELECT count(*) FROM invoices")).all()


def _error(connect: str, sql: str, setup: str = "") -> sqlite3.Error:
    try:
        conn = sqlite3.connect(connect, uri=True, timeout=0)
    except sqlite3.Error as exc:
        return exc
    try:
        if setup:
            conn.executescript(setup)
        conn.execute(sql)
        conn.commit()
    except sqlite3.Error as exc:
        return exc
    finally:
        conn.close()
    raise AssertionError("no error")


def test_environment_problems_by_result_code(tmp_path: Path) -> None:
    db = tmp_path / "x.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (v TEXT)")
    ws = Workspace.at(tmp_path)

    def sentence(exc: sqlite3.Error) -> str:
        problem = classify(DBAPIError("stmt", None, exc), ws.database, ws.backups)
        assert isinstance(problem, EnvironmentProblem), exc
        return str(problem)

    assert "read-only" in sentence(_error(f"file:{db}?mode=ro", "INSERT INTO t VALUES ('a')"))
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert "busy in another program" in sentence(_error(str(db), "INSERT INTO t VALUES ('a')"))
    finally:
        holder.rollback()
        holder.close()
    full = _error(str(db), "INSERT INTO t SELECT hex(randomblob(5000)) FROM t, t AS a",
                  "PRAGMA max_page_count=3; INSERT INTO t VALUES (hex(randomblob(3000)));")
    assert "disk holding the workspace is full" in sentence(full)
    assert "cannot be opened" in sentence(_error(f"file:{tmp_path}/missing/y.db?mode=rw", "SELECT 1"))


def test_a_bug_stays_a_bug(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError):
        with store.session() as session:
            session.execute(text("INSERT INTO vendors (id, name, verified, created_at) VALUES (1, 'A', true, '2026-01-01')"))
            session.execute(text("INSERT INTO vendors (id, name, verified, created_at) VALUES (1, 'B', true, '2026-01-01')"))
    with pytest.raises(DBAPIError) as caught:
        with store.session() as session:
            session.execute(text("SELECT no_such_column FROM vendors"))
    assert not isinstance(caught.value, EnvironmentProblem)
