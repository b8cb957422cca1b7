"""Exports in the tools' own layouts, each invoice once, checks before anything leaves."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from bodesk.core.exports.datev import COLUMNS
from bodesk.core.exports.tools import QUICKBOOKS_COLUMNS, XERO_COLUMNS
from bodesk.settings import Settings
from bodesk.store import audit, books
from bodesk.store.exports import last_exports, run_export
from bodesk.store.schema import Invoice, InvoiceLine
from tests.store.conftest import add_invoice

SETTINGS = Settings({"books.datev_consultant_number": 29098, "books.datev_client_number": 55003, "books.chart": "skr03"})


def _invoice(store, n: int, vendor: str = "Müller Bürobedarf", *, day: int = 5, net: str = "100.00", tax: str = "19.00",  # type: ignore[no-untyped-def]
             number: str | None = None, status: str = "approved", lines: tuple[tuple[str, str], ...] | None = None) -> int:
    net_, tax_ = Decimal(net), Decimal(tax)
    kind = "credit_note" if net_ < 0 else "invoice"
    invoice_id = add_invoice(store, n, status=status, vendor_name=vendor, invoice_number=number or f"RE-2026-{n:03d}", document_type=kind,
                             invoice_date=date(2026, 3, day), due_date=date(2026, 4, day),
                             subtotal=net_, tax=tax_, total=net_ + tax_)
    with store.session() as session:
        invoice = session.get(Invoice, invoice_id)
        invoice.lines = [InvoiceLine(line_no=i + 1, description=d, quantity=Decimal(1), unit_price=Decimal(a), amount=Decimal(a))
                         for i, (d, a) in enumerate(lines or (("Copy paper A4", net),))]
    return invoice_id


def _datev(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("cp1252")), delimiter=";"))


def test_datev_file_follows_the_published_buchungsstapel_layout(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = _invoice(store, 1, day=5)
    books.set_booking(store, first, "4930", actor="Ana", cost_centre="100")
    credit = _invoice(store, 2, day=9, net="-10.00", tax="-1.90", number="GS 17")
    books.set_booking(store, credit, "4930", actor="Ana")
    out = tmp_path / "EXTF_Buchungsstapel.csv"
    result = run_export(store, "datev", out, by="Ana", settings=SETTINGS)
    assert result.invoice_ids == [first, credit] and result.held == []

    raw = out.read_bytes()
    assert raw.count(b"\r\n") == 4 and "Bürobedarf".encode("cp1252") in raw  # CR LF, Windows-1252
    header, columns, *rows = _datev(out)
    text_header = raw.split(b"\r\n")[0].decode("cp1252")
    assert text_header.startswith('"EXTF";700;21;"Buchungsstapel";13;')
    assert len(header) == 31
    assert header[7] == "RE" and header[8] == "Ana"  # origin, exported by
    assert (header[10], header[11]) == ("29098", "55003")  # consultant, client
    assert (header[12], header[13]) == ("20260101", "4")  # fiscal year start, ledger account length
    assert (header[14], header[15]) == ("20260305", "20260309")  # period: the batch's first and last date
    assert (header[18], header[19], header[20], header[21]) == ("1", "0", "0", "EUR")  # financial accounting, not fixed
    assert header[26] == "03"  # SKR03
    assert columns == list(COLUMNS) and len(columns) == 125
    assert columns[:11] == ["Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs", "Basis-Umsatz",
                            "WKZ Basis-Umsatz", "Konto", "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum", "Belegfeld 1"]
    assert len(rows) == 2 and all(len(r) == 125 for r in rows)  # one row per invoice
    row = dict(zip(columns, rows[0], strict=True))
    assert row["Umsatz (ohne Soll/Haben-Kz)"] == "119,00"  # gross, decimal comma
    assert row["Soll/Haben-Kennzeichen"] == "H"  # the creditor (Konto) is credited
    assert row["Konto"] == "70000" and row["Gegenkonto (ohne BU-Schlüssel)"] == "4930"
    assert row["BU-Schlüssel"] == "9"  # 19 % input tax
    assert row["Belegdatum"] == "0503" and row["Belegfeld 1"] == "RE-2026-001"
    assert row["KOST1 - Kostenstelle"] == "100" and row["Buchungstext"] == "Müller Bürobedarf"
    assert row["WKZ Umsatz"] == "EUR"
    line = raw.split(b"\r\n")[2].decode("cp1252")
    assert line.startswith('119,00;"H";"EUR";;;"";70000;4930;"9";0503;"RE-2026-001";"";;"Müller Bürobedarf"')
    credit_row = dict(zip(columns, rows[1], strict=True))
    assert credit_row["Umsatz (ohne Soll/Haben-Kz)"] == "11,90" and credit_row["Soll/Haben-Kennzeichen"] == "S"
    assert credit_row["Konto"] == "70000"  # the same vendor keeps its creditor account
    assert credit_row["Belegfeld 1"] == "GS-17"  # DATEV takes no spaces in Belegfeld 1


def test_xero_and_quickbooks_files_have_their_import_columns_and_credits_are_negative(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    books.import_chart(store, "generic", actor="Ana")
    bill = _invoice(store, 1, "Paper Co", net="100.00", tax="20.00", lines=(("Copy paper", "60.00"), ("Toner", "40.00")))
    books.set_booking(store, bill, "710", actor="Ana", cost_centre="Sales")
    credit = _invoice(store, 2, "Paper Co", net="-10.00", tax="-2.00", day=8)
    books.set_booking(store, credit, "710", actor="Ana")

    xero = tmp_path / "bills.csv"
    assert run_export(store, "xero", xero, by="Ana", settings=SETTINGS).invoice_ids == [bill, credit]
    rows = list(csv.DictReader(io.StringIO(xero.read_text(encoding="utf-8"))))
    assert tuple(rows[0].keys()) == XERO_COLUMNS
    assert [(r["*InvoiceNumber"], r["Description"], r["*Quantity"], r["*UnitAmount"], r["*AccountCode"], r["*TaxType"], r["TaxAmount"])
            for r in rows] == [
        ("RE-2026-001", "Copy paper", "1", "60.00", "710", "20% (VAT on Expenses)", "12.00"),
        ("RE-2026-001", "Toner", "1", "40.00", "710", "20% (VAT on Expenses)", "8.00"),
        ("RE-2026-002", "Copy paper A4", "1", "-10.00", "710", "20% (VAT on Expenses)", "-2.00"),
    ]
    assert rows[0]["*ContactName"] == "Paper Co" and rows[0]["*InvoiceDate"] == "05/03/2026" and rows[0]["*DueDate"] == "05/04/2026"
    assert (rows[0]["TrackingName1"], rows[0]["TrackingOption1"], rows[0]["Currency"]) == ("Cost centre", "Sales", "EUR")

    qbo = tmp_path / "qbo.csv"
    named = SETTINGS.replace({"books.tax_name.VAT20": "20% S"})  # the name the office's QuickBooks gives the rate
    assert run_export(store, "quickbooks", qbo, by="Ana", settings=named, again=True).invoice_ids == [bill, credit]
    rows = list(csv.DictReader(io.StringIO(qbo.read_text(encoding="utf-8"))))
    assert tuple(rows[0].keys()) == QUICKBOOKS_COLUMNS
    assert [(r["Bill No"], r["Vendor"], r["Bill Date"], r["Account"], r["Line Amount"], r["Line Tax Amount"]) for r in rows] == [
        ("RE-2026-001", "Paper Co", "03/05/2026", "710", "60.00", "12.00"),
        ("RE-2026-001", "Paper Co", "03/05/2026", "710", "40.00", "8.00"),
        ("RE-2026-002", "Paper Co", "03/08/2026", "710", "-10.00", "-2.00"),
    ]
    assert rows[2]["Memo"] == "Credit note RE-2026-002" and rows[0]["Location"] == "Sales"
    assert {r["Line Tax Code"] for r in rows} == {"20% S"}


def test_a_second_export_writes_nothing_new_and_again_is_audited(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = _invoice(store, 1)
    books.set_booking(store, first, "4930", actor="Ana")
    one = run_export(store, "csv", tmp_path / "one.csv", by="Ana", settings=SETTINGS)
    assert one.invoice_ids == [first]
    ((when, export_id, fmt, name),) = last_exports(store, first)
    assert (export_id, fmt, name) == (one.export_id, "csv", "one.csv")

    two = run_export(store, "csv", tmp_path / "two.csv", by="Ana", settings=SETTINGS)
    assert two.path is None and not (tmp_path / "two.csv").exists()
    assert two.sentence() == "Nothing new to export: every approved invoice of the period has been exported already."

    second = _invoice(store, 2, day=20)
    books.set_booking(store, second, "4930", actor="Ana")
    assert run_export(store, "csv", tmp_path / "three.csv", by="Ana", settings=SETTINGS).invoice_ids == [second]
    again = run_export(store, "csv", tmp_path / "again.csv", by="Bo", settings=SETTINGS, again=True,
                       start=date(2026, 3, 1), end=date(2026, 3, 10))
    assert again.invoice_ids == [first]
    with store.session() as session:
        entries = [e for e in audit.history(session, "invoice", first) if e.action in ("exported", "re-exported")]
    assert [(e.actor, e.action) for e in entries] == [("Ana", "exported"), ("Bo", "re-exported")]
    assert "exported again on purpose" in (entries[1].note or "")


def test_invoices_that_fail_a_check_are_listed_not_exported(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unbooked = _invoice(store, 1, "Never Seen GmbH", lines=(("Consulting workshop", "100.00"),))
    wrong_tax = _invoice(store, 2, "Buchladen", tax="19.00")
    books.set_booking(store, wrong_tax, "4940", actor="Ana")  # books: 7 %, but the invoice shows 19 %
    outside = _invoice(store, 3, "Acme")
    books.set_booking(store, outside, "4930", actor="Ana")
    books.import_chart(store, "skr04", actor="Ana")  # the chart changes: 4930 is no longer in it
    waiting = _invoice(store, 4, status="needs_review")
    result = run_export(store, "datev", tmp_path / "x.csv", by="Ana", settings=SETTINGS)
    assert result.path is None and result.invoice_ids == []
    held = dict(result.held)
    assert set(held) == {unbooked, wrong_tax, outside} and waiting not in held
    assert held[unbooked] == (f"Invoice {unbooked} (Never Seen GmbH RE-2026-001) has no account; book it in the inbox "
                              f"or with: bodesk invoices code {unbooked} --account N --by NAME.")
    assert "not in the chart of accounts" in held[wrong_tax] and "not in the chart of accounts" in held[outside]
    books.import_chart(store, "skr03", actor="Ana")
    held = dict(run_export(store, "datev", tmp_path / "x.csv", by="Ana", settings=SETTINGS).held)
    assert held[wrong_tax] == (f"Invoice {wrong_tax} (Buchladen RE-2026-002): its tax 19.00 does not fit tax code VSt7 "
                               "(7.00 expected on 100.00).")
    assert outside not in held


def test_formula_cells_are_neutralised_and_documents_travel_in_a_zip(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    evil = _invoice(store, 1, "=HYPERLINK(\"http://x\")", number="INV/7", lines=(("+SUM(A1:A9)", "100.00"),))
    books.set_booking(store, evil, "4930", actor="Ana")
    with store.session() as session:
        stored = session.get(Invoice, evil).document.stored_path
    (store.workspace.documents / stored).parent.mkdir(parents=True, exist_ok=True)
    (store.workspace.documents / stored).write_bytes(b"%PDF-1.4 test")
    for fmt in ("csv", "xero", "quickbooks", "datev"):
        out = tmp_path / f"{fmt}.csv"
        result = run_export(store, fmt, out, by="Ana", settings=SETTINGS, again=True, documents=fmt == "xero")
        assert result.invoice_ids == [evil]
        text = out.read_bytes().decode("cp1252" if fmt == "datev" else "utf-8")
        cells = [c for row in csv.reader(io.StringIO(text), delimiter=";" if fmt == "datev" else ",") for c in row]
        assert "'=HYPERLINK(\"http://x\")" in cells and not any(c.startswith(("=", "+", "@")) for c in cells)
        if fmt != "datev":
            assert "'+SUM(A1:A9)" in cells
    with zipfile.ZipFile(tmp_path / "xero-documents.zip") as archive:
        assert archive.namelist() == ["INV_7.pdf"] and archive.read("INV_7.pdf") == b"%PDF-1.4 test"


def test_the_generic_csv_has_one_row_per_invoice_when_the_setting_says_so(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bodesk.core.exports.tools import CSV_INVOICE_COLUMNS

    bill = _invoice(store, 1, lines=(("Copy paper", "60.00"), ("Toner", "40.00")))
    books.set_booking(store, bill, "4930", actor="Ana", cost_centre="100")
    out = tmp_path / "invoices.csv"
    per_invoice = SETTINGS.replace({"books.export_csv_rows": "invoice"})
    assert run_export(store, "csv", out, by="Ana", settings=per_invoice).invoice_ids == [bill]
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_INVOICE_COLUMNS
    assert rows[1:] == [[str(bill), "Müller Bürobedarf", "RE-2026-001", "2026-03-05", "2026-04-05", "EUR", "invoice",
                         "100.00", "19.00", "119.00", "4930", "100", "VSt19", ""]]


def test_a_line_booked_to_another_account_is_its_own_datev_row_and_the_rows_add_up(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mixed = _invoice(store, 1, "Acme", tax="15.40", lines=(("Paper", "70.00"), ("Book", "30.00")))
    books.set_booking(store, mixed, "4930", actor="Ana")
    books.set_booking(store, mixed, "4940", actor="Ana", line_no=2)  # books: 7 % input tax
    out = tmp_path / "EXTF_mixed.csv"
    assert run_export(store, "datev", out, by="Ana", settings=SETTINGS).invoice_ids == [mixed]
    _, columns, *rows = _datev(out)
    got = [{c: v for c, v in zip(columns, r, strict=True) if c in ("Umsatz (ohne Soll/Haben-Kz)", "Gegenkonto (ohne BU-Schlüssel)",
                                                                   "BU-Schlüssel", "Belegfeld 1", "Buchungstext")} for r in rows]
    assert got == [
        {"Umsatz (ohne Soll/Haben-Kz)": "83,30", "Gegenkonto (ohne BU-Schlüssel)": "4930", "BU-Schlüssel": "9",
         "Belegfeld 1": "RE-2026-001", "Buchungstext": "Acme, Paper"},
        {"Umsatz (ohne Soll/Haben-Kz)": "32,10", "Gegenkonto (ohne BU-Schlüssel)": "4940", "BU-Schlüssel": "8",
         "Belegfeld 1": "RE-2026-001", "Buchungstext": "Acme, Book"},
    ]  # 83,30 + 32,10 = 115,40, the invoice's total
