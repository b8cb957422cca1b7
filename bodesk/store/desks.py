"""Several desks on one shared database: documents kept in the database, fetched by the desk that
opens them; and moving a one-desk workspace (SQLite) into an empty PostgreSQL database.

`copy_workspace` copies every table, documents and audit trail included, row for row with their
ids, then checks the copy: the same number of rows in every table, the same checksum of every
table's contents, and every document's bytes matching its SHA-256. The SQLite workspace is opened
read-only and left as it was.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Integer, Table, create_engine, func, select, text
from sqlalchemy.orm import Session

from bodesk.errors import BodeskError, EnvironmentProblem
from bodesk.paths import Workspace
from bodesk.store.schema import Base, Document
from bodesk.store.schema_desks import DocumentBlob

log = logging.getLogger(__name__)

#: Rows copied per statement.
BATCH = 2000
#: Tables that are the database's own bookkeeping, not the office's data (the metrics' kept contributions
#: are worked out again on the copy: its triggers mark every invoice copied).
NOT_COPIED = {"alembic_version", "invoice_facts", "invoice_facts_dirty", "invoice_facts_state"}


def keep_document_bytes(workspace: Workspace) -> Callable[..., None]:
    """A `before_flush` hook: a document added on a shared database carries its bytes along, in
    the same transaction as its row, so no desk ever has a row without the file."""

    def hook(session: Session, _context: Any, _instances: Any) -> None:
        added = {obj.sha256 for obj in session.new if isinstance(obj, DocumentBlob)}
        for obj in list(session.new):
            if isinstance(obj, Document) and obj.sha256 not in added and session.get(DocumentBlob, obj.sha256) is None:
                path = workspace.documents / obj.stored_path
                try:
                    content = path.read_bytes()
                except OSError as exc:
                    raise EnvironmentProblem(f"The document {obj.original_name} could not be read to share it: "
                                             f"{exc.strerror}.") from exc
                session.add(DocumentBlob(sha256=obj.sha256, content=content))

    return hook


def fetch_document(store: Any, stored_path: str, local: Path) -> None:
    """Write a document's bytes from the shared database into this desk's cache (atomically)."""
    with store.session() as session:
        content = session.scalar(
            select(DocumentBlob.content).join(Document, Document.sha256 == DocumentBlob.sha256)
            .where(Document.stored_path == stored_path)
        )
    if content is None:
        return  # the viewer says the document is missing
    local.parent.mkdir(parents=True, exist_ok=True)
    tmp = local.with_name(local.name + ".part")
    tmp.write_bytes(content)
    tmp.replace(local)


# -- moving an office ---------------------------------------------------------------------------
@dataclass
class CopyReport:
    """What was copied, and the check of the copy."""

    rows: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.mismatches

    def sentence(self) -> str:
        total = sum(self.rows.values())
        text_ = f"Copied {total} rows in {len(self.rows)} tables and {self.documents} documents"
        if self.verified:
            return text_ + "; every table's count and checksum and every document's SHA-256 match."
        return text_ + ", but the copy differs: " + "; ".join(self.mismatches)


def _value(v: Any) -> str:
    """A value as text that reads the same from SQLite and PostgreSQL."""
    if v is None:
        return "∅"
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (bytes, memoryview)):
        return hashlib.sha256(bytes(v)).hexdigest()
    if isinstance(v, datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (Decimal, float)):
        return format(Decimal(str(v)).normalize(), "f")
    if isinstance(v, (dict, list)):
        import json

        return json.dumps(v, sort_keys=True, ensure_ascii=False)
    return str(v)


def table_checksum(engine: Engine, table: Table) -> tuple[int, str]:
    """Row count and a SHA-256 of every row (in primary-key order) of one table."""
    digest = hashlib.sha256()
    count = 0
    order = list(table.primary_key.columns) or list(table.columns)
    with engine.connect() as conn:
        for row in conn.execute(select(table).order_by(*order)).yield_per(BATCH):
            digest.update("\x1f".join(_value(v) for v in row).encode("utf-8"))
            digest.update(b"\x1e")
            count += 1
    return count, digest.hexdigest()


def _tables() -> list[Table]:
    import_all_models()
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_COPIED]


def import_all_models() -> None:
    """Import every `bodesk.store.schema*` module, so the metadata holds every table."""
    import importlib
    import pkgutil

    import bodesk.store as package

    for module in pkgutil.iter_modules(package.__path__):
        if module.name.startswith("schema"):
            importlib.import_module(f"bodesk.store.{module.name}")


def copy_workspace(source: Workspace, target_url: str, progress: Callable[[str], None] = lambda _t: None) -> CopyReport:
    """Copy the SQLite workspace `source` into the empty PostgreSQL database at `target_url`."""
    from bodesk.store.db import HEAD, _stamped_revision, open_store, server_engine

    if not source.database.exists():
        raise BodeskError(f"There is no workspace database in {source.root} to copy.")
    reader = create_engine(f"sqlite:///file:{source.database}?mode=ro&uri=true")
    try:
        if _stamped_revision(reader) != HEAD:
            raise BodeskError("Open the workspace with this version of bodesk once (to bring it up to date) "
                              "before copying it; it was left untouched.")
        target = server_engine(target_url)
        try:
            _check_empty(target)
        finally:
            target.dispose()
        # Creates the schema on the server (and its first person, removed again below); the desk
        # folder this needs is a temporary one, so nothing is written inside the workspace copied.
        import tempfile

        with tempfile.TemporaryDirectory(prefix="bodesk-copy-") as scratch:
            store = open_store(Workspace(Path(scratch), target_url))
            try:
                return _copy(reader, store.engine, source, progress)
            finally:
                store.close()
    finally:
        reader.dispose()


def _check_empty(engine: Engine) -> None:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
        if names and ("invoices" not in names or conn.execute(text("SELECT count(*) FROM documents")).scalar()):
            raise BodeskError("The target database is not empty; copy into a new, empty database. Nothing was changed.")


def _copy(reader: Engine, writer: Engine, source: Workspace, progress: Callable[[str], None]) -> CopyReport:
    tables = _tables()
    report = CopyReport()
    with writer.begin() as conn:
        for table in reversed(tables):  # children first: what the server's first start wrote goes
            conn.execute(text(f'ALTER TABLE "{table.name}" DISABLE TRIGGER USER'))
            conn.execute(table.delete())
            conn.execute(text(f'ALTER TABLE "{table.name}" ENABLE TRIGGER USER'))
        for table in tables:
            if table.name == DocumentBlob.__tablename__:
                continue
            progress(f"Copying {table.name}…")
            count = 0
            with reader.connect() as rconn:
                result = rconn.execute(select(table)).yield_per(BATCH)
                for rows in result.partitions(BATCH):
                    conn.execute(table.insert(), [dict(r._mapping) for r in rows])
                    count += len(rows)
            report.rows[table.name] = count
        progress("Copying documents…")
        blobs = DocumentBlob.__table__
        with reader.connect() as rconn:
            for sha, stored in rconn.execute(select(Document.sha256, Document.stored_path)):
                try:
                    content = (source.documents / stored).read_bytes()
                except OSError as exc:
                    raise BodeskError(f"The stored document {stored} could not be read ({exc.strerror}); "
                                      "nothing was copied.") from exc
                conn.execute(blobs.insert(), [{"sha256": sha, "content": content}])
                report.documents += 1
        for table in tables:  # the next id after the copied ones
            for column in table.primary_key.columns:
                if isinstance(column.type, Integer) and len(table.primary_key.columns) == 1:
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{column.name}'), "
                        f"coalesce((SELECT max(\"{column.name}\") FROM \"{table.name}\"), 0) + 1, false)"))
    progress("Checking the copy…")
    for table in tables:
        if table.name == DocumentBlob.__tablename__:
            continue
        if table_checksum(reader, table) != table_checksum(writer, table):
            report.mismatches.append(f"table {table.name} differs")
    with writer.connect() as conn:
        for sha, content in conn.execute(select(DocumentBlob.sha256, DocumentBlob.content)):
            if hashlib.sha256(bytes(content)).hexdigest() != sha:
                report.mismatches.append(f"document {sha[:12]}… differs")
        stored = conn.execute(select(func.count()).select_from(DocumentBlob.__table__)).scalar()
    if stored != report.documents:
        report.mismatches.append(f"{stored} documents on the server, {report.documents} in the workspace")
    return report

