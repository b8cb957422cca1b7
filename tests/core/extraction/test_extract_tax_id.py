"""Who issued a page: the seller's tax id and name, not the buyer's nor an address line, on pages read from text and by OCR."""

from __future__ import annotations

from bodesk.core.extraction import extract
from bodesk.core.extraction.engine import analyse
from bodesk.core.extraction.pages import Page, Reading, Word
from bodesk.core.records import ExtractionResult


def _ocr_page(lines: list[tuple[float, float, str, float]]) -> Reading:
    """A page as OCR reads it: (x, y, text, confidence) in points, each word ~5.5 pt a character wide."""
    words = []
    for x, y, text, conf in lines:
        for word in text.split(" "):
            words.append(Word(word, x, y, x + 5.5 * len(word), y + 10, 1, conf))
            x += 5.5 * (len(word) + 1)
    return Reading([Page(1, 595, 842, words, "ocr")], page_count=1)


def test_the_buyers_heading_counts_where_ocr_read_its_boxs_border_before_it(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 60, "Dupont Fournitures SARL", 16),
        (350, 60, "FACTURE N° :", 10), (450, 60, "F-2026-044", 10),
        (350, 74, "Date :", 10), (450, 74, "31/01/2026", 10),
        # The customer's identifiers first, in a box whose left border reads as "[".
        (50, 110, "[Vos identifiants", 10),
        (50, 124, "SIREN : 987 654 321", 9),
        (50, 136, "N° TVA : FR05987654321", 9),
        (350, 110, "Nos références", 10),
        (350, 124, "SIREN : 123 456 782", 9),
        (350, 136, "N° TVA : FR11123456782", 9),
        (350, 300, "Total HT", 10), (450, 300, "100,00", 10),
        (350, 314, "TVA 20 %", 10), (450, 314, "20,00", 10),
        (350, 328, "Total TTC", 10), (450, 328, "120,00", 10),
    ]])
    assert extract(path).vendor_tax_id == "FR11123456782"


def test_ocrs_surer_digits_in_a_footer_do_not_outweigh_the_headers_tax_id() -> None:
    reading = _ocr_page([
        (50, 50, "Dupont Fournitures SARL", 0.95),
        (50, 70, "12 rue des Lilas, 75011 Paris", 0.95),
        (50, 84, "N° TVA : FR11123456782", 0.92),
        (350, 50, "FACTURE N° : F-2026-045", 0.95),
        (350, 64, "Date : 31/01/2026", 0.95),
        (350, 300, "Total TTC 120,00", 0.95),
        (50, 790, "Dupont Fournitures - contact@dupont.example - N° TVA : FR32123456789", 0.96),
    ])
    result = ExtractionResult(source="page", method="ocr")
    analyse(result, reading, ())
    assert result.vendor_tax_id == "FR11123456782"


def test_an_addresss_country_is_never_the_vendors_name(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 50, "FACTURE", 18),
        (50, 70, "N° F-2026-0388", 10),
        (50, 84, "DATE : 07-11-2024", 10),
        (50, 110, "Auto entrepreneur Martin", 8),
        (50, 122, "12 rue des Lilas", 9), (350, 122, "VILLE DE MARTIGUES", 9),
        (50, 134, "13500 Martigues", 9), (350, 134, "France", 9),
        (50, 150, "Tel : 0612345678", 9), (350, 150, "13500 Martigues", 9),
        (350, 162, "France", 9),
        (350, 300, "TOTAL TTC", 10), (450, 300, "70,00 €", 10),
    ]])
    assert extract(path).vendor_name == "Auto entrepreneur Martin"


def test_the_tax_id_on_the_sellers_registration_line_is_the_vendors(pdf_factory) -> None:
    # The customer's address block carries its VAT id with no heading; the seller's is in the legal footer,
    # whose only legal cue is the abbreviated trade register ("R.C.S.").
    path = pdf_factory([[
        (50, 50, "Dupont Fournitures SARL", 16),
        (350, 50, "FACTURE N° :", 10), (450, 50, "F-2026-046", 10),
        (350, 64, "Date :", 10), (450, 64, "31/01/2026", 10),
        (300, 110, "Martin Conseil SAS", 10),
        (300, 124, "8 avenue Foch, 75008 Paris", 10),
        (300, 138, "TVA : FR05987654321", 10),
        (350, 300, "Total HT", 10), (450, 300, "100,00", 10),
        (350, 314, "TVA 20 %", 10), (450, 314, "20,00", 10),
        (350, 328, "Total TTC", 10), (450, 328, "120,00", 10),
        (50, 790, "Dupont Fournitures SARL - R.C.S. Paris 123 456 782 - TVA : FR11123456782", 7),
    ]])
    assert extract(path).vendor_tax_id == "FR11123456782"


def test_the_vat_id_given_as_the_customers_is_not_the_vendors(pdf_factory) -> None:
    path = pdf_factory([[
        (50, 50, "Kranich Design GmbH", 16),
        (50, 90, "Globex Corp.", 10), (330, 90, "Date:", 10), (430, 90, "24.09.2026", 10),
        (50, 104, "142 Scorpio Drive", 10), (330, 104, "Your VAT ID:", 10), (430, 104, "DE811907980", 10),
        (50, 118, "80085 Springfield", 10), (330, 118, "Your Order:", 10), (430, 118, "A7450891", 10),
        (50, 160, "Invoice No. 2026-0917", 12),
        (330, 300, "Net Total", 10), (450, 300, "100.00 EUR", 10),
        (330, 314, "VAT 19 %", 10), (450, 314, "19.00 EUR", 10),
        (330, 328, "Grand Total", 10), (450, 328, "119.00 EUR", 10),
        (50, 780, "Kranich Design GmbH, Hafenstr. 4, 20457 Hamburg, CEO: Jana Kranich", 7),
        (50, 790, "VAT-ID: DE123456788", 7),
    ]])
    assert extract(path).vendor_tax_id == "DE123456788"


def test_a_wordmark_in_lower_case_is_not_the_vendors_name() -> None:
    # A scan reads the invoicing software's logo as a word, large, at the top left.
    reading = _ocr_page([
        (40, 30, "facturo", 0.93),
        (200, 36, "n° 7700418 du 12-05-2026 Page 1/1", 0.95),
        (40, 60, "SA MERIDOR LOGISTIQUE (ML)", 0.95),
        (40, 72, "Zone artisanale des Saules", 0.95),
        (40, 84, "9 avenue des Tilleuls", 0.95),
        (350, 300, "Total T.T.C. 1.204,80 €", 0.95),
    ])
    words = reading.pages[0].words
    words[0] = words[0]._replace(bottom=words[0].top + 24)  # printed larger than the text
    result = ExtractionResult(source="page", method="ocr")
    analyse(result, reading, ())
    assert result.vendor_name == "SA MERIDOR LOGISTIQUE (ML)"
