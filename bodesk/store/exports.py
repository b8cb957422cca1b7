"""Exporting approved invoices to the accountant's software, each once.

`run_export` takes the approved (or scheduled, or paid) invoices of a period that no export has
carried yet (all of the period with `again`), checks each (an account, in the chart, with a tax
code that fits its tax), writes the ones that pass in the chosen format and records that they left,
when and in which export. Invoices that fail a check are listed with a sentence and stay for the
next export. Nothing new: no file, and a sentence saying so.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bodesk.core import books as core
from bodesk.core.vocabulary import AuditAction, InvoiceStatus
from bodesk.core.exports import FORMATS, ExportInvoice, build_lines, signed_invoice, writer_for
from bodesk.core.exports.datev import DatevSettings, fiscal_year_start
from bodesk.errors import BodeskError
from bodesk.settings import Settings
from bodesk.store import Store, audit
from bodesk.store.books import InvoiceBooking, accounts, apply_suggestions
from bodesk.store.schema import Invoice
from bodesk.store.schema_books import CreditorAccount, Export, ExportItem

#: Invoices in these states are ready for the books.
EXPORTABLE = (InvoiceStatus.APPROVED, InvoiceStatus.SCHEDULED, InvoiceStatus.PAID)


@dataclass
class ExportResult:
    """What an export did: the file (None when nothing was written), the invoices it carried, and
    the invoices held back with a sentence each."""

    format: str
    path: Path | None
    export_id: int | None = None
    invoice_ids: list[int] = field(default_factory=list)
    held: list[tuple[int, str]] = field(default_factory=list)
    documents: Path | None = None
    note: str | None = None

    def sentence(self) -> str:
        if self.path is None:
            text = "Nothing new to export: every approved invoice of the period has been exported already."
            if self.held:
                n = len(self.held)
                text = f"Nothing exported: {n} invoice{'s need' if n != 1 else ' needs'} attention first."
        else:
            n = len(self.invoice_ids)
            text = f"Exported {n} invoice{'s' if n != 1 else ''} to {self.path.name}."
            if self.held:
                text += f" {len(self.held)} held back (see the list)."
        return text + (f" {self.note}" if self.note else "")


def _is_credit(invoice: Invoice) -> bool:
    """A credit note by its document type; a negative total is one too, whatever it was read as."""
    return invoice.document_type == "credit_note" or (invoice.total or Decimal(0)) < 0


def _day(invoice: Invoice) -> date:
    return invoice.invoice_date or invoice.created_at.date()


def candidates(session: Session, start: date | None, end: date | None, again: bool) -> list[Invoice]:
    stmt = select(Invoice).where(Invoice.status.in_(EXPORTABLE)).options(selectinload(Invoice.lines), selectinload(Invoice.document))
    if not again:
        stmt = stmt.where(~select(ExportItem.id).where(ExportItem.invoice_id == Invoice.id).exists())
    found = [inv for inv in session.scalars(stmt.order_by(Invoice.invoice_date, Invoice.id))]
    return [inv for inv in found if (start is None or _day(inv) >= start) and (end is None or _day(inv) <= end)]


def check(invoice: Invoice, booking: InvoiceBooking, chart: dict[str, core.Account], fmt: str) -> str | None:
    """Why `invoice` cannot be exported, as a sentence, or None when it can."""
    name = f"Invoice {invoice.id} ({invoice.vendor_name or 'unknown vendor'} {invoice.invoice_number or 'without number'})"
    head, lines, _ = booking.effective()
    if head is None:
        return f"{name} has no account; book it in the inbox or with: bodesk invoices code {invoice.id} --account N --by NAME."
    missing = [f for f, v in (("vendor", invoice.vendor_name), ("invoice number", invoice.invoice_number), ("total", invoice.total))
               if v is None or v == ""]
    if missing:
        return f"{name} has no {' and no '.join(missing)}; correct it first."
    for b in (head, *lines.values()):
        if b.account not in chart:
            return f"{name} is booked to account {b.account}, which is not in the chart of accounts."
        if b.tax_code is None or core.tax_code(b.tax_code) is None:
            return f"{name} has no tax code it can be exported with; book it with --tax-code ({core.tax_code_names()})."
    if fmt == "datev" and (invoice.currency or "EUR") != "EUR":
        return f"{name} is in {invoice.currency}; DATEV batches here are in EUR, so book it by hand or export it with another format."
    return None


def _tax_check(name: str, exported: ExportInvoice) -> str | None:
    parts = [(line.net, core.tax_code(line.booking.tax_code)) for line in exported.lines]
    if core.tax_fits(parts, exported.tax, len(parts)):  # type: ignore[arg-type]
        return None
    expected = sum((core.expected_tax(n, c) for n, c in parts if c), Decimal(0))
    codes = ", ".join(sorted({line.booking.tax_code or "" for line in exported.lines}))
    return f"{name}: its tax {abs(exported.tax):.2f} does not fit tax code {codes} ({abs(expected):.2f} expected on {abs(exported.subtotal):.2f})."


def to_export(invoice: Invoice, booking: InvoiceBooking) -> ExportInvoice:
    head, line_bookings, _ = booking.effective()
    assert head is not None
    credit = _is_credit(invoice)
    net, tax, total = signed_invoice(credit, invoice.subtotal, invoice.tax, invoice.total or Decimal(0))
    sign = Decimal(-1) if credit and (invoice.total or 0) > 0 else Decimal(1)
    items = [(li.description, li.quantity, li.unit_price, None if li.amount is None else li.amount * sign,
              line_bookings.get(li.line_no, head)) for li in invoice.lines]
    lines = build_lines(lines=items, subtotal=net, tax=tax, fallback=invoice.vendor_name or "", booking=head)
    return ExportInvoice(
        invoice_id=invoice.id, vendor_name=invoice.vendor_name or "", invoice_number=invoice.invoice_number or "",
        invoice_date=_day(invoice), due_date=invoice.due_date, currency=invoice.currency or "EUR",
        subtotal=net, tax=tax, total=total, credit=credit, booking=head, lines=lines, po_number=invoice.po_number,
    )


def creditor_for(session: Session, invoice: Invoice, base: int) -> int:
    """The vendor's DATEV creditor account: given the first time, the same ever after."""
    key = f"vendor:{invoice.vendor_id}" if invoice.vendor_id else f"name:{(invoice.vendor_name or '').strip().lower()}"
    row = session.scalar(select(CreditorAccount).where(CreditorAccount.vendor_key == key))
    if row is None:
        highest = session.scalar(select(func.max(CreditorAccount.number)))
        row = CreditorAccount(vendor_key=key, number=max(base, (highest or base - 1) + 1))
        session.add(row)
        session.flush()
    return row.number


def _datev_settings(settings: Settings, first: date, by: str) -> DatevSettings:
    if not (1001 <= settings["books.datev_consultant_number"] <= 9999999 and 1 <= settings["books.datev_client_number"] <= 99999):
        raise BodeskError(
            "DATEV needs your accountant's consultant number (1001–9999999) and client number (1–99999); "
            "enter them in the Export window or pass --datev-consultant N --datev-client N once."
        )
    return DatevSettings(
        consultant=settings["books.datev_consultant_number"], client=settings["books.datev_client_number"],
        fiscal_year_start=fiscal_year_start(first, settings["books.datev_fiscal_year_start"]),
        account_length=settings["books.datev_account_length"], chart="04" if settings["books.chart"] == "skr04" else "03",
        exported_by=by,
    )


def _document_name(number: str, used: set[str]) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", number).strip("._") or "invoice"
    name, n = f"{stem}.pdf", 2
    while name in used:
        name, n = f"{stem}-{n}.pdf", n + 1
    used.add(name)
    return name


def _write_documents(store: Store, invoices: list[tuple[Invoice, ExportInvoice]], target: Path) -> Path:
    tmp = target.with_name(target.name + ".part")
    used: set[str] = set()
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for invoice, exported in invoices:
            source = store.document_file(invoice.document.stored_path)
            if source.is_file():
                name = _document_name(exported.invoice_number, used)
                archive.write(source, name if invoice.document.kind == "pdf" else Path(name).with_suffix(source.suffix).name)
    os.replace(tmp, target)
    return target


def run_export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    by: str,
    start: date | None = None,
    end: date | None = None,
    again: bool = False,
    documents: bool = False,
    settings: Settings | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    if fmt not in FORMATS:
        raise BodeskError(f"“{fmt}” is not an export format; use one of {', '.join(FORMATS)}.")
    settings = settings or store.settings
    chart = {a.number: a for a in accounts(store)}
    result = ExportResult(fmt, None)
    with store.session() as session:
        found = candidates(session, start, end, again)
        bookings = apply_suggestions(session, [inv.id for inv in found])
        ready: list[tuple[Invoice, ExportInvoice]] = []
        for i, invoice in enumerate(found, start=1):
            problem = check(invoice, bookings[invoice.id], chart, fmt)
            exported = to_export(invoice, bookings[invoice.id]) if problem is None else None
            if exported is not None:
                problem = _tax_check(f"Invoice {invoice.id} ({invoice.vendor_name} {invoice.invoice_number})", exported)
            if problem:
                result.held.append((invoice.id, problem))
            else:
                ready.append((invoice, exported))  # type: ignore[arg-type]
            if progress:
                progress(i, len(found))
        if fmt == "datev" and ready:
            ready, later = _one_fiscal_year(ready, settings)
            if later:
                result.note = f"{later} invoice{'s' if later != 1 else ''} of the next fiscal year wait for the next export (DATEV takes one fiscal year per file)."
        if not ready:
            return result
        names = {code: str(name) for code, name in settings.family("books.tax_name.").items()}
        option: object = {"xero": (settings["books.xero_date_format"], names),
                          "quickbooks": (settings["books.quickbooks_date_format"], names),
                          "csv": settings["books.export_csv_rows"]}.get(fmt)
        if fmt == "datev":
            option = _datev_settings(settings, ready[0][1].invoice_date, by)
            for invoice, exported in ready:
                exported.creditor = creditor_for(session, invoice, settings["books.datev_creditor_base"])
        tmp = out.with_name(out.name + ".part")
        try:
            writer_for(fmt)([e for _, e in ready], tmp, option)
            if documents:
                result.documents = _write_documents(store, ready, out.with_name(f"{out.stem}-documents.zip"))
            _record(session, result, ready, out, fmt, by, start, end, again)
            os.replace(tmp, out)
        except OSError as exc:
            raise BodeskError(f"The export could not be written to {out}: {exc.strerror or exc}. Nothing was marked as exported.") from exc
        finally:
            tmp.unlink(missing_ok=True)
        result.path = out
    return result


def _one_fiscal_year(ready: list[tuple[Invoice, ExportInvoice]], settings: Settings) -> tuple[list[tuple[Invoice, ExportInvoice]], int]:
    first = fiscal_year_start(min(e.invoice_date for _, e in ready), settings["books.datev_fiscal_year_start"])
    nxt = date(first.year + 1, first.month, first.day)
    keep = [(i, e) for i, e in ready if e.invoice_date < nxt]
    return keep, len(ready) - len(keep)


def _record(session: Session, result: ExportResult, ready: list[tuple[Invoice, ExportInvoice]], out: Path, fmt: str,
            by: str, start: date | None, end: date | None, again: bool) -> None:
    now = datetime.now()
    export = Export(format=fmt, file_name=out.name, created_at=now, created_by=by, period_from=start, period_to=end,
                    again=again, invoice_count=len(ready))
    session.add(export)
    session.flush()
    action = AuditAction.RE_EXPORTED if again else AuditAction.EXPORTED
    for invoice, _ in ready:
        session.add(ExportItem(export_id=export.id, invoice_id=invoice.id, exported_at=now))
        audit.record(session, actor=by, action=action, entity="invoice", entity_id=invoice.id,
                     note=f"{fmt} export {export.id} ({out.name})" + (", exported again on purpose" if again else ""))
    session.flush()
    result.export_id = export.id
    result.invoice_ids = [invoice.id for invoice, _ in ready]


def last_exports(store: Store, invoice_id: int) -> list[tuple[datetime, int, str, str]]:
    """When and in which export an invoice left: (exported at, export id, format, file name), newest first."""
    with store.session() as session:
        stmt = (select(ExportItem.exported_at, Export.id, Export.format, Export.file_name)
                .join(Export, Export.id == ExportItem.export_id)
                .where(ExportItem.invoice_id == invoice_id).order_by(ExportItem.exported_at.desc()))
        return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]
