"""A due date whose year OCR misread by one digit."""

from __future__ import annotations

from datetime import date

from bodesk.core.extraction import extract


def _invoice(pdf_factory, due: str):
    return extract(pdf_factory([[
        (50, 60, "Fournitures Dupont SARL", 16),
        (350, 100, "FACTURE N° :", 10), (450, 100, "F-2022-025", 10),
        (350, 114, "Date :", 10), (450, 114, "31/01/2022", 10),
        (350, 128, "Date d'échéance :", 10), (450, 128, due, 10),
        (350, 300, "Total TTC", 10), (450, 300, "120,00 €", 10),
    ]]))


def test_a_due_date_years_before_the_invoice_by_one_digit_is_the_invoices_year(pdf_factory) -> None:
    r = _invoice(pdf_factory, "02/03/2002")  # "2022" with its third digit misread
    assert (r.invoice_date, r.due_date) == (date(2022, 1, 31), date(2022, 3, 2))


def test_a_due_date_no_single_digit_explains_is_left_as_printed(pdf_factory) -> None:
    r = _invoice(pdf_factory, "02/03/2011")
    assert r.due_date == date(2011, 3, 2)
