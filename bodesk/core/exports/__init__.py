"""Exports for the accountant's software: what an exported invoice is, and the formats that write it.

The store gathers approved invoices with their bookings into `ExportInvoice`s; each format module
writes them in its tool's own import layout (`datev`, `xero`, `quickbooks`, `csv`). A credit note's
amounts are negative here, whatever sign the document printed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from bodesk.core.books import CENT, TaxCode, expected_tax, tax_code
from bodesk.core.suggest import Booking

FORMATS = ("datev", "xero", "quickbooks", "csv")
FORMAT_LABELS = {
    "datev": "DATEV Buchungsstapel (EXTF CSV)",
    "xero": "Xero bills (CSV)",
    "quickbooks": "QuickBooks Online bills (CSV)",
    "csv": "Generic CSV",
}


@dataclass(frozen=True)
class ExportLine:
    """One booked amount of an invoice: a line item, or the whole invoice when it has no usable lines."""

    description: str
    quantity: Decimal | None
    unit_price: Decimal | None
    net: Decimal
    tax: Decimal
    booking: Booking

    @property
    def gross(self) -> Decimal:
        return self.net + self.tax


@dataclass
class ExportInvoice:
    invoice_id: int
    vendor_name: str
    invoice_number: str
    invoice_date: date
    due_date: date | None
    currency: str
    subtotal: Decimal
    tax: Decimal
    total: Decimal
    credit: bool
    booking: Booking
    lines: list[ExportLine] = field(default_factory=list)
    creditor: int | None = None  # DATEV creditor account
    po_number: str | None = None
    document: Path | None = None


def _signed(value: Decimal | None, credit: bool) -> Decimal:
    value = value or Decimal(0)
    return -abs(value) if credit else value


def build_lines(
    *,
    lines: list[tuple[str | None, Decimal | None, Decimal | None, Decimal | None, Booking]],
    subtotal: Decimal,
    tax: Decimal,
    fallback: str,
    booking: Booking,
) -> list[ExportLine]:
    """Export lines from an invoice's line items (description, quantity, unit price, amount, booking):
    used when their amounts add up to the net total; otherwise one line for the whole invoice.
    The invoice's tax is shared out by each line's tax code, the last cent going to the largest line."""
    usable = [li for li in lines if li[3] is not None]
    if not usable or abs(sum((li[3] for li in usable), Decimal(0)) - subtotal) > CENT * len(usable):
        usable = [(fallback, None, None, subtotal, booking)]
    codes = [tax_code(li[4].tax_code) for li in usable]
    shares = [expected_tax(li[3], code) if code else Decimal(0) for li, code in zip(usable, codes, strict=True)]  # type: ignore[arg-type]
    if shares and sum(shares) != tax:
        largest = max(range(len(usable)), key=lambda i: abs(usable[i][3]))  # type: ignore[arg-type]
        shares[largest] += tax - sum(shares)
    return [
        ExportLine(desc or fallback, qty, price, amount, share, b)  # type: ignore[arg-type]
        for (desc, qty, price, amount, b), share in zip(usable, shares, strict=True)
    ]


def signed_invoice(credit: bool, subtotal: Decimal | None, tax: Decimal | None, total: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(net, tax, total) with a credit note's amounts negative; a missing net is total minus tax."""
    tax_ = _signed(tax, credit)
    total_ = _signed(total, credit)
    net = _signed(subtotal, credit) if subtotal is not None else total_ - tax_
    return net, tax_, total_


def tax_code_of(line: ExportLine) -> TaxCode | None:
    return tax_code(line.booking.tax_code)


Writer = Callable[[list[ExportInvoice], Path, Any], None]


def writer_for(fmt: str) -> Writer:
    from bodesk.core.exports import datev, tools

    return {"datev": datev.write, "xero": tools.write_xero, "quickbooks": tools.write_quickbooks, "csv": tools.write_csv}[fmt]
