"""Exceptions: the invoices' problems a person has to look at, listed and resolved.

Rows come back detached, joined with what a person needs to recognise the invoice (vendor,
number, total). Resolving one (with a reason and an action) writes both to the audit trail and
runs the invoice's checks again (`bodesk.store.decide`): when nothing is left open it goes on to
approval. Exceptions can be assigned to a person and commented on; both are in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bodesk.core.vocabulary import AuditAction, ExceptionStatus, Resolution, kind_label, resolutions_for
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.transitions import close_exception, close_with_rejection, reject_invoice
from bodesk.store.schema import ExceptionItem, Invoice, PurchaseOrderLine, Vendor
from bodesk.store.vendors import set_verified, trust_iban

OPEN, RESOLVED = ExceptionStatus.OPEN, ExceptionStatus.RESOLVED
ACCEPT, REJECT_INVOICE, UPDATE_PO, TRUST_BANK, VERIFY_VENDOR = (
    Resolution.ACCEPT, Resolution.REJECT, Resolution.UPDATE_PO, Resolution.TRUST_BANK, Resolution.VERIFY_VENDOR)
#: How an exception can be resolved, in the office's words.
ACTIONS: dict[str, str] = {r: r.label for r in Resolution.chosen()}
actions_for = resolutions_for


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
    assigned_to: str | None = None
    confirmed_by: str | None = None  # the first of two people trusting new bank details
    action: str | None = None

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
            ExceptionItem.assigned_to,
            ExceptionItem.confirmed_by,
            ExceptionItem.action,
        )
        .join(Invoice, Invoice.id == ExceptionItem.invoice_id)
        .order_by(ExceptionItem.created_at, ExceptionItem.id)
    )
    if open_only:
        stmt = stmt.where(ExceptionItem.status == OPEN)
    with store.session() as session:
        rows = session.execute(stmt).all()
    return [ExceptionRow(*row[:14], (row.resolved_at or now) - row.created_at, *row[14:]) for row in rows]


def open_count(store: Store) -> int:
    with store.session() as session:
        return int(session.scalar(select(func.count(ExceptionItem.id)).where(ExceptionItem.status == OPEN)) or 0)


def resolve(store: Store, exception_id: int, reason: str, actor: str, action: str = ACCEPT) -> ExceptionRow:
    """Close an exception with a person's reason and action, then run the invoice's checks again.

    Actions (`ACTIONS`): accept the difference; reject the invoice (its other exceptions close with
    it); update the PO to what the invoice bills; trust the new bank details (a second, different
    person confirms when the settings ask for two); verify an unknown vendor. Returns the exception
    as it now stands (still open after the first of two confirmations).
    Raises BodeskError when there is no reason, the action does not fit, or the exception is gone or
    already resolved."""
    from bodesk.store.decide import load_rules, recheck

    reason = reason.strip()
    if not reason:
        raise BodeskError("Say why the exception can be closed, e.g. “price agreed by phone with the vendor”.")
    if not actor.strip():
        raise BodeskError("Resolving an exception needs the name of the person doing it.")
    if action not in ACTIONS:
        raise BodeskError(f"“{action}” is not a way to resolve an exception; use one of {', '.join(ACTIONS)}.")
    now = datetime.now()
    with store.session() as session:
        # Locked while it is resolved: a second desk resolving it at the same moment waits, then reads
        # it resolved (and by whom) instead of closing it a second time.
        item = session.get(ExceptionItem, exception_id, with_for_update=True)
        if item is None:
            raise BodeskError(f"Exception {exception_id} no longer exists.")
        if item.status != OPEN:
            raise BodeskError(f"Exception {exception_id} was already resolved by {item.resolved_by or 'someone'}.")
        if action not in actions_for(item.kind):
            label = kind_label(item.kind)
            raise BodeskError(
                f"“{label}” cannot be resolved by “{ACTIONS[action]}”; "
                f"choose one of: {', '.join(f'{ACTIONS[a]} ({a})' for a in actions_for(item.kind))}."
            )
        invoice = session.get_one(Invoice, item.invoice_id)
        if action == TRUST_BANK:
            if _needs_second_person(store) and item.confirmed_by is None:
                item.confirmed_by = actor
                audit.record(session, actor=actor, action=AuditAction.CONFIRMED, entity="exception", entity_id=item.id,
                             note=f"{item.kind}: {reason} (first of two; another person must confirm)")
                return _row(item, invoice, now)
            if item.confirmed_by is not None and item.confirmed_by.strip().lower() == actor.strip().lower():
                raise BodeskError(f"{actor} already confirmed these bank details; a second person must confirm them.")
            _trust_bank(session, invoice, actor, reason)
        elif action == VERIFY_VENDOR and invoice.vendor_id is not None:
            set_verified(session, session.get_one(Vendor, invoice.vendor_id), actor=actor, note=reason)
        elif action == UPDATE_PO:
            _update_po(session, invoice, actor)
        siblings = _same_cause(session, item, invoice) if action in (TRUST_BANK, VERIFY_VENDOR) else []
        for closing in (item, *siblings):
            close_exception(session, closing, by=actor, action=action, resolution=reason, when=now,
                            note=f"{closing.kind}: {ACTIONS[action]} — {reason}"
                            + (f" (with invoice #{invoice.id})" if closing is not item else ""))
        if action == REJECT_INVOICE:
            _reject_with_others(session, invoice, item, actor, reason, now)
        session.flush()
        row = _row(item, invoice, now)
        waiting = _waiting_invoices_of(session, invoice.vendor_id) if siblings or action == VERIFY_VENDOR else []
    if action != REJECT_INVOICE:
        recheck(store, sorted({row.invoice_id, *waiting}), actor=actor, rules=load_rules(store))
    return row


def _same_cause(session: Session, item: ExceptionItem, invoice: Invoice) -> list[ExceptionItem]:
    """The vendor's other open exceptions that one verification settles: every `unknown_vendor` of the
    vendor, or every `bank_details_changed` asking for the account just trusted."""
    if invoice.vendor_id is None:
        return []
    stmt = (
        select(ExceptionItem)
        .join(Invoice, Invoice.id == ExceptionItem.invoice_id)
        .where(Invoice.vendor_id == invoice.vendor_id, ExceptionItem.kind == item.kind,
               ExceptionItem.status == OPEN, ExceptionItem.id != item.id)
    )
    if item.kind == "bank_details_changed":
        from bodesk.store.vendors import compact_iban

        trusted = compact_iban(invoice.iban or "")
        return [s for s in session.scalars(stmt) if compact_iban(session.get_one(Invoice, s.invoice_id).iban or "") == trusted]
    return list(session.scalars(stmt))


def _waiting_invoices_of(session: Session, vendor_id: int | None) -> list[int]:
    """The vendor's invoices still waiting for checks or a decision: re-checked once it is verified."""
    if vendor_id is None:
        return []
    from bodesk.store.decide import OPEN_STATUSES

    return list(session.scalars(select(Invoice.id).where(Invoice.vendor_id == vendor_id, Invoice.status.in_(OPEN_STATUSES))))


def _needs_second_person(store: Store) -> bool:
    return bool(store.settings["rules.bank_change_needs_two_people"])


def _trust_bank(session: Session, invoice: Invoice, actor: str, reason: str) -> None:
    if invoice.vendor_id is None or not invoice.iban:
        raise BodeskError("This invoice names no known vendor or IBAN; there are no bank details to trust.")
    trust_iban(session, session.get_one(Vendor, invoice.vendor_id), invoice.iban, actor=actor, note=reason)


def _update_po(session: Session, invoice: Invoice, actor: str) -> None:
    """Bring the PO lines the invoice bills up to its prices and quantities (the order was changed)."""
    from bodesk.store.purchasing import orders_for_matching

    lines = [li for li in invoice.lines if li.po_line_id is not None]
    if not lines:
        raise BodeskError("No line of this invoice was matched to a PO line, so there is nothing to update on the PO.")
    order, _others = orders_for_matching(session, invoice.po_number, invoice.vendor_id, invoice.id)
    billed = {ln.id: ln.billed for ln in order.lines} if order else {}
    for li in lines:
        po_line = session.get_one(PurchaseOrderLine, li.po_line_id)
        changes: dict[str, Decimal] = {}
        if li.unit_price is not None and li.unit_price != po_line.unit_price:
            changes["unit_price"] = li.unit_price
        needed = billed.get(po_line.id, Decimal(0)) + (li.quantity or Decimal(0))
        if needed > po_line.quantity:
            changes["quantity"] = needed
        for key, new in changes.items():
            audit.record(session, actor=actor, action=AuditAction.EDITED, entity="po_line", entity_id=po_line.id, field=key,
                         old=getattr(po_line, key), new=new, note=f"Updated to invoice #{invoice.id}")
            setattr(po_line, key, new)


def _reject_with_others(session: Session, invoice: Invoice, item: ExceptionItem, actor: str, reason: str, now: datetime) -> None:
    from bodesk.store.approvals import REJECTABLE_STATUSES

    session.flush()
    if invoice.status in REJECTABLE_STATUSES:
        reject_invoice(session, invoice.id, invoice.status, by=actor, note=reason, when=now)
    else:
        close_with_rejection(session, invoice.id, by=actor, note=reason, when=now)


def _row(item: ExceptionItem, invoice: Invoice, now: datetime) -> ExceptionRow:
    return ExceptionRow(
        id=item.id, invoice_id=item.invoice_id, kind=item.kind, detail=item.detail, status=item.status,
        created_at=item.created_at, resolved_at=item.resolved_at, resolved_by=item.resolved_by,
        resolution=item.resolution, vendor_name=invoice.vendor_name, invoice_number=invoice.invoice_number,
        total=invoice.total, currency=invoice.currency, invoice_status=invoice.status,
        age=(item.resolved_at or now) - item.created_at, assigned_to=item.assigned_to,
        confirmed_by=item.confirmed_by, action=item.action,
    )


def resolve_many(store: Store, exception_ids: list[int], reason: str, actor: str, action: str = ACCEPT) -> tuple[list[ExceptionRow], list[str]]:
    """Bulk resolve: each one on its own; returns those resolved and a sentence per one that was not."""
    done, problems = [], []
    for exception_id in exception_ids:
        try:
            done.append(resolve(store, exception_id, reason, actor, action))
        except BodeskError as exc:
            problems.append(str(exc))
    return done, problems


def assign(store: Store, exception_ids: list[int], person: str | None, *, actor: str) -> None:
    """Give exceptions to a person to look at (None: to nobody)."""
    person = (person or "").strip() or None
    with store.session() as session:
        for item in session.scalars(select(ExceptionItem).where(ExceptionItem.id.in_(exception_ids))):
            if item.assigned_to != person:
                audit.record(session, actor=actor, action=AuditAction.ASSIGNED, entity="exception", entity_id=item.id,
                             field="assigned_to", old=item.assigned_to, new=person)
                item.assigned_to = person


def comment(store: Store, exception_id: int, text: str, *, actor: str) -> None:
    """A remark on an exception, kept in the audit trail (e.g. “called the vendor, waiting for a credit note”)."""
    if not text.strip():
        raise BodeskError("A comment needs some text.")
    with store.session() as session:
        if session.get(ExceptionItem, exception_id) is None:
            raise BodeskError(f"Exception {exception_id} no longer exists.")
        audit.record(session, actor=actor, action=AuditAction.COMMENTED, entity="exception", entity_id=exception_id, note=text.strip())


def comments(store: Store, exception_id: int) -> list[tuple[datetime, str, str, str | None]]:
    """The exception's history: (when, who, what, note)."""
    with store.session() as session:
        return [(e.at, e.actor, e.action, e.note) for e in audit.history(session, "exception", exception_id)]


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
