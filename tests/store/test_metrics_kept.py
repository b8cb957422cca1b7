"""The metrics read from each invoice's kept contribution: the same figures as the facts asked
directly, and every change (by bodesk, or written to the database by anyone else) in the very next
figures, with no other step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Table, func, select, text
from sqlalchemy.sql import visitors

from bodesk.core import trends
from bodesk.core.metrics import measure
from bodesk.core.summary import Summary, summarise
from bodesk.store import Store
from bodesk.store.approvals import approve
from bodesk.store.exceptions import resolve
from bodesk.store.facts_cache import summaries, up_to_date
from bodesk.store.facts_marks import CONCERNS, in_place
from bodesk.store.invoices import correct_field
from bodesk.store.metrics import facts_statement, gather_facts
from bodesk.store.schema import Document, ExceptionItem, Invoice
from bodesk.store.schema_metrics import InvoiceContribution
from tests.store.test_founder_metrics import MARCH, _pay, seeded  # noqa: F401  (the hand-counted workspace)

pytestmark = pytest.mark.usefixtures("office_people")

PERIODS = [MARCH, (date(2026, 1, 1), date(2026, 12, 31)), (None, None), (date(2026, 3, 4), date(2026, 3, 4))]


def _figures(summary: Summary, start: date | None, end: date | None) -> dict[str, Any]:
    record = measure(summary, minutes_per_manual_invoice=10, hourly_cost=30, minutes_per_touch=6,
                     running_cost=Decimal(100), start=start, end=end).to_json()
    record["trend"] = [p.to_json() for p in trends.series(summary, start or date(2026, 2, 1), end or date(2026, 3, 31))]
    return record


def direct(store: Store, start: date | None = MARCH[0], end: date | None = MARCH[1]) -> dict[str, Any]:
    """The figures from the facts asked of the database directly."""
    return _figures(summarise(gather_facts(store, start, end)), start, end)


def kept(store: Store, start: date | None = MARCH[0], end: date | None = MARCH[1]) -> dict[str, Any]:
    """The figures from the kept contributions (brought up to date first, as the Metrics tab does)."""
    assert up_to_date(store)  # else the figures below would be the direct ones
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(InvoiceContribution)) == \
            session.scalar(select(func.count()).select_from(Invoice))
    return _figures(summaries(store, [(start, end)])[0], start, end)


def _id(store: Store, n: int) -> int:
    with store.session() as session:
        return session.scalars(select(Invoice.id).where(Invoice.invoice_number == f"INV-{n:04d}")).one()


def _raw(store: Store, statement: str, **values: Any) -> None:
    with store.engine.begin() as conn:
        conn.execute(text(statement), values)


def test_kept_figures_equal_the_facts_asked_directly(seeded: Store) -> None:
    for start, end in PERIODS:
        assert kept(seeded, start, end) == direct(seeded, start, end)
    assert kept(seeded)["corrected_fields"] == {"invoice_number": 2, "invoice_date": 1, "total": 1, "vendor_name": 1}


def test_kept_figures_equal_the_direct_ones_on_a_busy_workspace(store: Store) -> None:
    from benchmarks.bench_metrics import fill

    fill(store, 600, seed=3)  # two years: exceptions of every kind, approvals, corrections, paid invoices
    for start, end in [(None, None), (date(2025, 1, 1), date(2025, 12, 31)), (date(2026, 10, 1), date(2026, 12, 31))]:
        assert kept(store, start, end) == direct(store, start, end)


def _exception_of(store: Store, n: int) -> int:
    with store.session() as session:
        return session.scalars(select(ExceptionItem.id).where(ExceptionItem.invoice_id == _id(store, n))).first()


def _set(store: Store, model: type, key: int, **values: Any) -> None:
    with store.session() as session:
        row = session.get(model, key)
        for name, value in values.items():
            setattr(row, name, value)


def _delete_invoice(store: Store, n: int) -> None:
    with store.session() as session:
        session.delete(session.get(Invoice, _id(store, n)))


def _pay_now(store: Store, n: int) -> None:
    _pay(store, _id(store, n), Decimal("1.25"))
    _set(store, Invoice, _id(store, n), status="paid", paid_on=date(2026, 3, 25))


def _raise(store: Store, n: int) -> None:
    with store.session() as session:
        session.add(ExceptionItem(invoice_id=_id(store, n), kind="price_variance", detail="billed more",
                                  status="open", created_at=datetime(2026, 3, 20)))


Change = Callable[[Store], None]
#: Each kind of change after a first computation, and how the next figures must show it.
CHANGES: dict[str, tuple[Change, Callable[[dict[str, Any], dict[str, Any]], bool]]] = {
    "a correction": (lambda s: correct_field(s, _id(s, 1), "invoice_number", "X-9", actor="Maria"),
                     lambda was, now: now["corrected_fields"]["invoice_number"] == was["corrected_fields"]["invoice_number"] + 1),
    "an exception raised": (lambda s: _raise(s, 1),
                            lambda was, now: now["exceptions_by_kind"]["price_variance"] == 2
                            and now["with_exceptions"] == was["with_exceptions"] + 1),
    "an exception resolved": (lambda s: resolve(s, _exception_of(s, 5), "the same invoice twice", "Maria", "accept"),
                              lambda was, now: now["overrides"] == was["overrides"] + 1),
    "an approval": (lambda s: approve(s, _id(s, 7), by="Sam"), lambda was, now: now["approved"] == was["approved"] + 1),
    "a payment made": (lambda s: _pay_now(s, 3),
                       lambda was, now: now["paid"] == 3 and now["discounts_captured"] == "3.75"),
    "an invoice deleted": (lambda s: _delete_invoice(s, 7),
                           lambda was, now: now["invoices_received"] == 6 and now["retyped_invoices"] == 0),
    "a document's received date": (lambda s: _set(s, Document, _id(s, 2), received_at=datetime(2026, 2, 20, 9)),
                                   lambda was, now: now["invoices_received"] == 6),
    "raw SQL: an invoice's status": (
        lambda s: _raw(s, "UPDATE invoices SET status = 'received' WHERE id = :i", i=_id(s, 1)),
        lambda was, now: now["invoices_read"] == 5),
    "raw SQL: an exception": (
        lambda s: _raw(s, "INSERT INTO exceptions (invoice_id, kind, detail, status, created_at) "
                          "VALUES (:i, 'unknown_vendor', 'd', 'open', '2026-03-20 09:00:00')", i=_id(s, 1)),
        lambda was, now: now["exceptions_by_kind"].get("unknown_vendor") == 1),
    "raw SQL: a transfer no longer paid": (
        lambda s: _raw(s, "UPDATE payment_transfers SET status = 'sent'"),
        lambda was, now: now["discounts_captured"] == "0.00" and was["discounts_captured"] == "2.50"),
    "raw SQL: an audit entry": (
        lambda s: _raw(s, "INSERT INTO audit_entries (at, actor, action, entity, entity_id, field) "
                          "VALUES ('2026-03-20 09:00:00', 'Maria', 'corrected', 'invoice', :i, 'due_date')", i=_id(s, 1)),
        lambda was, now: now["corrected_fields"].get("due_date") == 1),
    "raw SQL: a document deleted with its invoice": (
        lambda s: (_raw(s, "DELETE FROM invoice_lines WHERE invoice_id = :i", i=_id(s, 6)),
                   _raw(s, "DELETE FROM exceptions WHERE invoice_id = :i", i=_id(s, 6)),
                   _raw(s, "DELETE FROM invoices WHERE id = :i", i=_id(s, 6))),
        lambda was, now: now["invoices_received"] == 6 and now["invoices_read"] == 6),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_every_change_shows_in_the_next_figures(seeded: Store, change: str) -> None:
    make, shows = CHANGES[change]
    was = kept(seeded)
    make(seeded)
    now = kept(seeded)
    assert now != was and shows(was, now)
    assert now == direct(seeded)


def test_every_table_the_facts_read_marks_the_invoices_it_changes(store: Store) -> None:
    read = {node.name for node in visitors.iterate(facts_statement()) if isinstance(node, Table)}
    assert read == set(CONCERNS)
    with store.engine.connect() as conn:
        assert in_place(conn)


def test_without_its_triggers_the_figures_come_from_the_facts(seeded: Store) -> None:
    was = kept(seeded)
    sqlite = seeded.engine.dialect.name == "sqlite"
    _raw(seeded, "DROP TRIGGER invoice_facts_mark_invoices_update" if sqlite else
         "DROP TRIGGER invoice_facts_mark_invoices ON invoices")
    _raw(seeded, "UPDATE invoices SET status = 'received' WHERE id = :i", i=_id(seeded, 1))  # marks nothing now
    assert not up_to_date(seeded)
    now = _figures(summaries(seeded, [MARCH])[0], *MARCH)
    assert now["invoices_read"] == was["invoices_read"] - 1 and now == direct(seeded)


def test_contributions_of_another_definition_are_all_worked_out_again(seeded: Store) -> None:
    right = kept(seeded)
    _raw(seeded, "UPDATE invoice_facts SET touchless = 0, received = 2")  # as another bodesk might have counted
    _raw(seeded, "UPDATE invoice_facts_state SET definition = 'another'")
    assert kept(seeded) == right


@pytest.mark.parametrize("store", ["sqlite"], indirect=True)  # a read-only medium holds a workspace's own database
def test_a_read_only_workspace_never_reads_stale_contributions(seeded: Store) -> None:
    from bodesk.store.db import open_read_only

    was = kept(seeded)
    _raw(seeded, "UPDATE invoices SET status = 'received' WHERE id = :i", i=_id(seeded, 1))  # marked, not worked out
    seeded.engine.dispose()
    reader = open_read_only(seeded.workspace)
    try:
        assert not up_to_date(reader)
        now = _figures(summaries(reader, [MARCH])[0], *MARCH)
        assert now["invoices_read"] == was["invoices_read"] - 1 and now == direct(reader)
    finally:
        reader.close()
    assert kept(seeded) == now  # once writable again, worked out and read from the kept contributions
    seeded.engine.dispose()
    reader = open_read_only(seeded.workspace)
    try:
        assert up_to_date(reader)  # nothing marked: the kept contributions are read
    finally:
        reader.close()
