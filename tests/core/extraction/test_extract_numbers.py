"""Amounts, dates, currencies and IBANs as invoices print them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bodesk.core.extraction.numbers import (
    detect_currency,
    find_amounts,
    find_dates,
    find_loose_dates,
    guess_date_order,
    settled_date_order,
    guess_decimal,
    parse_amount,
)
from bodesk.core.extraction.iban import iban_valid


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [
        ("1,234.50", None, "1234.50"),
        ("1.234,50", None, "1234.50"),
        ("1 234,50", None, "1234.50"),
        ("1'234.50", None, "1234.50"),
        ("1234.5", None, "1234.5"),
        ("€ 12,00", None, "12.00"),
        ("Rp 1.500.000", None, "1500000"),
        ("1.234", ",", "1234"),
        ("1.234", ".", "1.234"),
        ("1,234", ".", "1234"),
        ("(12.00)", None, "-12.00"),
        ("-5,10", None, "-5.10"),
    ],
)
def test_amount_formats(text: str, decimal: str | None, value: str) -> None:
    assert parse_amount(text, decimal) == Decimal(value)


def test_percentages_and_dates_are_not_amounts() -> None:
    assert [a.value for a in find_amounts("VAT 20% on 05.03.2026: 20,00", ",")] == [Decimal("20.00")]
    assert [a.value for a in find_amounts("MwSt. 19 % 19,00 €")] == [Decimal("19.00")]


def test_decimal_separator_vote() -> None:
    assert guess_decimal("Total 1.234,50 EUR\nMwSt 12,00 am 05.03.2026") == ","
    assert guess_decimal("Total $1,234.50\nTax 12.00") == "."
    assert guess_decimal("Rp 1.500.000") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-05", date(2026, 3, 5)),
        ("05.03.2026", date(2026, 3, 5)),
        ("5 March 2026", date(2026, 3, 5)),
        ("March 5, 2026", date(2026, 3, 5)),
        ("Mar 5, 2026", date(2026, 3, 5)),
        ("5. März 2026", date(2026, 3, 5)),
        ("5 mars 2026", date(2026, 3, 5)),
        ("1er février 2026", date(2026, 2, 1)),
        ("5 de marzo de 2026", date(2026, 3, 5)),
        ("5 maart 2026", date(2026, 3, 5)),
        ("5 Maret 2026", date(2026, 3, 5)),
        ("05 Des 2026", date(2026, 12, 5)),
        ("05-Mar-2026", date(2026, 3, 5)),
    ],
)
def test_dates_in_many_languages(text: str, expected: date) -> None:
    found = find_dates(f"Date: {text} ")
    assert len(found) == 1
    assert found[0].value("DMY") == expected


def test_numeric_date_order_from_the_document() -> None:
    (ambiguous,) = find_dates("03/05/2026")
    assert ambiguous.ambiguous
    assert ambiguous.value("DMY") == date(2026, 5, 3)
    assert ambiguous.value("MDY") == date(2026, 3, 5)
    # A date that only reads one way settles the document's order.
    assert guess_date_order(["03/05/2026", "03/25/2026"]) == "MDY"
    assert guess_date_order(["03/05/2026", "25/03/2026"]) == "DMY"
    assert guess_date_order(["03/05/2026"], currency="USD") == "MDY"
    assert guess_date_order(["03/05/2026"], currency="EUR") == "DMY"
    assert settled_date_order(["03/05/2026", "25/03/2026"]) == "DMY"
    assert settled_date_order(["03/05/2026"]) is None  # a default, not the document's say
    # A misread that is no date either way ("4/62/2017" for 4/02/2017) settles nothing.
    assert guess_date_order(["Date: 4/02/2017 03:30", "Print Date: 4/62/2017"]) == "DMY"


def test_a_till_date_ocr_garbled_is_read_beside_its_time() -> None:
    (dm,) = find_loose_dates("25. 03-18 18:47 SH01")
    assert dm.value("DMY") == date(2018, 3, 25)
    (dm,) = find_loose_dates("28-03- 18 18:05")
    assert dm.value("DMY") == date(2018, 3, 28)
    (dm,) = find_loose_dates("17 03-18 14:49 SH01 ZJ86")  # one separator lost
    assert dm.value("DMY") == date(2018, 3, 17)
    assert find_loose_dates("25. 03-18 SH01") == []  # without a time it is too loose to trust
    assert find_loose_dates("Qty 17 03 18 14:49") == []  # nor without any separator
    # A year no till prints: the century's digits misread ("9018", "2817").
    (dm,) = find_loose_dates("Date : 04-04-9018 14:28:36")
    assert dm.value("DMY") == date(2018, 4, 4)
    (dm,) = find_loose_dates("28/09/2817 15:10")
    assert dm.value("DMY") == date(2017, 9, 28)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Total S$ 1,070.00", "SGD"),
        ("Total A$ 110.00", "AUD"),
        ("Total US$ 110.00", "USD"),
        ("Total Rp 1.500.000", "IDR"),
        ("Gesamt 119,00 €", "EUR"),
        ("Total £120.00", "GBP"),
        ("ABN 51 824 753 556\nTotal $110.00", "AUD"),
        ("GST Reg No M2-1234567-8 Singapore\nTotal $107.00", "SGD"),
        ("Total $107.00", "USD"),
        ("Amount 100.00 CHF", "CHF"),
    ],
)
def test_currency(text: str, code: str) -> None:
    assert detect_currency(text)[0] == code


def test_a_receipt_printing_no_currency_is_in_its_countrys() -> None:
    receipt = "MYDIN MART SRI MUDA\nTRE SHAAS SDN BHD (728515-H)\n40400 Shah Alam Selangor\nTOTAL 85.10"
    assert detect_currency(receipt) == ("MYR", 0.5)
    assert detect_currency("Corner Shop\nTOTAL 85.10") == (None, 0.0)
    # cues of two countries as strong as each other decide nothing
    assert detect_currency("Acme Pte Ltd\nShipped from Selangor\nTOTAL 85.10") == (None, 0.0)


def test_a_scans_stray_sign_does_not_name_its_currency() -> None:
    # OCR reads specks, a logo's letters and barcodes as signs glued to other marks; on a scan a sign
    # counts as a word of its own or beside an amount
    receipt = "TRE SHAAS SDN BHD (0005£83085-K)\n40400 Shah Alam Selangor\nE.&.@.€.\nCODE $$04018600\nTOTAL 85.10"
    assert detect_currency(receipt, scanned=True) == ("MYR", 0.5)
    assert detect_currency("Corner Shop\nTOTAL €85,10", scanned=True)[0] == "EUR"
    assert detect_currency("Corner Shop\nTOTAL 85.10$", scanned=True)[0] == "USD"
    assert detect_currency("Corner Shop\nPrice\t€\nTOTAL\t85,10", scanned=True)[0] == "EUR"
    # printed by a computer, a sign is what it says
    assert detect_currency("Corner Shop\nAll prices in €\nTOTAL 85,10")[0] == "EUR"


def test_a_scans_country_decides_against_one_misread_sign() -> None:
    # "22.89" read as "£2.89" once, on a receipt that names its country twice
    receipt = "KEDAI SDN BHD\nJalan 5, Kuala Lumpur\nTotal:\t381.50\t£2.89"
    assert detect_currency(receipt, scanned=True)[0] == "MYR"
    assert detect_currency(receipt)[0] == "GBP"  # a text page's sign is not misread


def test_a_column_headed_with_its_currency_names_it() -> None:
    assert detect_currency("Tax Code\t%\tAmt(RM)\tTax(RM)\nSR\t6\t381.50\t22.89")[0] == "MYR"


def test_gst_registration_alone_does_not_make_a_dollar_singaporean() -> None:
    # both Malaysia's and Singapore's tills printed a GST registration number
    assert detect_currency("GST Reg No 001234\nTRE SHAAS SDN BHD\nTOTAL $12.00")[0] == "MYR"


def test_iban_mod97() -> None:
    assert iban_valid("GB33BUKB20201555555555")
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")
