"""Live views across desks: a change committed at one desk reaches the others within a second or
two, through PostgreSQL's LISTEN/NOTIFY, as the same "what changed" the views already act on.

Every transaction that writes to the shared database notes which tables it touched; when it
commits, one notification on the `bodesk` channel names the kinds of change (invoices, exceptions,
onboarding…) and the desk that made them. Each desk listens on a connection of its own and hands
on what other desks changed; nothing polls a table. No Qt here: the window runs `listen` as a job.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import DBAPIError

from bodesk.core.vocabulary import Change
from bodesk.errors import EnvironmentProblem

log = logging.getLogger(__name__)

CHANNEL = "bodesk"
#: Which view-level change a write to each table is.
TABLE_CHANGES: dict[str, Change] = {
    "invoices": Change.INVOICES, "invoice_lines": Change.INVOICES, "documents": Change.DOCUMENTS,
    "approval_steps": Change.INVOICES, "bookings": Change.INVOICES,
    "exceptions": Change.EXCEPTIONS,
    "vendors": Change.VENDORS, "vendor_ibans": Change.VENDORS, "vendor_aliases": Change.VENDORS,
    "purchase_orders": Change.PURCHASING, "po_lines": Change.PURCHASING, "goods_receipts": Change.PURCHASING,
    "hires": Change.ONBOARDING, "onboarding_tasks": Change.ONBOARDING, "onboarding_templates": Change.ONBOARDING,
    "onboarding_template_tasks": Change.ONBOARDING, "certificates": Change.ONBOARDING,
    "intake_sources": Change.SOURCES, "settings": Change.SETTINGS, "users": Change.SETTINGS,
    "payment_batches": Change.PAYMENTS, "payment_transfers": Change.PAYMENTS, "payment_items": Change.PAYMENTS,
    "bank_statements": Change.PAYMENTS, "bank_statement_lines": Change.PAYMENTS,
}
_WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def desk_id() -> str:
    """This process, as other desks see it in a notification."""
    return f"{socket.gethostname()}:{os.getpid()}"


def tables_written(statement: str) -> str | None:
    found = _WRITE.match(statement)
    return found.group(1).lower() if found else None


def announce_changes(engine: Engine, me: str) -> None:
    """Make every commit on `engine` that wrote something tell the other desks what kinds changed."""

    @event.listens_for(engine, "after_cursor_execute")
    def _noted(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        table = tables_written(statement)
        if table in TABLE_CHANGES:
            conn.info.setdefault("bodesk_changed", set()).add(str(TABLE_CHANGES[table]))

    @event.listens_for(engine, "commit")
    def _commit(conn: Any) -> None:
        kinds = conn.info.pop("bodesk_changed", None)
        if kinds:
            payload = json.dumps({"desk": me, "kinds": sorted(kinds)})
            conn.connection.dbapi_connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))

    @event.listens_for(engine, "rollback")
    def _rollback(conn: Any) -> None:
        if not conn.invalidated:  # a connection the server dropped has lost its notes with it
            conn.info.pop("bodesk_changed", None)


def listen(url: str, me: str, stopped: Callable[[], bool], *, poll: float = 1.0) -> Iterator[set[str]]:
    """The kinds of change other desks commit, as they happen, until `stopped()`; reconnects (after
    a pause that grows to a minute) when the server goes away."""
    import psycopg

    from bodesk.store.db import server_engine

    pause = 1.0
    while not stopped():
        engine = server_engine(url)  # the same address, password and TLS as the store's
        try:
            raw = engine.raw_connection()
            try:
                conn = raw.driver_connection
                conn.autocommit = True
                conn.execute(f"LISTEN {CHANNEL}")
                pause = 1.0
                while not stopped():
                    for note in conn.notifies(timeout=poll):
                        kinds = _kinds(note.payload, me)
                        if kinds:
                            yield kinds
            finally:
                raw.close()
        except (psycopg.Error, DBAPIError, EnvironmentProblem, OSError) as exc:  # a lost server is not a bug
            if stopped():
                return
            log.warning("live updates paused, the office database went away (%s); retrying in %.0f s", exc, pause)
            deadline = time.monotonic() + pause
            while time.monotonic() < deadline and not stopped():
                time.sleep(0.2)
            pause = min(pause * 2, 60.0)
        finally:
            engine.dispose()


def _kinds(payload: str, me: str) -> set[str]:
    try:
        data = json.loads(payload)
    except ValueError:
        return set()
    if not isinstance(data, dict) or data.get("desk") == me:
        return set()  # this desk's own changes are announced inside it already
    return {k for k in data.get("kinds", []) if isinstance(k, str)}
