"""Seeding a demo workspace: the vendors and purchase orders the sample documents are checked against,
and arrival dates spread over past weeks. The documents themselves go through the real import."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from bodesk.core.vocabulary import InvoiceStatus
from bodesk.store import Store
from bodesk.store.schema import (
    Document,
    ExceptionItem,
    GoodsReceipt,
    Invoice,
    PurchaseOrder,
    PurchaseOrderLine,
    Vendor,
    VendorIban,
)


@dataclass(frozen=True)
class DemoVendor:
    name: str
    tax_id: str | None
    payment_terms_days: int | None
    iban: str | None


@dataclass(frozen=True)
class DemoOrder:
    """A purchase order; `lines` are (description, quantity, unit price). `short` leaves its last line
    undelivered (a three-way-match exception)."""

    po_number: str
    vendor_name: str
    currency: str
    ordered_at: date
    lines: Sequence[tuple[str, Decimal, Decimal]]
    short: bool = False


def has_documents(store: Store) -> bool:
    with store.session() as session:
        return bool(session.scalar(select(func.count(Document.id))))


def add_vendors_and_orders(store: Store, vendors: Sequence[DemoVendor], orders: Sequence[DemoOrder]) -> None:
    """Verified vendors with trusted accounts (for over a year), and their orders, delivered."""
    trusted = datetime.now() - timedelta(days=400)
    with store.session() as session:
        for v in vendors:
            vendor = Vendor(name=v.name, tax_id=v.tax_id, payment_terms_days=v.payment_terms_days, verified=True,
                            created_at=trusted)
            if v.iban:
                vendor.ibans.append(VendorIban(iban=v.iban, trusted_since=trusted))
            session.add(vendor)
        session.flush()
        by_name = {v.name: v for v in session.scalars(select(Vendor))}
        for o in orders:
            order = PurchaseOrder(po_number=o.po_number, currency=o.currency, ordered_at=o.ordered_at,
                                  vendor_id=by_name[o.vendor_name].id if o.vendor_name in by_name else None)
            for n, (description, quantity, price) in enumerate(o.lines, start=1):
                order.lines.append(PurchaseOrderLine(line_no=n, description=description, quantity=quantity, unit_price=price))
            session.add(order)
            session.flush()
            delivered = order.lines[:-1] if o.short and len(order.lines) > 1 else order.lines
            for po_line in delivered:
                session.add(GoodsReceipt(po_line_id=po_line.id, quantity_received=po_line.quantity,
                                         received_at=o.ordered_at + timedelta(days=5)))


def spread_arrivals(store: Store, days: int = 42) -> None:
    """Spread the documents' arrivals over the past `days`, so metrics and ages look lived-in."""
    now = datetime.now()
    with store.session() as session:
        docs = list(session.scalars(select(Document).order_by(Document.id)))
        for i, doc in enumerate(docs):
            when = now - timedelta(days=days * (len(docs) - 1 - i) / len(docs), hours=i % 5)
            doc.received_at = when
            if doc.invoice is not None:
                doc.invoice.created_at = when
                for item in session.scalars(select(ExceptionItem).where(ExceptionItem.invoice_id == doc.invoice.id)):
                    item.created_at = when


def invoice_ids(store: Store) -> list[int]:
    with store.session() as session:
        return list(session.scalars(select(Invoice.id).order_by(Invoice.id)))


def approved_invoices(store: Store) -> list[tuple[int, str | None, str | None, Decimal | None, Decimal | None]]:
    """(id, vendor, number, net, tax) of the approved invoices, newest first: what the demo books."""
    stmt = (select(Invoice.id, Invoice.vendor_name, Invoice.invoice_number, Invoice.subtotal, Invoice.tax)
            .where(Invoice.status == InvoiceStatus.APPROVED).order_by(Invoice.invoice_date.desc(), Invoice.id.desc()))
    with store.session() as session:
        return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]
