"""The types a setting can have: each checks a value, reads one typed by a person, and writes it as JSON.

A type's `coerce` takes a stored or programmatic value (JSON or Python) and returns the typed value or
raises `ValueError` with the reason, in words (the caller names the setting). Money and percentages
are `Decimal`, never floats.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any


class SettingType:
    """Text; the base of the others."""

    name = "text"

    def coerce(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise ValueError("it must be text")
        return value.strip()

    def parse(self, text: str) -> Any:
        return self.coerce(text)

    def dump(self, value: Any) -> Any:
        return value

    def show(self, value: Any) -> str:
        return str(value)


class BoolType(SettingType):
    name = "yes/no"
    _WORDS = {"true": True, "yes": True, "on": True, "1": True, "false": False, "no": False, "off": False, "0": False}

    def coerce(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in self._WORDS:
            return self._WORDS[value.strip().lower()]
        raise ValueError("it must be yes or no (true/false)")

    def show(self, value: Any) -> str:
        return "yes" if value else "no"


@dataclass(frozen=True)
class DecimalType(SettingType):
    """A number kept exactly, between `low` and `high`, with at most `places` decimals."""

    low: Decimal | int | None = 0
    high: Decimal | int | None = None
    places: int = 4
    name: str = "number"  # type: ignore[misc]

    def coerce(self, value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            raise ValueError("it must be a number")
        try:
            number = Decimal(str(value).strip().replace(",", "") if isinstance(value, str) else str(value))
        except InvalidOperation:
            raise ValueError("it must be a number such as 1250.00 (a dot for decimals, no currency sign)") from None
        if not number.is_finite():
            raise ValueError("it must be a number")
        if self.low is not None and number < self.low:
            raise ValueError(f"it cannot be less than {self.low}")
        if self.high is not None and number > self.high:
            raise ValueError(f"it cannot be more than {self.high}")
        if -number.as_tuple().exponent > self.places:  # type: ignore[operator]
            raise ValueError(f"it can have at most {self.places} decimals")
        return number.quantize(Decimal("0.01")) if self.places == 2 else number  # money: 500 → 500.00

    def dump(self, value: Any) -> str:
        return str(value)


@dataclass(frozen=True)
class IntType(SettingType):
    low: int = 0
    high: int | None = None
    name: str = "whole number"  # type: ignore[misc]

    def coerce(self, value: Any) -> int:
        if isinstance(value, bool):
            raise ValueError("it must be a whole number")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            value = int(value)
        if not isinstance(value, int):
            raise ValueError("it must be a whole number")
        if value < self.low or (self.high is not None and value > self.high):
            top = f" and {self.high}" if self.high is not None else " or more"
            raise ValueError(f"it must be between {self.low}{top}" if self.high is not None else f"it must be {self.low}{top}")
        return value


@dataclass(frozen=True)
class ChoiceType(SettingType):
    """One of a few words."""

    choices: tuple[str, ...] = ()
    name: str = "choice"  # type: ignore[misc]

    def coerce(self, value: Any) -> str:
        text = SettingType.coerce(self, value).lower()
        if text not in self.choices:
            raise ValueError(f"it must be one of {', '.join(self.choices)}")
        return text


class MonthDayType(SettingType):
    name = "month and day (MM-DD)"

    def coerce(self, value: Any) -> str:
        text = SettingType.coerce(self, value)
        try:
            date.fromisoformat(f"2000-{text}")  # a leap year: 02-29 is a day
        except ValueError:
            raise ValueError("it must be a month and day written MM-DD, such as 01-01 or 07-01") from None
        return text


class FractionType(SettingType):
    """A share from 0 to 1 (a confidence); a float, as the extraction's confidences are."""

    name = "share from 0 to 1"

    def coerce(self, value: Any) -> float:
        number = DecimalType(0, 1).coerce(value)
        return float(number)


class CurrencyType(SettingType):
    name = "currency code"

    def coerce(self, value: Any) -> str:
        code = SettingType.coerce(self, value).upper()
        if not re.fullmatch(r"[A-Z]{3}", code) or not is_currency(code):
            raise ValueError("it must be an ISO 4217 currency code such as EUR, GBP or USD")
        return code


def is_currency(code: str) -> bool:
    from babel.numbers import list_currencies

    return code in list_currencies()


class IbanType(SettingType):
    name = "IBAN (or empty)"

    def coerce(self, value: Any) -> str:
        text = SettingType.coerce(self, value).replace(" ", "").upper()
        if not text:
            return ""
        from schwifty import IBAN
        from schwifty.exceptions import SchwiftyException

        try:
            return str(IBAN(text).compact)
        except SchwiftyException as exc:
            raise ValueError(f"it is not a valid IBAN ({str(exc).rstrip('.').lower()})") from None


class BicType(SettingType):
    name = "BIC (or empty)"

    def coerce(self, value: Any) -> str:
        text = SettingType.coerce(self, value).replace(" ", "").upper()
        if not text:
            return ""
        from schwifty import BIC
        from schwifty.exceptions import SchwiftyException

        try:
            return str(BIC(text, allow_invalid=False).compact)
        except SchwiftyException as exc:
            raise ValueError(f"it is not a valid BIC ({str(exc).rstrip('.').lower()})") from None


class LocaleType(SettingType):
    name = "locale (or empty: this computer's)"

    def coerce(self, value: Any) -> str:
        text = SettingType.coerce(self, value).replace("-", "_")
        if not text:
            return ""
        from babel import Locale, UnknownLocaleError

        try:
            return str(Locale.parse(text))
        except (UnknownLocaleError, ValueError, TypeError):
            raise ValueError("it must be a locale such as en_GB, de_DE or fr_FR") from None


@dataclass(frozen=True)
class Rate:
    """What one unit of a currency is worth in the office currency, and the day that was set."""

    value: Decimal
    as_of: date | None

    @classmethod
    def one(cls) -> Rate:
        return cls(Decimal(1), None)


class RateType(SettingType):
    name = "exchange rate"
    _NUMBER = DecimalType(low=None, places=8)

    def coerce(self, value: Any) -> Rate:
        if isinstance(value, Rate):
            return value
        if isinstance(value, dict):
            number, day = value.get("value"), value.get("as_of")
        else:
            number, day = value, None
        rate = self._NUMBER.coerce(number)
        if rate <= 0:
            raise ValueError("an exchange rate must be more than 0")
        try:
            as_of = date.fromisoformat(day) if isinstance(day, str) else day if isinstance(day, date) else date.today()
        except ValueError:
            raise ValueError(f"“{day}” is not a date (YYYY-MM-DD)") from None
        return Rate(rate, as_of)

    def parse(self, text: str) -> Rate:
        parts = text.replace("@", " ").split()
        if len(parts) not in (1, 2):
            raise ValueError("write the rate, optionally followed by the day it holds for (1.17 2026-03-01)")
        return self.coerce({"value": parts[0], "as_of": parts[1] if len(parts) == 2 else None})

    def dump(self, value: Rate) -> dict[str, Any]:
        return {"value": str(value.value), "as_of": value.as_of.isoformat() if value.as_of else None}

    def show(self, value: Rate) -> str:
        return f"{value.value} (set {value.as_of.isoformat()})" if value.as_of else str(value.value)


class OverrideType(SettingType):
    """Approval rules for one vendor or category: any of a limit, an approver, PO required, three-way."""

    name = "rules (JSON)"
    FIELDS: dict[str, SettingType] = {}

    def coerce(self, value: Any) -> MappingProxyType[str, Any]:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError('it must be a JSON object such as {"auto_approve_limit": "0", "approver": "Sam"}') from None
        if not isinstance(value, Mapping) or not value:
            raise ValueError("it must name at least one of " + ", ".join(self.FIELDS))
        out: dict[str, Any] = {}
        for name, raw in value.items():
            if name not in self.FIELDS:
                raise ValueError(f"“{name}” is not a rule; use {', '.join(self.FIELDS)}")
            try:
                out[name] = self.FIELDS[name].coerce(raw)
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from None
        return MappingProxyType(out)

    def dump(self, value: Any) -> dict[str, Any]:
        return {k: self.FIELDS[k].dump(v) for k, v in value.items()}

    def show(self, value: Any) -> str:
        return json.dumps(self.dump(value))


TEXT = SettingType()
BOOL = BoolType()
MONEY = DecimalType(low=0, places=2, name="amount")
PERCENT = DecimalType(low=0, high=100, places=4, name="percentage")
FRACTION = FractionType()
CURRENCY = CurrencyType()
IBAN = IbanType()
BIC = BicType()
LOCALE = LocaleType()
RATE = RateType()
OVERRIDE = OverrideType()
OverrideType.FIELDS = {"auto_approve_limit": MONEY, "approver": TEXT, "po_required": BOOL, "three_way": BOOL}
