"""The chart of accounts and bookings: a person's booking is audited and learned; suggestions say where they came from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bodesk.core.suggest import Booking
from bodesk.errors import BodeskError
from bodesk.store import audit, books
from bodesk.store.schema import InvoiceLine, Invoice
from tests.store.conftest import add_invoice


def _invoice(store, n: int, vendor: str, day: int, lines: tuple[str, ...] = ("Copy paper A4",), status: str = "approved") -> int:  # type: ignore[no-untyped-def]
    invoice_id = add_invoice(store, n, status=status, vendor_name=vendor, invoice_date=date(2026, 3, day),
                             subtotal=Decimal("100.00"), tax=Decimal("19.00"), total=Decimal("119.00"))
    with store.session() as session:
        invoice = session.get(Invoice, invoice_id)
        invoice.lines = [InvoiceLine(line_no=i + 1, description=text, quantity=Decimal(1), amount=Decimal("100.00") / len(lines))
                         for i, text in enumerate(lines)]
    return invoice_id


def test_a_new_workspace_starts_from_the_shipped_chart_and_a_bad_file_changes_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chart = {a.number: a for a in books.accounts(store)}
    assert chart["4930"].name == "Bürobedarf" and chart["4930"].tax_code == "VSt19"
    bad = tmp_path / "chart.csv"
    bad.write_text("number,name,tax_code\n6815,Bürobedarf,VSt19\nabc,Porto,\n6800,Porto,XX\n", encoding="utf-8")
    count, errors = books.import_chart(store, bad, actor="Ana")
    assert count == 0
    assert errors == ["Row 3: account number “abc” must be digits only, e.g. 4930.",
                      "Row 4: tax code “XX” is not one bodesk knows (VSt19, VSt7, frei, VAT20, VAT21, VAT5, VAT0, GST10, GST15, GST9, PPN11, NONE)."]
    assert "4930" in {a.number for a in books.accounts(store)}
    bad.write_text("number,name,tax_code\n6815,Bürobedarf,VSt19\n6800,Porto,frei\n", encoding="utf-8")
    assert books.import_chart(store, bad, actor="Ana") == (2, [])
    assert [a.label for a in books.accounts(store)] == ["6800 Porto", "6815 Bürobedarf"]


def test_a_booking_is_audited_and_refused_for_an_account_outside_the_chart(store) -> None:  # type: ignore[no-untyped-def]
    invoice_id = _invoice(store, 1, "Müller Bürobedarf", 2)
    with pytest.raises(BodeskError, match="Account 1234 is not in the chart"):
        books.set_booking(store, invoice_id, "1234", actor="Ana")
    old, new = books.set_booking(store, invoice_id, "4930", actor="Ana", cost_centre="100")
    assert old is None and new == Booking("4930", "100", "VSt19")  # the tax code comes with the account
    with store.session() as session:
        (entry,) = [e for e in audit.history(session, "invoice", invoice_id) if e.action == "booked"]
    assert (entry.actor, entry.field, entry.old_value, entry.new_value) == ("Ana", "booking", None, "4930 / 100 / VSt19")


def test_a_booking_corrected_on_one_invoice_is_suggested_on_the_vendors_next(store) -> None:  # type: ignore[no-untyped-def]
    for n, day in ((1, 2), (2, 5), (3, 9), (4, 12)):
        books.set_booking(store, _invoice(store, n, "Müller Bürobedarf", day), "4930", actor="Ana")
    nxt = _invoice(store, 5, "Müller Bürobedarf", 20, status="matched")
    suggestion = books.load_booking(store, nxt).suggestion
    assert suggestion.booking.account == "4930" and suggestion.basis == "as on this vendor's last 4 invoices"

    books.set_booking(store, 4, "4940", actor="Ana", tax="VSt7")  # the latest one was books, not office supplies
    suggestion = books.load_booking(store, nxt).suggestion
    assert suggestion.booking == Booking("4940", None, "VSt7")
    assert suggestion.basis == "as on this vendor's last invoice (INV-0004)"


def test_a_line_booked_differently_before_gets_its_own_suggestion(store) -> None:  # type: ignore[no-untyped-def]
    first = _invoice(store, 1, "Acme Office", 2, lines=("Toner black", "Coffee beans"))
    books.set_booking(store, first, "4930", actor="Ana")
    books.set_booking(store, first, "4650", actor="Ana", line_no=2)
    nxt = _invoice(store, 2, "ACME OFFICE", 9, lines=("Coffee beans", "Toner black"))
    suggestion = books.load_booking(store, nxt).suggestion
    assert suggestion.booking.account == "4930"
    assert {n: b.account for n, (b, _) in suggestion.lines.items()} == {1: "4650"}
    assert suggestion.lines[1][1] == "as for “Coffee beans” on this vendor's INV-0001"


def test_a_first_time_vendor_gets_a_guess_only_when_its_lines_are_clearly_like_booked_ones(store) -> None:  # type: ignore[no-untyped-def]
    books.set_booking(store, _invoice(store, 1, "Müller Bürobedarf", 2, lines=("Copy paper A4 500 sheets",)), "4930", actor="Ana")
    books.set_booking(store, _invoice(store, 2, "Papier Schmidt", 3, lines=("Copy paper A3",)), "4930", actor="Ana")
    books.set_booking(store, _invoice(store, 3, "Telekom", 4, lines=("Mobile phone contract March",)), "4920", actor="Ana")

    stranger = _invoice(store, 4, "Never Seen GmbH", 10, lines=("Consulting workshop day",))
    assert books.load_booking(store, stranger).suggestion is None  # no guess rather than a wrong one

    paper = _invoice(store, 5, "New Paper Shop", 11, lines=("Copy paper A4",))
    suggestion = books.load_booking(store, paper).suggestion
    assert suggestion.booking.account == "4930"
    assert suggestion.basis == "from the line text, like 2 earlier booked lines"
