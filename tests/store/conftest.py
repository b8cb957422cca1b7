"""Fixtures for the repository tests: invoices (with their documents) put straight into the store.

Every test here runs twice: on a workspace's own SQLite database and on a shared PostgreSQL one
(a real server, started once for the session)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from bodesk.paths import Workspace
from bodesk.store import Store, open_store
from bodesk.store.schema import Document, ExceptionItem, Invoice, InvoiceLine
from tests.pg.server import pg_server  # noqa: F401  (the session's PostgreSQL server)

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
    stored = store.workspace.documents / f"ab/{n:064x}.pdf"  # the document's file, as an import leaves it
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_bytes(f"%PDF-1.4 test invoice {n}".encode())
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


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, workspace: Workspace):  # type: ignore[no-untyped-def]
    """The workspace's store: its own SQLite database, or a new database on the shared server."""
    if request.param == "postgresql":  # this desk connected to the office database, as `db connect` does
        from bodesk.paths import remember_database
        from bodesk.secrets import set_secret
        from bodesk.store.db import database_secret_ref
        from tests.pg.server import PASSWORD

        request.getfixturevalue("file_keyring")
        server = request.getfixturevalue("pg_server")
        url = server.url(server.new_database(), password=None)
        set_secret(database_secret_ref(url), PASSWORD)
        remember_database(workspace.root, url)
        workspace = Workspace.at(workspace.root)
    s: Store = open_store(workspace)
    yield s
    s.close()


@pytest.fixture
def make_invoice(store: Store) -> MakeInvoice:
    """`make_invoice(status=..., exceptions=(kinds...), received_at=..., **fields)` → invoice id."""
    numbers = count(1)
    return lambda **kw: add_invoice(store, next(numbers), **kw)
