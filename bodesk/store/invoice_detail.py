"""One invoice with everything that happened to it, for `bodesk invoices show ID`: its fields and
lines, its exceptions, approvals, payments, booking and exports, and its history from the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.invoices import invoice_records
from bodesk.store.schema import ExceptionItem
from bodesk.store.schema_payments import PaymentItem, PaymentTransfer
from bodesk.store.schema_people import ApprovalStep


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value.isoformat()


def _amount(value: Any) -> str | None:
    return format(value, "f") if value is not None else None


def invoice_detail(store: Store, invoice_id: int) -> dict[str, Any]:
    """The contract's invoice record plus `exceptions`, `approvals`, `payments` and `history`."""
    records = invoice_records(store, invoice_id=invoice_id)
    if not records:
        raise BodeskError(f"There is no invoice {invoice_id}; `bodesk invoices list` shows the ones there are.")
    rec = records[0]
    with store.session() as session:
        rec["exceptions"] = [
            {"id": e.id, "kind": e.kind, "detail": e.detail, "status": e.status, "created_at": _iso(e.created_at),
             "assigned_to": e.assigned_to, "resolved_by": e.resolved_by, "resolved_at": _iso(e.resolved_at),
             "action": e.action, "resolution": e.resolution}
            for e in session.scalars(select(ExceptionItem).where(ExceptionItem.invoice_id == invoice_id).order_by(ExceptionItem.id))
        ]
        rec["approvals"] = [
            {"step": a.step, "approver": a.approver, "on_behalf_of": a.on_behalf_of, "at": _iso(a.at)}
            for a in session.scalars(select(ApprovalStep).where(ApprovalStep.invoice_id == invoice_id).order_by(ApprovalStep.step))
        ]
        rec["payments"] = [
            {"batch_id": t.batch_id, "amount": _amount(item.amount), "discount": _amount(item.discount),
             "currency": t.currency, "iban": t.iban, "pay_on": _iso(t.pay_on), "status": t.status, "paid_on": _iso(t.paid_on)}
            for item, t in session.execute(
                select(PaymentItem, PaymentTransfer).join(PaymentTransfer, PaymentTransfer.id == PaymentItem.transfer_id)
                .where(PaymentItem.invoice_id == invoice_id).order_by(PaymentItem.id))
        ]
        rec["history"] = [
            {"at": _iso(e.at), "actor": e.actor, "action": e.action, "field": e.field, "old": e.old_value,
             "new": e.new_value, "note": e.note}
            for e in audit.history(session, "invoice", invoice_id)
        ]
    rec["booking"], rec["exports"] = _books(store, invoice_id)
    return rec


def _books(store: Store, invoice_id: int) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The booking (as stored, else as bodesk would suggest it, with where it came from) and the exports."""
    from bodesk.store.books import load_booking
    from bodesk.store.exports import last_exports

    info = load_booking(store, invoice_id)
    head, lines, basis = info.effective()
    booking = None
    if head is not None:
        source = info.source if info.booking is not None else info.suggestion.source  # type: ignore[union-attr]
        booking = {"account": head.account, "cost_centre": head.cost_centre, "tax_code": head.tax_code,
                   "source": source, "basis": basis, "suggested": info.booking is None, "set_by": info.set_by,
                   "lines": [{"line": n, "account": b.account, "cost_centre": b.cost_centre, "tax_code": b.tax_code}
                             for n, b in sorted(lines.items())]}
    exports = [{"export_id": export_id, "format": fmt, "file": name, "exported_at": _iso(at)}
               for at, export_id, fmt, name in last_exports(store, invoice_id)]
    return booking, exports
