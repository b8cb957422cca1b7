"""Listing and resolving exceptions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.exceptions import exception_records, kind_label, list_exceptions, open_count, resolve
from bodesk.store.schema import Invoice

pytestmark = pytest.mark.usefixtures("office_people")


def test_open_exceptions_carry_their_invoice_and_age(store: Store, make_invoice) -> None:
    received = datetime(2026, 3, 1, 9, 0)
    inv = make_invoice(status="needs_review", exceptions=("missing_field", "totals_mismatch"), received_at=received,
                       vendor_name="Acme Ltd", invoice_number="A-1", total=Decimal("120.00"), currency="GBP")
    make_invoice(status="extracted")

    rows = list_exceptions(store, now=received + timedelta(days=3))

    assert [r.kind for r in rows] == ["missing_field", "totals_mismatch"]
    first = rows[0]
    assert (first.invoice_id, first.vendor_name, first.invoice_number) == (inv, "Acme Ltd", "A-1")
    assert (first.total, first.currency, first.invoice_status) == (Decimal("120.00"), "GBP", "needs_review")
    assert first.age == timedelta(days=3)
    assert first.label == "Missing field" and first.is_open
    assert open_count(store) == 2


def _routine(store: Store) -> None:
    """A workspace where `make_invoice`'s first invoice passes every other check: its vendor is known
    and no PO is required."""
    from bodesk.store.settings import change
    from bodesk.store.vendors import save_vendor

    change(store, {"rules.po_required": False}, by="Maria")
    save_vendor(store, None, {"name": "Vendor 1"}, actor="Maria")


def test_resolve_closes_it_with_reason_and_audit_entry(store: Store, make_invoice) -> None:
    _routine(store)
    inv = make_invoice(status="needs_review", exceptions=("price_variance",), invoice_date=date.today())
    (row,) = list_exceptions(store)

    resolved = resolve(store, row.id, "  Price agreed by phone  ", "Maria")

    assert (resolved.status, resolved.resolved_by, resolved.resolution) == ("resolved", "Maria", "Price agreed by phone")
    assert list_exceptions(store) == []
    (closed,) = list_exceptions(store, open_only=False)
    assert closed.status == "resolved" and closed.resolved_at is not None
    with store.session() as session:
        (entry,) = audit.history(session, "exception", row.id)
        assert (entry.actor, entry.action, entry.field) == ("Maria", "resolved", "status")
        assert (entry.old_value, entry.new_value) == ("open", "resolved")
        assert "Price agreed by phone" in (entry.note or "")
        # the last open exception resolved: the checks run again and it goes on towards approval
        assert session.scalar(select(Invoice.status).where(Invoice.id == inv)) == "extracted"
        (checked,) = audit.history(session, "invoice", inv)
        assert (checked.actor, checked.action, checked.new_value) == ("Maria", "rechecked", "extracted")
        assert "waits for Sam" in (checked.note or "")


def test_invoice_stays_under_review_while_another_exception_is_open(store: Store, make_invoice) -> None:
    inv = make_invoice(status="needs_review", exceptions=("missing_field", "low_confidence"))
    first, _second = list_exceptions(store)
    resolve(store, first.id, "Filled in the date", "Maria")
    with store.session() as session:
        assert session.scalar(select(Invoice.status).where(Invoice.id == inv)) == "needs_review"


@pytest.mark.parametrize("reason", ["", "   "])
def test_resolving_needs_a_reason(store: Store, make_invoice, reason: str) -> None:
    make_invoice(exceptions=("no_po",))
    (row,) = list_exceptions(store)
    with pytest.raises(BodeskError, match="Say why"):
        resolve(store, row.id, reason, "Maria")
    assert open_count(store) == 1


def test_resolving_twice_or_a_missing_one_is_refused(store: Store, make_invoice) -> None:
    make_invoice(exceptions=("no_po",))
    (row,) = list_exceptions(store)
    resolve(store, row.id, "ok", "Maria")
    with pytest.raises(BodeskError, match="already resolved by Maria"):
        resolve(store, row.id, "again", "Tom")
    with pytest.raises(BodeskError, match="no longer exists"):
        resolve(store, 999, "why", "Tom")


def test_records_follow_the_contract(store: Store, make_invoice) -> None:
    inv = make_invoice(exceptions=("duplicate",), received_at=datetime(2026, 3, 5, 14, 2, 7))
    (rec,) = exception_records(store)
    assert rec == {
        "id": rec["id"], "invoice_id": inv, "kind": "duplicate", "detail": "duplicate on 1",
        "status": "open", "created_at": "2026-03-05T14:02:07",
    }
    assert kind_label("bank_details_changed") == "Bank details changed"
    assert kind_label("something_new") == "Something new"
