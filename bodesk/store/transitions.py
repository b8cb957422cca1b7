"""State changes that several operations share, each written once with its audit entries.

- `close_exception`: a person resolving an exception, the invoice being rejected, or the checks
  finding its cause gone all close it here, so the three leave the same trace.
- `reject_invoice`: from the approval queue or by resolving one of its exceptions; only an invoice
  still in the status it was read in changes (a second desk deciding it at the same instant stops).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bodesk.core.vocabulary import AuditAction, ExceptionStatus, InvoiceStatus, Resolution
from bodesk.errors import BodeskError
from bodesk.store import audit
from bodesk.store.schema import ExceptionItem, Invoice


def close_exception(session: Session, item: ExceptionItem, *, by: str, action: str, resolution: str, note: str,
                    when: datetime) -> None:
    """Resolve `item` by `by` with the resolution `action` (`Resolution`), the words kept with it, and
    the audit entry's note."""
    item.status, item.resolved_at, item.resolved_by = ExceptionStatus.RESOLVED, when, by
    item.action, item.resolution = action, resolution
    audit.record(session, actor=by, action=AuditAction.RESOLVED, entity="exception", entity_id=item.id,
                 field="status", old=ExceptionStatus.OPEN, new=ExceptionStatus.RESOLVED, note=note, at=when)


def set_invoice_status(session: Session, invoice_id: int, old: str, new: str, *, by: str, note: str | None,
                       when: datetime, action: str) -> None:
    """Move an invoice from `old` to `new` with its audit entry, only if it is still `old`."""
    changed = session.execute(
        update(Invoice).where(Invoice.id == invoice_id, Invoice.status == old)
        .values(status=new, updated_at=when)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if changed != 1:
        raise BodeskError(f"Invoice {invoice_id} was just decided by someone else; look at it again.")
    audit.record(session, actor=by, action=action, entity="invoice", entity_id=invoice_id, field="status",
                 old=old, new=new, note=note, at=when)


def reject_invoice(session: Session, invoice_id: int, old: str, *, by: str, note: str, when: datetime) -> None:
    """Reject an invoice that is `old` now, and close its open exceptions: its open questions are moot."""
    set_invoice_status(session, invoice_id, old, InvoiceStatus.REJECTED, by=by, note=note, when=when,
                       action=AuditAction.REJECTED)
    close_with_rejection(session, invoice_id, by=by, note=note, when=when)


def close_with_rejection(session: Session, invoice_id: int, *, by: str, note: str, when: datetime) -> None:
    """Close the open exceptions of a rejected invoice, each with an audit entry."""
    for item in session.scalars(
        select(ExceptionItem).where(ExceptionItem.invoice_id == invoice_id, ExceptionItem.status == ExceptionStatus.OPEN)
    ):
        close_exception(session, item, by=by, action=Resolution.REJECT, resolution=f"Invoice rejected: {note}",
                        note=f"{item.kind}: closed with the rejected invoice", when=when)
