"""Layout helpers: lines from words, labels in many languages, payment terms, IBAN repairs."""

from __future__ import annotations

from datetime import date

import pytest

from bodesk.core.extraction.fields import Candidate, Context, best, choose_dates, collect, due_from_terms
from bodesk.core.extraction.layout import build_lines
from bodesk.core.extraction.readers import Page, Word
from bodesk.core.extraction.iban import find_ibans
from bodesk.core.extraction.vendor import buyer_blocks, vendor_name


def _lines(*rows: list[tuple[str, float, float]]):
    """Lines from (text, x, y) words, 10 units high."""
    words = [Word(text, x, y, x + 6 * len(text), y + 10, 1) for row in rows for text, x, y in row]
    return build_lines([Page(1, 600, 800, words)])


def test_words_a_few_pixels_apart_form_one_line() -> None:
    # Boxes as tesseract gave them on a scan: the label sits 11 pixels lower than the street.
    words = [
        Word("Havenstraat", 110, 513, 287, 539, 1),
        Word("109", 300, 513, 352, 538, 1),
        Word("Datum", 896, 524, 1007, 553, 1),
        Word("19-05-2026", 2165, 522, 2363, 552, 1),
        Word("9711", 109, 557, 176, 581, 1),
    ]
    lines = build_lines([Page(1, 2480, 3508, words)])
    assert [ln.text for ln in lines] == ["Havenstraat 109\tDatum\t19-05-2026", "9711"]
    assert lines[0].labels[0].field == "invoice_date"


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Invoice No.:", "invoice_number"),
        ("Rechnungs-Nr.", "invoice_number"),
        ("N° de facture", "invoice_number"),
        ("Nº Factura", "invoice_number"),
        ("Factuurnummer", "invoice_number"),
        ("No. Faktur", "invoice_number"),
        ("Fälligkeitsdatum", "due_date"),
        ("Date d'échéance", "due_date"),
        ("Jatuh Tempo", "due_date"),
        ("Total excl. VAT", "subtotal"),
        ("Zwischensumme", "subtotal"),
        ("Base imponible", "subtotal"),
        ("MwSt. 19 %", "tax"),
        ("Total TTC", "total"),
        ("Te betalen", "total"),
        ("Jumlah Total", "total"),
        ("USt-IdNr.", "vendor_tax_id"),
        ("Bestell-Nr.", "po_number"),
        ("Order date", "other"),  # not an invoice date
        ("Customer No.", "other"),  # not an invoice number
    ],
)
def test_labels_in_many_languages(label: str, field: str) -> None:
    (line,) = _lines([(label, 10, 100)])
    assert line.labels and line.labels[0].field == field
    assert line.labels[0].end - line.labels[0].start >= len(label.rstrip(".: %19")) - 1


def test_value_right_of_label_and_below_it() -> None:
    lines = _lines(
        [("Invoice", 10, 100), ("No:", 60, 100), ("INV-7", 200, 100)],
        [("Issue", 300, 140), ("date", 340, 140)],
        [("05/03/2026", 300, 153)],
    )
    ctx = Context(lines, ".", "DMY")
    collect(ctx)
    assert ctx.candidates["invoice_number"][0].value == "INV-7"
    assert ctx.candidates["invoice_date"][0].value.value("DMY") == date(2026, 3, 5)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Terms: Net 30", 30),
        ("Zahlbar innerhalb von 14 Tagen ohne Abzug.", 14),
        ("Paiement à 45 jours", 45),
        ("Pago a 60 días", 60),
        ("Betaling binnen 21 dagen na factuurdatum.", 21),
        ("Betalingstermijn: 30 dagen", 30),
        ("Pembayaran dalam 7 hari.", 7),
        ("Termin pembayaran: 14 hari", 14),
    ],
)
def test_due_date_from_payment_terms(text: str, days: int) -> None:
    lines = _lines([(w, 10 + 60 * i, 100) for i, w in enumerate(text.split())])
    ctx = Context(lines, ".", "DMY")
    due = due_from_terms(ctx, date(2026, 3, 1))
    assert due is not None and (due.value - date(2026, 3, 1)).days == days


def test_iban_with_ocr_letter_in_check_digits() -> None:
    lines = _lines([("IBAN:", 10, 100), ("NLO7", 45, 100), ("ABNA", 75, 100), ("3674", 105, 100),
                    ("6777", 135, 100), ("21", 165, 100)])
    assert [c.value for c in find_ibans(lines)] == ["NL07ABNA3674677721"]
    # A word that only looks like an IBAN's start is left alone when the real one is valid.
    lines = _lines([("IBAN:", 10, 100), ("NL41", 45, 100), ("SNSB", 75, 100), ("6014", 105, 100),
                    ("9423", 135, 100), ("57", 165, 100)])
    assert [c.value for c in find_ibans(lines)] == ["NL41SNSB6014942357"]


def test_a_subtotal_label_beside_the_tax_value_does_not_make_the_tax_the_larger() -> None:
    """The scan put "Subtotaal" on the line of the tax's value and the subtotal's value a line
    higher: read as printed, tax would be 381.43 on a subtotal of 80.10. No tax exceeds what it
    taxes, so the value under the label is the tax and the rest of the total the subtotal."""
    from decimal import Decimal

    from bodesk.core.extraction.engine import analyse
    from bodesk.core.extraction.readers import Reading
    from bodesk.core.records import ExtractionResult

    rows = [("Snelpost Koeriers B.V.", 40, 40), ("Factuur 2026-118", 400, 40), ("EUR 381,43", 470, 300),
            ("Bedankt voor uw opdracht.", 40, 318), ("Subtotaal", 400, 318), ("21% btw.", 330, 336),
            ("EUR 80,10", 470, 336), ("Totaal", 400, 354), ("EUR 461,53", 470, 354)]
    words = []
    for text, x, y in rows:
        for word in text.split():
            words.append(Word(word, x, y, x + 6 * len(word), y + 10, 1))
            x += 6 * len(word) + 4
    reading = Reading()
    reading.pages.append(Page(1, 595, 842, words))
    result = ExtractionResult(source="scan.pdf")
    analyse(result, reading, [])
    assert (result.subtotal, result.tax, result.total) == (Decimal("381.43"), Decimal("80.10"), Decimal("461.53"))


def _vendor(lines) -> str | None:
    ctx = Context(lines, ",", "DMY")
    collect(ctx)
    chosen = vendor_name(ctx, buyer_blocks(lines))
    return chosen.value if chosen else None


def test_a_two_line_name_whose_label_stands_at_its_last_line() -> None:
    # An official e-invoice visualisation prints "Name:" beside the last line of a two-line name.
    lines = _lines(
        [("Verkäufer", 70, 162)],
        [("Nummer:", 70, 179), ("731204", 261, 179)],
        [("KWV", 261, 197), ("Kranich", 286, 197)],
        [("Name:", 70, 209), ("Wasserverband", 261, 209), ("Beispieltal", 344, 209), ("e.V.", 414, 209)],
        [("Anschrift:", 70, 239), ("Musterstr.", 261, 239), ("12", 330, 239)],
        [("Käufer/Leistungsempfänger", 70, 327)],
        [("Herrn", 261, 344)],
        [("Name:", 70, 356), ("Max", 261, 356), ("Mustermann", 285, 356)],
    )
    assert _vendor(lines) == "KWV Kranich Wasserverband Beispieltal e.V."


def test_a_name_not_continued_by_a_line_apart_or_another_label() -> None:
    lines = _lines(
        [("Verkäufer", 70, 162)],
        [("Nummer:", 70, 179), ("731204", 261, 179)],
        [("Name:", 70, 197), ("Wasserverband", 261, 197), ("Beispieltal", 344, 197), ("e.V.", 414, 197)],
    )
    assert _vendor(lines) == "Wasserverband Beispieltal e.V."



def test_a_name_ending_in_its_legal_form_keeps_a_label_word_it_holds() -> None:
    # "Cash" is a till's label, but here a word of the shop's name, which its legal form ends.
    lines = _lines([("Maju", 40, 40), ("Cash", 70, 40), ("&", 100, 40), ("Carry", 110, 40), ("Sdn.", 146, 40),
                    ("Bhd", 176, 40)],
                   [("Invoice", 300, 120), ("No:", 346, 120), ("35691", 370, 120)],
                   [("Total", 300, 600), ("12.60", 400, 600)])
    assert _vendor(lines) == "Maju Cash & Carry Sdn. Bhd"


def test_a_french_fee_notes_title_is_not_its_issuer() -> None:
    # A professional's invoice is titled "Note d'honoraires"; printed larger than the firm's name (which a
    # scan read unsurely), it is still no name.
    words = [Word("Cabinet", 40, 40, 82, 50, 1, 0.6), Word("Morel", 88, 40, 118, 50, 1, 0.5),
             Word("_", 300, 80, 306, 100, 1), Word("NOTE", 312, 80, 370, 100, 1), Word("D'HONORAIRES", 376, 80, 560, 100, 1),
             Word("Facture", 300, 120, 342, 130, 1), Word("n°", 348, 120, 360, 130, 1), Word("20260300042", 366, 120, 432, 130, 1),
             Word("Total", 300, 600, 330, 610, 1), Word("TTC", 336, 600, 354, 610, 1), Word("120,00", 400, 600, 436, 610, 1)]
    assert _vendor(build_lines([Page(1, 600, 800, words, "ocr")])) == "Cabinet Morel"


def test_a_logos_word_gives_way_to_the_fuller_name_that_holds_it() -> None:
    # A scan reads the logo (its word, printed large) as text; the seller's name under it and in the legal
    # footer is the fuller one that holds the logo's word.
    words = [Word("BELLEVUE", 40, 30, 160, 60, 1, 0.9), Word("FACTURE", 420, 30, 520, 50, 1, 0.9),
             Word("Société", 40, 90, 82, 100, 1, 0.9), Word("Hôtelière", 88, 90, 142, 100, 1, 0.9),
             Word("du", 148, 90, 160, 100, 1, 0.9), Word("Bellevue", 166, 90, 202, 100, 1, 0.9),
             Word("2,", 40, 104, 52, 114, 1, 0.9), Word("rue", 56, 104, 74, 114, 1, 0.9),
             Word("de", 78, 104, 90, 114, 1, 0.9), Word("la", 94, 104, 106, 114, 1, 0.9),
             Word("Paix", 110, 104, 134, 114, 1, 0.9),
             Word("Total", 300, 600, 330, 610, 1, 0.9), Word("TTC", 336, 600, 354, 610, 1, 0.9),
             Word("1452,60", 400, 600, 442, 610, 1, 0.9),
             Word("Societe", 40, 760, 82, 770, 1, 0.9), Word("Hoteliere", 88, 760, 142, 770, 1, 0.9),
             Word("du", 148, 760, 160, 770, 1, 0.9), Word("Bellevue", 166, 760, 202, 770, 1, 0.9),
             Word("SIRET", 220, 760, 250, 770, 1, 0.9), Word("12345682400016", 256, 760, 340, 770, 1, 0.9)]
    assert _vendor(build_lines([Page(1, 600, 800, words, "ocr")])) == "Société Hôtelière du Bellevue"


def test_the_account_holder_is_the_issuer_when_the_top_holds_the_customer() -> None:
    # A French letter: the customer's address in the window at the top, the seller only as the payee.
    lines = _lines(
        [("ALEXINUX", 10, 40)],
        [("de", 10, 53), ("Lattre", 28, 53), ("Alexis", 72, 53)],
        [("27", 10, 66), ("rue", 28, 66), ("Henri", 52, 66), ("Rolland", 88, 66)],
        [("Facture", 300, 120), ("n°", 350, 120), ("2022089083", 368, 120)],
        [("Total", 300, 400), ("TTC", 334, 400), (":", 356, 400), ("56,02", 400, 400)],
        [("Virement", 10, 600), ("BRED", 100, 600), ("–", 130, 600), ("Titulaire", 140, 600), ("du", 200, 600),
         ("compte", 216, 600), (":", 256, 600), ("NETPRESSE", 264, 600)],
    )
    assert _vendor(lines) == "NETPRESSE"


def test_a_number_and_date_after_another_documents_label_are_that_documents() -> None:
    # "Rechnung gemäß Bestellung Nr. 2018-471331 vom 01.03.2018": the order's number and date, not the invoice's
    (remark,) = _lines([("Rechnung", 10, 100), ("gemäß", 66, 100), ("Bestellung", 104, 100), ("Nr.", 170, 100),
                        ("2018-583477", 190, 100), ("vom", 260, 100), ("01.03.2018", 284, 100)])
    assert [h.field for h in remark.labels if h.field in ("invoice_number", "invoice_date")] == ["invoice_number"]
    assert remark.text[remark.labels[0].start : remark.labels[0].end].lower() == "rechnung"
    (header,) = _lines([("Rechnung", 10, 100), ("Nr.", 66, 100), ("583214", 90, 100), ("vom", 134, 100),
                        ("05.03.2018", 158, 100)])
    assert [h.field for h in header.labels][-2:] == ["invoice_number", "invoice_date"]


def test_a_laws_paragraph_is_not_the_invoice_number() -> None:
    lines = _lines(
        [("Rechnung", 10, 40), ("Nr.", 66, 40), ("R18-47", 90, 40), ("vom", 134, 40), ("03.10.2018", 158, 40)],
        [("Umsatzsteuerbefreit", 10, 400), ("nach", 130, 400), ("§", 160, 400), ("4", 170, 400), ("Nr.", 180, 400),
         ("14", 202, 400), ("UStG", 220, 400)],
    )
    assert not any(h.field == "invoice_number" for h in lines[1].labels)
    ctx = Context(lines, ",", "DMY")
    collect(ctx)
    assert best(ctx, "invoice_number").value == "R18-47"


def test_near_ties_go_to_the_earlier_candidate() -> None:
    # OCR reads a remark at the foot of the page a little more surely than the header: the header still wins
    ctx = Context([], ",", "DMY")
    ctx.candidates["invoice_number"] = [Candidate("583214", 0.645, None), Candidate("2010", 0.652, None)]
    assert best(ctx, "invoice_number").value == "583214"
    ctx.candidates["invoice_number"].append(Candidate("9999", 0.70, None))
    assert best(ctx, "invoice_number").value == "9999"


def test_the_date_after_the_invoices_own_number_outweighs_a_remarks() -> None:
    # OCR read the header less surely than a remark quoting an earlier statement's date
    def row(y: float, conf: float, *words: tuple[str, float]):
        return [Word(t, x, y, x + 6 * len(t), y + 10, 1, conf) for t, x in words]

    words = row(50, 0.6, ("Handelsrechnung", 10), ("(380)", 110), ("Nr.", 260), ("583214", 280), ("vom", 400),
                ("05.03.2018", 440))
    words += row(400, 1.0, ("Bemerkung", 10), ("Rechnung", 260), ("gemäß", 316), ("Betriebskostenrechnung", 356),
                 ("vom", 494), ("21.11.2011.", 518))
    ctx = Context(build_lines([Page(1, 600, 800, words)]), ",", "DMY")
    collect(ctx)
    assert choose_dates(ctx)[0].value == date(2018, 3, 5)


def test_the_number_keeps_its_series_letters_where_another_label_drops_them(pdf_factory) -> None:
    from bodesk.core.extraction import extract

    pdf = pdf_factory([[
        (50, 60, "Stadtwerke Beispielstadt GmbH", 14),
        (50, 100, "Handelsrechnung (380)", 10), (250, 100, "Nr. K2018061507733", 10), (400, 100, "vom", 10),
        (440, 100, "20.09.2018", 10),
        (50, 300, "Bei Schriftwechsel bitte Ihre Kundennummer 41277309 und Belegnummer 2018061507733 angeben", 9),
        (50, 330, "Gesamtbetrag", 10), (450, 330, "20,50", 10),
    ]])
    assert extract(pdf).invoice_number == "K2018061507733"
