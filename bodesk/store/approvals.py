"""The founder's approval queue, and the approve / reject decisions with their audit entries.

An invoice waits for approval when it was read cleanly or matched to its purchase order
("extracted" or "matched") and has no open exception; the oldest received waits first. Routing
(`bodesk.core.decisions`) names its approver; `bodesk.store.authority` refuses, with a sentence kept
in the audit trail, an approval its person may not give (their limit, someone else's invoice,
separation of duties) and records each step of a multi-step chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select

from bodesk.core.vocabulary import AuditAction, ExceptionStatus, status_label
from bodesk.errors import BodeskError
from bodesk.core.authority import Refusal
from bodesk.store import Store, audit
from bodesk.store.transitions import reject_invoice, set_invoice_status, who_changed
from bodesk.store.authority import authority_step
from bodesk.store.people import resolve_in
from bodesk.store.schema import Document, ExceptionItem, Invoice, InvoiceStatus

WAITING_STATUSES = (InvoiceStatus.EXTRACTED, InvoiceStatus.MATCHED)
#: Statuses from which an invoice can still be turned down (not once it is scheduled or paid).
REJECTABLE_STATUSES = (
    InvoiceStatus.RECEIVED, InvoiceStatus.EXTRACTED, InvoiceStatus.NEEDS_REVIEW, InvoiceStatus.MATCHED
)


@dataclass(frozen=True)
class WaitingInvoice:
    """One invoice in the approval queue, detached from the database."""

    id: int
    vendor_name: str | None
    invoice_number: str | None
    total: Decimal | None
    currency: str | None
    received_at: datetime
    approver: str | None = None  # whose step it is (routing); None when not routed yet


def _open_exception():  # type: ignore[no-untyped-def]
    return (
        select(ExceptionItem.id)
        .where(ExceptionItem.invoice_id == Invoice.id, ExceptionItem.status == ExceptionStatus.OPEN)
        .exists()
    )


def waiting(store: Store, limit: int | None = None) -> list[WaitingInvoice]:
    """The approval queue, oldest received first (the first `limit` of it, when given)."""
    stmt = (
        select(
            Invoice.id,
            Invoice.vendor_name,
            Invoice.invoice_number,
            Invoice.total,
            Invoice.currency,
            Document.received_at,
            Invoice.approver,
        )
        .join(Document, Document.id == Invoice.document_id)
        .where(Invoice.status.in_(WAITING_STATUSES), ~_open_exception())
        .order_by(Document.received_at, Invoice.id)
        .limit(limit)
    )
    with store.session() as session:
        return [WaitingInvoice(*row) for row in session.execute(stmt)]


def waiting_count(store: Store) -> int:
    stmt = select(func.count(Invoice.id)).where(Invoice.status.in_(WAITING_STATUSES), ~_open_exception())
    with store.session() as session:
        return int(session.scalar(stmt) or 0)


def approve(store: Store, invoice_id: int, *, by: str, note: str | None = None, when: datetime | None = None) -> str:
    """Approve a waiting invoice for payment; returns the new status ("approved").

    `when` defaults to now; it is given only when replaying past decisions (the demo workspace)."""
    return _decide(store, invoice_id, InvoiceStatus.APPROVED, by=by, note=note, when=when)


def reject(store: Store, invoice_id: int, *, by: str, note: str) -> str:
    """Turn an invoice down; the note saying why is required. Returns the new status ("rejected")."""
    if not (note or "").strip():
        raise BodeskError("Say why the invoice is rejected, so the office can tell the vendor.")
    return _decide(store, invoice_id, InvoiceStatus.REJECTED, by=by, note=note)


def undo_approval(store: Store, invoice_id: int, *, by: str) -> str:
    """Take back an approval just given (the window's Undo): the invoice waits again in the status it
    had, with an audit entry. Only the person who approved it may, and only while it is still approved
    (not yet scheduled for payment). Returns the status it is back in."""
    by = (by or "").strip()
    with store.session() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise BodeskError(f"Invoice {invoice_id} does not exist.")
        if invoice.status != InvoiceStatus.APPROVED:
            raise BodeskError(f"Invoice {invoice_id} is {status_label(invoice.status).lower()} now; the approval can no longer be undone.")
        last = next((e for e in reversed(audit.history(session, "invoice", invoice_id))
                     if e.field == "status" and e.new_value == InvoiceStatus.APPROVED), None)
        if last is None or last.actor.strip().lower() != by.lower():
            raise BodeskError(f"Only {last.actor if last else 'the approver'} can undo this approval.")
        back = last.old_value or InvoiceStatus.EXTRACTED
        from bodesk.store.schema_people import ApprovalStep

        final = session.scalars(select(ApprovalStep).where(ApprovalStep.invoice_id == invoice_id)
                                .order_by(ApprovalStep.step.desc()).limit(1)).first()
        if final is not None:  # the chain is back at the step it was before
            session.delete(final)
        set_invoice_status(session, invoice_id, InvoiceStatus.APPROVED, back, by=by, note="Approval taken back",
                           when=datetime.now(), action=AuditAction.UNDONE)
    return back


def _decide(
    store: Store, invoice_id: int, new_status: str, *, by: str, note: str | None, when: datetime | None = None
) -> str:
    note = (note or "").strip() or None
    refusal: Refusal | None = None
    with store.session() as session:
        person = resolve_in(session, by)  # unknown, removed and bodesk's own name are refused here too
        by = person.name
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise BodeskError(f"Invoice {invoice_id} does not exist.")
        old = invoice.status
        label = status_label(old).lower()
        if old not in (WAITING_STATUSES if new_status == InvoiceStatus.APPROVED else REJECTABLE_STATUSES):
            recent = who_changed(session, invoice_id)  # another desk decided it a moment ago: say who
            if recent is not None:
                raise recent
        if new_status == InvoiceStatus.APPROVED:
            if old not in WAITING_STATUSES:
                raise BodeskError(f"Invoice {invoice_id} is {label}, not waiting for approval.")
            open_count = session.scalar(
                select(func.count(ExceptionItem.id)).where(
                    ExceptionItem.invoice_id == invoice_id, ExceptionItem.status == ExceptionStatus.OPEN
                )
            )
            if open_count:
                raise BodeskError(
                    f"Invoice {invoice_id} has {open_count} open exception{'s' if open_count > 1 else ''}; "
                    "resolve them before approving it."
                )
            try:
                step = authority_step(store, session, invoice, person, when=when)
            except Refusal as exc:
                refusal = exc
            else:
                if step is not None:
                    audit.record(session, actor=by, action=AuditAction.APPROVED_STEP, entity="invoice",
                                 entity_id=invoice_id, field="approver", old=step[0], new=step[1], note=note, at=when)
                    return f"approved by {by} (step {step[2]}); now waits for {step[1]}"
        elif old not in REJECTABLE_STATUSES:
            raise BodeskError(f"Invoice {invoice_id} is already {label}; it can no longer be rejected.")
        if refusal is None:
            at = when or datetime.now()
            if new_status == InvoiceStatus.REJECTED:
                reject_invoice(session, invoice_id, old, by=by, note=note or "", when=at)
            else:
                set_invoice_status(session, invoice_id, old, new_status, by=by, note=note, when=at,
                                   action=AuditAction.APPROVED)
    if refusal is not None:  # the refusal itself is part of the trail
        with store.session() as session:
            audit.record(session, actor=by, action=AuditAction.APPROVAL_REFUSED, entity="invoice",
                         entity_id=invoice_id, note=str(refusal))
        raise refusal
    return new_status
