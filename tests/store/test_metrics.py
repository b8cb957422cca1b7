"""Gathering metric facts from the store: one query, the period's bounds, corrections and approvals."""

from __future__ import annotations

import pytest

from datetime import date, datetime
from decimal import Decimal

from bodesk.settings import Settings
from bodesk.store import Store, audit
from bodesk.store.approvals import approve
from bodesk.store.invoices import correct_field
from bodesk.store.metrics import gather_facts, invoice_count, metrics

pytestmark = pytest.mark.usefixtures("office_people")


def test_store_gathers_facts_in_range(store: Store, make_invoice) -> None:

    clean = make_invoice(received_at=datetime(2026, 3, 2, 9))
    fixed = make_invoice(received_at=datetime(2026, 3, 3, 9))
    flagged = make_invoice(received_at=datetime(2026, 3, 4, 9), exceptions=("no_po",))
    make_invoice(received_at=datetime(2026, 2, 1, 9))  # before the period
    correct_field(store, fixed, "invoice_number", "X-1", actor="Maria")
    approve(store, clean, by="Sam")
    with store.session() as session:  # a second approval later must not move the cycle time
        audit.record(session, actor="Sam", action="approved", entity="invoice", entity_id=clean)

    got = {f.invoice_id: f for f in gather_facts(store, date(2026, 3, 1), date(2026, 3, 4))}
    assert set(got) == {clean, fixed, flagged}
    assert (got[clean].corrected, got[clean].had_exception, got[clean].status) == (False, False, "approved")
    assert isinstance(got[clean].approved_at, datetime) and got[clean].approved_at > got[clean].received_at
    assert (got[fixed].corrected, got[fixed].approved_at) == (True, None)
    assert got[flagged].had_exception
    assert len(gather_facts(store)) == 4 and invoice_count(store) == 4
    assert len(gather_facts(store, date(2026, 3, 4), date(2026, 3, 4))) == 1  # end day included

    m = metrics(store, Settings({"metrics.minutes_per_manual_invoice": 6, "metrics.hourly_cost": 40}), date(2026, 3, 1), date(2026, 3, 31))
    # The correction re-ran the checks on `fixed`, whose vendor nobody set up: it has an exception now too.
    assert (m.received, m.touchless, m.with_exceptions, m.approved) == (3, 1, 2, 1)
    assert m.money_saved == Decimal("4.00")
    assert len(m.per_week) == 6  # the whole of March, week by week


def test_facts_take_one_query_however_many_invoices(store: Store, make_invoice) -> None:
    from sqlalchemy import event

    for n in range(30):
        make_invoice(exceptions=("no_po",) if n % 3 == 0 else ())
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731  (conn, cursor, statement, ...)
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        assert len(gather_facts(store)) == 30
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    assert len([s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]) == 1
