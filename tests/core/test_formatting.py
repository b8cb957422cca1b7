"""The office's formats: what a person in Germany, the US or the UK sees and may type."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from bodesk.core.formatting import FormatError, OfficeFormat, iban, plural

DE = OfficeFormat("de_DE", "EUR")
US = OfficeFormat("en_US", "USD")
GB = OfficeFormat("en_GB", "GBP")


def test_money_follows_the_office_locale() -> None:
    assert DE.money(Decimal("1234.5")) == "1.234,50\xa0€"
    assert US.money(Decimal("1234.5")) == "$1,234.50"
    assert GB.money(Decimal("-80"), "EUR") == "-€80.00"
    assert US.money(None) == "—"
    assert DE.amount(Decimal("1234.5")) == "1.234,50"
    assert US.number(Decimal("2.000")) == "2" and DE.number(Decimal("1.50")) == "1,5"


def test_dates_are_written_with_a_four_digit_year_in_the_office_order() -> None:
    d = date(2026, 11, 26)
    assert (DE.date(d), US.date(d), GB.date(d)) == ("26.11.2026", "11/26/2026", "26/11/2026")
    assert DE.datetime(datetime(2026, 11, 26, 14, 5)) == "26.11.2026 14:05"
    assert DE.date_hint == "day.month.year, like 26.11.2026"
    assert US.date_hint == "month/day/year, like 11/26/2026"


@pytest.mark.parametrize(
    ("fmt", "typed", "expected"),
    [
        (DE, "26.11.2026", date(2026, 11, 26)),
        (DE, "26.11.26", date(2026, 11, 26)),
        (DE, "3.2.2026", date(2026, 2, 3)),
        (US, "11/26/2026", date(2026, 11, 26)),
        (US, "2/3/2026", date(2026, 2, 3)),
        (GB, "2/3/2026", date(2026, 3, 2)),
        (US, "2026-11-26", date(2026, 11, 26)),
        (DE, "  ", None),
    ],
)
def test_typed_dates_are_read_in_the_office_order(fmt: OfficeFormat, typed: str, expected: date | None) -> None:
    assert fmt.parse_date(typed) == expected


@pytest.mark.parametrize("typed", ["11/26/2026", "31.02.2026", "1.2.3", "next friday", "26.11."])
def test_an_impossible_date_is_refused_with_how_to_type_it(typed: str) -> None:
    with pytest.raises(FormatError, match="like 26.11.2026"):
        DE.parse_date(typed)


@pytest.mark.parametrize(
    ("fmt", "typed", "expected"),
    [
        (DE, "1.234,50", Decimal("1234.50")),
        (DE, "1234,5", Decimal("1234.5")),
        (DE, "12.50", Decimal("12.50")),  # a dot typed by habit cannot be grouping here
        (DE, "1.234", Decimal("1234")),
        (DE, "EUR 1 234,50", Decimal("1234.50")),
        (DE, "-80,00 €", Decimal("-80.00")),
        (US, "1,234.50", Decimal("1234.50")),
        (US, "$1,234", Decimal("1234")),
        (GB, "", None),
    ],
)
def test_typed_amounts_use_the_office_decimal_separator(fmt: OfficeFormat, typed: str, expected: Decimal | None) -> None:
    assert fmt.parse_amount(typed) == expected


@pytest.mark.parametrize(("fmt", "typed"), [(DE, "1,234.50"), (US, "1.234,50"), (US, "12abc"), (US, "1,2,3")])
def test_an_amount_in_the_wrong_shape_is_refused_not_guessed(fmt: OfficeFormat, typed: str) -> None:
    with pytest.raises(FormatError, match="is not an amount; type it like"):
        fmt.parse_amount(typed)


def test_counts_plurals_and_ibans() -> None:
    assert US.count(1, "invoice") == "1 invoice"
    assert DE.count(1204, "invoice") == "1.204 invoices"
    assert plural(2, "day") == "days" and plural(2, "entry", "entries") == "entries"
    assert iban("de89370400440532013000") == "DE89 3704 0044 0532 0130 00"
    assert iban(None) == "—"


def test_the_format_comes_from_the_settings() -> None:
    from bodesk.settings import Settings

    assert OfficeFormat.from_settings(Settings({"office.locale": "de_DE", "office.currency": "EUR"})) == DE
    assert OfficeFormat.from_settings(Settings({"office.locale": "en_US", "office.currency": "USD"})) == US
    unknown = SimpleNamespace(get=lambda key, default=None: {"office.locale": "xx_nonsense", "office.currency": "gbp"}.get(key))
    assert OfficeFormat.from_settings(unknown).currency == "GBP"  # the window still opens


def test_a_day_carries_its_weekday() -> None:
    assert DE.day(date(2026, 12, 7)) == "Mon 07.12.2026" and US.day(date(2026, 12, 7)) == "Mon 12/7/2026"
