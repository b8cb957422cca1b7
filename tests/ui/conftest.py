"""Fixtures for the tab tests: an AppContext on an isolated workspace, and invoices put in directly."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from bodesk.jobs.runner import JobRunner
from bodesk.paths import Workspace
from bodesk.store import Store
from bodesk.store.schema import Document, ExceptionItem, Invoice, InvoiceLine
from bodesk.store.settings import change
from bodesk.ui.context import AppContext


@pytest.fixture
def ctx(qapp, workspace: Workspace, store: Store) -> Iterator[AppContext]:
    runner = JobRunner()
    change(store, {"desk.user_name": "Maria"}, by="Maria")
    context = AppContext(workspace, store, runner)
    yield context
    runner.shutdown()


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


def add_invoice(store: Store, n: int, *, status: str = "extracted", received_at: datetime | None = None,
                exceptions: tuple[str, ...] = (), pdf: bool = False, **fields: Any) -> int:
    received_at = received_at or datetime.now() - timedelta(days=20 - n)
    values: dict[str, Any] = {
        "vendor_name": f"Vendor {n}", "invoice_number": f"INV-{n:04d}", "currency": "EUR",
        "total": Decimal("100.00") + n, "invoice_date": received_at.date(),
        "due_date": received_at.date() + timedelta(days=30),
    }
    values.update(fields)
    stored = f"{n:02x}/{n:064x}.pdf"
    if pdf:
        write_pdf(store.workspace.documents / stored,
                  [values["vendor_name"], f"Invoice {values['invoice_number']}", f"Total {values['total']}"])
    with store.session() as session:
        doc = Document(sha256=f"{n:064x}", original_name=f"invoice-{n}.pdf", stored_path=stored, size=1000,
                       kind="pdf", source_kind="cli", source_ref=f"/tmp/invoice-{n}.pdf", received_at=received_at)
        invoice = Invoice(document=doc, status=status, created_at=received_at, updated_at=received_at, **values)
        invoice.lines = [InvoiceLine(line_no=1, description="Printer paper, A4", quantity=Decimal(5),
                                     unit_price=Decimal("20.00"), amount=Decimal("100.00"))]
        session.add(invoice)
        session.flush()
        for kind in exceptions:
            session.add(ExceptionItem(invoice_id=invoice.id, kind=kind, detail=f"Check the {kind.replace('_', ' ')}.",
                                      created_at=received_at))
        return invoice.id


@pytest.fixture
def make_invoice(store: Store) -> Callable[..., int]:
    """`make_invoice(status=..., exceptions=(kinds...), pdf=True, **fields)` → invoice id."""
    numbers = count(1)
    return lambda **kw: add_invoice(store, next(numbers), **kw)


@pytest.fixture
def window(qtbot, workspace: Workspace):  # type: ignore[no-untyped-def]
    """The main window on an empty workspace, shown; closed down in the right order afterwards."""
    from bodesk.ui.app import open_context
    from bodesk.ui.mainwindow import MainWindow

    context = open_context(workspace)
    win = MainWindow(context)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    context.runner.shutdown()
    context.store.close()
