"""The audit trail: every automated and human decision, appended and never changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bodesk.store.schema import AuditEntry

SYSTEM_ACTOR = "bodesk"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    field: str | None = None,
    old: Any = None,
    new: Any = None,
    note: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Append one entry; `at` defaults to now (it is given only when replaying history, as the demo does)."""
    entry = AuditEntry(
        at=at or datetime.now(),
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        field=field,
        old_value=_text(old),
        new_value=_text(new),
        note=note,
    )
    session.add(entry)
    return entry


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return list(session.scalars(stmt))
