"""The audit trail's hash chain: each entry is sealed with a SHA-256 of its content and the seal
before it, so an entry edited or deleted afterwards (outside bodesk, in the database file itself)
breaks the chain and `bodesk audit verify` says where.

Entries are sealed in the transaction that wrote them, just before it commits: the writer then
holds the database's write lock, so the seal before it is the newest one and two desks writing at
once never fork the chain. The database refuses any other change to an entry (triggers).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, event, select, update
from sqlalchemy.orm import Session

from bodesk.store.schema import AuditEntry

PENDING = "audit_pending"
_COLUMNS = (AuditEntry.id, AuditEntry.at, AuditEntry.actor, AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id,
            AuditEntry.field, AuditEntry.old_value, AuditEntry.new_value, AuditEntry.note, AuditEntry.seal)


def seal_of(previous: str, row: Any) -> str:
    """The seal of one entry: its content (not its id) chained to the seal before it."""
    content = [row.at.isoformat() if row.at is not None else None, row.actor, row.action, row.entity, row.entity_id,
               row.field, row.old_value, row.new_value, row.note]
    data = previous + "\n" + json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def seal_pending(conn: Connection) -> int:
    """Seal every entry not sealed yet, in order; returns how many."""
    pending = conn.execute(select(*_COLUMNS).where(AuditEntry.seal.is_(None)).order_by(AuditEntry.id)).all()
    if not pending:
        return 0
    previous = conn.execute(
        select(AuditEntry.seal).where(AuditEntry.id < pending[0].id, AuditEntry.seal.is_not(None))
        .order_by(AuditEntry.id.desc()).limit(1)
    ).scalar() or ""
    seals = []
    for row in pending:
        previous = seal_of(previous, row)
        seals.append({"sealed_id": row.id, "new_seal": previous})
    # One statement executed for every entry (executemany): a batch of thousands seals in milliseconds.
    conn.execute(update(AuditEntry).where(AuditEntry.id == bindparam("sealed_id")).values(seal=bindparam("new_seal")), seals)
    return len(pending)


@event.listens_for(Session, "before_commit")
def _seal_before_commit(session: Session) -> None:
    if session.info.pop(PENDING, False):
        session.flush()
        seal_pending(session.connection())


@dataclass(frozen=True)
class Verdict:
    """What `bodesk audit verify` found: how many entries were checked and the first break, if any."""

    checked: int
    problem: str | None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(conn: Connection) -> Verdict:
    """Walk the whole trail and recompute each seal."""
    previous, count, last_id = "", 0, 0
    for row in conn.execute(select(*_COLUMNS).order_by(AuditEntry.id)):
        count += 1
        what = f"entry {row.id} ({row.at:%Y-%m-%d %H:%M}, {row.actor}: {row.action} {row.entity} {row.entity_id})"
        if row.seal is None:
            return Verdict(count, f"The audit trail is broken at {what}: it carries no seal.")
        if row.seal != seal_of(previous, row):
            gap = row.id - last_id > 1
            cause = f"entries {last_id + 1}–{row.id - 1} before it were deleted" if gap else "it was changed, or an entry before it was removed"
            return Verdict(count, f"The audit trail is broken at {what}: {cause}.")
        previous, last_id = row.seal, row.id
    return Verdict(count, None)
