"""Xero and QuickBooks Online bill imports, and a generic CSV for any other tool.

Xero: the purchase bill import template (Business › Bills to pay › Import; Xero Central, "Import
bills"), columns *ContactName, EmailAddress, POAddressLine1–4, POCity, PORegion, POPostalCode,
POCountry, *InvoiceNumber, *InvoiceDate, *DueDate, Total, InventoryItemCode, Description,
*Quantity, *UnitAmount, *AccountCode, *TaxType, TaxAmount, TrackingName1, TrackingOption1,
TrackingName2, TrackingOption2, Currency — starred ones required. One row per line item; amounts
are tax exclusive (choose "Tax exclusive" when importing); a credit note has a negative UnitAmount,
which Xero imports as a credit note. Dates in the organisation's order (a setting, DD/MM/YYYY by default);
TaxType is the tax rate's name as set up in Xero (`books.tax_name.CODE`, else bodesk's name for the code).

QuickBooks Online: the bill import (Settings › Import data › Bills; Intuit's help article "Import
bills into QuickBooks Online"), columns Bill No, Vendor, Bill Date, Due Date, Terms, Location, Memo,
Account, Line Description, Line Amount, Line Tax Code, Line Tax Amount; one row per line item, the
header columns repeated on each. A credit note's line amounts are negative. Dates MM/DD/YYYY by default.

Generic: one row per line item or per invoice (a setting), ISO dates, amounts with a decimal point.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bodesk.core import csvsafe
from bodesk.core.books import tax_code
from bodesk.core.exports import ExportInvoice, ExportLine

XERO_COLUMNS = (
    "*ContactName", "EmailAddress", "POAddressLine1", "POAddressLine2", "POAddressLine3", "POAddressLine4",
    "POCity", "PORegion", "POPostalCode", "POCountry", "*InvoiceNumber", "*InvoiceDate", "*DueDate", "Total",
    "InventoryItemCode", "Description", "*Quantity", "*UnitAmount", "*AccountCode", "*TaxType", "TaxAmount",
    "TrackingName1", "TrackingOption1", "TrackingName2", "TrackingOption2", "Currency",
)

QUICKBOOKS_COLUMNS = (
    "Bill No", "Vendor", "Bill Date", "Due Date", "Terms", "Location", "Memo", "Account", "Line Description",
    "Line Amount", "Line Tax Code", "Line Tax Amount",
)

CSV_LINE_COLUMNS = (
    "invoice_id", "vendor", "invoice_number", "invoice_date", "due_date", "currency", "document_type", "line",
    "description", "quantity", "unit_price", "net", "tax", "gross", "account", "cost_centre", "tax_code",
)
CSV_INVOICE_COLUMNS = (
    "invoice_id", "vendor", "invoice_number", "invoice_date", "due_date", "currency", "document_type",
    "subtotal", "tax", "total", "account", "cost_centre", "tax_code", "po_number",
)


def _tax_label(line: ExportLine, names: dict[str, str]) -> str:
    """The tax rate's name in the tool: the office's own name for the code if set, else bodesk's."""
    code = tax_code(line.booking.tax_code)
    if code is None:
        return line.booking.tax_code or ""
    return names.get(code.code) or code.label


def _quantity_and_price(line: ExportLine) -> tuple[Any, Any]:
    """Quantity × unit price when they make the net amount; otherwise 1 × the net amount."""
    if line.quantity and line.unit_price is not None and abs(line.quantity * line.unit_price - abs(line.net)) < 0.005:
        price = -abs(line.unit_price) if line.net < 0 else line.unit_price
        return line.quantity, price
    return 1, line.net


def _write_line_rows(path: Path, columns: tuple[str, ...], invoices: list[ExportInvoice],
                     row: Callable[[ExportInvoice, ExportLine], dict[str, object]]) -> None:
    """A CSV of one row per booking line, `row(invoice, line)` giving its values by column name."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csvsafe.writer(handle)
        out.writerow(columns)
        for inv in invoices:
            for line in inv.lines:
                values = row(inv, line)
                out.writerow(values.get(c) for c in columns)


def write_xero(invoices: list[ExportInvoice], path: Path, options: tuple[str, dict[str, str]] = ("%d/%m/%Y", {})) -> None:
    """`options`: the date format and the office's names for tax codes."""
    date_format, names = options

    def row(inv: ExportInvoice, line: ExportLine) -> dict[str, object]:
        quantity, price = _quantity_and_price(line)
        return {
            "*ContactName": inv.vendor_name,
            "*InvoiceNumber": inv.invoice_number,
            "*InvoiceDate": inv.invoice_date.strftime(date_format),
            "*DueDate": (inv.due_date or inv.invoice_date).strftime(date_format),
            "Description": line.description,
            "*Quantity": quantity,
            "*UnitAmount": price,
            "*AccountCode": line.booking.account,
            "*TaxType": _tax_label(line, names),
            "TaxAmount": line.tax,
            "TrackingName1": "Cost centre" if line.booking.cost_centre else None,
            "TrackingOption1": line.booking.cost_centre,
            "Currency": inv.currency,
        }

    _write_line_rows(path, XERO_COLUMNS, invoices, row)


def write_quickbooks(invoices: list[ExportInvoice], path: Path, options: tuple[str, dict[str, str]] = ("%m/%d/%Y", {})) -> None:
    """`options`: the date format and the office's names for tax codes."""
    date_format, names = options

    def row(inv: ExportInvoice, line: ExportLine) -> dict[str, object]:
        return {
            "Bill No": inv.invoice_number,
            "Vendor": inv.vendor_name,
            "Bill Date": inv.invoice_date.strftime(date_format),
            "Due Date": (inv.due_date or inv.invoice_date).strftime(date_format),
            "Location": line.booking.cost_centre,
            "Memo": f"Credit note {inv.invoice_number}" if inv.credit else (f"PO {inv.po_number}" if inv.po_number else None),
            "Account": line.booking.account,
            "Line Description": line.description,
            "Line Amount": line.net,
            "Line Tax Code": _tax_label(line, names),
            "Line Tax Amount": line.tax,
        }

    _write_line_rows(path, QUICKBOOKS_COLUMNS, invoices, row)


def write_csv(invoices: list[ExportInvoice], path: Path, per: str = "line") -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csvsafe.writer(handle)
        out.writerow(CSV_INVOICE_COLUMNS if per == "invoice" else CSV_LINE_COLUMNS)
        for inv in invoices:
            head = [inv.invoice_id, inv.vendor_name, inv.invoice_number, inv.invoice_date, inv.due_date, inv.currency,
                    "credit_note" if inv.credit else "invoice"]
            if per == "invoice":
                b = inv.booking
                out.writerow([*head, inv.subtotal, inv.tax, inv.total, b.account, b.cost_centre, b.tax_code, inv.po_number])
                continue
            for n, line in enumerate(inv.lines, start=1):
                b = line.booking
                out.writerow([*head, n, line.description, line.quantity, line.unit_price, line.net, line.tax, line.gross,
                              b.account, b.cost_centre, b.tax_code])
