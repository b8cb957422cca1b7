"""Text PDFs: the right values, the vendor rather than the buyer, consistent amounts."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bodesk.core.extraction import KnownVendor, extract
from bodesk.demo.invoices import LAYOUTS, LOCALES, make_invoice, render_pdf, sample_set

HEADER = ("vendor_name", "invoice_number", "invoice_date", "due_date", "currency", "subtotal", "tax", "total")


def test_simple_english_invoice(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Acme Office Supply Ltd", 18),
        (50, 80, "1 High Street, London", 9),
        (50, 92, "VAT Reg. No. GB 123 4567 89", 9),
        (400, 60, "INVOICE", 20),
        (380, 110, "Invoice No:", 10), (460, 110, "INV-0042", 10),
        (380, 124, "Date:", 10), (460, 124, "05/03/2026", 10),
        (380, 138, "Due Date:", 10), (460, 138, "04/04/2026", 10),
        (380, 152, "PO Number:", 10), (460, 152, "PO-7781", 10),
        (50, 130, "Bill To:", 10),
        (50, 144, "Globex Corporation Ltd", 10),
        (50, 156, "VAT No. GB 987 6543 21", 9),
        (50, 220, "Description", 10), (300, 220, "Qty", 10), (380, 220, "Unit Price", 10), (480, 220, "Amount", 10),
        (50, 240, "Toner black", 10), (300, 240, "2", 10), (380, 240, "50.00", 10), (480, 240, "100.00", 10),
        (380, 300, "Subtotal", 10), (480, 300, "£100.00", 10),
        (380, 314, "VAT 20%", 10), (480, 314, "£20.00", 10),
        (380, 328, "Total", 10), (480, 328, "£120.00", 10),
        (50, 400, "IBAN: GB33 BUKB 2020 1555 5555 55", 9),
    ]])
    r = extract(path)
    assert r.errors == []
    assert r.method == "text"
    assert r.vendor_name == "Acme Office Supply Ltd"
    assert r.vendor_tax_id == "GB123456789"  # the vendor's, not the buyer's below "Bill To"
    assert r.iban == "GB33BUKB20201555555555"
    assert r.invoice_number == "INV-0042"
    assert (r.invoice_date, r.due_date) == (date(2026, 3, 5), date(2026, 4, 4))
    assert r.po_number == "PO-7781"
    assert r.currency == "GBP"
    assert (r.subtotal, r.tax, r.total) == (Decimal("100.00"), Decimal("20.00"), Decimal("120.00"))
    assert [li.to_json() for li in r.line_items] == [
        {"description": "Toner black", "quantity": "2", "unit_price": "50.00", "amount": "100.00"}
    ]
    # Consistent amounts are trusted; evidence points at the printed total in PDF points.
    assert r.confidence["total"] >= 0.95
    ev = r.evidence["total"]
    assert ev.page == 1 and 470 < ev.bbox[0] < 490 and 315 < ev.bbox[1] < 330
    rec = r.to_record()
    assert rec["total"] == "120.00" and rec["invoice_date"] == "2026-03-05"


def test_german_invoice_with_payment_terms_only(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Müller & Söhne GmbH", 16),
        (50, 78, "USt-IdNr.: DE123456789", 9),
        (50, 130, "Rechnungsempfänger", 9),
        (50, 142, "Kunden AG", 10),
        (350, 130, "Rechnungsnummer", 10), (460, 130, "R-2026-117", 10),
        (350, 144, "Rechnungsdatum", 10), (460, 144, "05.03.2026", 10),
        (50, 220, "Beschreibung", 10), (300, 220, "Menge", 10), (370, 220, "Einzelpreis", 10), (480, 220, "Gesamt", 10),
        (50, 240, "Beratung", 10), (300, 240, "2,5", 10), (370, 240, "1.000,00", 10), (480, 240, "2.500,00", 10),
        (370, 300, "Nettobetrag", 10), (480, 300, "2.500,00 €", 10),
        (370, 314, "MwSt. 19 %", 10), (480, 314, "475,00 €", 10),
        (370, 328, "Gesamtbetrag", 10), (480, 328, "2.975,00 €", 10),
        (50, 400, "Zahlbar innerhalb von 14 Tagen ohne Abzug.", 9),
    ]])
    r = extract(path)
    assert r.vendor_name == "Müller & Söhne GmbH"
    assert r.invoice_number == "R-2026-117"
    assert r.invoice_date == date(2026, 3, 5)
    assert r.due_date == date(2026, 3, 19)  # from the terms
    assert r.confidence["due_date"] < r.confidence["invoice_date"]
    assert (r.subtotal, r.tax, r.total) == (Decimal("2500.00"), Decimal("475.00"), Decimal("2975.00"))
    assert r.currency == "EUR"
    assert r.line_items[0].quantity == Decimal("2.5")


def test_totals_that_do_not_add_up_lower_confidence(pdf_factory) -> None:
    def doc(total: str) -> Path:
        return pdf_factory([[
            (50, 60, "Initech LLC", 16),
            (350, 100, "Invoice #", 10), (450, 100, "7781", 10),
            (350, 114, "Date", 10), (450, 114, "March 5, 2026", 10),
            (350, 300, "Subtotal", 10), (450, 300, "$100.00", 10),
            (350, 314, "Tax", 10), (450, 314, "$8.00", 10),
            (350, 328, "Total", 10), (450, 328, total, 10),
        ]])

    good, bad = extract(doc("$108.00")), extract(doc("$180.00"))
    assert good.total == Decimal("108.00") and good.confidence["total"] >= 0.95
    assert bad.confidence["total"] < good.confidence["total"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_generated_layouts(tmp_path: Path, layout: str) -> None:
    """Every layout of the demo generator, in a few locales, reads back to its truth."""
    misses = []
    for i, locale in enumerate(LOCALES[::2]):
        inv = make_invoice(random.Random(f"test:{layout}:{i}"), locale=locale, layout=layout)
        r = extract(render_pdf(inv, tmp_path / f"{layout}-{locale}.pdf"))
        for name in HEADER:
            if getattr(r, name) != getattr(inv.truth, name):
                misses.append((locale, name, getattr(inv.truth, name), getattr(r, name)))
        assert r.vendor_name != inv.buyer_name
    assert len(misses) <= 2, misses


def test_generated_set_accuracy(tmp_path: Path) -> None:
    """Across one full cycle of layouts x locales, header fields are read right >= 98 % of the time."""
    invoices = sample_set(54, seed=3)
    right = total = 0
    for i, inv in enumerate(invoices):
        r = extract(render_pdf(inv, tmp_path / f"{i}.pdf"))
        for name in (*HEADER, "vendor_tax_id", "iban", "po_number"):
            total += 1
            right += getattr(r, name) == getattr(inv.truth, name)
    assert right / total >= 0.98


def test_known_vendor_by_tax_id_and_by_name(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "ACME OFFICE SUPPLY", 16),
        (50, 78, "VAT No. GB123456789", 9),
        (350, 100, "Invoice No.", 10), (450, 100, "A-1", 10),
        (350, 300, "Total", 10), (450, 300, "£12.00", 10),
    ]])
    by_tax = extract(path, known_vendors=[KnownVendor("Acme Office Supply Ltd", tax_id="GB 123 456 789")])
    assert by_tax.vendor_name == "Acme Office Supply Ltd"
    assert by_tax.confidence["vendor_name"] >= 0.95
    by_name = extract(path, known_vendors=[KnownVendor("Acme Office Supply Ltd"), KnownVendor("Globex Ltd")])
    assert by_name.vendor_name == "Acme Office Supply Ltd"
    unknown = extract(path, known_vendors=[KnownVendor("Globex Ltd", tax_id="GB999999973")])
    assert unknown.vendor_name == "ACME OFFICE SUPPLY"


def test_known_vendor_is_not_matched_from_the_buyer_block(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Initech LLC", 16),
        (50, 120, "Bill To:", 10), (50, 134, "Globex Corporation", 10),
        (350, 100, "Invoice No.", 10), (450, 100, "A-1", 10),
        (350, 300, "Total", 10), (450, 300, "$12.00", 10),
    ]])
    r = extract(path, known_vendors=[KnownVendor("Globex Corporation")])
    assert r.vendor_name == "Initech LLC"


def test_source_is_kept(pdf_factory) -> None:
    path = pdf_factory([[(50, 60, "Invoice No. 12", 10)]])
    assert extract(path, source="mail:42/att1.pdf").source == "mail:42/att1.pdf"
    assert extract(path).source == str(path)


def test_a_lone_digit_by_the_title_is_not_the_invoice_number(pdf_factory) -> None:
    # A box's mark read beside the title ("FACTURE | 2"); the number is under it, after a bare "N°".
    path = pdf_factory([[
        (400, 40, "FACTURE", 16), (480, 40, "|", 16), (492, 40, "2", 16),
        (400, 62, "N° :", 10), (440, 62, "VX-58213", 10),
        (400, 76, "Date :", 10), (440, 76, "31/01/2026", 10),
        (50, 40, "Ateliers Brunel SARL", 14),
        (350, 300, "TOTAL TTC", 10), (450, 300, "120,00 €", 10),
    ]])
    assert extract(path).invoice_number == "VX-58213"
