"""One generated invoice (`SampleInvoice`) and how it is printed (`PrintStyle`).

The generator (`invoices`) fills these in; the renderers (`layouts`, `scans`) only read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.pagesizes import A4

from bodesk.core.records import ExtractionResult

from .locales import format_date, format_number
from .parties import Party, VendorProfile


@dataclass(frozen=True)
class PrintStyle:
    """Every printing choice of one invoice: labels, number/date/money formats and what is shown."""

    labels: dict[str, str]
    decimal_sep: str
    group_sep: str
    money_prefix: str
    money_suffix: str
    places: int  # decimals printed for amounts (0 for most rupiah invoices)
    date_style: str
    show_due: bool
    show_tax_id: bool
    show_iban: bool
    iban_grouped: bool
    tax_id_text: str  # the vendor tax id as printed (possibly grouped with spaces)
    currency_note: str  # "" unless the symbol alone is ambiguous
    currency_on_lines: bool
    currency_on_subtotals: bool
    customer_no: str
    accent: tuple[float, float, float]
    font: str  # "Helvetica" or "Times"
    page: tuple[float, float] = A4


@dataclass
class SampleInvoice:
    """One generated invoice: the ground truth and everything needed to print it the same way again."""

    truth: ExtractionResult
    layout: str
    locale: str
    buyer_name: str
    vendor: VendorProfile
    buyer: Party
    style: PrintStyle
    tax_rate: Decimal
    terms_days: int

    @property
    def lang(self) -> str:
        return self.locale[:2]

    def number(self, value: Decimal) -> str:
        return format_number(value, self.style.decimal_sep, self.style.group_sep, self.style.places)

    def money(self, value: Decimal) -> str:
        """An amount exactly as the totals block prints it, currency included."""
        return f"{self.style.money_prefix}{self.number(value)}{self.style.money_suffix}"

    def quantity(self, value: Decimal) -> str:
        return format(value.normalize(), "f").replace(".", self.style.decimal_sep)

    def date_text(self, value: date) -> str:
        return format_date(value, self.style.date_style, self.lang)

    def label(self, key: str) -> str:
        return self.style.labels[key]

    @property
    def title(self) -> str:
        """The document title in running text: "Tax Invoice", "Rechnung" (labels may be all capitals)."""
        title = self.label("title")
        return title.title() if title.isupper() else title

    @property
    def rate_text(self) -> str:
        return format(self.tax_rate.normalize(), "f").replace(".", self.style.decimal_sep)
