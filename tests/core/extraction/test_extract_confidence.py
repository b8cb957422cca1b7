"""How sure a reading says it is, which decides whether a person is asked to check it: a value nothing else
on the page disputes goes on, a disputed one, or one OCR read, is still put to a person."""

from __future__ import annotations

from datetime import date

from bodesk.core.checks import extraction_findings
from bodesk.core.extraction import extract


def _page(*header: tuple[float, float, str, float]) -> list[tuple[float, float, str, float]]:
    return [
        (50, 60, "Harbour Lane Printing Ltd", 16), (50, 78, "12 Quay Street, Bristol BS1 4QA", 10),
        (400, 60, "INVOICE IN-2041", 14),
        *header,
        (50, 300, "Business cards, 500", 10), (450, 300, "120.00", 10),
        (350, 360, "Subtotal", 10), (450, 360, "120.00", 10),
        (350, 374, "VAT 20%", 10), (450, 374, "24.00", 10),
        (350, 388, "Total GBP", 10), (450, 388, "144.00", 10),
    ]


def _uncertain(result) -> str:
    return " ".join(f.detail for f in extraction_findings(result) if f.kind == "low_confidence")


def test_a_number_and_date_no_other_value_disputes_go_on_without_a_check(pdf_factory) -> None:
    """The number only after the title, the one date in the header without a label: what the page gives."""
    r = extract(pdf_factory([_page((400, 80, "14 March 2026", 10))]))
    assert (r.invoice_number, r.invoice_date, r.total) == ("IN-2041", date(2026, 3, 14), 144)
    assert _uncertain(r) == ""


def test_dates_that_dispute_each_other_are_put_to_a_person(pdf_factory) -> None:
    r = extract(pdf_factory([_page((400, 80, "14 March 2026", 10), (400, 94, "16 March 2026", 10))]))
    assert r.invoice_date == date(2026, 3, 14)
    assert "invoice date" in _uncertain(r)
    assert "invoice number" not in _uncertain(r)


def test_a_scanned_number_is_checked_though_nothing_disputes_it(pdf_factory, tmp_path) -> None:
    """OCR may have misread a character of the one number on the page ("1N-2041"): no lead says otherwise."""
    from bodesk.demo.scans import scan_pdf

    text = pdf_factory([_page((400, 80, "14 March 2026", 10))])
    r = extract(scan_pdf(text.read_bytes(), tmp_path / "scan.pdf", dpi=300, seed=3))
    assert r.method == "ocr"
    assert r.invoice_number == "IN-2041"
    assert "invoice number" in _uncertain(r)
