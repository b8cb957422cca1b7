"""State changes that several operations share, each written once with its audit entries.

- `close_exception`: a person resolving an exception, the invoice being rejected, or the checks
  finding its cause gone all close it here, so the three leave the same trace.
- `reject_invoice`: from the approval queue or by resolving one of its exceptions; only an invoice
  still in the status it was read in changes (a second desk deciding it at the same instant stops).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bodesk.core.vocabulary import AuditAction, ExceptionStatus, InvoiceStatus, Resolution
from bodesk.errors import ConcurrentChange
from bodesk.store import audit
from bodesk.store.schema import AuditEntry, ExceptionItem, Invoice

if TYPE_CHECKING:
    from bodesk.store import Store

#: How recent another person's change must be to count as "a moment ago" (desks' clocks may differ a little).
MOMENT = timedelta(minutes=2)
_DONE = {AuditAction.APPROVED: "approved", AuditAction.REJECTED: "rejected", AuditAction.UNDONE: "took back the approval of",
         AuditAction.CORRECTED: "corrected"}


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
        .values(status=new, updated_at=when, version=Invoice.version + 1)
        .execution_options(synchronize_session="fetch")
    ).rowcount
    if changed != 1:
        raise who_changed(session, invoice_id, raced=True) or ConcurrentChange(
            f"Invoice {invoice_id} was just decided at another desk, so this change was not saved; look at it again.")
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


def who_changed(session: Session, invoice_id: int, now: datetime | None = None, *,
                raced: bool = False) -> ConcurrentChange | None:
    """The sentence for a desk whose change to an invoice met another person's a moment before it: who
    did what, from the invoice's newest audit entry (None when that entry is bodesk's or not recent).
    `raced`: the row is known to have changed under this desk's own change, so bodesk's entries are
    looked past (the re-check that follows a person's correction is not who changed it)."""
    query = select(AuditEntry).where(AuditEntry.entity == "invoice", AuditEntry.entity_id == invoice_id)
    if raced:
        query = query.where(AuditEntry.actor != audit.SYSTEM_ACTOR)
    entry = session.scalars(query.order_by(AuditEntry.id.desc()).limit(1)).first()
    if entry is None or entry.actor == audit.SYSTEM_ACTOR or abs((now or datetime.now()) - entry.at) > MOMENT:
        return None
    done = _DONE.get(entry.action, "changed")
    what = f"the {entry.field.replace('_', ' ')} of this invoice" if entry.action == AuditAction.CORRECTED and entry.field \
        else "this invoice"
    return ConcurrentChange(f"{entry.actor} {done} {what} a moment ago, so your change was not saved; "
                            "look at it again as it is now.")


def concurrent_change(store: Store, invoice_id: int | None) -> ConcurrentChange:
    """What to tell a desk whose change lost to another desk's (the row's version had moved on)."""
    if invoice_id is not None:
        with store.session() as session:
            named = who_changed(session, invoice_id, raced=True)
        if named is not None:
            return named
    return ConcurrentChange("Someone at another desk changed this a moment ago, so this change was not saved; "
                            "look at it again as it is now.")
