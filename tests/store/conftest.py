"""Fixtures for the repository tests: invoices (with their documents) put straight into the store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from bodesk.store import Store
from bodesk.store.schema import Document, ExceptionItem, Invoice, InvoiceLine

MakeInvoice = Callable[..., int]


def add_invoice(
    store: Store,
    n: int,
    *,
    status: str = "extracted",
    received_at: datetime | None = None,
    exceptions: tuple[str, ...] = (),
    **fields: Any,
) -> int:
    received_at = received_at or datetime(2026, 3, 1, 9, 0) + timedelta(days=n)
    with store.session() as session:
        doc = Document(
            sha256=f"{n:064x}",
            original_name=f"invoice-{n}.pdf",
            stored_path=f"ab/{n:064x}.pdf",
            size=1000,
            kind="pdf",
            source_kind="cli",
            source_ref=f"/tmp/invoice-{n}.pdf",
            received_at=received_at,
        )
        values: dict[str, Any] = {
            "vendor_name": f"Vendor {n}",
            "invoice_number": f"INV-{n:04d}",
            "currency": "EUR",
            "total": Decimal("100.00") + n,
        }
        values.update(fields)
        invoice = Invoice(
            document=doc, status=status, created_at=received_at, updated_at=received_at, **values
        )
        invoice.lines = [InvoiceLine(line_no=1, description="Paper", quantity=Decimal(1), amount=values["total"])]
        session.add(invoice)
        session.flush()
        for kind in exceptions:
            session.add(ExceptionItem(invoice_id=invoice.id, kind=kind, detail=f"{kind} on {n}", created_at=received_at))
        return invoice.id


@pytest.fixture
def make_invoice(store: Store) -> MakeInvoice:
    """`make_invoice(status=..., exceptions=(kinds...), received_at=..., **fields)` → invoice id."""
    numbers = count(1)
    return lambda **kw: add_invoice(store, next(numbers), **kw)
