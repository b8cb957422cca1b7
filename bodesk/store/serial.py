"""One writer at a time on the shared database, as SQLite has it on a desk's own file.

A transaction on PostgreSQL takes one advisory lock (held until it commits or rolls back) just before
its first write or row lock. Writers then follow one another in a single order, which is what the
audit trail's hash chain needs (each entry is sealed onto the one committed before it, in id order),
and what keeps two desks' checks from crossing; readers are never held up. The lock is the first
lock a writer takes, so writers wait for one another but never deadlock on it. A writer waits at
most `WAIT` for it (or for any lock after it): a desk that holds it longer is stuck, and the one
waiting is told the database is busy rather than hanging.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, event

#: The advisory lock's key: any number of bodesk's own ("bodesk" in ASCII).
KEY = 0x626F6465736B
#: Held (for the session, not a transaction) while one desk brings the shared schema up to date.
MIGRATION_KEY = KEY + 1
WAIT = "60s"
_WRITES = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE)\b|\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b", re.IGNORECASE)
_HELD = "bodesk_writer"


def one_writer_at_a_time(engine: Engine) -> None:
    """Make every transaction on `engine` take the writer's lock before its first write."""

    @event.listens_for(engine, "before_cursor_execute")
    def _lock(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if conn.in_transaction() and not conn.info.get(_HELD) and _WRITES.search(statement):
            cursor.execute(f"SELECT set_config('lock_timeout', '{WAIT}', true), pg_advisory_xact_lock({KEY})")
            conn.info[_HELD] = True

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _released(conn: Any) -> None:
        if not conn.invalidated:  # a dropped connection took its lock and its notes with it
            conn.info.pop(_HELD, None)
