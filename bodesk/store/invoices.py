"""Reading and correcting invoices: the inbox's queries, the command line's records, field corrections."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from bodesk.core.records import AMOUNT_FIELDS, DATE_FIELDS, HEADER_FIELDS, format_field
from bodesk.core import validate
from bodesk.core.vocabulary import AuditAction, ExceptionStatus, InvoiceStatus
from bodesk.errors import BodeskError, ConcurrentChange
from bodesk.store import Store, audit
from bodesk.store.schema import AuditEntry, Document, ExceptionItem, Invoice

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboxRow:
    """One row of the inbox, detached from the database."""

    id: int
    vendor_name: str | None
    invoice_number: str | None
    invoice_date: date | None
    due_date: date | None
    total: Decimal | None
    currency: str | None
    status: str
    source: str
    received_at: datetime


#: Inbox columns that can be sorted on, by key.
SORT_COLUMNS = {
    "id": Invoice.id,
    "vendor_name": Invoice.vendor_name,
    "invoice_number": Invoice.invoice_number,
    "invoice_date": Invoice.invoice_date,
    "due_date": Invoice.due_date,
    "total": Invoice.total,
    "currency": Invoice.currency,
    "status": Invoice.status,
    "source": Document.original_name,
    "received_at": Invoice.created_at,  # set when the document is received; avoids a join for the default order
}


@dataclass(frozen=True)
class InboxQuery:
    """What the inbox shows: a text filter, a status filter and a sort order."""

    text: str = ""
    status: str | None = None
    sort_key: str = "received_at"
    descending: bool = True

    def _where(self, stmt: Select[Any]) -> Select[Any]:
        if self.status:
            stmt = stmt.where(Invoice.status == self.status)
        text = self.text.strip().lower()
        if text:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            stmt = stmt.where(Invoice.search_text.like(f"%{escaped}%", escape="\\"))
        return stmt

    def count(self, store: Store) -> int:
        stmt = self._where(select(func.count(Invoice.id)).select_from(Invoice))
        with store.session() as session:
            return int(session.scalar(stmt) or 0)

    def page(self, store: Store, offset: int, limit: int) -> list[InboxRow]:
        column: Any = SORT_COLUMNS.get(self.sort_key, Invoice.created_at)
        if self.text.strip():
            # With a search, scanning the table once and sorting the matches beats walking the sort
            # index and testing every row; an expression keeps SQLite off the index.
            column = func.ifnull(column, None)
        order = column.desc() if self.descending else column.asc()
        tiebreak = Invoice.id.desc() if self.descending else Invoice.id.asc()
        stmt = self._where(
            select(
                Invoice.id,
                Invoice.vendor_name,
                Invoice.invoice_number,
                Invoice.invoice_date,
                Invoice.due_date,
                Invoice.total,
                Invoice.currency,
                Invoice.status,
                Document.original_name,
                Document.received_at,
            ).join(Document)
        )
        stmt = stmt.order_by(order.nulls_last(), tiebreak).offset(offset).limit(limit)
        with store.session() as session:
            return [InboxRow(*row) for row in session.execute(stmt)]


def count_received(store: Store) -> int:
    """Invoices stored but not yet read (an import was interrupted, or is running)."""
    with store.session() as session:
        return int(session.scalar(select(func.count(Invoice.id)).where(Invoice.status == InvoiceStatus.RECEIVED)) or 0)


def invoice_history(store: Store, invoice_id: int) -> tuple[list[AuditEntry], list[str]]:
    """An invoice's audit trail (detached, oldest first) and the details of its open exceptions."""
    with store.session() as session:
        history = audit.history(session, "invoice", invoice_id)
        open_exceptions = list(session.scalars(select(ExceptionItem.detail).where(
            ExceptionItem.invoice_id == invoice_id, ExceptionItem.status == ExceptionStatus.OPEN)))
    return history, open_exceptions


def load_invoice(store: Store, invoice_id: int) -> Invoice:
    """An invoice with its document and lines, detached for display."""
    with store.session() as session:
        invoice = session.scalar(
            select(Invoice)
            .where(Invoice.id == invoice_id)
            .options(selectinload(Invoice.lines), selectinload(Invoice.document))
        )
        if invoice is None:
            raise BodeskError(f"Invoice {invoice_id} does not exist.")
        return invoice


def invoice_records(store: Store, status: str | None = None, *, invoice_id: int | None = None) -> list[dict[str, Any]]:
    """`bodesk invoices list --json`: one contract record per invoice (or only `invoice_id`'s)."""
    stmt = select(Invoice).options(selectinload(Invoice.lines), selectinload(Invoice.document)).order_by(Invoice.id)
    if status:
        stmt = stmt.where(Invoice.status == status)
    if invoice_id is not None:
        stmt = stmt.where(Invoice.id == invoice_id)
    with store.session() as session:
        kinds: dict[int, list[str]] = {}
        for inv_id, kind in session.execute(select(ExceptionItem.invoice_id, ExceptionItem.kind).order_by(ExceptionItem.id)):
            kinds.setdefault(inv_id, []).append(kind)
        records = []
        for inv in session.scalars(stmt):
            rec: dict[str, Any] = {"id": inv.id, "source": inv.document.original_name, "method": inv.method}
            for name in HEADER_FIELDS:
                rec[name] = format_field(name, getattr(inv, name))
            rec["line_items"] = [
                {
                    "description": li.description,
                    "quantity": format_field("total", li.quantity),
                    "unit_price": format_field("total", li.unit_price),
                    "amount": format_field("total", li.amount),
                }
                for li in inv.lines
            ]
            rec["confidence"] = inv.confidence or {}
            rec["evidence"] = inv.evidence or {}
            rec["errors"] = inv.errors or []
            rec["status"] = inv.status
            rec["exceptions"] = kinds.get(inv.id, [])
            records.append(rec)
        return records


def parse_user_value(field: str, text: str) -> Any:
    """A value typed by a person for `field`, normalised; raises BodeskError with a sentence if invalid."""
    text = text.strip()
    if not text:
        return None
    if field in DATE_FIELDS:
        return validate.plausible_date(text, "The date")
    if field in AMOUNT_FIELDS:
        return validate.amount(text.replace(" ", "").replace(",", ""), "The amount")
    if field == "currency":
        if len(text) != 3 or not text.isalpha():
            raise BodeskError(f"“{text}” is not a currency code; use three letters such as EUR, GBP or USD.")
        return text.upper()
    if field == "iban":
        return validate.iban(text)
    return text


class FieldValueError(BodeskError):
    """A typed value one field cannot take; `field` names it so the window can mark it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


#: A change of any of these on an approved or scheduled invoice sends it back for approval.
PAYMENT_FIELDS = ("total", "subtotal", "tax", "currency", "iban", "vendor_name", "vendor_tax_id")


def _send_back_if_decided(session, invoice: Invoice, changed: list[str], actor: str, now: datetime) -> None:  # type: ignore[no-untyped-def]
    """An approved (or scheduled) invoice whose amount, currency, bank details or vendor changed is
    no longer what was approved: it goes back to be checked and approved again, its earlier approval
    steps void (the audit trail keeps them)."""
    from sqlalchemy import delete

    from bodesk.store.schema_people import ApprovalStep

    what = [f for f in changed if f in PAYMENT_FIELDS]
    if invoice.status not in (InvoiceStatus.APPROVED, InvoiceStatus.SCHEDULED) or not what:
        return
    old = invoice.status
    invoice.status = InvoiceStatus.EXTRACTED  # the checks decide where it goes from here
    session.execute(delete(ApprovalStep).where(ApprovalStep.invoice_id == invoice.id))
    audit.record(session, actor=actor, action=AuditAction.SENT_BACK, entity="invoice", entity_id=invoice.id,
                 field="status", old=old, new=InvoiceStatus.EXTRACTED,
                 note=f"It was {old}; its {', '.join(what)} changed, so it must be approved again.", at=now)


def correct_field(store: Store, invoice_id: int, field: str, text: str, *, actor: str) -> tuple[Any, Any]:
    """Save a person's correction of one field (see `correct_fields`); returns (old, new)."""
    return correct_fields(store, invoice_id, {field: text}, actor=actor)[field]


def correct_fields(store: Store, invoice_id: int, changes: dict[str, str], *, actor: str) -> dict[str, tuple[Any, Any]]:
    """Save a person's corrections of several fields together or not at all: one transaction, one
    audit batch (the same moment on every entry), then the invoice's checks run again.

    Returns {field: (old, new)}. A corrected field becomes certain (confidence 1.0). Raises
    FieldValueError naming the first field whose value cannot be taken; nothing is saved then."""
    parsed: dict[str, Any] = {}
    for field, text in changes.items():
        if field not in HEADER_FIELDS:
            raise FieldValueError(field, f"{field} is not a field that can be corrected.")
        try:
            parsed[field] = parse_user_value(field, text)
        except BodeskError as exc:
            raise FieldValueError(field, str(exc)) from None
    now = datetime.now()
    result: dict[str, tuple[Any, Any]] = {}
    with store.session() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise BodeskError(f"Invoice {invoice_id} no longer exists.")
        for field, new in parsed.items():
            old = getattr(invoice, field)
            result[field] = (old, new)
            if old == new:
                continue
            setattr(invoice, field, new)
            invoice.confidence = {**(invoice.confidence or {}), field: 1.0}
            audit.record(session, actor=actor, action=AuditAction.CORRECTED, entity="invoice", entity_id=invoice_id,
                         field=field, old=old, new=new, at=now)
        if any(old != new for old, new in result.values()):
            _send_back_if_decided(session, invoice, [f for f, (old, new) in result.items() if old != new], actor, now)
            invoice.refresh_search_text()
            invoice.updated_at = now
            # The vendor's next documents should come in right: remember what was corrected.
            from bodesk.store.learning import record_lessons

            record_lessons(session, invoice, {f: new for f, (old, new) in result.items() if old != new},
                           actor=actor, at=now)
    changed = [f for f, (old, new) in result.items() if old != new]
    if changed:
        # A corrected number, PO or amount can settle (or raise) exceptions: check the invoice again.
        from bodesk.store.decide import recheck

        try:
            recheck(store, [invoice_id], cause=AuditAction.RECHECKED)  # the corrections are audited one by one above
        except ConcurrentChange as exc:  # another desk decided the invoice in between: the correction is saved,
            log.info("invoice %s was decided at another desk before its checks ran again: %s", invoice_id, exc)
    return result
