"""The decision on one invoice: checks, status and routing, with no database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from bodesk.core.checks import EarlierInvoice, VendorFacts
from bodesk.core.decisions import Override, Rules, decide
from bodesk.core.matching import Order, OrderLine
from bodesk.core.records import ExtractionResult, LineItem

TODAY = date(2026, 3, 10)
ACME = VendorFacts("Acme Ltd", frozenset({"GB33BUKB20201555555555"}), True, 1, "Sam", "office", 30)
PO = Order(1, "PO-1", 1, "EUR", (OrderLine(11, 1, "Toner black", D("10"), D("20.00"), D("10")),), "Acme Ltd")


def invoice(total: str = "240.00", **kw) -> ExtractionResult:  # type: ignore[no-untyped-def]
    net = (D(total) / D("1.2")).quantize(D("0.01"))
    values = dict(
        source="x.pdf", vendor_name="Acme Ltd", iban="GB33BUKB20201555555555", invoice_number="A-1",
        invoice_date=TODAY, due_date=date(2026, 4, 9), currency="EUR", subtotal=net, tax=D(total) - net,
        total=D(total), po_number="PO-1",
        line_items=[LineItem("Toner black", net / 20, D("20.00"), net)],
    )
    values.update(kw)
    return ExtractionResult(**values)  # type: ignore[arg-type]


def run(result: ExtractionResult, rules: Rules = Rules(), **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("vendor", ACME)
    return decide(result, order_by_number={"PO-1": PO}.get, rules=rules, today=TODAY, **kw)


def test_matched_small_untouched_invoice_is_approved_automatically() -> None:
    d = run(invoice("240.00"))
    assert d.findings == () and d.status == "approved" and d.auto_approved
    assert "Matched to PO PO-1 within tolerance and 240.00 EUR is within the automatic approval limit of 500.00 EUR" in d.explanation


def test_routing_by_amount_vendor_and_overrides() -> None:
    po = Order(1, "PO-1", 1, "EUR", (OrderLine(11, 1, "Toner black", D("200"), D("20.00"), D("200")),), "Acme Ltd")
    big = lambda total, **kw: decide(invoice(total), vendor=ACME, order_by_number={"PO-1": po}.get, today=TODAY, **kw)  # noqa: E731
    d = big("1200.00")
    assert (d.status, d.approver) == ("matched", "Sam") and "above the automatic approval limit of 500" in d.explanation
    assert big("3600.00").approver == "Founder"
    rules = Rules(overrides={"vendor:acme ltd": Override(auto_approve_limit=D("0"), approver="Lee")})
    d = big("240.00", rules=rules)
    assert (d.status, d.approver) == ("matched", "Lee")
    by_category = Rules(overrides={"category:office": Override(auto_approve_limit=D("2000"))})
    assert big("1200.00", rules=by_category).status == "approved"
    assert run(invoice("240.00"), touched=True).status == "matched"


def test_no_po_unless_the_vendor_needs_none() -> None:
    d = run(invoice(po_number=None))
    assert d.kinds == ["no_po"] and d.status == "needs_review"
    rules = Rules(overrides={"vendor:acme ltd": Override(po_required=False)})
    d = run(invoice(po_number=None), rules=rules)
    assert (d.status, d.findings) == ("extracted", ()) and "Read cleanly (no PO required)" in d.explanation


def test_vendor_checks() -> None:
    assert run(invoice(), vendor=None).kinds == ["unknown_vendor"]
    unverified = VendorFacts("Acme Ltd", frozenset(), False, 1)
    assert run(invoice(), vendor=unverified).kinds == ["unknown_vendor"]
    d = run(invoice(iban="DE89370400440532013000"))
    assert d.kinds == ["bank_details_changed"] and "DE…3000" in d.findings[0].detail and "GB…5555" in d.findings[0].detail


def test_duplicates_and_overdue() -> None:
    earlier = EarlierInvoice(7, "A-1", TODAY, D("240.00"))
    d = run(invoice(), same_number=earlier)
    assert d.kinds == ["duplicate"] and "already received (invoice #7)" in d.findings[0].detail
    rescan = EarlierInvoice(7, "A-7", date(2026, 3, 8), D("240.00"))
    d = run(invoice(), similar=[rescan])
    assert d.kinds == ["possible_duplicate"] and "2 days apart" in d.findings[0].detail
    far = EarlierInvoice(7, "A-7", date(2026, 1, 8), D("240.00"))
    assert run(invoice(), similar=[far]).kinds == []
    d = run(invoice(due_date=date(2026, 3, 1)))
    assert d.kinds == ["overdue"] and "due on 2026-03-01, 9 days ago" in d.findings[0].detail
    assert run(invoice(due_date=date(2026, 3, 1)), rules=Rules(overdue_grace_days=10)).kinds == []


def test_extraction_findings_and_settled_kinds() -> None:
    d = run(invoice(invoice_number=None, confidence={"total": 0.3}))
    assert d.kinds == ["missing_field", "low_confidence"]
    d = run(invoice(tax=D("50.00")))
    assert d.kinds == ["totals_mismatch"] and "+ tax 50.00 = 250.00, but the total reads 240.00" in d.findings[0].detail
    assert run(invoice(invoice_number=None), settled=frozenset({"missing_field"})).kinds == []


def test_one_exception_per_kind_with_every_sentence() -> None:
    po = Order(1, "PO-1", 1, "EUR", (OrderLine(11, 1, "Toner black", D("10"), D("20.00"), D("10")),
                                      OrderLine(12, 2, "Paper", D("5"), D("4.00"), D("5"))), "Acme Ltd")
    result = invoice(line_items=[LineItem("Toner black", D("10"), D("25.00"), D("250.00")),
                                 LineItem("Paper", D("5"), D("5.00"), D("25.00"))], subtotal=D("275.00"),
                     tax=D("55.00"), total=D("330.00"))
    d = decide(result, vendor=ACME, order_by_number={"PO-1": po}.get, today=TODAY)
    assert d.kinds == ["price_variance"] and d.findings[0].detail.count("unit price") == 2
