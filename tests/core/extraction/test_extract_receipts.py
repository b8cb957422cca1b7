"""Receipts: the shop's name on the first lines (its legal form may wrap, a registration number
follows it), the date of sale beside its time with no label, the total qualified by its tax."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bodesk.core.extraction import extract


def test_a_till_receipt(pdf_factory) -> None:
    pdf = pdf_factory([[
        (150, 40, "BLUE HERON", 12),
        (140, 55, "TRADING SDN BHD (901234-K)", 10),
        (120, 70, "12 Jalan Merpati, 40000 Shah Alam", 8),
        (120, 82, "GST ID : 001234567890", 8),
        (150, 100, "CASH SALE", 10),
        (60, 130, "Mineral water 1.5L", 8), (250, 130, "3.60", 8),
        (60, 142, "Rice 5KG", 8), (250, 142, "21.90", 8),
        (60, 170, "Total Sales Incl GST", 9), (250, 170, "25.50", 9),
        (60, 182, "Rounding", 9), (250, 182, "0.00", 9),
        (60, 194, "CASH", 9), (250, 194, "50.00", 9),
        (60, 206, "CHANGE DUE", 9), (250, 206, "24.50", 9),
        (60, 240, "14/02/2018 15:28    Till 3    Cashier 12", 8),
        (80, 262, "Thank you, please come again", 8),
    ]])
    r = extract(pdf)
    assert r.vendor_name == "BLUE HERON TRADING SDN BHD"
    assert r.invoice_date == date(2018, 2, 14)
    assert r.total == Decimal("25.50")
    assert r.due_date is None


def test_a_date_in_a_legal_sentence_is_not_the_invoice_date(pdf_factory) -> None:
    pdf = pdf_factory([[
        (60, 40, "Hotel du Lac", 14),
        (400, 60, "FACTURE", 14),
        (400, 80, "20/09/2023", 10),
        (400, 95, "n° 2026-0731", 10),
        (300, 400, "Total TTC", 10), (450, 400, "1.297,20 €", 10),
        (40, 700, "La loi n°92/1442 du 31 décembre 1992 nous fait l'obligation de vous indiquer les conditions", 7),
    ]])
    r = extract(pdf)
    assert (r.invoice_number, r.invoice_date, r.total) == ("2026-0731", date(2023, 9, 20), Decimal("1297.20"))
