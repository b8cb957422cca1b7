"""DATEV Buchungsstapel: the "EXTF" CSV that DATEV Rechnungswesen and DATEV Unternehmen online import.

Layout: DATEV-Format, header version 700, Formatkategorie 21 "Buchungsstapel", Formatversion 13
(125 columns), as published on developer.datev.de (DATEV-Format › Formate › Header and
Buchungsstapel, with the sample file EXTF_Buchungsstapel.csv). Semicolon-separated, CR LF line
ends, Windows-1252; text cells in double quotes, numbers bare, amounts with a decimal comma.

Line 1 is the header record (31 fields), line 2 the column headings, then one booking per invoice
(one per account where its lines go to different accounts): Umsatz is the gross amount, always
positive; Konto is the vendor's creditor account and Gegenkonto the expense account, so an invoice
is marked "H" (the creditor is credited) and a credit note "S"; BU-Schlüssel is the tax key of
the tax code (9 = 19 % input tax, 8 = 7 %); Belegdatum is DDMM (the year comes from the header's
period); Belegfeld 1 is the vendor's invoice number; KOST1 the cost centre.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from bodesk.core import csvsafe
from bodesk.core.books import tax_code
from bodesk.core.exports import ExportInvoice, ExportLine

HEADER_VERSION = 700
CATEGORY = 21
FORMAT_NAME = "Buchungsstapel"
FORMAT_VERSION = 13

#: The 125 column headings of Buchungsstapel Formatversion 13, in order.
COLUMNS = (
    "Umsatz (ohne Soll/Haben-Kz)", "Soll/Haben-Kennzeichen", "WKZ Umsatz", "Kurs", "Basis-Umsatz", "WKZ Basis-Umsatz",
    "Konto", "Gegenkonto (ohne BU-Schlüssel)", "BU-Schlüssel", "Belegdatum", "Belegfeld 1", "Belegfeld 2", "Skonto",
    "Buchungstext", "Postensperre", "Diverse Adressnummer", "Geschäftspartnerbank", "Sachverhalt", "Zinssperre",
    "Beleglink",
    *(f"Beleginfo - {kind} {n}" for n in range(1, 9) for kind in ("Art", "Inhalt")),
    "KOST1 - Kostenstelle", "KOST2 - Kostenstelle", "Kost-Menge", "EU-Land u. UStID (Bestimmung)",
    "EU-Steuersatz (Bestimmung)", "Abw. Versteuerungsart", "Sachverhalt L+L", "Funktionsergänzung L+L",
    "BU 49 Hauptfunktionstyp", "BU 49 Hauptfunktionsnummer", "BU 49 Funktionsergänzung",
    *(f"Zusatzinformation{' - Art' if kind == 'Art' else '- Inhalt'} {n}" for n in range(1, 21) for kind in ("Art", "Inhalt")),
    "Stück", "Gewicht", "Zahlweise", "Forderungsart", "Veranlagungsjahr", "Zugeordnete Fälligkeit", "Skontotyp",
    "Auftragsnummer", "Buchungstyp", "USt-Schlüssel (Anzahlungen)", "EU-Land (Anzahlungen)",
    "Sachverhalt L+L (Anzahlungen)", "EU-Steuersatz (Anzahlungen)", "Erlöskonto (Anzahlungen)", "Herkunft-Kz",
    "Buchungs GUID", "KOST-Datum", "SEPA-Mandatsreferenz", "Skontosperre", "Gesellschaftername", "Beteiligtennummer",
    "Identifikationsnummer", "Zeichnernummer", "Postensperre bis", "Bezeichnung SoBil-Sachverhalt",
    "Kennzeichen SoBil-Buchung", "Festschreibung", "Leistungsdatum", "Datum Zuord. Steuerperiode", "Fälligkeit",
    "Generalumkehr (GU)", "Steuersatz", "Land", "Abrechnungsreferenz", "BVV-Position", "EU-Land u. UStID (Ursprung)",
    "EU-Steuersatz (Ursprung)", "Abw. Skontokonto",
)
assert len(COLUMNS) == 125

#: Characters DATEV accepts in Belegfeld 1 and KOST1 (letters, digits, $ % & * + - /), at most 36 of them.
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9$%&*+\-/]")


@dataclass(frozen=True)
class DatevSettings:
    """The batch header: the accountant gives the consultant and client numbers."""

    consultant: int
    client: int
    fiscal_year_start: date
    account_length: int = 4
    chart: str = "03"  # SKR
    exported_by: str = ""
    currency: str = "EUR"


def fiscal_year_start(day: date, month_day: str) -> date:
    """The first day of the fiscal year `day` belongs to, for a year starting on `month_day` (MM-DD)."""
    month, dom = (int(p) for p in month_day.split("-"))
    start = date(day.year, month, dom)
    return start if start <= day else date(day.year - 1, month, dom)


def amount(value: Decimal) -> csvsafe.Bare:
    return csvsafe.Bare(f"{abs(value):.2f}".replace(".", ","))


def reference(text: str | None, limit: int = 36) -> str:
    return _NOT_ALLOWED.sub("", (text or "").replace(" ", "-"))[:limit]


def header(settings: DatevSettings, start: date, end: date, created: datetime) -> list[object]:
    """The 31 fields of the header record."""
    label = f"bodesk {start:%Y-%m-%d}–{end:%Y-%m-%d}"[:30]
    return [
        "EXTF", HEADER_VERSION, CATEGORY, FORMAT_NAME, FORMAT_VERSION,
        csvsafe.Bare(created.strftime("%Y%m%d%H%M%S") + f"{created.microsecond // 1000:03d}"),
        None,  # imported (DATEV fills it)
        "RE",  # origin
        settings.exported_by[:25], "",  # exported by, imported by
        settings.consultant, settings.client,
        csvsafe.Bare(f"{settings.fiscal_year_start:%Y%m%d}"), settings.account_length,
        csvsafe.Bare(f"{start:%Y%m%d}"), csvsafe.Bare(f"{end:%Y%m%d}"),
        label, "",  # batch label, dictation initials
        1, 0, 0,  # booking type 1 = financial accounting, purpose 0, not fixed (the accountant checks first)
        settings.currency, None, "", None, None, settings.chart, None, None, "", "",
    ]


def _groups(invoice: ExportInvoice) -> list[tuple[ExportLine, Decimal]]:
    """The invoice's lines merged by booking: (a line carrying the booking and text, gross amount)."""
    merged: dict[object, list[ExportLine]] = {}
    for line in invoice.lines:
        merged.setdefault(line.booking, []).append(line)
    return [(lines[0], sum((li.gross for li in lines), Decimal(0))) for lines in merged.values()]


def rows(invoice: ExportInvoice) -> list[list[object]]:
    out = []
    groups = _groups(invoice)
    for line, gross in groups:
        code = tax_code(line.booking.tax_code)
        text = invoice.vendor_name if len(groups) == 1 else f"{invoice.vendor_name}, {line.description}"
        values: dict[str, object] = {
            "Umsatz (ohne Soll/Haben-Kz)": amount(gross),
            # Konto is the creditor: credited ("H") by an invoice, debited ("S") by a credit note,
            # whose amounts are negative here.
            "Soll/Haben-Kennzeichen": "H" if gross >= 0 else "S",
            "WKZ Umsatz": invoice.currency,
            "Konto": invoice.creditor,
            "Gegenkonto (ohne BU-Schlüssel)": int(line.booking.account),
            "BU-Schlüssel": code.datev_key if code else "",
            "Belegdatum": csvsafe.Bare(f"{invoice.invoice_date:%d%m}"),
            "Belegfeld 1": reference(invoice.invoice_number),
            "Buchungstext": text[:60],
            "KOST1 - Kostenstelle": reference(line.booking.cost_centre),
            "Fälligkeit": csvsafe.Bare(f"{invoice.due_date:%d%m%Y}") if invoice.due_date else None,
        }
        out.append([values.get(column, _empty(column)) for column in COLUMNS])
    return out


#: Columns DATEV types as text: empty ones are written as "" (numbers and dates stay bare).
_TEXT = {
    "WKZ Umsatz", "WKZ Basis-Umsatz", "BU-Schlüssel", "Belegfeld 1", "Belegfeld 2", "Buchungstext", "Beleglink",
    "KOST1 - Kostenstelle", "KOST2 - Kostenstelle", "EU-Land u. UStID (Bestimmung)", "Auftragsnummer",
    "Buchungs GUID", "SEPA-Mandatsreferenz", "Gesellschaftername", "Identifikationsnummer", "Zeichnernummer",
    "Bezeichnung SoBil-Sachverhalt", "Land", "Abrechnungsreferenz", "BVV-Position", "EU-Land u. UStID (Ursprung)",
    "Herkunft-Kz", "Forderungsart", "EU-Land (Anzahlungen)", "Buchungstyp",
    *(c for c in COLUMNS if c.startswith(("Beleginfo", "Zusatzinformation"))),
}


def _empty(column: str) -> object:
    return "" if column in _TEXT else None


def write(invoices: list[ExportInvoice], path: Path, settings: DatevSettings) -> None:
    dates = [inv.invoice_date for inv in invoices]
    with path.open("w", newline="", encoding="cp1252", errors="replace") as handle:
        out = csvsafe.writer(handle, quote_text=True, delimiter=";", lineterminator="\r\n")
        out.writerow(header(settings, min(dates), max(dates), datetime.now()))
        out.writerow(csvsafe.Bare(c) if ";" not in c else c for c in COLUMNS)
        for invoice in invoices:
            out.writerows(rows(invoice))
