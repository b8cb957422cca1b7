"""Opening a workspace's database: SQLite in WAL mode, foreign keys on, schema migrated by Alembic.

Before a migration the database file is copied to `backups/`; a database written by a newer
bodesk (a revision this version does not know) is refused rather than damaged.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from bodesk.errors import DatabaseTooNew, EnvironmentProblem
from bodesk.paths import Workspace
from bodesk.store.errors import DatabaseDamaged, classify
from bodesk.store.migrations import HEAD

if TYPE_CHECKING:
    from alembic.config import Config

    from bodesk.settings import Settings

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def savepoint(session: Session) -> Any:
    """`session.begin_nested()` that cannot meet a stale snapshot on SQLite.

    SQLite's SAVEPOINT outside a transaction opens a deferred one: its reads pin a snapshot, and when
    another connection commits before its first write, the write fails at once ("database is locked",
    no waiting). Taking the write lock first (BEGIN IMMEDIATE, waiting as long as busy_timeout) makes
    the unit of work wait its turn instead."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    return session.begin_nested()


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    if read_only:
        # immutable: the medium cannot change under us, so SQLite needs no -wal/-shm files (it could not make them)
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true",
                               connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _on_connect_read_only)
        return engine
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    return engine


def _on_connect_read_only(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA foreign_keys=ON")


def writable(folder: Path) -> bool:
    """Whether files can be created in `folder` (a read-only medium, a share mounted read-only: not).

    Tried for real: permission bits say nothing to an administrator, and nothing about the medium."""
    import tempfile

    try:
        fd, name = tempfile.mkstemp(prefix=".bodesk-probe-", dir=folder)
    except OSError:
        return False
    import os

    os.close(fd)
    Path(name).unlink(missing_ok=True)
    return True


def server_engine(url: str) -> Engine:
    """An engine on a shared PostgreSQL database. A password missing from the URL comes from the OS
    keyring (saved by the "Connect to office database" dialog); TLS is used whenever the server
    offers it (libpq's sslmode=prefer, unless the URL says otherwise)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise EnvironmentProblem(f"“{parsed.render_as_string(hide_password=True)}” is not a PostgreSQL address; "
                                 "write it as postgresql://user@host:5432/database.")
    parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.password is None and parsed.username:
        from bodesk.secrets import get_secret

        password = get_secret(database_secret_ref(url))
        if password:
            parsed = parsed.set(password=password)
    query = dict(parsed.query)
    query.setdefault("sslmode", "prefer")
    query.setdefault("connect_timeout", "10")
    query.setdefault("application_name", "bodesk")
    engine = create_engine(parsed.set(query=query), pool_pre_ping=True, pool_size=4, max_overflow=4)
    from bodesk.store.serial import one_writer_at_a_time

    one_writer_at_a_time(engine)
    return engine


def database_secret_ref(url: str) -> str:
    """The keyring entry of a shared database's password: one per user, server and database."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return f"db:{u.username}@{u.host}:{u.port or 5432}/{u.database}"


def describe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return f"{u.database} on {u.host}:{u.port or 5432}"


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def head_revision() -> str:
    """The newest migration, as Alembic's scripts say (the tests check `HEAD` agrees)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


class Store:
    """One workspace's database: short sessions that hand back detached objects."""

    def __init__(self, workspace: Workspace, engine: Engine, *, read_only: bool = False) -> None:
        self.workspace = workspace
        self.engine = engine
        self.read_only = read_only  # opened from a read-only medium: reading works, every change is refused
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        if self.shared:
            from bodesk.store.desks import keep_document_bytes

            event.listen(self._sessions, "before_flush", keep_document_bytes(workspace))
            from bodesk.store.live import announce_changes, desk_id

            announce_changes(engine, desk_id())
        self._settings: Settings | None = None
        self._settings_lock = threading.Lock()

    @property
    def settings(self) -> Settings:
        """The workspace's settings, read once (`bodesk.store.settings.change` replaces them)."""
        if self._settings is None:
            with self._settings_lock:
                if self._settings is None:
                    from bodesk.store.settings import load

                    self._settings = load(self)
        return self._settings

    @settings.setter
    def settings(self, value: Settings) -> None:
        self._settings = value

    @property
    def shared(self) -> bool:
        """Whether several desks share this database (PostgreSQL) rather than one folder (SQLite)."""
        return self.engine.dialect.name != "sqlite"

    def document_file(self, stored_path: str) -> Path:
        """The local file of a stored document; on a shared database, fetched into this desk's
        cache the first time it is opened here."""
        local = self.workspace.documents / stored_path
        if self.shared and not local.exists():
            from bodesk.store.desks import fetch_document

            fetch_document(self, stored_path, local)
        return local

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends normally, rolled back otherwise."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if self.read_only:
                raise ReadOnlyWorkspace(read_only_sentence(self.workspace)) from exc
            problem = classify(exc, self.workspace.database, self.workspace.backups)
            if problem is exc:
                raise
            raise problem from exc
        except StaleDataError as exc:
            from bodesk.store.schema import Invoice
            from bodesk.store.transitions import concurrent_change

            # The invoice this session held (a failed flush no longer lists it as changed).
            changed = [key[1][0] for key in session.identity_map.keys() if key[0] is Invoice]
            session.rollback()
            raise concurrent_change(self, changed[0] if len(changed) == 1 else None) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _stamped_revision(engine: Engine) -> str | None:
    """The schema revision read straight from the table, without loading Alembic (start-up speed)."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if engine.dialect.name != "sqlite" and not inspect(conn).has_table("alembic_version"):
            return None
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except OperationalError:
            return None


def backup_database(workspace: Workspace, engine: Engine, label: str) -> Path:
    """Copy the live database (WAL included) with SQLite's backup API; returns the copy's path."""
    workspace.backups.mkdir(parents=True, exist_ok=True)
    target = workspace.backups / f"bodesk-{datetime.now():%Y%m%d-%H%M%S}-{label}.sqlite3"
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(target)
        try:
            raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        finally:
            dest.close()
    finally:
        raw.close()
    return target


def _has_tables(engine: Engine) -> bool:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return bool(inspect(conn).get_table_names())


def _has_bodesk_tables(engine: Engine) -> bool:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
    return {"documents", "invoices"} <= names


def _lost_version(workspace: Workspace) -> str:
    backups = sorted(workspace.backups.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime)
    latest = f"the latest is {backups[-1]}" if backups else f"none was found in {workspace.backups}"
    return (f"The workspace database {workspace.database} has lost the record of its schema version (it was "
            "damaged or changed by another program); bodesk made no change to it. Close bodesk and copy the "
            f"latest backup over {workspace.database.name} ({latest}), or ask whoever looks after bodesk for you.")


class ReadOnlyWorkspace(EnvironmentProblem):
    """A change asked of a workspace that was opened from a read-only medium."""


def read_only_sentence(workspace: Workspace) -> str:
    return (f"The workspace {workspace.root} is on a read-only disk or share, so bodesk opened it for reading only "
            "and did not save this change. Copy the workspace to a writable folder to work in it.")


def open_read_only(workspace: Workspace) -> Store:
    """Open a workspace on a read-only medium (a backup disk, a DVD, a share mounted read-only) for reading."""
    engine = make_engine(workspace.database, read_only=True)
    try:
        if _stamped_revision(engine) != HEAD:
            raise EnvironmentProblem(
                f"The workspace {workspace.root} is on a read-only disk and was written by another version of bodesk; "
                "copy it to a writable folder to open it.")
    except BaseException:
        engine.dispose()
        raise
    log.info("workspace %s opened read-only", workspace.root)
    return Store(workspace, engine, read_only=True)


def open_store(workspace: Workspace) -> Store:
    """Open (creating or migrating as needed) the database of `workspace`; a workspace on a read-only
    medium is opened for reading only (`Store.read_only`)."""
    if not workspace.db_url and workspace.database.is_file() and not writable(workspace.root):
        return open_read_only(workspace)
    try:
        workspace.ensure()
    except OSError as exc:
        raise EnvironmentProblem(f"The workspace folder {workspace.root} cannot be created: {exc.strerror}.") from exc
    engine = server_engine(workspace.db_url) if workspace.db_url else make_engine(workspace.database)
    try:
        migrate(workspace, engine)
    except DBAPIError as exc:
        engine.dispose()
        problem = classify(exc, workspace.database, workspace.backups)
        if problem is exc:
            raise
        raise problem from exc
    except BaseException:
        engine.dispose()
        raise
    store = Store(workspace, engine)
    from bodesk.settings import login_name
    from bodesk.store.people import ensure_first_person

    ensure_first_person(store, login_name())
    return store


def migrate(workspace: Workspace, engine: Engine) -> None:
    if _stamped_revision(engine) == HEAD:
        return  # the usual case: nothing to do, and no need to load Alembic at all
    if engine.dialect.name == "sqlite":
        _migrate(workspace, engine)
        return
    from bodesk.store.serial import MIGRATION_KEY

    # Several desks opening a new (or older) office database at once: one migrates, the others wait
    # for it and then find the schema at head.
    with engine.connect() as guard:
        guard.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_KEY})")
        try:
            _migrate(workspace, engine)
        finally:
            guard.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_KEY})")


def _migrate(workspace: Workspace, engine: Engine) -> None:
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config(engine)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    current = current_revision(engine)
    if current == head:
        return
    if current is not None:
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            from sqlalchemy import inspect

            with engine.connect() as conn:
                ours = inspect(conn).has_table("invoices")
            if not ours:
                raise EnvironmentProblem(
                    "This database belongs to another application; give bodesk an empty database of its own. "
                    "Nothing was changed.")
            raise DatabaseTooNew(
                f"This workspace was last opened by a newer version of bodesk (schema {current}). "
                "Install the newer version to open it; it was left untouched."
            )
    if engine.dialect.name != "sqlite":
        if current is None and _has_tables(engine):
            raise EnvironmentProblem(
                "The office database already holds another application's tables; give bodesk an empty "
                "database of its own. Nothing was changed.")
        # A shared server is backed up by its own means (pg_dump); bodesk does not copy it.
        log.info("migrating the office database %s -> %s", current, head)
    elif current is None and _has_bodesk_tables(engine):
        # bodesk's tables without the row saying their schema: migrating would fail on every start (and
        # copy the database each time). Nothing is changed; the way out is the latest backup.
        raise DatabaseDamaged(_lost_version(workspace))
    elif current is not None or _has_tables(engine):
        copy = backup_database(workspace, engine, current or "unversioned")
        log.info("database backed up to %s before migrating %s -> %s", copy, current, head)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database at schema %s", head)
