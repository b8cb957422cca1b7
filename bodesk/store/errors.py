"""Database errors split by cause: the machine's problems become a sentence, the rest stay bugs.

SQLite says what went wrong in its result code (`sqlite_errorcode`, Python 3.11+); the primary code
is its low byte. Busy or locked (another program), read-only, I/O errors, a full disk, a file that
cannot be opened, and a damaged file (corrupt, or not a database at all) are environment problems:
the person can act on them and the sentence says how. Anything else is a bug and reaches the crash
report and the log unchanged.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from bodesk.errors import EnvironmentProblem

SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26


class DatabaseDamaged(EnvironmentProblem):
    """The workspace's database file is corrupt or not a database; nothing was written to it."""


def damaged(database: Path, backups: Path) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"The workspace database {database} is damaged; bodesk made no change. Restore the latest backup from "
        f"backups/ ({backups}) by copying it over {database.name} while bodesk is closed, or ask whoever looks "
        "after bodesk for you."
    )


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code behind an error (None when it did not come from SQLite)."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    code = getattr(orig, "sqlite_errorcode", None) if isinstance(orig, sqlite3.Error) else None
    return None if code is None else code & 0xFF


#: What PostgreSQL and libpq say when a connection ends under a desk: the server shut down or restarted,
#: an administrator ended the session, the network dropped it.
LOST_CONNECTION = ("terminating connection", "server closed the connection", "connection is closed",
                   "consuming input failed", "database system is shutting down", "database system is starting up",
                   "connection has been closed unexpectedly", "connection reset", "connection is lost")


def server_problem(exc: BaseException) -> EnvironmentProblem | None:
    """A shared database's connection problems, as sentences (None: not a connection problem)."""
    text = str(exc.orig if isinstance(exc, DBAPIError) else exc).lower()
    if (isinstance(exc, DBAPIError) and exc.connection_invalidated) or any(cue in text for cue in LOST_CONNECTION):
        return EnvironmentProblem("The connection to the office database was lost, so the change in progress was not "
                                  "saved; check the network and that the server is running, then try again.")
    if "password authentication failed" in text or "no password supplied" in text:
        return EnvironmentProblem("The office database refused the user name or password; check them in "
                                  "Connect to office database.")
    if any(cue in text for cue in ("connection refused", "could not connect", "timeout expired",
                                   "could not translate host name", "connection timed out")):
        return EnvironmentProblem("The office database cannot be reached; check the network and that the "
                                  "server is running, then try again. Nothing was changed.")
    if "lock timeout" in text:
        return EnvironmentProblem("The office database is busy with another desk's change; nothing was saved, "
                                  "try again in a moment.")
    if "does not exist" in text and "database" in text:
        return EnvironmentProblem("The office database named in the address does not exist on that server.")
    return None


def classify(exc: BaseException, database: Path, backups: Path) -> BaseException:
    """The sentence for an environment problem behind `exc`, or `exc` itself when it is a bug."""
    code = sqlite_code(exc)
    if code is None and isinstance(exc, DBAPIError) and not isinstance(exc.orig, sqlite3.Error):
        return server_problem(exc) or exc
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return damaged(database, backups)
    sentence = {
        SQLITE_BUSY: "The workspace database is busy in another program; try again in a moment.",
        SQLITE_LOCKED: "The workspace database is locked by another program; try again in a moment.",
        SQLITE_READONLY: f"The workspace database {database} is read-only; check the folder's permissions.",
        SQLITE_IOERR: f"The disk holding the workspace database {database} could not be read or written; "
                      "check that it is still connected and try again.",
        SQLITE_FULL: "The disk holding the workspace is full; free some space and try again.",
        SQLITE_CANTOPEN: f"The workspace database {database} cannot be opened; check that the folder exists "
                         "and is writable.",
    }.get(code or -1)
    return EnvironmentProblem(sentence) if sentence else exc
