"""Purchase orders and goods receipts: CSV imports, entry and editing, and the facts matching needs.

`orders_for_matching` loads candidate orders with, per line, the quantity received and the quantity
billed by earlier invoices (carried forward), in three queries, as `bodesk.core.matching.Order`s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, selectinload

from bodesk.core.matching import Order, OrderLine, normalise_po
from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.db import savepoint
from bodesk.store.rechecking import rechecks_waiting
from bodesk.store.schema import (
    GoodsReceipt,
    Invoice,
    InvoiceLine,
    InvoiceStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
)
from bodesk.core import validate
from bodesk.store.vendors import RowResult, find_vendor, read_csv

PO_COLUMNS = ("po_number", "vendor_name", "line_no", "description", "quantity", "unit_price", "currency")
RECEIPT_COLUMNS = ("po_number", "line_no", "quantity_received", "received_at")
#: Invoices whose lines no longer count as billed.
NOT_BILLING = (InvoiceStatus.REJECTED, InvoiceStatus.FAILED)


def _decimal(text: str, what: str, number: int, errors: list[str], *, positive: bool = True) -> Decimal:
    try:
        value = validate.amount(text.replace(",", ""), what.capitalize())
    except validate.InvalidValue as exc:
        errors.append(f"Row {number}: {exc}")
        return Decimal(0)
    if positive and value < 0:
        errors.append(f"Row {number}: {what} “{validate.shown(text)}” cannot be negative.")
    return value


def _date(text: str, what: str, number: int, errors: list[str]) -> date | None:
    if not text:
        return None
    try:
        return validate.plausible_date(text, what.capitalize())
    except validate.InvalidValue as exc:
        errors.append(f"Row {number}: {exc}")
        return None


def _whole(text: str) -> bool:
    """A line number: ASCII digits only (str.isdigit also takes "²"), at most 9 of them."""
    return text.isascii() and text.isdigit() and len(text) <= 9


def find_order(session: Session, po_number: str) -> PurchaseOrder | None:
    wanted = normalise_po(po_number)
    return session.scalar(
        select(PurchaseOrder).where(func.upper(func.replace(PurchaseOrder.po_number, " ", "")) == wanted).limit(1)
    )


@rechecks_waiting
def import_orders(store: Store, path: Path, *, actor: str) -> list[RowResult]:
    """`bodesk po import CSV`: one row per PO line; a PO's lines are created or updated by line number."""
    results: list[RowResult] = []
    with store.session() as session:
        for number, row in read_csv(path, PO_COLUMNS):
            po_number = row["po_number"]
            result = RowResult(number, f"{po_number}/{row['line_no']}")
            results.append(result)
            errors = result.errors
            if not po_number:
                errors.append(f"Row {number} has no PO number.")
            if not _whole(row["line_no"]):
                errors.append(f"Row {number}: line number “{row['line_no']}” must be a whole number.")
            quantity = _decimal(row["quantity"], "quantity", number, errors)
            price = _decimal(row["unit_price"], "unit price", number, errors)
            currency = row["currency"].upper()
            if len(currency) != 3 or not currency.isalpha():
                errors.append(f"Row {number}: “{row['currency']}” is not a currency code such as EUR.")
            ordered_at = _date(row.get("ordered_at", ""), "order date", number, errors)
            vendor = find_vendor(session, row["vendor_name"], None)
            if vendor is None:
                errors.append(f"Row {number}: “{row['vendor_name']}” is not among your vendors; import or add it first.")
            if errors:
                continue
            assert vendor is not None
            try:
                with savepoint(session):
                    _save_order_line(session, path, actor, row, result, vendor, po_number, quantity, price, currency,
                                     ordered_at)
            except (ArithmeticError, ValueError, DBAPIError) as exc:
                result.status = "error"
                errors.append(f"Row {number} could not be saved ({type(exc).__name__}); the other rows were imported.")
    return results


def _save_order_line(session: Session, path: Path, actor: str, row: dict[str, str], result: RowResult, vendor: Vendor,
                     po_number: str, quantity: Decimal, price: Decimal, currency: str, ordered_at: date | None) -> None:
    errors, number = result.errors, result.row
    order = find_order(session, po_number)
    if order is None:
        order = PurchaseOrder(po_number=po_number, vendor_id=vendor.id, currency=currency, ordered_at=ordered_at)
        session.add(order)
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.CREATED, entity="purchase_order", entity_id=order.id,
                     note=f"Imported from {path.name}")
    elif order.vendor_id != vendor.id or order.currency != currency:
        errors.append(f"Row {number}: PO {po_number} is already an order to another vendor or in another currency.")
        return
    line = next((ln for ln in order.lines if ln.line_no == int(row["line_no"])), None)
    result.status = "updated" if line else "created"
    if line is None:
        order.lines.append(PurchaseOrderLine(line_no=int(row["line_no"]), description=row["description"],
                                             quantity=quantity, unit_price=price))
    else:
        _set_line(session, line, actor, description=row["description"], quantity=quantity, unit_price=price)
    session.flush()


@rechecks_waiting
def import_receipts(store: Store, path: Path, *, actor: str) -> list[RowResult]:
    """`bodesk receipts import CSV`: goods received per PO line; a row already imported is not counted twice."""
    results: list[RowResult] = []
    with store.session() as session:
        for number, row in read_csv(path, RECEIPT_COLUMNS):
            result = RowResult(number, f"{row['po_number']}/{row['line_no']}")
            results.append(result)
            errors = result.errors
            quantity = _decimal(row["quantity_received"], "quantity received", number, errors)
            received_at = _date(row["received_at"], "receipt date", number, errors)
            if received_at is None and not errors:
                errors.append(f"Row {number} has no receipt date.")
            order = find_order(session, row["po_number"]) if row["po_number"] else None
            line = None
            if order is None:
                errors.append(f"Row {number}: PO “{row['po_number']}” is not among your purchase orders.")
            elif _whole(row["line_no"]):
                line = next((ln for ln in order.lines if ln.line_no == int(row["line_no"])), None)
                if line is None:
                    errors.append(f"Row {number}: PO {order.po_number} has no line {row['line_no']}.")
            else:
                errors.append(f"Row {number}: line number “{row['line_no']}” must be a whole number.")
            if errors or line is None or received_at is None:
                continue
            result.status = "created" if record_receipt(session, line, quantity, received_at, actor=actor) else "updated"
    return results


def record_receipt(session: Session, line: PurchaseOrderLine, quantity: Decimal, when: date, *, actor: str) -> bool:
    """Add a goods receipt to a PO line; False when the same receipt is already there."""
    exists = session.scalar(
        select(GoodsReceipt.id).where(GoodsReceipt.po_line_id == line.id, GoodsReceipt.quantity_received == quantity,
                                      GoodsReceipt.received_at == when)
    )
    if exists:
        return False
    receipt = GoodsReceipt(po_line_id=line.id, quantity_received=quantity, received_at=when)
    session.add(receipt)
    session.flush()
    audit.record(session, actor=actor, action=AuditAction.RECEIVED, entity="po_line", entity_id=line.id,
                 field="quantity_received", new=quantity, note=f"Received on {when.isoformat()}")
    return True


def _set_line(session: Session, line: PurchaseOrderLine, actor: str, **values: object) -> None:
    for key, new in values.items():
        old = getattr(line, key)
        if old != new:
            setattr(line, key, new)
            audit.record(session, actor=actor, action=AuditAction.EDITED, entity="po_line", entity_id=line.id,
                         field=key, old=old, new=new)


@rechecks_waiting
def update_line(store: Store, line_id: int, *, actor: str, **values: object) -> None:
    """Edit a PO line (description, quantity, unit_price); each change goes to the audit trail."""
    with store.session() as session:
        line = session.get(PurchaseOrderLine, line_id)
        if line is None:
            raise BodeskError(f"PO line {line_id} no longer exists.")
        _set_line(session, line, actor, **values)


@rechecks_waiting
def create_order(store: Store, po_number: str, vendor_id: int, currency: str, *, actor: str,
                 ordered_at: date | None = None) -> int:
    po_number = po_number.strip()
    if not po_number:
        raise BodeskError("A purchase order needs a number.")
    with store.session() as session:
        if find_order(session, po_number):
            raise BodeskError(f"There is already a purchase order {po_number}.")
        order = PurchaseOrder(po_number=po_number, vendor_id=vendor_id, currency=currency.upper(), ordered_at=ordered_at)
        session.add(order)
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.CREATED, entity="purchase_order", entity_id=order.id)
        return order.id


@rechecks_waiting
def delete_order(store: Store, order_id: int, *, actor: str) -> str:
    """Remove a purchase order no invoice was matched to; refused with a sentence otherwise."""
    from bodesk.store.schema import Invoice

    with store.session() as session:
        order = session.get(PurchaseOrder, order_id)
        if order is None:
            raise BodeskError(f"Purchase order {order_id} no longer exists.")
        invoices = session.scalar(select(func.count(Invoice.id)).where(Invoice.po_id == order_id)) or 0
        if invoices:
            raise BodeskError(f"Purchase order {order.po_number} cannot be deleted: {invoices} invoice"
                              f"{'s were' if invoices != 1 else ' was'} matched to it, and their history must stay whole.")
        number = order.po_number
        audit.record(session, actor=actor, action=AuditAction.REMOVED, entity="purchase_order", entity_id=order_id, old=number)
        session.delete(order)
        return number


@rechecks_waiting
def add_line(store: Store, order_id: int, description: str, quantity: Decimal, unit_price: Decimal, *, actor: str) -> int:
    with store.session() as session:
        order = session.get_one(PurchaseOrder, order_id)
        line = PurchaseOrderLine(line_no=max((ln.line_no for ln in order.lines), default=0) + 1,
                                 description=description, quantity=quantity, unit_price=unit_price)
        order.lines.append(line)
        session.flush()
        audit.record(session, actor=actor, action=AuditAction.CREATED, entity="po_line", entity_id=line.id,
                     note=f"{order.po_number} line {line.line_no}: {quantity} × {unit_price} {description}")
        return line.id


@rechecks_waiting
def receive(store: Store, line_id: int, quantity: Decimal, when: date, *, actor: str) -> None:
    with store.session() as session:
        record_receipt(session, session.get_one(PurchaseOrderLine, line_id), quantity, when, actor=actor)


@dataclass(frozen=True)
class OrderRow:
    """A purchase order as the purchasing window lists it, with its lines as matching sees them."""

    id: int
    po_number: str
    vendor_name: str | None
    currency: str
    ordered_at: date | None
    order: Order


def list_orders(store: Store) -> list[OrderRow]:
    with store.session() as session:
        pos = list(session.scalars(select(PurchaseOrder).options(selectinload(PurchaseOrder.lines)).order_by(PurchaseOrder.po_number)))
        names = dict(session.execute(select(Vendor.id, Vendor.name)).all())
        orders = {o.id: o for o in _as_orders(session, pos, before_invoice=None, names=names)}
        return [OrderRow(p.id, p.po_number, names.get(p.vendor_id or -1), p.currency, p.ordered_at, orders[p.id]) for p in pos]


def orders_for_matching(session: Session, po_number: str | None, vendor_id: int | None, invoice_id: int) -> tuple[Order | None, list[Order]]:
    """The order with `po_number` (if any) and, without one, the vendor's open orders; billed quantities
    count the invoices received before `invoice_id`."""
    if po_number:
        found = find_order(session, po_number)
        pos = [found] if found is not None else []
    elif vendor_id is not None:
        pos = list(session.scalars(
            select(PurchaseOrder).where(PurchaseOrder.vendor_id == vendor_id, PurchaseOrder.status == "open")
        ))
    else:
        pos = []
    names = dict(session.execute(select(Vendor.id, Vendor.name).where(Vendor.id.in_({p.vendor_id for p in pos if p.vendor_id}))).all())
    orders = _as_orders(session, pos, before_invoice=invoice_id, names=names)
    return (orders[0] if po_number and orders else None), ([] if po_number else orders)


def _as_orders(session: Session, pos: Sequence[PurchaseOrder], *, before_invoice: int | None, names: dict[int, str]) -> list[Order]:
    line_ids = [ln.id for p in pos for ln in p.lines]
    received: dict[int, Decimal] = defaultdict(Decimal)
    billed: dict[int, Decimal] = defaultdict(Decimal)
    if line_ids:
        for line_id, qty in session.execute(
            select(GoodsReceipt.po_line_id, func.sum(GoodsReceipt.quantity_received))
            .where(GoodsReceipt.po_line_id.in_(line_ids)).group_by(GoodsReceipt.po_line_id)
        ):
            received[line_id] = qty or Decimal(0)
        stmt = (
            select(InvoiceLine.po_line_id, func.sum(InvoiceLine.quantity))
            .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
            .where(InvoiceLine.po_line_id.in_(line_ids), Invoice.status.not_in(NOT_BILLING))
            .group_by(InvoiceLine.po_line_id)
        )
        if before_invoice is not None:
            stmt = stmt.where(Invoice.id < before_invoice)
        for line_id, qty in session.execute(stmt):
            billed[line_id] = qty or Decimal(0)
    return [
        Order(
            p.id, p.po_number, p.vendor_id, p.currency,
            tuple(OrderLine(ln.id, ln.line_no, ln.description, ln.quantity, ln.unit_price, received[ln.id], billed[ln.id])
                  for ln in p.lines),
            names.get(p.vendor_id or -1),
        )
        for p in pos
    ]
