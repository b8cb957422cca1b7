"""The audit trail: every automated and human decision, appended and never changed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bodesk.core import csvsafe
from bodesk.errors import EnvironmentProblem, describe_os_error
from bodesk.store import audit_chain
from bodesk.store.schema import AuditEntry

if TYPE_CHECKING:
    from bodesk.store import Store

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
    session.info[audit_chain.PENDING] = True  # sealed just before the transaction commits
    return entry


def history(session: Session, entity: str, entity_id: int) -> list[AuditEntry]:
    stmt = (
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return list(session.scalars(stmt))


EXPORT_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "field", "old_value", "new_value", "note")


def export_csv(store: Store, path: Path, *, invoice_id: int | None = None) -> int:
    """Write the audit trail (or one invoice's history) to a CSV file; returns the number of entries."""
    stmt = select(AuditEntry).order_by(AuditEntry.at, AuditEntry.id)
    if invoice_id is not None:
        stmt = stmt.where(AuditEntry.entity == "invoice", AuditEntry.entity_id == invoice_id)
    count = 0
    try:
        with store.session() as session, path.open("w", newline="", encoding="utf-8") as handle:
            writer = csvsafe.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            for entry in session.scalars(stmt):
                writer.writerow([_text(getattr(entry, c)) or "" for c in EXPORT_COLUMNS])
                count += 1
    except OSError as exc:
        raise EnvironmentProblem(describe_os_error(exc, f"write the audit trail to {path}")) from exc
    return count
