"""Faults on a real PostgreSQL server, made on purpose: a desk's connection ended by the server
(`pg_terminate_backend`, what a restart, a crash or a network cut does to it) at a chosen statement."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from bodesk.store import Store
from tests.pg.server import PgServer

END_DESKS = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'bodesk'"


@contextmanager
def connection_dropped_at(store: Store, server: PgServer, statement: str, nth: int = 1) -> Iterator[list[str]]:
    """End the desk's connection just before the `nth` statement matching the regular expression
    `statement` runs (`COMMIT`: just before the transaction commits, once everything was written and
    announced), so that statement and its transaction meet a dead connection. Yields the list of
    statements that were cut (empty if none matched)."""
    pattern = re.compile(statement, re.IGNORECASE | re.DOTALL)
    seen = 0
    cut: list[str] = []

    def end(conn: Any, sql: str) -> None:
        nonlocal seen
        if cut or not pattern.search(sql):
            return
        seen += 1
        if seen == nth:
            server.sql(f"SELECT pg_terminate_backend({conn.connection.dbapi_connection.info.backend_pid}, 5000)")
            cut.append(sql)

    def before_statement(conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        end(conn, sql)

    def before_commit(conn: Any) -> None:
        end(conn, "COMMIT")

    hooks = [("before_cursor_execute", before_statement), ("commit", before_commit)]
    for name, hook in hooks:
        event.listen(store.engine, name, hook)
    try:
        yield cut
    finally:
        for name, hook in hooks:
            event.remove(store.engine, name, hook)
