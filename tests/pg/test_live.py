"""Live views: what one desk commits reaches another within seconds, through LISTEN/NOTIFY."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.schema import Vendor
from bodesk.store.live import listen


def test_another_desks_change_arrives_and_this_desks_own_does_not(tmp_path: Path, pg_url: str) -> None:
    ana = open_store(Workspace.at(tmp_path / "ana", pg_url))
    stop = threading.Event()
    seen: list[set[str]] = []
    ready = threading.Event()

    def follow() -> None:
        for kinds in listen(pg_url, "ben's desk", stop.is_set, poll=0.2):
            seen.append(kinds)
            if len(seen) >= 1:
                stop.set()

    thread = threading.Thread(target=follow, daemon=True)
    thread.start()
    try:
        import time

        time.sleep(1.0)  # Ben's desk is listening
        from tests.store.conftest import add_invoice

        add_invoice(ana, 1, status="needs_review", exceptions=("no_po",))
        thread.join(timeout=15)
        assert seen and {"invoices", "exceptions", "documents"} <= seen[0]
    finally:
        stop.set()
        thread.join(timeout=5)
        ana.close()


def test_a_rolled_back_change_is_not_announced(tmp_path: Path, pg_url: str) -> None:
    from bodesk.store.live import CHANNEL

    ana = open_store(Workspace.at(tmp_path / "ana", pg_url))
    try:
        raw = ana.engine.raw_connection()
        listener = raw.driver_connection
        listener.autocommit = True
        listener.execute(f"LISTEN {CHANNEL}")
        try:
            with ana.session() as session:
                session.add(Vendor(name="Acme", created_at=datetime.now()))
                session.flush()
                raise RuntimeError("changed my mind")
        except RuntimeError:
            pass
        assert list(listener.notifies(timeout=1.0)) == []
        with ana.session() as session:  # the same change committed is announced
            session.add(Vendor(name="Acme", created_at=datetime.now()))
        (note,) = listener.notifies(timeout=2.0, stop_after=1)
        assert '"vendors"' in note.payload
        raw.close()
    finally:
        ana.close()
