"""A unit of work with savepoints waits for another writer instead of failing on a stale snapshot."""

from __future__ import annotations

import threading

from sqlalchemy import text

from bodesk.store import Store
from bodesk.store.db import savepoint


def test_a_savepoint_unit_of_work_waits_for_a_writer_that_commits_meanwhile(store: Store) -> None:
    with store.session() as session:
        session.execute(text("CREATE TABLE tally (who TEXT)"))
    read_done = threading.Event()
    errors: list[BaseException] = []

    def other_desk() -> None:
        read_done.wait(5)
        try:
            with store.session() as session:  # commits while the first unit of work is between read and write
                session.execute(text("INSERT INTO tally VALUES ('other')"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=other_desk)
    thread.start()
    with store.session() as session:
        with savepoint(session):
            seen = session.execute(text("SELECT count(*) FROM tally")).scalar_one()
            read_done.set()
            thread.join(0.3)  # the other writer is kept waiting (or, without the lock, commits now)
            session.execute(text("INSERT INTO tally VALUES ('first')"))
    thread.join(15)
    assert errors == []
    assert seen == 0
    with store.session() as session:
        assert sorted(session.execute(text("SELECT who FROM tally")).scalars()) == ["first", "other"]
