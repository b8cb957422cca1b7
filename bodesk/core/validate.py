"""Checks for values that enter bodesk from outside: documents, corrections, CSV files, commands.

Every check returns the clean value or raises `InvalidValue` whose text is a sentence a person
can act on. The limits are deliberately wide for an office (nothing a real invoice needs is
refused) and narrow enough that the database can always store what passes:

- amounts: finite decimals with |value| < 1,000,000,000,000 (one trillion) and at most
  4 decimal places (the store keeps amounts as whole ten-thousandths in a 64-bit integer, whose
  limit is about 9.2e14);
- text standing for a number: at most 40 characters, so a million-digit number is refused before
  it is parsed;
- dates: years 1990 to 2100 (older or later dates on an invoice are misreads or typing errors);
- payment terms: 0 to 3,650 days (ten years);
- ids: whole numbers from 1 to 2**63 - 1 (what SQLite and PostgreSQL store).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from bodesk.errors import BodeskError

MAX_AMOUNT = Decimal("1000000000000")  # exclusive
AMOUNT_PLACES = 4
_PLACES = Decimal(1).scaleb(-AMOUNT_PLACES)
MAX_NUMBER_TEXT = 40
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_TERMS_DAYS = 3650
MAX_ID = 2**63 - 1


class InvalidValue(BodeskError, ValueError):
    """A value from outside that bodesk refuses; `str()` is the sentence to show."""


def amount(value: Any, what: str = "The amount") -> Decimal:
    """A finite Decimal within range and precision; accepts Decimal, int or text ("1234.50")."""
    if isinstance(value, bool) or value is None:
        raise InvalidValue(f"{what} is missing.")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, Decimal):
        number = value
    else:
        text = str(value).strip()
        if not text:
            raise InvalidValue(f"{what} is missing.")
        if len(text) > MAX_NUMBER_TEXT:
            raise InvalidValue(f"{what} has too many digits ({len(text)} characters); bodesk accepts at most {MAX_NUMBER_TEXT}.")
        if not text.isascii():
            raise InvalidValue(f"{what} \"{shown(text)}\" is not a number: use the digits 0-9 and a point for decimals.")
        try:
            number = Decimal(text)
        except (InvalidOperation, ValueError):
            raise InvalidValue(f"{what} \"{shown(text)}\" is not a number: write it like 1234.50.") from None
    if not number.is_finite():
        raise InvalidValue(f"{what} is not a number ({number}); write a plain amount like 1234.50.")
    if number.copy_abs() >= MAX_AMOUNT:  # copy_abs: no context, so 1E+999999 cannot overflow
        raise InvalidValue(f"{what} {shown(str(number))} is too large; bodesk accepts amounts below 1,000,000,000,000.")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -AMOUNT_PLACES and number != number.quantize(_PLACES):
        raise InvalidValue(f"{what} {shown(format(number, 'f'))} has more than {AMOUNT_PLACES} decimal places.")
    return number


def optional_amount(value: Any, what: str = "The amount") -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return amount(value, what)


def plausible_date(value: Any, what: str = "The date") -> date:
    """A date between 1990-01-01 and 2100-12-31; accepts a date or ISO text (YYYY-MM-DD)."""
    if isinstance(value, date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise InvalidValue(f"{what} \"{shown(text)}\" is not a date; write it as YYYY-MM-DD.") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidValue(
            f"{what} {day.isoformat()} is not plausible; bodesk accepts dates from {FIRST_YEAR} to {LAST_YEAR}."
        )
    return day


def optional_date(value: Any, what: str = "The date") -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return plausible_date(value, what)


def terms_days(value: Any, what: str = "The payment terms") -> int:
    """Payment terms in days: a whole number from 0 to 3,650."""
    number = _whole(value, what)
    if not 0 <= number <= MAX_TERMS_DAYS:
        raise InvalidValue(f"{what} of {number} days is not plausible; use 0 to {MAX_TERMS_DAYS} days.")
    return number


def record_id(value: Any, what: str = "The id") -> int:
    """A database id: a whole number from 1 to 2**63 - 1."""
    number = _whole(value, what)
    if not 1 <= number <= MAX_ID:
        raise InvalidValue(f"{what} {number} does not exist; ids are whole numbers from 1 upwards.")
    return number


def iban(value: Any, what: str = "The IBAN") -> str:
    """An IBAN with a valid checksum and the right length for its country, in compact form."""
    from schwifty import IBAN
    from schwifty.exceptions import (
        InvalidChecksumDigits,
        InvalidCountryCode,
        InvalidLength,
        SchwiftyException,
    )

    text = str(value or "").strip()
    if not text:
        raise InvalidValue(f"{what} is missing.")
    echo = shown(text)
    try:
        return IBAN(text).compact
    except InvalidChecksumDigits:
        raise InvalidValue(f"{what} {echo} has a wrong check digit; check it for a typing error.") from None
    except InvalidCountryCode:
        raise InvalidValue(f"{what} {echo} does not start with a known country code (such as DE, FR or GB).") from None
    except InvalidLength:
        raise InvalidValue(f"{what} {echo} has the wrong length for its country.") from None
    except (SchwiftyException, ValueError):
        raise InvalidValue(f"{what} \"{echo}\" is not an IBAN; an IBAN looks like DE89 3704 0044 0532 0130 00.") from None


def _whole(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise InvalidValue(f"{what} must be a whole number.")
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if len(text) > MAX_NUMBER_TEXT or not text.isascii() or not text.lstrip("+-").isdigit():
        raise InvalidValue(f"{what} \"{shown(text)}\" is not a whole number.")
    return int(text)


def shown(text: str, limit: int = 40) -> str:
    """Text from outside made safe to echo in a sentence: printable, and short."""
    clean = "".join(ch if ch.isprintable() else "?" for ch in text)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


_FIELD_NAMES = {
    "subtotal": "The subtotal", "tax": "The tax", "total": "The total",
    "invoice_date": "The invoice date", "due_date": "The due date",
}
_TEXT_LIMITS = {"vendor_name": 256, "vendor_tax_id": 64, "iban": 34, "invoice_number": 128, "currency": 3,
                "po_number": 128}  # the columns' lengths (PostgreSQL enforces them)


def clean_record(result: Any) -> list[str]:
    """Check an extraction result (`bodesk.core.records.ExtractionResult`) before it is stored.

    A value the database could not keep or that cannot be true (NaN, an amount of 1e30, a date
    in year 1) is dropped, so the invoice goes to review with that field missing, and a sentence
    saying why is added to `result.errors` and returned."""
    problems: list[str] = []

    def check(value: Any, checker: Any, what: str) -> Any:
        if value is None:
            return None
        try:
            return checker(value, what)
        except InvalidValue as exc:
            problems.append(f"{exc} It was left empty.")
            return None

    for name in ("subtotal", "tax", "total"):
        setattr(result, name, check(getattr(result, name), amount, _FIELD_NAMES[name]))
    for name in ("invoice_date", "due_date"):
        setattr(result, name, check(getattr(result, name), plausible_date, _FIELD_NAMES[name]))
    for name, limit in _TEXT_LIMITS.items():
        value = getattr(result, name)
        if isinstance(value, str) and len(value) > limit:
            setattr(result, name, None if name in ("iban", "currency") else value[:limit])
    for n, line in enumerate(result.line_items, start=1):
        for name in ("quantity", "unit_price", "amount"):
            what = f"The {name.replace('_', ' ')} on line {n}"
            setattr(line, name, check(getattr(line, name), amount, what))
    result.errors.extend(problems)
    return problems
