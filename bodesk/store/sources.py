"""Intake sources in the database: their settings, their state, and the ledger of what they took.

A source's settings never hold a secret: a mailbox stores only `secret_ref`, the name of its
keyring entry (`imap:{user}@{host}:{port}#{unique}`). The ledger (`IntakeItem`) is written through
`ledger_mark`, which runs inside the transaction that commits the item's document, so an item
is never marked taken before its document is safely stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from bodesk.errors import BodeskError
from bodesk.store import Store
from bodesk.store.schema import Document, IntakeItem, IntakeSource

FOLDER_AFTER = ("keep", "move", "delete")
SECURITY = ("ssl", "starttls", "none")


@dataclass(frozen=True)
class SourceInfo:
    """A detached copy of one source row, safe to hand to any thread."""

    id: int
    kind: str
    name: str
    enabled: bool
    settings: dict[str, Any]
    last_check_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    imported_count: int = 0
    error_count: int = 0
    uidvalidity: int | None = None
    last_uid: int = 0

    def to_json(self) -> dict[str, Any]:
        """The record of `bodesk source list --json` (settings hold no secret, only its keyring name)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "enabled": self.enabled,
            "settings": dict(self.settings),
            "last_check": self.last_check_at.isoformat(timespec="seconds") if self.last_check_at else None,
            "last_success": self.last_success_at.isoformat(timespec="seconds") if self.last_success_at else None,
            "last_error": self.last_error,
            "imported": self.imported_count,
            "errors": self.error_count,
        }


@dataclass
class LedgerEntry:
    fingerprint: str
    status: str


@dataclass
class LedgerMark:
    """What to write into the ledger when an item's document is committed (see `ledger_mark`)."""

    source_id: int
    item_key: str
    fingerprint: str = ""
    status: str = "done"
    detail: str | None = None
    last_uid: int | None = None
    document_ids: list[int] = field(default_factory=list)


def _info(row: IntakeSource) -> SourceInfo:
    return SourceInfo(
        row.id, row.kind, row.name, row.enabled, dict(row.settings or {}), row.last_check_at,
        row.last_success_at, row.last_error, row.imported_count, row.error_count, row.uidvalidity, row.last_uid,
    )


def imap_secret_ref(user: str, host: str, port: int) -> str:
    """A new keyring entry name for one mailbox source: unique, so two mailboxes of the same user on
    the same server (other folders, other filters) never share, overwrite or delete each other's."""
    import uuid

    return f"imap:{user}@{host}:{port}#{uuid.uuid4().hex[:12]}"


def add_source(store: Store, kind: str, name: str, settings: dict[str, Any]) -> SourceInfo:
    if kind not in ("folder", "imap"):
        raise ValueError(kind)
    with store.session() as session:
        row = IntakeSource(kind=kind, name=name, enabled=True, settings=dict(settings), created_at=datetime.now(),
                           imported_count=0, error_count=0, last_uid=0)
        session.add(row)
        session.flush()
        return _info(row)


def update_source(store: Store, source_id: int, *, name: str | None = None, settings: dict[str, Any] | None = None,
                  enabled: bool | None = None) -> SourceInfo:
    """Change what the user chose; a mailbox whose server, user or folder changed starts over at UID 0."""
    with store.session() as session:
        row = session.get(IntakeSource, source_id)
        if row is None:
            raise BodeskError(f"There is no source {source_id}.")
        if name is not None:
            row.name = name
        if enabled is not None:
            row.enabled = enabled
        if settings is not None:
            old = dict(row.settings or {})
            if any(old.get(k) != settings.get(k) for k in ("host", "port", "user", "folder", "path")):
                row.uidvalidity, row.last_uid = None, 0
            row.settings = dict(settings)
        return _info(row)


def list_sources(store: Store, *, enabled_only: bool = False) -> list[SourceInfo]:
    with store.session() as session:
        query = select(IntakeSource).order_by(IntakeSource.id)
        if enabled_only:
            query = query.where(IntakeSource.enabled.is_(True))
        return [_info(r) for r in session.scalars(query)]


def get_source(store: Store, source_id: int) -> SourceInfo | None:
    with store.session() as session:
        row = session.get(IntakeSource, source_id)
        return _info(row) if row else None


def remove_source(store: Store, source_id: int) -> SourceInfo:
    """Delete a source and its ledger (its documents stay); the caller removes its keyring entry."""
    with store.session() as session:
        row = session.get(IntakeSource, source_id)
        if row is None:
            raise BodeskError(f"There is no source {source_id}; `bodesk source list` shows them.")
        info = _info(row)
        session.execute(delete(IntakeItem).where(IntakeItem.source_id == source_id))
        session.delete(row)
        return info


CLAIM_SECONDS = 600  # a claim not renewed for this long belongs to a process that died


def claim_owner() -> str:
    """Who claims: this process on this machine (and a random part, for two stores in one process)."""
    import os
    import socket
    import uuid

    return f"{socket.gethostname()[:64]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def claim_source(store: Store, source_id: int, owner: str, now: datetime | None = None) -> bool:
    """Claim a source for one check (or renew the claim); False while another process holds it.

    On a shared database the claim is timed by the server's clock, so desks whose clocks differ
    agree on when a dead desk's claim runs out."""
    if now is None:
        now = func.localtimestamp() if store.shared else datetime.now()  # type: ignore[assignment]
    with store.session() as session:
        holder = session.scalar(select(IntakeSource.claimed_by).where(IntakeSource.id == source_id))
        # A claim left by a process of this machine that is gone (killed, crashed) is taken over at
        # once, rather than after the claim runs out: a restarted bodesk goes on where it stopped.
        abandoned = holder if holder and holder != owner and _dead_here(holder) else None
        result = session.execute(
            update(IntakeSource)
            .where(IntakeSource.id == source_id,
                   or_(IntakeSource.claimed_by.is_(None), IntakeSource.claimed_by == owner,
                       IntakeSource.claimed_by == abandoned, IntakeSource.claimed_until < now))
            .values(claimed_by=owner, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def _dead_here(holder: str) -> bool:
    """Whether a claim's owner ("host:pid:…") is a process of this machine that no longer runs."""
    import os
    import socket

    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if os.name == "nt" or host != socket.gethostname()[:64] or not pid.isdigit():
        return False  # (on Windows, signal 0 would be a Ctrl+C; the claim runs out instead)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists but belongs to someone else
        return False
    return False


def release_source(store: Store, source_id: int, owner: str) -> None:
    with store.session() as session:
        session.execute(update(IntakeSource).where(IntakeSource.id == source_id, IntakeSource.claimed_by == owner)
                        .values(claimed_by=None, claimed_until=None))


def record_check(store: Store, source_id: int, *, imported: int = 0, error: str | None = None) -> None:
    """After a check: when it ran, how many documents it brought, and the sentence if it failed."""
    now = datetime.now()
    values: dict[str, Any] = {"last_check_at": now, "last_error": error,
                              "imported_count": IntakeSource.imported_count + imported}
    if error is None:
        values["last_success_at"] = now
    else:
        values["error_count"] = IntakeSource.error_count + 1
    with store.session() as session:
        session.execute(update(IntakeSource).where(IntakeSource.id == source_id).values(**values))


def set_uidvalidity(store: Store, source_id: int, uidvalidity: int) -> int:
    """Note the folder's UIDVALIDITY; when it changed, the UIDs start over. Returns the last UID to go on from."""
    with store.session() as session:
        row = session.get_one(IntakeSource, source_id)
        if row.uidvalidity != uidvalidity:
            row.uidvalidity, row.last_uid = uidvalidity, 0
        return row.last_uid


def _advance(source_id: int, uid: int):  # type: ignore[no-untyped-def]
    return update(IntakeSource).where(IntakeSource.id == source_id, IntakeSource.last_uid < uid).values(last_uid=uid)


def advance_uid(store: Store, source_id: int, uid: int) -> None:
    with store.session() as session:
        session.execute(_advance(source_id, uid))


def ledger(store: Store, source_id: int, keys: list[str] | None = None) -> dict[str, LedgerEntry]:
    """The ledger of a source (only `keys` when given)."""
    with store.session() as session:
        query = select(IntakeItem.item_key, IntakeItem.fingerprint, IntakeItem.status).where(IntakeItem.source_id == source_id)
        if keys is not None:
            query = query.where(IntakeItem.item_key.in_(keys))
        return {k: LedgerEntry(f, s) for k, f, s in session.execute(query)}


def ledger_mark(session: Session, mark: LedgerMark) -> None:
    """Write (or overwrite) an item's ledger row inside the caller's transaction."""
    row = session.scalar(select(IntakeItem).where(IntakeItem.source_id == mark.source_id, IntakeItem.item_key == mark.item_key))
    if row is None:
        row = IntakeItem(source_id=mark.source_id, item_key=mark.item_key)
        session.add(row)
    row.fingerprint = mark.fingerprint
    row.status = mark.status
    row.detail = mark.detail
    row.document_id = mark.document_ids[0] if mark.document_ids else None
    row.taken_at = datetime.now()
    if mark.last_uid is not None:
        session.execute(_advance(mark.source_id, mark.last_uid))


def set_item_status(store: Store, source_id: int, item_key: str, status: str) -> None:
    with store.session() as session:
        session.execute(
            update(IntakeItem).where(IntakeItem.source_id == source_id, IntakeItem.item_key == item_key).values(status=status)
        )


def pending_files(store: Store, source_id: int) -> list[tuple[str, str, str | None]]:
    """Like `pending_after_actions`, with each item's fingerprint and the SHA-256 of its stored
    document, so that only the very file that was stored is moved or deleted."""
    with store.session() as session:
        rows = session.execute(
            select(IntakeItem.item_key, IntakeItem.fingerprint, Document.sha256)
            .outerjoin(Document, Document.id == IntakeItem.document_id)
            .where(IntakeItem.source_id == source_id, IntakeItem.status == "stored")
        )
        return [(k, f, h) for k, f, h in rows]


def stored_sha(store: Store, source_id: int, item_key: str) -> str | None:
    """The SHA-256 of the document an item was stored as (None when it has none)."""
    with store.session() as session:
        return session.scalar(
            select(Document.sha256).join(IntakeItem, Document.id == IntakeItem.document_id)
            .where(IntakeItem.source_id == source_id, IntakeItem.item_key == item_key))


def pending_after_actions(store: Store, source_id: int) -> list[str]:
    """Items whose document is committed but whose original was not yet moved, deleted or marked."""
    with store.session() as session:
        return list(session.scalars(select(IntakeItem.item_key).where(
            IntakeItem.source_id == source_id, IntakeItem.status == "stored")))
