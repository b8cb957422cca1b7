"""Values from outside: each refusal is a sentence, each accepted value is exact."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bodesk.core import validate
from bodesk.core.validate import InvalidValue


@pytest.mark.parametrize("text", ["1234.50", "-12.5", "0", "999999999999.9999", "0.0001"])
def test_amounts_within_range_are_kept_exactly(text: str) -> None:
    assert validate.amount(text) == Decimal(text)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("NaN", "not a number"),
        ("Infinity", "not a number"),
        ("-Infinity", "not a number"),
        (Decimal("sNaN"), "not a number"),
        ("1e30", "too large"),
        ("920000000000000", "too large"),
        ("1" * 40, "too large"),
        ("1" * 1_000_000, "too many digits"),
        ("12.345678", "decimal places"),
        ("¹²³", "not a number"),
        ("twelve", "not a number"),
        ("", "missing"),
    ],
)
def test_amounts_refused_with_a_sentence(value: object, words: str) -> None:
    with pytest.raises(InvalidValue) as info:
        validate.amount(value, "The total")
    message = str(info.value)
    assert words in message and message.startswith("The total") and message.endswith(".")
    assert len(message) < 200  # a million digits are never echoed back


def test_dates_outside_the_plausible_range_are_refused() -> None:
    assert validate.plausible_date("2026-03-05") == date(2026, 3, 5)
    for bad in ("0001-01-01", "9999-12-31", date(1989, 12, 31), "2101-01-01"):
        with pytest.raises(InvalidValue, match="1990 to 2100"):
            validate.plausible_date(bad, "The invoice date")
    with pytest.raises(InvalidValue, match="YYYY-MM-DD"):
        validate.plausible_date("31/02/2026")


def test_terms_and_ids() -> None:
    assert validate.terms_days("30") == 30
    with pytest.raises(InvalidValue, match="0 to 3650 days"):
        validate.terms_days(99_999_999)
    with pytest.raises(InvalidValue, match="whole number"):
        validate.terms_days("1e3")
    assert validate.record_id("42") == 42
    for bad in ("99999999999999999999", "0", "-3"):
        with pytest.raises(InvalidValue, match="does not exist"):
            validate.record_id(bad, "Invoice")
    with pytest.raises(InvalidValue, match="whole number"):
        validate.record_id("4.2", "Invoice")


def test_ibans_are_checked_by_checksum_country_and_length() -> None:
    assert validate.iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    cases = {
        "not an iban at all": "is not an IBAN",
        "DE89370400440532013001": "wrong check digit",
        "XX89370400440532013000": "country code",
        "DE8937040044053201300": "wrong length",
    }
    for text, words in cases.items():
        with pytest.raises(InvalidValue, match=words):
            validate.iban(text)
