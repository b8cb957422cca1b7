"""A change to a vendor, an order or a receipt checks the waiting invoices again, inside the store operation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from bodesk.store import Store
from bodesk.store.decide import recheck
from bodesk.store.purchasing import add_line, create_order, receive
from bodesk.store.schema import ExceptionItem
from bodesk.store.settings import change
from bodesk.store.vendors import save_vendor


def _open_kinds(store: Store, invoice_id: int) -> list[str]:
    with store.session() as session:
        return sorted(session.scalars(select(ExceptionItem.kind).where(
            ExceptionItem.invoice_id == invoice_id, ExceptionItem.status == "open")))


def test_an_invoice_waiting_for_its_po_and_delivery_goes_on_when_they_arrive(store: Store, make_invoice) -> None:  # type: ignore[no-untyped-def]
    change(store, {"rules.auto_approve_limit": "0"}, by="Maria")
    vendor_id = save_vendor(store, None, {"name": "Vendor 1"}, actor="Maria")
    inv = make_invoice(status="extracted", po_number="PO-1", subtotal=Decimal("100.00"), tax=Decimal("0"),
                       total=Decimal("100.00"), currency="EUR")
    recheck(store, [inv])
    assert "po_not_found" in _open_kinds(store, inv)

    order = create_order(store, "PO-1", vendor_id, "EUR", actor="Maria", ordered_at=date(2026, 2, 1))
    line = add_line(store, order, "Toner", Decimal(1), Decimal("100.00"), actor="Maria")
    assert "po_not_found" not in _open_kinds(store, inv)  # no recheck was called by the caller
    receive(store, line, Decimal(1), date(2026, 2, 5), actor="Maria")
    assert "not_received" not in _open_kinds(store, inv)
