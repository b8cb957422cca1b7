"""Exceptions: the invoices' problems a person has to look at, listed and resolved.

Rows come back detached, joined with what a person needs to recognise the invoice (vendor,
number, total). Resolving one writes the reason to the audit trail; when the last open
exception of an invoice under review is resolved, the invoice goes back to "extracted" so it
reaches the approval queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.schema import ExceptionItem, Invoice, InvoiceStatus

OPEN = "open"
RESOLVED = "resolved"

#: The contract's exception kinds, in the office's words.
KIND_LABELS: dict[str, str] = {
    "no_po": "No PO number",
    "po_not_found": "PO not found",
    "price_variance": "Price differs from PO",
    "quantity_variance": "Quantity differs from PO",
    "not_received": "Goods not received",
    "over_billed": "Billed more than ordered",
    "duplicate": "Duplicate invoice",
    "possible_duplicate": "Possible duplicate",
    "bank_details_changed": "Bank details changed",
    "unknown_vendor": "Unknown vendor",
    "missing_field": "Missing field",
    "low_confidence": "Uncertain reading",
    "totals_mismatch": "Totals don't add up",
    "currency_mismatch": "Currency differs",
    "overdue": "Overdue",
}


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


@dataclass(frozen=True)
class ExceptionRow:
    """One exception with its invoice's vendor, number and total, detached from the database."""

    id: int
    invoice_id: int
    kind: str
    detail: str
    status: str
    created_at: datetime
    resolved_at: datetime | None
    resolved_by: str | None
    resolution: str | None
    vendor_name: str | None
    invoice_number: str | None
    total: Decimal | None
    currency: str | None
    invoice_status: str
    age: timedelta  # at the time of listing (or until resolved)

    @property
    def label(self) -> str:
        return kind_label(self.kind)

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


def list_exceptions(store: Store, *, open_only: bool = True, now: datetime | None = None) -> list[ExceptionRow]:
    """Exceptions, oldest first; only the open ones unless `open_only` is false."""
    now = now or datetime.now()
    stmt = (
        select(
            ExceptionItem.id,
            ExceptionItem.invoice_id,
            ExceptionItem.kind,
            ExceptionItem.detail,
            ExceptionItem.status,
            ExceptionItem.created_at,
            ExceptionItem.resolved_at,
            ExceptionItem.resolved_by,
            ExceptionItem.resolution,
            Invoice.vendor_name,
            Invoice.invoice_number,
            Invoice.total,
            Invoice.currency,
            Invoice.status,
        )
        .join(Invoice, Invoice.id == ExceptionItem.invoice_id)
        .order_by(ExceptionItem.created_at, ExceptionItem.id)
    )
    if open_only:
        stmt = stmt.where(ExceptionItem.status == OPEN)
    with store.session() as session:
        rows = session.execute(stmt).all()
    return [ExceptionRow(*row, age=(row.resolved_at or now) - row.created_at) for row in rows]


def open_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count(ExceptionItem.id)).where(ExceptionItem.status == OPEN)) or 0)


def resolve(store: Store, exception_id: int, reason: str, actor: str) -> ExceptionRow:
    """Close an exception with a person's reason; returns it as resolved.

    Raises BodeskError when there is no reason, or the exception is gone or already resolved."""
    reason = reason.strip()
    if not reason:
        raise BodeskError("Say why the exception can be closed, e.g. “price agreed by phone with the vendor”.")
    if not actor.strip():
        raise BodeskError("Resolving an exception needs the name of the person doing it.")
    now = datetime.now()
    with store.session() as session:
        item = session.get(ExceptionItem, exception_id)
        if item is None:
            raise BodeskError(f"Exception {exception_id} no longer exists.")
        if item.status != OPEN:
            raise BodeskError(f"Exception {exception_id} was already resolved by {item.resolved_by or 'someone'}.")
        item.status = RESOLVED
        item.resolved_at = now
        item.resolved_by = actor
        item.resolution = reason
        audit.record(
            session,
            actor=actor,
            action="resolved",
            entity="exception",
            entity_id=item.id,
            field="status",
            old=OPEN,
            new=RESOLVED,
            note=f"{item.kind}: {reason}",
        )
        session.flush()
        invoice = session.get_one(Invoice, item.invoice_id)
        others = session.scalar(
            select(func.count(ExceptionItem.id)).where(
                ExceptionItem.invoice_id == invoice.id, ExceptionItem.status == OPEN
            )
        )
        if not others and invoice.status == InvoiceStatus.NEEDS_REVIEW:
            invoice.status = InvoiceStatus.EXTRACTED
            invoice.updated_at = now
            audit.record(
                session,
                actor=actor,
                action="reviewed",
                entity="invoice",
                entity_id=invoice.id,
                field="status",
                old=InvoiceStatus.NEEDS_REVIEW,
                new=InvoiceStatus.EXTRACTED,
                note="All exceptions resolved.",
            )
        row = ExceptionRow(
            id=item.id,
            invoice_id=item.invoice_id,
            kind=item.kind,
            detail=item.detail,
            status=item.status,
            created_at=item.created_at,
            resolved_at=item.resolved_at,
            resolved_by=item.resolved_by,
            resolution=item.resolution,
            vendor_name=invoice.vendor_name,
            invoice_number=invoice.invoice_number,
            total=invoice.total,
            currency=invoice.currency,
            invoice_status=invoice.status,
            age=now - item.created_at,
        )
    return row


def exception_records(store: Store, *, open_only: bool = False) -> list[dict[str, Any]]:
    """`bodesk exceptions list --json`: one contract record per exception."""
    return [
        {
            "id": row.id,
            "invoice_id": row.invoice_id,
            "kind": row.kind,
            "detail": row.detail,
            "status": row.status,
            "created_at": row.created_at.isoformat(timespec="seconds"),
        }
        for row in list_exceptions(store, open_only=open_only)
    ]
