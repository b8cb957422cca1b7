"""Invoice and due date read against each other: a due year OCR misread by one digit, an order the page settles."""

from __future__ import annotations

from datetime import date

from bodesk.core.extraction import extract


def _invoice(pdf_factory, due: str, invoiced: str = "31/01/2022"):
    return extract(pdf_factory([[
        (50, 60, "Fournitures Dupont SARL", 16),
        (350, 100, "FACTURE N° :", 10), (450, 100, "F-2022-025", 10),
        (350, 114, "Date :", 10), (450, 114, invoiced, 10),
        (350, 128, "Date d'échéance :", 10), (450, 128, due, 10),
        (350, 300, "Total TTC", 10), (450, 300, "120,00 €", 10),
    ]]))


def test_a_due_date_years_before_the_invoice_by_one_digit_is_the_invoices_year(pdf_factory) -> None:
    r = _invoice(pdf_factory, "02/03/2002")  # "2022" with its third digit misread
    assert (r.invoice_date, r.due_date) == (date(2022, 1, 31), date(2022, 3, 2))


def test_a_due_date_no_single_digit_explains_is_left_as_printed(pdf_factory) -> None:
    r = _invoice(pdf_factory, "02/03/2011")
    assert r.due_date == date(2011, 3, 2)


def test_a_date_that_reads_both_ways_is_as_sure_as_any_when_the_page_settles_the_order(pdf_factory) -> None:
    plain = _invoice(pdf_factory, "27/01/2022", invoiced="13/01/2022")
    settled = _invoice(pdf_factory, "17/01/2022", invoiced="03/01/2022")  # the due date reads one way only
    assert settled.invoice_date == date(2022, 1, 3)
    assert settled.confidence["invoice_date"] == plain.confidence["invoice_date"]
    unsettled = _invoice(pdf_factory, "", invoiced="03/01/2022")  # nothing says which is the day
    assert unsettled.invoice_date == date(2022, 1, 3)
    assert unsettled.confidence["invoice_date"] < plain.confidence["invoice_date"]
