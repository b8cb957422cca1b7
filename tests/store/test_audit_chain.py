"""The audit trail's hash chain: an entry edited or deleted in the database file is found."""

from __future__ import annotations

import sqlite3

import pytest

from bodesk.cli import main
from bodesk.store import Store, audit
from bodesk.store.audit_chain import verify


def _write(store: Store, n: int) -> None:
    for i in range(n):
        with store.session() as session:
            audit.record(session, actor="Founder", action="commented", entity="invoice", entity_id=i, note=f"note {i}")


def _tamper(store: Store, sql: str) -> None:
    """What someone with the database file (or the server's owner) could do: switch the triggers
    off and change the trail."""
    if store.shared:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ALTER TABLE audit_entries DISABLE TRIGGER USER")
            conn.exec_driver_sql(sql)
            conn.exec_driver_sql("ALTER TABLE audit_entries ENABLE TRIGGER USER")
        return
    conn = sqlite3.connect(store.workspace.database)
    conn.executescript("DROP TRIGGER audit_entries_no_update; DROP TRIGGER audit_entries_no_delete;" + sql)
    conn.commit()
    conn.close()


def test_entries_are_sealed_and_the_database_refuses_changing_them(store: Store) -> None:
    _write(store, 3)
    with store.engine.connect() as conn:
        verdict = verify(conn)
        assert verdict.intact and verdict.checked == 4  # the first person's entry and three notes
        with pytest.raises(Exception, match="append-only"):
            conn.exec_driver_sql("UPDATE audit_entries SET seal = NULL WHERE id = 2")


@pytest.mark.parametrize(
    ("sql", "sentence"),
    [
        ("DELETE FROM audit_entries WHERE id = 3", "broken at entry 4 (.*): entries 3–3 before it were deleted"),
        ("UPDATE audit_entries SET actor = 'Intern Joe' WHERE id = 3", "broken at entry 3 .*Intern Joe.*changed"),
        ("UPDATE audit_entries SET seal = NULL WHERE id = 2", "broken at entry 2 .*carries no seal"),
    ],
)
def test_audit_verify_finds_a_deleted_or_edited_entry(store: Store, capsys: pytest.CaptureFixture[str],
                                                      sql: str, sentence: str) -> None:
    _write(store, 4)
    home = str(store.workspace.root)
    assert main(["--home", home, "audit", "verify"]) == 0
    assert "intact: 5 entries" in capsys.readouterr().out
    _tamper(store, sql)
    assert main(["--home", home, "audit", "verify"]) == 1
    assert __import__("re").search(sentence, capsys.readouterr().err)


def test_an_old_workspace_trail_is_sealed_when_it_is_migrated(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    from pathlib import Path

    from bodesk.paths import Workspace
    from bodesk.store import open_store

    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "workspace-0001.sqlite3"
    workspace = Workspace.at(tmp_path / "old").ensure()
    shutil.copy(fixture, workspace.database)
    with sqlite3.connect(workspace.database) as conn:
        old_entries = conn.execute("SELECT count(*) FROM audit_entries").fetchone()[0]
    store = open_store(workspace)
    try:
        with store.engine.connect() as conn:
            verdict = verify(conn)
        assert old_entries > 0 and verdict.intact and verdict.checked == old_entries + 1  # + the first person
    finally:
        store.close()
