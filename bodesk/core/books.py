"""Bookkeeping words with no database behind them: tax codes, charts of accounts, and whether a tax
code fits the tax an invoice shows.

A chart of accounts is a list of `number,name[,tax_code]` rows. bodesk ships three starting charts
in `resources/charts/` (SKR03 and SKR04 expense accounts for Germany, a generic small-business
expense list); the office replaces them with its own (`bodesk accounts import`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bodesk.core.vocabulary import BookingSource
from bodesk.paths import resources_dir

CENT = Decimal("0.01")

SOURCE_PERSON = BookingSource.PERSON
SOURCE_VENDOR = BookingSource.VENDOR_HISTORY
SOURCE_TEXT = BookingSource.LINE_TEXT


@dataclass(frozen=True)
class TaxCode:
    """A tax code an invoice line is booked with: its input-tax rate, the DATEV tax key (BU-Schlüssel)
    for German charts, and the name the other tools know it by."""

    code: str
    rate: Decimal  # percent
    datev_key: str  # "" when the account needs none (no input tax)
    label: str  # the tax rate's name in Xero / QuickBooks (must match the names set up there)


TAX_CODES: dict[str, TaxCode] = {
    t.code.lower(): t
    for t in (
        # DATEV tax keys for input tax (Vorsteuer): 9 = 19 %, 8 = 7 %.
        TaxCode("VSt19", Decimal(19), "9", "19% Vorsteuer"),
        TaxCode("VSt7", Decimal(7), "8", "7% Vorsteuer"),
        TaxCode("frei", Decimal(0), "", "Steuerfrei"),
        TaxCode("VAT20", Decimal(20), "", "20% (VAT on Expenses)"),
        TaxCode("VAT21", Decimal(21), "", "21% (VAT on Expenses)"),
        TaxCode("VAT5", Decimal(5), "", "5% (VAT on Expenses)"),
        TaxCode("VAT0", Decimal(0), "", "Zero Rated Expenses"),
        TaxCode("GST10", Decimal(10), "", "GST on Expenses"),
        TaxCode("GST15", Decimal(15), "", "15% GST on Expenses"),
        TaxCode("GST9", Decimal(9), "", "9% GST on Purchases"),
        TaxCode("PPN11", Decimal(11), "", "PPN 11% Masukan"),
        TaxCode("NONE", Decimal(0), "", "No VAT"),
    )
}


def tax_code(code: str | None) -> TaxCode | None:
    """The tax code spelled `code` (any case), or None when bodesk does not know it."""
    return TAX_CODES.get((code or "").strip().lower())


def tax_code_names() -> str:
    return ", ".join(t.code for t in TAX_CODES.values())


def expected_tax(net: Decimal, code: TaxCode) -> Decimal:
    return (net * code.rate / 100).quantize(CENT)


def tax_fits(parts: list[tuple[Decimal, TaxCode]], tax: Decimal | None, lines: int = 1) -> bool:
    """Whether `tax` is what the net amounts at their tax codes make, give or take a cent a line."""
    expected = sum((expected_tax(net, code) for net, code in parts), Decimal(0))
    return abs(abs(tax or Decimal(0)) - abs(expected)) <= CENT * max(lines, 1) + CENT


@dataclass(frozen=True)
class Account:
    """One account of the chart: its number, its name, and the tax code it is usually booked with."""

    number: str
    name: str
    tax_code: str | None = None

    @property
    def label(self) -> str:
        return f"{self.number} {self.name}"


#: The starting charts shipped with bodesk, by key.
STARTING_CHARTS = {"skr03": "SKR03 (Germany, DATEV)", "skr04": "SKR04 (Germany, DATEV)", "generic": "Generic small business"}


def starting_chart_path(key: str) -> Path:
    return resources_dir() / "charts" / f"{key}.csv"


def parse_chart(text: str) -> tuple[list[Account], list[str]]:
    """Accounts from CSV text with the columns `number,name[,tax_code]`; each bad row is a sentence."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [], ["The file is empty; it needs the columns number,name and optionally tax_code."]
    header = [h.strip().lower().lstrip("\ufeff") for h in rows[0]]
    if header[:2] != ["number", "name"]:
        return [], [f"The first row must name the columns number,name[,tax_code]; it says {','.join(rows[0])}."]
    accounts: list[Account] = []
    errors: list[str] = []
    seen: set[str] = set()
    for index, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        number = row[0].strip() if row else ""
        name = row[1].strip() if len(row) > 1 else ""
        code = row[2].strip() if len(row) > 2 and row[2].strip() else None
        if not number.isdigit():
            errors.append(f"Row {index}: account number “{number}” must be digits only, e.g. 4930.")
        elif not name:
            errors.append(f"Row {index}: account {number} has no name.")
        elif number in seen:
            errors.append(f"Row {index}: account {number} appears twice.")
        elif code is not None and tax_code(code) is None:
            errors.append(f"Row {index}: tax code “{code}” is not one bodesk knows ({tax_code_names()}).")
        else:
            seen.add(number)
            accounts.append(Account(number, name, tax_code(code).code if code else None))  # type: ignore[union-attr]
    return accounts, errors


def starting_chart(key: str) -> list[Account]:
    accounts, _ = parse_chart(starting_chart_path(key).read_text(encoding="utf-8"))
    return accounts
