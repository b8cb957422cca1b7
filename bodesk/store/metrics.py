"""Gathering the per-invoice facts behind the metrics, in one query for any number of invoices.

Whether a person corrected an invoice, whether it raised an exception and when it was first
approved are correlated subqueries on indexed columns, so the database does the work.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from bodesk.core.metrics import InvoiceFacts, Metrics, compute
from bodesk.settings import Settings
from bodesk.store import Store
from bodesk.store.schema import AuditEntry, Document, ExceptionItem, Invoice


def _range(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, the day after end 00:00): both days included."""
    low = datetime.combine(start, time.min) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min) if end else None
    return low, high


def gather_facts(store: Store, start: date | None = None, end: date | None = None) -> list[InvoiceFacts]:
    """Facts about every invoice whose document was received between `start` and `end` (inclusive)."""
    about_invoice = (AuditEntry.entity == "invoice", AuditEntry.entity_id == Invoice.id)
    corrected = select(AuditEntry.id).where(*about_invoice, AuditEntry.action == "corrected").exists()
    had_exception = select(ExceptionItem.id).where(ExceptionItem.invoice_id == Invoice.id).exists()
    approved_at = (
        select(func.min(AuditEntry.at)).where(*about_invoice, AuditEntry.action == "approved").scalar_subquery()
    )
    stmt = (
        select(Invoice.id, Document.received_at, Invoice.status, corrected, had_exception, approved_at)
        .join(Document, Document.id == Invoice.document_id)
        .order_by(Document.received_at, Invoice.id)
    )
    low, high = _range(start, end)
    if low is not None:
        stmt = stmt.where(Document.received_at >= low)
    if high is not None:
        stmt = stmt.where(Document.received_at < high)
    with store.session() as session:
        return [
            InvoiceFacts(inv_id, received, status, bool(corr), bool(exc), approved)
            for inv_id, received, status, corr, exc, approved in session.execute(stmt)
        ]


def invoice_count(store: Store) -> int:
    """How many invoices the workspace holds at all (to tell "none yet" from "none in this period")."""
    with store.session() as session:
        return int(session.scalar(select(func.count(Invoice.id))) or 0)


def metrics(
    store: Store,
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
    *,
    running_cost: Decimal | None = None,
) -> Metrics:
    """The Metrics tab's numbers (and `bodesk metrics`) for documents received in the period."""
    facts = gather_facts(store, start, end)
    return compute(
        facts,
        minutes_per_manual_invoice=settings.minutes_per_manual_invoice,
        hourly_cost=settings.hourly_cost,
        running_cost=running_cost,
        start=start,
        end=end,
    )
