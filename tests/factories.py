"""The one set of test factories: invoices (with their documents and exceptions) put straight into a store.

`add_invoice` is the factory; the store tests take it as it is (fixed dates in March 2026, one line),
the window's tests through `recent_invoice` (received in the last weeks, with invoice and due dates,
optionally with a real PDF to show).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bodesk.store import Store
from bodesk.store.schema import Document, ExceptionItem, Invoice, InvoiceLine


def write_pdf(path: Path, lines: list[str]) -> None:
    """A one-page PDF with a text layer, as an invoice document."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 780
    for i, text in enumerate(lines):
        c.setFont("Helvetica-Bold" if i == 0 else "Helvetica", 20 if i == 0 else 11)
        c.drawString(60, y, text)
        y -= 34 if i == 0 else 18
    c.save()


def add_invoice(
    store: Store,
    n: int,
    *,
    status: str = "extracted",
    received_at: datetime | None = None,
    exceptions: tuple[str, ...] = (),
    pdf: bool = False,
    file: bool = True,
    lines: Sequence[tuple[str, Decimal, Decimal | None, Decimal | None]] | None = None,
    detail: str = "{kind} on {n}",
    **fields: Any,
) -> int:
    """Invoice number `n` with its document (a file in the document store unless not `file`; a real PDF
    with `pdf`),
    `lines` as (description, quantity, unit price, amount) and open `exceptions` of those kinds."""
    received_at = received_at or datetime(2026, 3, 1, 9, 0) + timedelta(days=n)
    values: dict[str, Any] = {"vendor_name": f"Vendor {n}", "invoice_number": f"INV-{n:04d}", "currency": "EUR",
                              "total": Decimal("100.00") + n}
    values.update(fields)
    stored = f"{n:02x}/{n:064x}.pdf"
    path = store.workspace.documents / stored
    if pdf:
        write_pdf(path, [values["vendor_name"], f"Invoice {values['invoice_number']}", f"Total {values['total']}"])
    elif file:  # the document's file, as an import leaves it
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"%PDF-1.4 test invoice {n}".encode())
    with store.session() as session:
        doc = Document(sha256=f"{n:064x}", original_name=f"invoice-{n}.pdf", stored_path=stored, size=1000,
                       kind="pdf", source_kind="cli", source_ref=f"/tmp/invoice-{n}.pdf", received_at=received_at)
        invoice = Invoice(document=doc, status=status, created_at=received_at, updated_at=received_at, **values)
        rows = lines if lines is not None else [("Paper", Decimal(1), None, values["total"])]
        invoice.lines = [InvoiceLine(line_no=i, description=d, quantity=q, unit_price=p, amount=a)
                         for i, (d, q, p, a) in enumerate(rows, start=1)]
        session.add(invoice)
        session.flush()
        for kind in exceptions:
            session.add(ExceptionItem(invoice_id=invoice.id, kind=kind, detail=detail.format(kind=kind.replace("_", " "), n=n),
                                      created_at=received_at))
        return invoice.id


def recent_invoice(store: Store, n: int, *, received_at: datetime | None = None, **kw: Any) -> int:
    """An invoice as the window's tests want it: received in the last weeks, dated, due in 30 days."""
    received_at = received_at or datetime.now() - timedelta(days=20 - n)
    kw.setdefault("invoice_date", received_at.date())
    kw.setdefault("due_date", received_at.date() + timedelta(days=30))
    kw.setdefault("lines", [("Printer paper, A4", Decimal(5), Decimal("20.00"), Decimal("100.00"))])
    kw.setdefault("detail", "Check the {kind}.")
    kw.setdefault("file", False)
    return add_invoice(store, n, received_at=received_at, **kw)
