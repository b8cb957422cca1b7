"""Keeping the office's processes, and measuring invoice processing from bodesk's own records."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from bodesk.core.metrics import DAYS_PER_MONTH
from bodesk.core.processes import INVOICE_PROCESS, Process, rank
from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.schema import Document
from bodesk.store.schema_processes import ProcessRow

#: Invoice processing's scores when nobody has scored it: errors cost money (4), bodesk is the
#: integration (5), typing invoices is tedious (4).
INVOICE_DEFAULTS = {"error_cost": 4, "ease": 5, "pain": 4}


def _key(name: str) -> str:
    return unicodedata.normalize("NFKC", name).strip().casefold()


def save_process(store: Store, process: Process, *, by: str) -> None:
    """Add a process, or replace the figures of the one with the same name (audited)."""
    with store.session() as session:
        rows = session.scalars(select(ProcessRow)).all()
        row = next((r for r in rows if _key(r.name) == _key(process.name)), None)
        action = "edited" if row else "created"
        if row is None:
            row = ProcessRow(name=process.name.strip(), created_at=datetime.now())
            session.add(row)
        row.volume_per_month = Decimal(str(process.volume_per_month))
        row.minutes = Decimal(str(process.minutes))
        row.error_cost, row.ease, row.pain = process.error_cost, process.ease, process.pain
        row.started_on = process.started_on
        session.flush()
        audit.record(session, actor=by, action=action, entity="process", entity_id=row.id,
                     new=f"{process.name}: {process.scores}")


def remove_process(store: Store, name: str, *, by: str) -> None:
    with store.session() as session:
        row = next((r for r in session.scalars(select(ProcessRow)) if _key(r.name) == _key(name)), None)
        if row is None:
            raise BodeskError(f"There is no process called “{name}”.")
        audit.record(session, actor=by, action=AuditAction.REMOVED, entity="process", entity_id=row.id, old=row.name)
        session.delete(row)


def invoice_volume_per_month(store: Store, today: date | None = None) -> float:
    """Invoices received a month, over the last 90 days (fewer when the workspace is younger)."""
    today = today or date.today()
    since = datetime.combine(today - timedelta(days=89), datetime.min.time())
    with store.session() as session:
        count, first = session.execute(
            select(func.count(Document.id), func.min(Document.received_at)).where(Document.received_at >= since)
        ).one()
    if not count:
        return 0.0
    days = max((today - first.date()).days + 1, DAYS_PER_MONTH)  # a younger workspace counts as a month
    return round(float(count * DAYS_PER_MONTH / days), 1)


def processes(store: Store, *, minutes_per_invoice: float, today: date | None = None) -> list[Process]:
    """Every process, ranked; invoice processing carries bodesk's measured volume and the baseline minutes."""
    with store.session() as session:
        rows = session.scalars(select(ProcessRow)).all()
    found = [
        Process(r.name, float(r.volume_per_month), float(r.minutes), r.error_cost, r.ease, r.pain, r.started_on)
        for r in rows
    ]
    volume = invoice_volume_per_month(store, today)
    stored = next((p for p in found if _key(p.name) == _key(INVOICE_PROCESS)), None)
    measured = Process(
        INVOICE_PROCESS, volume, minutes_per_invoice,
        stored.error_cost if stored else INVOICE_DEFAULTS["error_cost"],
        stored.ease if stored else INVOICE_DEFAULTS["ease"],
        stored.pain if stored else INVOICE_DEFAULTS["pain"],
        stored.started_on if stored else _first_day(store), measured=True,
    )
    return rank([p for p in found if p is not stored] + [measured])


def _first_day(store: Store) -> date | None:
    with store.session() as session:
        at = session.scalar(select(func.min(Document.received_at)))
    return at.date() if at else None
