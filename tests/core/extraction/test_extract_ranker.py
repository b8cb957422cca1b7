"""The total of a page OCR read, chosen by the learned model (`ranker`, `total_model`)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bodesk.core.extraction import engine
from bodesk.core.extraction.ranker import amount_features, total_probabilities
from bodesk.core.extraction.total_model import COEFFICIENTS
from bodesk.core.extraction.pages import Page, Reading, Word
from bodesk.core.records import ExtractionResult


def _receipt(rows: list[tuple[str, str]], *, method: str = "ocr") -> Reading:
    """A till receipt as OCR reads it: a name, then (label, amount) rows, the amounts right-aligned."""
    words = [Word("KEDAI", 60, 20, 110, 32, 1, 0.9), Word("RUNCIT", 116, 20, 176, 32, 1, 0.9)]
    for i, (label, amount) in enumerate(rows):
        y = 60 + 16 * i
        x = 20
        for part in label.split():
            words.append(Word(part, x, y, x + 8 * len(part), y + 11, 1, 0.9))
            x += 8 * len(part) + 6
        words.append(Word(amount, 240 - 8 * len(amount), y, 240, y + 11, 1, 0.9))
    return Reading([Page(1, 260, 60 + 16 * len(rows) + 40, words, method)], page_count=1)


ROWS = [("Sugar 1KG", "3.20"), ("Flour 1KG", "2.90"), ("Eggs 10PCS", "6.40"),
        ("TOTAI", "12.50"), ("CASH", "20.00")]


def _read(reading: Reading) -> ExtractionResult:
    result = ExtractionResult(source="receipt", method=reading.method)
    engine.analyse(result, reading, ())
    return result


def test_a_total_whose_label_ocr_misread_is_chosen_over_the_cash_handed_over() -> None:
    """"TOTAI" is no label bodesk knows, and the largest figure is the cash tendered: the model reads
    the total from where and how it is printed."""
    r = _read(_receipt(ROWS))
    assert r.total == Decimal("12.50")
    assert r.evidence["total"].page == 1
    assert 0 < r.confidence["total"] <= 1


def test_the_model_decides_only_what_ocr_read() -> None:
    """A text layer's words are exact: its total stays the labelled one's choice (here none is labelled)."""
    assert _read(_receipt(ROWS, method="text")).total is None


def test_every_feature_the_reader_describes_has_a_trained_weight() -> None:
    """A feature added or renamed without retraining (`make train-extract`) would be ignored silently."""
    reading = _receipt([*ROWS, ("CHANGE", "7.50"), ("Rounding", "0.00"), ("GST 6%", "0.71")])
    ctx = engine.read_context(reading)
    features = amount_features(ctx)
    assert features and all(set(f) == set(COEFFICIENTS) for f in features.values())
    probabilities = total_probabilities(ctx)
    assert max(probabilities, key=lambda v: probabilities[v][0]) == Decimal("12.50")


def test_a_total_ocr_lost_is_what_the_cash_and_the_change_and_the_tax_agree_on() -> None:
    """The total printed large was not read at all; what was handed over less the change, and the amount
    before tax plus the tax, both give it."""
    r = _read(_receipt([("Pie", "10.50"), ("Soda", "12.50"), ("Set", "20.90"),
                        ("Total (Excluding GST)", "41.42"), ("6% GST", "2.48"),
                        ("CASH", "100.00"), ("CHANGE", "56.10")]))
    assert r.total == Decimal("43.90")
    assert "total" not in r.evidence or r.evidence["total"].page == 1


def _fixed_pitch_receipt(rows: list[tuple[str, str]]) -> Reading:
    """A till's fixed-pitch type as OCR boxes it: every character 10 wide, the capitals 9 high, so one
    space leaves 12 between two words, more than a text height."""
    words = []
    for i, (label, amount) in enumerate(rows):
        y, x = 40 + 20 * i, 20
        for part in label.split():
            words.append(Word(part, x, y, x + 10 * len(part) - 2, y + 9, 1, 0.9))
            x += 10 * (len(part) + 1)
        words.append(Word(amount, 400 - 10 * len(amount), y, 398, y + 9, 1, 0.9))
    return Reading([Page(1, 420, 60 + 20 * len(rows), words, "ocr")], page_count=1)


def test_a_tills_fixed_pitch_type_keeps_each_labels_words_together() -> None:
    """"Total Excl. GST" is the amount before tax and "Change Due" the change, although each of their
    words stands further from the next than a text height: their spaces are one character wide."""
    reading = _fixed_pitch_receipt([("MINERAL WATER", "332.80"), ("Total Excl. GST", "299.52"),
                                    ("Total GST", "17.97"), ("Grand Total", "317.49"), ("Paid", "350.00"),
                                    ("Change Due", "32.51")])
    ctx = engine.read_context(reading)
    assert [line.text for line in ctx.lines[1:3]] == ["Total Excl. GST\t299.52", "Total GST\t17.97"]
    assert [c.value for c in ctx.candidates["change"]] == [Decimal("32.51")]
    r = _read(reading)
    assert (r.subtotal, r.tax, r.total) == (Decimal("299.52"), Decimal("17.97"), Decimal("317.49"))


@pytest.mark.parametrize("adjustment", [("Rounding Adj", "+0.01"), ("Round Adj", "0.01")])
def test_the_total_a_till_rounded_is_the_one_to_pay(adjustment: tuple[str, str]) -> None:
    """Net and tax add up to the total before rounding; the till then rounds it to the coin ("+0.01"
    printed with its sign, or "Round Adj" in a till's short words), and the rounded total is what the
    cash and the change say was paid. The sum of net and tax no longer settles the total alone."""
    r = _read(_fixed_pitch_receipt([("SUGAR 1KG", "107.54"), ("SUBTOTAL", "107.54"), ("GST 6%", "6.45"),
                                    ("Total Incl. GST", "113.99"), adjustment, ("Nett Total", "114.00"),
                                    ("CASH", "120.00"), ("CHANGE", "6.00")]))
    assert r.total == Decimal("114.00")


def test_a_rounded_total_is_found_though_ocr_lost_the_points_of_the_adjustment_and_the_change() -> None:
    """"2" beside the rounding adjustment is 0.02 and "525" of change after 20.00 in cash is 5.25: neither
    can be whole. Read so, the cash less the change and the rounding agree on the rounded total, printed
    under a label OCR cut short."""
    r = _read(_receipt([("Sugar 1KG", "8.40"), ("Flour 1KG", "6.33"), ("Total Sales Incl GST", "14.73"),
                        ("Rounding Adj", "2"), ("Rounding", "14.75"), ("CASH", "20.00"), ("CHANGE", "525")]))
    assert r.total == Decimal("14.75")


def test_a_rounded_total_whose_cents_ocr_set_apart_from_the_point_keeps_its_cents() -> None:
    """"100. 60" is 100.60 printed with cents, as surely labelled as the total before rounding."""
    r = _read(_receipt([("Shampoo 500ML", "55.90"), ("Toner 200ML", "44.72"), ("Total Sales Incl. GST", "100.62"),
                        ("Rounding Adj", "-0.02"), ("Total After Rounding", "100. 60")]))
    assert r.total == Decimal("100.60")


def test_the_sum_a_till_rounded_away_loses_to_the_rounded_total_paid_by_card() -> None:
    """"Amount Due 36.17" is what net and tax add up to and is labelled as surely as "TOTAL 36.15"; but the
    adjustment under it takes it to 36.15, a whole number of coins, which the card paid: 36.17 is the sum
    the till rounded away."""
    r = _read(_fixed_pitch_receipt([("NASI LEMAK", "10.56"), ("A4 PAPER 80GSM", "3.91"), ("RICE 5KG", "7.07"),
                                    ("TISSUE BOX", "12.58"), ("Sub Total", "34.12"), ("Total GST", "2.05"),
                                    ("Amount Due", "36.17"), ("Rounding Adjustment", "-0.02"), ("TOTAL", "36.15"),
                                    ("MASTERCARD", "36.15")]))
    assert r.total == Decimal("36.15")


def test_a_tax_rates_section_that_adds_up_does_not_stand_for_the_total_payable_under_it() -> None:
    """A wholesaler's tax invoice sums each tax rate apart: the 6 % section's net, tax and total agree, but
    "Total Payable" under them is labelled more surely and is larger: it is what the receipt costs."""
    r = _read(_receipt([("RYE LOAF", "24.00"), ("BAGELS", "11.60"), ("Total 0% supplies:", "35.60"),
                        ("MUFFINS", "9.40"), ("Total 6% supplies (excl. GST):", "9.40"), ("GST:", "0.56"),
                        ("Total 6% supplies (incl. GST):", "9.96"), ("Total Payable:", "45.56")]))
    assert r.total == Decimal("45.56")
    assert r.evidence["total"].page == 1


def test_an_unsure_model_leaves_a_scanned_invoices_labelled_total_as_read() -> None:
    """A scanned invoice whose "Montant Total TTC" OCR read unsurely, beside a misread tax: the model gives
    no amount a chance worth the name (it would take the tax, or the net plus the misread tax, for the total),
    so the total read under its label stays, with a low confidence that sends it to review."""
    words = []
    rows = [("FACTURE", "", 0.9), ("Facture n° 2026-0731", "", 0.9), ("Date 20/09/2023", "", 0.9),
            ("Chambre 5 nuits", "1.172,00", 0.9), ("Taxe de sejour", "8,00", 0.9), ("Total HT", "1180,00", 0.9),
            ("Total TVA", "341,60", 0.9), ("Montant Total TTC |!", "1297,20€", 0.18),
            ("Montant deja verse", "400,00", 0.9), ("Reste a payer", "897,20", 0.9),
            ("Conditions de reglement 30 jours net", "", 0.9), ("Date limite de reglement 19/10/2023", "", 0.9),
            ("Capital 50000 RCS Lyon 987 654 321", "", 0.9)]
    for i, (label, amount, conf) in enumerate(rows):
        y, x = 60 + 20 * i, 40
        for part in label.split():
            words.append(Word(part, x, y, x + 9 * len(part), y + 12, 1, 0.9))
            x += 9 * len(part) + 7
        if amount:
            words.append(Word(amount, 560 - 9 * len(amount), y, 560, y + 12, 1, conf))
    reading = Reading([Page(1, 600, 800, words, "ocr")], page_count=1)
    probabilities = total_probabilities(engine.read_context(reading))
    top = max(probabilities, key=lambda v: probabilities[v][0])
    assert top in (Decimal("341.60"), Decimal("1521.60")) and probabilities[top][0] < 0.1  # the tax, or net + tax
    r = _read(reading)
    assert r.total == Decimal("1297.20")
    assert r.confidence["total"] < 0.1
