"""2- and 3-way matching with tolerances: pure facts in, findings out."""

from __future__ import annotations

from decimal import Decimal as D

from bodesk.core.matching import BilledLine, Order, OrderLine, Tolerances, choose_order, match_invoice

TOL = Tolerances(price_pct=D("5"), price_amount=D("0.10"), quantity_pct=D("0"), total_amount=D("1.00"))


def order(*lines: OrderLine, currency: str = "EUR", vendor_id: int = 1) -> Order:
    return Order(1, "PO-1", vendor_id, currency, lines, "Acme")


def line(qty: str, price: str, *, received: str = "0", billed: str = "0", desc: str = "Toner black", id: int = 11) -> OrderLine:
    return OrderLine(id, id - 10, desc, D(qty), D(price), D(received), D(billed))


def bill(qty: str, price: str, desc: str = "Toner black") -> BilledLine:
    return BilledLine(desc, D(qty), D(price), D(qty) * D(price))


def kinds(match) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.kind for f in match.findings]


def test_clean_match_pairs_lines_and_raises_nothing() -> None:
    po = order(line("10", "11.50", received="10"), line("2", "5.00", received="2", desc="Delivery", id=12))
    m = match_invoice(po, "po_number", [bill("2", "5.00", "Delivery"), bill("10", "11.50")], net=D("125.00"),
                      currency="EUR", tolerances=TOL)
    assert m.findings == () and m.pairs == ((0, 12), (1, 11))


def test_price_within_percent_or_amount_passes_and_beyond_both_is_a_sentence_with_numbers() -> None:
    po = order(line("10", "11.50", received="10"))
    assert kinds(match_invoice(po, "", [bill("10", "12.00")], net=None, currency="EUR", tolerances=TOL)) == []
    cheap = order(line("10", "1.00", received="10"))
    assert kinds(match_invoice(cheap, "", [bill("10", "1.10")], net=None, currency="EUR", tolerances=TOL)) == []
    m = match_invoice(po, "", [bill("10", "12.50")], net=None, currency="EUR", tolerances=TOL)
    (f,) = m.findings
    assert f.kind == "price_variance"
    assert "unit price 12.50 is 8.7 % above PO PO-1's 11.50 (tolerance 5 % or 0.10)" in f.detail


def test_three_way_partial_delivery_and_nothing_received() -> None:
    po = order(line("10", "11.50", received="4"))
    (f,) = match_invoice(po, "", [bill("6", "11.50")], net=None, currency="EUR", tolerances=TOL).findings
    assert f.kind == "quantity_variance" and "only 4 received" in f.detail and "(2 not delivered yet)" in f.detail
    assert kinds(match_invoice(po, "", [bill("4", "11.50")], net=None, currency="EUR", tolerances=TOL)) == []
    assert kinds(match_invoice(po, "", [bill("6", "11.50")], net=None, currency="EUR", tolerances=TOL, three_way=False)) == []
    none = order(line("10", "11.50"))
    assert kinds(match_invoice(none, "", [bill("1", "11.50")], net=None, currency="EUR", tolerances=TOL)) == ["not_received"]


def test_billed_quantity_is_carried_forward_and_over_billing_caught() -> None:
    po = order(line("10", "11.50", received="10", billed="6"))
    assert kinds(match_invoice(po, "", [bill("4", "11.50")], net=None, currency="EUR", tolerances=TOL)) == []
    (f,) = match_invoice(po, "", [bill("5", "11.50")], net=None, currency="EUR", tolerances=TOL).findings
    assert f.kind == "over_billed" and "makes 11 of the 10 ordered on PO PO-1 (1 too many)" in f.detail
    first = order(line("10", "11.50", received="20"))
    assert kinds(match_invoice(first, "", [bill("12", "11.50")], net=None, currency="EUR", tolerances=TOL)) == ["quantity_variance"]


def test_a_line_not_on_the_order_and_a_header_difference() -> None:
    po = order(line("10", "11.50", received="10"))
    m = match_invoice(po, "", [bill("10", "11.50"), bill("1", "25.00", "Express courier")], net=D("140.00"),
                      currency="EUR", tolerances=TOL)
    assert kinds(m) == ["over_billed"] and "“Express courier” (1 × 25.00) is not on PO PO-1" in m.findings[0].detail
    m = match_invoice(po, "", [bill("10", "11.50")], net=D("118.00"), currency="EUR", tolerances=TOL)
    assert kinds(m) == ["price_variance"] and "net 118.00 is 3.00 above" in m.findings[0].detail


def test_header_level_without_lines_uses_open_and_received_value() -> None:
    po = order(line("10", "10.00", received="5", billed="2"))
    assert kinds(match_invoice(po, "", [], net=D("30.00"), currency="EUR", tolerances=TOL)) == []
    assert kinds(match_invoice(po, "", [], net=D("50.00"), currency="EUR", tolerances=TOL)) == ["quantity_variance"]
    assert kinds(match_invoice(po, "", [], net=D("90.00"), currency="EUR", tolerances=TOL)) == ["over_billed"]


def test_currency_mismatch_skips_price_comparison() -> None:
    po = order(line("10", "11.50", received="10"), currency="GBP")
    m = match_invoice(po, "", [bill("10", "13.00")], net=D("130.00"), currency="EUR", tolerances=TOL)
    assert kinds(m) == ["currency_mismatch"] and "in EUR, but PO PO-1 was ordered in GBP" in m.findings[0].detail


def test_choosing_the_order_by_number_else_by_vendor_and_open_amount() -> None:
    po = order(line("10", "10.00"))
    other = Order(2, "PO-2", 1, "EUR", (OrderLine(21, 1, "Paper", D("5"), D("4.00")),), "Acme")
    lookup = {"PO-1": po}.get
    common = dict(vendor_id=1, vendor_name="Acme", currency="EUR", by_number=lookup, tolerances=TOL)
    assert choose_order("po-1", net=D("100"), vendor_orders=[], **common)[:2] == (po, "po_number")
    _, _, f = choose_order("PO-9", net=D("100"), vendor_orders=[], **common)
    assert f is not None and f.kind == "po_not_found" and "PO-9" in f.detail
    assert choose_order(None, net=D("20.40"), vendor_orders=[po, other], **common)[:2] == (other, "open_amount")
    _, _, f = choose_order(None, net=D("55.00"), vendor_orders=[po, other], **common)
    assert f is not None and f.kind == "no_po" and "comes to 55.00" in f.detail
    assert choose_order(None, net=D("55.00"), vendor_orders=[], po_required=False, **common) == (None, "", None)
    wrong_vendor = dict(common, vendor_id=7, vendor_name="Other Ltd")
    _, _, f = choose_order("PO-1", net=D("1"), vendor_orders=[], **wrong_vendor)
    assert f is not None and f.kind == "po_not_found" and "order to Acme, not to Other Ltd" in f.detail
