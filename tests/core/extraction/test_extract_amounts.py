"""Subtotal, tax and total chosen together (`amounts`): what the net and the tax say about a printed total."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bodesk.core.extraction import extract
from bodesk.core.vocabulary import DocumentType


def test_a_credit_notes_total_printed_without_its_minus_is_negative(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Fournitures Dupont SARL", 16),
        (350, 100, "FACTURE N° :", 10), (450, 100, "F-2026-031", 10),
        (350, 114, "Date :", 10), (450, 114, "31/01/2026", 10),
        (50, 220, "Désignation", 10), (450, 220, "Total HT", 10),
        (50, 240, "Retour de marchandise", 10), (450, 240, "-100,00", 10),
        (350, 300, "Total HT", 10), (450, 300, "-100,00", 10),
        (350, 314, "Total TVA", 10), (450, 314, "0,00", 10),
        (350, 328, "Total TTC", 10), (450, 328, "100,00", 10),
    ]])
    r = extract(path)
    assert (r.subtotal, r.tax, r.total) == (Decimal("-100.00"), Decimal("0.00"), Decimal("-100.00"))
    assert r.document_type == DocumentType.CREDIT_NOTE


def test_the_total_is_the_invoices_not_the_balance_left_after_an_amount_already_paid(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Hôtel du Port SAS", 16),
        (350, 100, "Facture n° :", 10), (450, 100, "2026-118", 10),
        (350, 114, "Date :", 10), (450, 114, "12/02/2026", 10),
        (350, 300, "Total HT", 10), (470, 300, "1.000,00 €", 10),
        (350, 314, "Total TVA", 10), (470, 314, "100,00 €", 10),
        # A table's cell: the figure set lower than its label, on a line of its own.
        (350, 350, "Montant déjà versé :", 10), (470, 356, "300,00 €", 10),
        (350, 380, "Net à payer", 10), (470, 380, "800,00 €", 10),
    ]])
    r = extract(path)
    assert (r.subtotal, r.tax, r.total) == (Decimal("1000.00"), Decimal("100.00"), Decimal("1100.00"))


def test_a_deposit_gives_the_total_where_only_the_balance_is_printed(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Harbour Joinery Ltd", 16),
        (350, 100, "Invoice No:", 10), (450, 100, "HJ-2207", 10),
        (350, 114, "Date:", 10), (450, 114, "12/02/2026", 10),
        (350, 300, "Subtotal", 10), (470, 300, "£2,000.00", 10),
        (350, 314, "VAT 20%", 10), (470, 314, "£400.00", 10),
        (350, 328, "Less deposit", 10), (470, 328, "£500.00", 10),
        (350, 342, "Amount due", 10), (470, 342, "£1,900.00", 10),
    ]])
    r = extract(path)
    assert (r.subtotal, r.tax, r.total) == (Decimal("2000.00"), Decimal("400.00"), Decimal("2400.00"))


def test_a_tax_left_blank_where_the_net_is_the_total_is_nil(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Cabinet Lefèvre", 16),
        (350, 100, "Facture n° :", 10), (450, 100, "20260300042", 10),
        (350, 114, "Date :", 10), (450, 114, "21/11/2022", 10),
        (350, 300, "Total HT Net", 10), (470, 300, "195,48", 10),
        (350, 314, "Total TVA", 10), (470, 314, "%", 10),
        (350, 328, "Total TTC", 10), (470, 328, "195,48", 10),
    ]])
    r = extract(path)
    assert (r.subtotal, r.tax, r.total) == (Decimal("195.48"), Decimal("0.00"), Decimal("195.48"))


@pytest.mark.parametrize(("rate", "label", "amounts"), [
    ("21%", "btw", ("€ 18,12", "€ 3,81", "€ 21,93")),
    ("20 %", "VAT", ("£18.12", "£3.62", "£21.74")),
])
def test_a_short_tax_label_after_its_rate_is_the_tax(pdf_factory, rate: str, label: str, amounts: tuple) -> None:
    """"21% btw" under "Totaal excl. BTW": the tax, surely labelled. Not taking it left the net as the
    total (one line item summed to it) and the tax unread."""
    net, tax, total = amounts
    path = pdf_factory([[
        (50, 60, "Snelbode Koeriers B.V.", 16),
        (350, 100, "Factuurnummer", 10), (450, 100, "2026-4546", 10),
        (350, 114, "Factuurdatum", 10), (450, 114, "01-11-2026", 10),
        (50, 220, "Omschrijving", 10), (300, 220, "Aantal", 10), (450, 220, "Totaal", 10),
        (50, 240, "Brandstoftoeslag", 10), (300, 240, "1", 10), (450, 240, net.split()[-1].lstrip("£"), 10),
        (300, 300, "Totaal excl. BTW", 10), (450, 300, net, 10),
        (300, 314, f"{rate} {label}", 10), (450, 314, tax, 10),
        (300, 328, "Totaal", 10), (450, 328, total, 10),
    ]])
    r = extract(path)
    parsed = [Decimal(a.split()[-1].lstrip("£").replace(",", ".")) for a in amounts]
    assert (r.subtotal, r.tax, r.total) == tuple(parsed)
    assert r.confidence["tax"] >= 0.9


def test_a_rules_remains_between_a_header_row_and_its_figures_are_no_figure(pdf_factory) -> None:
    """A scanned grid leaves marks OCR reads as "|" or "©" between a tax summary's names and its figures."""
    path = pdf_factory([[
        (40, 60, "Halcyon Trading", 14), (40, 80, "Dock Road 7, 2030 Antwerp", 9), (400, 60, "INVOICE I/00417", 12),
        (40, 220, "Item", 9), (300, 220, "Qty", 9), (500, 220, "Amount", 9),
        (40, 240, "Isothermic mug", 9), (300, 240, "1", 9), (500, 240, "522.31", 9),
        (40, 600, "TAX:", 9), (120, 600, "Base amount:", 9), (260, 600, "Tax amount:", 9),
        (400, 600, "Total:", 9), (500, 600, "Curr.:", 9),
        (262, 612, "|", 9), (402, 612, "©", 9),
        (40, 624, "VAT", 9), (80, 624, "21.00", 9), (160, 624, "522.31", 9), (300, 624, "109.69", 9),
        (440, 624, "632.00", 9), (500, 624, "EUR", 9),
    ]])
    r = extract(path)
    assert (r.subtotal, r.tax, r.total) == (Decimal("522.31"), Decimal("109.69"), Decimal("632.00"))
