"""How the office reads money, dates, counts and IBANs: one helper for the window, the CLI's
tables and the reports, built on Babel (no Qt), so every screen shows a value the same way.

`OfficeFormat(locale, currency)` formats and parses in the office's locale:

    >>> f = OfficeFormat("de_DE", "EUR")
    >>> f.money(Decimal("1234.5"))
    '1.234,50\xa0€'
    >>> f.date(date(2026, 11, 26)), f.parse_date("26.11.2026"), f.parse_amount("1.234,50")
    ('26.11.2026', datetime.date(2026, 11, 26), Decimal('1234.50'))

The window sets the workspace's format once with `set_default()`; code that has no settings at
hand (a table model) asks `default()`. A value that cannot be parsed raises `FormatError`, whose
message is a sentence saying how to type it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any

from babel import Locale, UnknownLocaleError
from babel import default_locale as _babel_default_locale
from babel.dates import format_date, format_time, get_date_format
from babel.numbers import format_currency, is_currency, format_decimal, format_percent, get_decimal_symbol, get_group_symbol

FALLBACK_LOCALE = "en_GB"
BLANK = "—"
_SPACES = re.compile(r"[\s\u00a0\u202f'’]+")
_DATE_SEPARATORS = re.compile(r"[./\-\s]+")
_ORDER_WORDS = {"d": "day", "M": "month", "y": "year"}


class FormatError(ValueError):
    """A typed value that is not a date or an amount; the message says how to type it."""


def system_locale() -> str:
    """The computer's locale as Babel names it (en_GB when it has none, as under LANG=C)."""
    name = _babel_default_locale("LC_TIME") or ""
    if not name or "POSIX" in name:
        return FALLBACK_LOCALE
    try:
        Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        return FALLBACK_LOCALE
    return name


def valid_locale(name: str) -> str:
    """`name` as a Babel locale identifier ("de-DE" → "de_DE"); FormatError if Babel does not know it."""
    try:
        return str(Locale.parse(name.replace("-", "_")))
    except (UnknownLocaleError, ValueError) as exc:
        raise FormatError(f"“{name}” is not a locale bodesk knows; use a code such as en_GB, en_US or de_DE.") from exc


def iban(text: str | None) -> str:
    """An IBAN in groups of four, as printed on invoices: "DE89 3704 0044 0532 0130 00"."""
    if not text:
        return BLANK
    compact = re.sub(r"\s+", "", text).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """The English word for n things, without the number: plural(1, "invoice") → "invoice"."""
    return singular if n == 1 else (plural_form or singular + "s")


@dataclass(frozen=True)
class OfficeFormat:
    """Formatting and parsing in one office's locale; `currency` is the office's own currency."""

    locale: str = FALLBACK_LOCALE
    currency: str = "EUR"

    @classmethod
    def from_settings(cls, settings: Any) -> OfficeFormat:
        """The office's format from its settings (`office.locale`, the system's locale when empty;
        `office.currency`). A locale Babel does not know falls back rather than stop the window."""
        locale = settings.get("office.locale", None) or system_locale()
        currency = settings.get("office.currency", None) or "EUR"
        try:
            locale = valid_locale(str(locale))
        except FormatError:
            locale = system_locale()
        return cls(locale, str(currency).upper())

    # -- numbers ---------------------------------------------------------------------------------
    def money(self, amount: Decimal | float | int | None, currency: str | None = None) -> str:
        """An amount with its currency as the office writes it: "€1,234.50", "1.234,50 €"."""
        if amount is None:
            return BLANK
        return format_currency(Decimal(str(amount)), (currency or self.currency).upper(), locale=self.locale)

    def amount(self, amount: Decimal | float | int | None, places: int = 2) -> str:
        """An amount without currency, with `places` decimals: "1,234.50", "1.234,50"."""
        if amount is None:
            return BLANK
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(Decimal(str(amount)), format=pattern, locale=self.locale, decimal_quantization=True)

    def number(self, value: Decimal | float | int | None) -> str:
        """A quantity as it is, without trailing zeros: "2", "1,5", "12.345"."""
        if value is None:
            return BLANK
        value = Decimal(str(value))
        return format_decimal(value.normalize() if value == value.to_integral() else value, locale=self.locale)

    def count(self, n: int, singular: str, plural_form: str | None = None) -> str:
        """A number of things: "1 invoice", "3 invoices", "1,204 invoices"."""
        return f"{format_decimal(n, locale=self.locale)} {plural(n, singular, plural_form)}"

    def percent(self, ratio: float | Decimal | None, places: int = 1) -> str:
        """A ratio (0.25) as a percentage: "25.0%", "25,0 %"."""
        if ratio is None:
            return BLANK
        return format_percent(ratio, format="#,##0." + "0" * places + "%" if places else "#,##0%", locale=self.locale)

    @cached_property
    def decimal_symbol(self) -> str:
        return get_decimal_symbol(self.locale)

    @cached_property
    def group_symbol(self) -> str:
        return get_group_symbol(self.locale)

    def parse_amount(self, text: str | None) -> Decimal | None:
        """What a person typed as an amount, with the office's decimal separator ("1.234,50" in
        Germany, "1,234.50" in the US; a currency code or symbol is ignored). Empty: None."""
        raw = (text or "").strip()
        if not raw:
            return None
        body = _SPACES.sub("", raw)
        negative = body.startswith("-") or body.endswith("-") or (body.startswith("(") and body.endswith(")"))
        body = _strip_currency(body)
        dec = self.decimal_symbol
        grp = self.group_symbol if self.group_symbol not in (" ", "\u00a0", "\u202f", "'", "’") else ""
        number = self._normalise(body, dec, grp)
        if number is None:
            example = self.amount(Decimal("1234.5"))
            raise FormatError(f"“{raw}” is not an amount; type it like {example} (with “{dec}” before the cents).")
        value = Decimal(number)
        return -value if negative else value

    @staticmethod
    def _normalise(body: str, dec: str, grp: str) -> str | None:
        """`body` (digits and separators only) as a plain decimal string, or None when it is not one."""
        if not body or not re.fullmatch(r"[\d.,]+", body):
            return None
        if grp and grp in body and dec in body:
            whole, _, cents = body.rpartition(dec)
            if grp in cents or not _grouped(whole, grp):
                return None
            return _digits(whole.replace(grp, "") + "." + cents)
        if dec in body:
            whole, _, cents = body.partition(dec)
            return _digits(whole + "." + cents) if dec not in cents else None
        other = "," if dec == "." else "."
        if grp and grp in body and _grouped(body, grp):
            return _digits(body.replace(grp, ""))
        # The other separator once with one or two digits after it cannot be grouping: a decimal
        # typed by habit ("12.50" in a German office).
        if body.count(other) == 1 and len(body.rpartition(other)[2]) in (1, 2):
            return _digits(body.replace(other, "."))
        return _digits(body)

    # -- dates -----------------------------------------------------------------------------------
    @cached_property
    def date_pattern(self) -> str:
        """The locale's short numeric date pattern with a four-digit year ("dd.MM.yyyy", "M/d/yyyy")."""
        pattern = get_date_format("short", locale=self.locale).pattern
        return re.sub(r"y+", "yyyy", pattern)

    @cached_property
    def date_order(self) -> tuple[str, str, str]:
        """The order of day, month and year in the locale's dates, e.g. ("d", "M", "y")."""
        letters = [c for c in re.sub(r"'[^']*'", "", self.date_pattern) if c in "dMy"]
        order: list[str] = []
        for c in letters:
            if c not in order:
                order.append(c)
        return tuple(order) if len(order) == 3 else ("d", "M", "y")  # type: ignore[return-value]

    @property
    def date_hint(self) -> str:
        """How to type a date here, e.g. "day.month.year, like 26.11.2026"."""
        found = re.search(r"[^dMy]", self.date_pattern)
        order = (found.group(0) if found else "/").join(_ORDER_WORDS[c] for c in self.date_order)
        return f"{order}, like {self.date(date(2026, 11, 26))}"

    def date(self, value: date | datetime | None) -> str:
        """A date as the office writes it by hand: "26.11.2026", "11/26/2026", "26/11/2026"."""
        if value is None:
            return BLANK
        if isinstance(value, datetime):
            value = value.date()
        return format_date(value, format=self.date_pattern, locale=self.locale)

    def day(self, value: date | datetime | None) -> str:
        """A date with its weekday, for checklists and due dates: "Mon 07.12.2026", "Mon 12/7/2026"."""
        if value is None:
            return BLANK
        return f"{value:%a} {self.date(value)}"

    def datetime(self, value: datetime | None) -> str:
        """A moment: the date and the time of day ("26.11.2026 14:05", "11/26/2026 2:05 PM")."""
        if value is None:
            return BLANK
        return f"{self.date(value)} {format_time(value, format='short', locale=self.locale)}"

    def parse_date(self, text: str | None) -> date | None:
        """A typed date in the office's order (day, month, year for "26.11.2026"; month first in a
        US office), two-digit years as 20yy, or ISO "2026-11-26". Empty: None."""
        raw = (text or "").strip()
        if not raw:
            return None
        parts = [p for p in _DATE_SEPARATORS.split(raw) if p]
        try:
            if len(parts) != 3 or not all(p.isdigit() for p in parts):
                raise ValueError
            if len(parts[0]) == 4:  # ISO, whatever the locale
                y, m, d = (int(p) for p in parts)
            else:
                values = dict(zip(self.date_order, (int(p) for p in parts), strict=True))
                d, m, y = values["d"], values["M"], values["y"]
                year_digits = len(parts[self.date_order.index("y")])
                if year_digits not in (2, 4):
                    raise ValueError
                y += 2000 if year_digits == 2 else 0
            return date(y, m, d)
        except ValueError:
            raise FormatError(f"“{raw}” is not a date; type it as {self.date_hint}.") from None


def _strip_currency(body: str) -> str:
    """`body` without a currency code or symbol, sign or brackets at either end ("EUR", "€", "(…)")."""
    for _ in range(2):
        code = re.match(r"^([A-Za-z]{3})|([A-Za-z]{3})$", body)
        if code and is_currency((code.group(1) or code.group(2)).upper()):
            body = body[3:] if code.group(1) else body[:-3]
        body = _strip_edges(body)
    return body


def _strip_edges(body: str) -> str:
    def junk(c: str) -> bool:
        return unicodedata.category(c) == "Sc" or c in "-+()"

    start, end = 0, len(body)
    while start < end and junk(body[start]):
        start += 1
    while end > start and junk(body[end - 1]):
        end -= 1
    return body[start:end]


def _grouped(text: str, grp: str) -> bool:
    """True when `text` is digits grouped in threes by `grp` ("1.234.567")."""
    head, *rest = text.split(grp)
    return bool(head) and len(head) <= 3 and all(len(g) == 3 for g in rest) and bool(rest)


def _digits(text: str) -> str | None:
    try:
        Decimal(text)
    except InvalidOperation:
        return None
    return text if re.fullmatch(r"\d*\.?\d*", text) and any(c.isdigit() for c in text) else None


_default = OfficeFormat(system_locale())


def default() -> OfficeFormat:
    """The format of the workspace that is open (the system's locale until one is set)."""
    return _default


def set_default(fmt: OfficeFormat) -> None:
    """Called when a workspace opens or its office settings change."""
    global _default
    _default = fmt
