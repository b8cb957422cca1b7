"""The approval queue and the approve / reject decisions."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.approvals import approve, reject, waiting, waiting_count
from bodesk.store.exceptions import list_exceptions, resolve
from bodesk.store.schema import Invoice

pytestmark = pytest.mark.usefixtures("office_people")


def _status(store: Store, invoice_id: int) -> str:
    with store.session() as session:
        return session.scalar(select(Invoice.status).where(Invoice.id == invoice_id))


def test_queue_holds_clean_invoices_oldest_first(store: Store, make_invoice) -> None:
    newer = make_invoice(status="matched", received_at=datetime(2026, 3, 9))
    older = make_invoice(status="extracted", received_at=datetime(2026, 3, 2))
    make_invoice(status="extracted", exceptions=("price_variance",))  # open exception: not yet
    make_invoice(status="needs_review", exceptions=("missing_field",))
    make_invoice(status="received")
    make_invoice(status="approved")
    make_invoice(status="rejected")

    assert [w.id for w in waiting(store)] == [older, newer]
    assert waiting_count(store) == 2
    assert waiting(store)[0].received_at == datetime(2026, 3, 2)


def test_resolved_exception_lets_invoice_into_the_queue(store: Store, make_invoice) -> None:
    from datetime import date

    from bodesk.store.settings import change
    from bodesk.store.vendors import save_vendor

    change(store, {"rules.po_required": False}, by="Maria")  # resolving runs the checks again
    save_vendor(store, None, {"name": "Vendor 1"}, actor="Maria")
    inv = make_invoice(status="matched", exceptions=("possible_duplicate",), invoice_date=date.today())
    assert waiting(store) == []
    resolve(store, list_exceptions(store)[0].id, "Different month", "Maria")
    assert [w.id for w in waiting(store)] == [inv]


def test_approve_sets_status_and_audits(store: Store, make_invoice) -> None:
    inv = make_invoice(status="matched")
    assert approve(store, inv, by="Sam", note="ok for March") == "approved"
    assert _status(store, inv) == "approved"
    assert waiting(store) == []
    with store.session() as session:
        (entry,) = audit.history(session, "invoice", inv)
        assert (entry.actor, entry.action, entry.field) == ("Sam", "approved", "status")
        assert (entry.old_value, entry.new_value, entry.note) == ("matched", "approved", "ok for March")


def test_reject_requires_a_note(store: Store, make_invoice) -> None:
    inv = make_invoice(status="extracted")
    with pytest.raises(BodeskError, match="Say why the invoice is rejected"):
        reject(store, inv, by="Sam", note="  ")
    assert _status(store, inv) == "extracted"
    assert reject(store, inv, by="Sam", note="Not our order") == "rejected"
    with store.session() as session:
        (entry,) = audit.history(session, "invoice", inv)
        assert (entry.action, entry.old_value, entry.new_value, entry.note) == (
            "rejected", "extracted", "rejected", "Not our order")


def test_refusals_are_sentences(store: Store, make_invoice) -> None:
    blocked = make_invoice(status="extracted", exceptions=("bank_details_changed",))
    done = make_invoice(status="approved")
    review = make_invoice(status="needs_review")
    with pytest.raises(BodeskError, match="has 1 open exception; resolve"):
        approve(store, blocked, by="Sam")
    with pytest.raises(BodeskError, match="is approved, not waiting"):
        approve(store, done, by="Sam")
    with pytest.raises(BodeskError, match="needs review, not waiting"):
        approve(store, review, by="Sam")
    with pytest.raises(BodeskError, match="does not exist"):
        approve(store, 999, by="Sam")
    with pytest.raises(BodeskError, match="Say who is acting"):
        approve(store, blocked, by=" ")
    paid = make_invoice(status="paid")
    with pytest.raises(BodeskError, match="already paid"):
        reject(store, paid, by="Sam", note="too late")
    # a questionable invoice under review can be turned down directly
    assert reject(store, review, by="Sam", note="Not ours") == "rejected"
