"""Realistic sample invoices with exact ground truth: the public API of `bodesk.demo`.

Used by `bodesk --demo` to fill a demo workspace, by tests, and by the extraction-accuracy benchmark.
`make_invoice` decides everything about one invoice (content *and* how it is printed), so the
renderers draw a `SampleInvoice` without any randomness of their own: the truth is exactly what is
on the page. `render_pdf` writes a born-digital PDF with reportlab; `render_scan` rasterises it with
pypdfium2 and degrades it like an office scanner with Pillow. Everything is deterministic for a seed.

Truth conventions (what the extractor is scored against):
- `vendor_tax_id` and `iban` are the printed values with whitespace removed (the page may group
  them, e.g. "GB 123 4567 89", "DE89 3704 0044 0532 0130 00"); `None` when not printed.
- Amounts are `Decimal`s with two places (also for rupiah printed without decimals).
- `due_date` is printed on most invoices; otherwise payment terms are printed and the truth is
  `invoice_date + terms`.
- `currency` is the ISO code; a bare "$" outside the US always comes with a printed currency note.

The pieces: `locales` (labels, number/date/money formats), `parties` (vendors, customers, valid
identifiers), `sample` (`SampleInvoice`, `PrintStyle`), `drawing` and `layouts` (the PDF), `scans`
(degraded images). This module decides what is sold and for how much, and re-exports the rest.
"""

from __future__ import annotations

import json
import random
import re
import zlib
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from types import EllipsisType

from bodesk.core.records import ExtractionResult, LineItem

from .families import FAMILIES, page_size, pages
from .layouts import ALL_LAYOUTS, LAYOUTS, pdf_bytes, render_pdf
from .locales import LOCALES, RULES, format_date, format_number, pick_labels
from .parties import BUYERS, DEMO_VENDORS, TRADES, Party, VendorProfile, buyer_vat_id, digits, make_iban, make_vendor
from .sample import PrintStyle, SampleInvoice
from .scans import render_scan

CENT = Decimal("0.01")


# --------------------------------------------------------------------------- what is sold

# "description|low|high|kind": price range in the currency's major unit (scaled for IDR);
# kind pcs = whole quantities, hrs = half hours, once = 1, month = 1..12.
_ITEMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("en", "office"): ("Copy paper A4, box of 5 reams|18|32|pcs", "Toner cartridge black HP 59A|65|120|pcs",
                       "Ballpoint pens blue, pack of 50|9|16|pcs", "Lever arch files, pack of 10|14|28|pcs",
                       "Ergonomic office chair|180|420|pcs", "Desk organiser set|12|30|pcs",
                       "Sticky notes 76x76 mm, 12 pads|6|12|pcs", "Delivery charge|5|15|once"),
    ("en", "it"): ("Dell Latitude 5450 laptop|950|1450|pcs", "24\" monitor Full HD|140|260|pcs",
                   "USB-C docking station|120|220|pcs", "Microsoft 365 Business Standard (annual)|110|150|pcs",
                   "On-site support technician|75|120|hrs", "Network switch 24-port|180|420|pcs"),
    ("en", "saas"): ("Team plan subscription, per seat|12|49|month", "Premium support add-on|99|299|once",
                     "Additional storage 1 TB|10|25|month", "Onboarding workshop (remote)|350|900|once",
                     "API usage overage|20|180|once"),
    ("en", "print"): ("Business cards, 500 pcs, 2 names|45|90|pcs", "A5 flyers, 2,000 pcs, full colour|120|260|once",
                      "Roll-up banner 85x200 cm|85|160|pcs", "Letterhead 100 g, 1,000 sheets|90|180|once",
                      "Design and typesetting|55|95|hrs", "Courier delivery|12|30|once"),
    ("en", "catering"): ("Breakfast platter for 10|85|140|pcs", "Lunch buffet per person|18|35|pcs",
                         "Coffee and tea service|45|90|once", "Fresh fruit box|25|45|pcs",
                         "Staffing, waiter|38|55|hrs"),
    ("en", "cleaning"): ("Office cleaning, weekly service|180|420|month", "Window cleaning|120|260|once",
                         "Carpet deep clean|3|6|pcs", "Washroom supplies restock|40|90|once"),
    ("en", "consulting"): ("Process review workshop|1200|2400|once", "Senior consultant|140|210|hrs",
                           "Analyst|85|120|hrs", "Travel expenses|60|450|once",
                           "Report and recommendations|600|1500|once"),
    ("de", "it"): ("Notebook Lenovo ThinkPad T14|1050|1490|pcs", "Monitor 27 Zoll WQHD|220|360|pcs",
                   "Einrichtung Arbeitsplatz|85|120|hrs", "Wartungsvertrag Server, monatlich|150|390|month",
                   "Firewall-Lizenz 12 Monate|240|680|pcs", "Netzwerkkabel Cat.6, 5 m|4|9|pcs",
                   "Anfahrtspauschale|35|65|once"),
    ("de", "office"): ("Kopierpapier A4, 500 Blatt|4|7|pcs", "Tonerkartusche schwarz|55|110|pcs",
                       "Ordner breit, 10 Stück|18|30|pcs", "Kugelschreiber blau, 50 Stück|8|14|pcs",
                       "Schreibtischlampe LED|29|69|pcs", "Versandkosten|5|12|once"),
    ("fr", "cleaning"): ("Nettoyage des bureaux, forfait mensuel|350|900|month", "Nettoyage des vitres|120|280|once",
                         "Shampooing moquette|3|6|pcs", "Fournitures sanitaires|45|110|once",
                         "Intervention ponctuelle|32|45|hrs"),
    ("fr", "office"): ("Ramettes papier A4 80 g, carton de 5|19|30|pcs", "Cartouche d'encre noire|35|90|pcs",
                       "Classeurs à levier, lot de 10|16|28|pcs", "Stylos bille bleus, boîte de 50|8|15|pcs",
                       "Frais de port|6|15|once"),
    ("es", "maintenance"): ("Mantenimiento preventivo climatización|180|420|once", "Mano de obra técnico|35|55|hrs",
                            "Sustitución de filtros|25|60|pcs", "Desplazamiento|20|45|once",
                            "Revisión instalación eléctrica|150|350|once"),
    ("es", "office"): ("Papel A4 80 g, caja de 5 paquetes|18|28|pcs", "Tóner negro|55|120|pcs",
                       "Archivadores, pack de 10|15|25|pcs", "Portes|6|12|once"),
    ("nl", "courier"): ("Koeriersrit binnen Amsterdam|18|35|pcs", "Spoedlevering zelfde dag|45|95|pcs",
                        "Pakket internationaal (EU)|22|48|pcs", "Wachttijd per kwartier|9|14|pcs",
                        "Brandstoftoeslag|12|40|once"),
    ("nl", "office"): ("Kopieerpapier A4, doos 5 pakken|18|29|pcs", "Toner zwart|60|115|pcs",
                       "Ordners, set van 10|16|26|pcs", "Verzendkosten|5|12|once"),
    ("id", "print"): ("Cetak kartu nama, 1 box|60|120|pcs", "Cetak brosur A4, 1.000 lembar|350|900|once",
                      "Spanduk 3x1 m|90|220|pcs", "Jasa desain grafis|40|80|hrs", "Ongkos kirim|10|30|once"),
    ("id", "office"): ("Kertas HVS A4 80 gr, 1 rim|3|5|pcs", "Tinta printer hitam|12|30|pcs", "Map ordner|2|4|pcs",
                       "Alat tulis kantor, paket|15|40|pcs"),
}

_PO_FORMATS = ("PO-{n4}", "PO{y}-{n3}", "45000{n5}", "{n5}", "BST-{n4}", "BC-{n5}", "OC-{y}-{n3}", "P{n6}")


# --------------------------------------------------------------------------- generation

_ACCENTS = ((0.13, 0.29, 0.53), (0.55, 0.15, 0.18), (0.10, 0.45, 0.38), (0.35, 0.25, 0.55),
            (0.80, 0.42, 0.10), (0.20, 0.20, 0.22), (0.05, 0.45, 0.60))  # fmt: skip


def _invoice_number(rng: random.Random, pattern: str, when: date) -> str:
    return pattern.format(n=rng.randint(12, 9999), y=when.year, m=when.month)


def _po_number(rng: random.Random, when: date) -> str:
    fmt = rng.choice(_PO_FORMATS)
    return fmt.format(y=when.year, **{f"n{k}": digits(rng, k) for k in range(3, 7)})


def _lines(rng: random.Random, vendor: VendorProfile, lang: str, count: int) -> list[LineItem]:
    pool = _ITEMS.get((lang, vendor.trade)) or _ITEMS[(lang, TRADES[lang][0])]
    scale = 15_000 if vendor.currency == "IDR" else 1
    picks = rng.sample(pool, min(count, len(pool)))
    picks += [rng.choice(pool) for _ in range(count - len(picks))]
    items: list[LineItem] = []
    seen: dict[str, Decimal] = {}
    for spec in picks:
        desc, low, high, kind = spec.split("|")
        price = Decimal(rng.uniform(float(low), float(high))).quantize(CENT)
        if scale != 1:  # rupiah: whole thousands, so every amount is a whole number
            price = Decimal(int(price * scale) // 1000 * 1000)
        elif rng.random() < 0.3:
            price = price.to_integral_value() - Decimal("0.01") if price > 5 else price  # "…9.99" prices
        price = seen.setdefault(desc, price)  # an item repeated on one invoice keeps its price
        qty = {
            "pcs": Decimal(rng.choice((1, 1, 2, 2, 3, 4, 5, 6, 10, 12, 20, 25))),
            "hrs": Decimal(rng.randint(2, 24)) / 2,
            "once": Decimal(1),
            "month": Decimal(rng.choice((1, 1, 1, 3, 6, 12))),
        }[kind]
        items.append(LineItem(desc, qty, price.quantize(CENT), (qty * price).quantize(CENT, ROUND_HALF_UP)))
    return items


def make_invoice(
    rng: random.Random,
    *,
    locale: str | None = None,
    layout: str | None = None,
    vendor: VendorProfile | None = None,
    po_number: str | None | EllipsisType = ...,
    lines: int | None = None,
    buyer: Party | None = None,
    invoice_date: date | None = None,
) -> SampleInvoice:
    """One invoice with exact ground truth, all choices drawn from `rng`.

    `vendor=None` picks a demo vendor of the locale or, half the time, a fresh `make_vendor` one;
    `po_number=...` (the default) prints a PO on about 80 % of invoices, `None` prints none.
    """
    locale = locale or (vendor.locale if vendor else rng.choice(LOCALES))
    if locale not in RULES:
        raise ValueError(f"unknown locale {locale!r}; known: {', '.join(LOCALES)}")
    layout = layout or rng.choice(LAYOUTS)
    if layout not in ALL_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; known: {', '.join(ALL_LAYOUTS)}")
    lang, country, rules = locale[:2], locale[-2:], RULES[locale]
    if vendor is None:
        known = [v for v in DEMO_VENDORS if v.locale == locale]
        vendor = rng.choice(known) if known and rng.random() < 0.5 else make_vendor(rng, locale)
    buyer = buyer or rng.choice(BUYERS[locale])
    if buyer.tax_id is None and country in {"DE", "FR", "NL", "ES"} and rng.random() < 0.25:
        buyer = replace(buyer, tax_id=buyer_vat_id(rng, country))

    when = invoice_date or date(2025, 1, 1) + timedelta(days=rng.randint(0, 540))
    terms = vendor.payment_terms_days
    count = lines or rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6, 8))
    rate = Decimal(rng.choice(rules.tax_rates))
    minor = Decimal(1) if vendor.currency == "IDR" else CENT
    limit = Decimal(20_000 * (15_000 if vendor.currency == "IDR" else 1))
    for _ in range(50):  # keep totals within the realistic range
        items = _lines(rng, vendor, lang, count)
        subtotal = sum((li.amount for li in items if li.amount is not None), Decimal(0)).quantize(CENT)
        if subtotal <= limit:
            break
    tax = (subtotal * rate / 100).quantize(minor, ROUND_HALF_UP).quantize(CENT)
    total = subtotal + tax

    currency = vendor.currency
    prefix, suffix = rng.choice(rules.money_styles) if currency == rules.currency else (f"{currency} ", "")
    labels = pick_labels(rng, lang, country)
    note = ""
    if prefix == "$" and currency != "USD":
        note = labels["currency_note"].format(c=currency)
    dec, group = rng.choice(rules.number_styles)
    tax_text = vendor.tax_id or ""
    if rng.random() < 0.5:  # some vendors print their ids grouped for readability
        if country == "GB" and tax_text:
            tax_text = f"{tax_text[:2]} {tax_text[2:5]} {tax_text[5:9]} {tax_text[9:]}"
        elif country == "AU" and tax_text:
            tax_text = f"{tax_text[:2]} {tax_text[2:5]} {tax_text[5:8]} {tax_text[8:]}"
        elif country == "FR" and tax_text:
            tax_text = f"{tax_text[:2]} {tax_text[2:4]} {tax_text[4:]}"
    style = PrintStyle(
        labels=labels,
        decimal_sep=dec,
        group_sep=group,
        money_prefix=prefix,
        money_suffix=suffix,
        places=0 if currency == "IDR" and rng.random() < 0.7 else 2,
        date_style=rng.choice(rules.date_styles),
        show_due=rng.random() < 0.8 or layout == "receipt",  # a receipt has no room for terms
        show_tax_id=vendor.tax_id is not None and rng.random() < (0.5 if country == "US" else 0.95),
        show_iban=vendor.iban is not None and rng.random() < 0.9,
        iban_grouped=rng.random() < 0.75,
        tax_id_text=tax_text,
        currency_note=note,
        currency_on_lines=rng.random() < 0.25,
        currency_on_subtotals=rng.random() < 0.5,
        customer_no=digits(rng, rng.choice((4, 5, 6))) if rng.random() < 0.4 else "",
        accent=_ACCENTS[zlib.crc32(vendor.name.encode()) % len(_ACCENTS)],
        font="Times" if layout == "letter" and rng.random() < 0.5 else "Helvetica",
        page=page_size(layout, rules.page),
    )
    if po_number is ...:
        po_number = _po_number(rng, when) if rng.random() < 0.8 else None
    truth = ExtractionResult(
        source="",
        method="text",
        vendor_name=vendor.name,
        vendor_tax_id=re.sub(r"\s", "", style.tax_id_text) if style.show_tax_id else None,
        iban=vendor.iban if style.show_iban else None,
        invoice_number=_invoice_number(rng, vendor.number_pattern, when),
        invoice_date=when,
        due_date=when + timedelta(days=terms),
        currency=currency,
        subtotal=subtotal,
        tax=tax,
        total=total,
        po_number=po_number,
        line_items=items,
        pages=pages(layout),
    )
    return SampleInvoice(truth, layout, locale, buyer.name, vendor, buyer, style, rate, terms)


def sample_set(count: int, seed: int = 0) -> list[SampleInvoice]:
    """`count` invoices cycling layouts and locales evenly.

    Every 18 in a row use each layout 3 times and each locale twice; every 54 cover all 54 pairs
    (block b of 18 pairs layout k mod 6 with locale k+b mod 9, and the three blocks are disjoint).
    Invoice `i` depends only on (`seed`, `i`), so a longer set starts with the shorter one.
    """
    out = []
    for i in range(count):
        k = i % 54
        layout = LAYOUTS[k % 6]
        locale = LOCALES[(k + k // 18) % 9]
        out.append(make_invoice(random.Random(f"bodesk-sample:{seed}:{i}"), locale=locale, layout=layout))
    return out


def family_set(count: int, seed: int = 0) -> list[SampleInvoice]:
    """`count` invoices in the layout families (receipt, landscape, two pages, total at the top, dated
    footer), cycling families and locales (five and nine: every 45 in a row hold every pair once);
    invoice `i` depends only on (`seed`, `i`)."""
    out = []
    for i in range(count):
        layout = FAMILIES[i % len(FAMILIES)]
        locale = LOCALES[i % len(LOCALES)]
        out.append(make_invoice(random.Random(f"bodesk-family:{seed}:{i}"), locale=locale, layout=layout))
    return out


_SCAN_SUFFIXES = (".pdf", ".png", ".jpg", ".tiff")


def write_set(out_dir: Path, count: int, seed: int = 0, scans: bool = True) -> list[tuple[Path, dict]]:
    """Write `sample_set(count, seed)` to `out_dir` plus `truth.jsonl`; return (path, record) pairs.

    Files are named invoice-001.pdf … (names give nothing away). With `scans`, every third invoice is
    a scan instead of a text PDF (formats cycling image-only .pdf, .png, .jpg, .tiff; 200 or 300 dpi),
    and its record's method is "ocr". Each record's `source` is the file name stem; truth.jsonl adds
    `file`, `layout` and `locale` to each record.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, dict]] = []
    with (out_dir / "truth.jsonl").open("w", encoding="utf-8") as index:
        for i, inv in enumerate(sample_set(count, seed)):
            stem = f"invoice-{i + 1:03d}"
            inv.truth.source = stem
            if scans and i % 3 == 2:
                path = out_dir / (stem + _SCAN_SUFFIXES[(i // 3) % len(_SCAN_SUFFIXES)])
                render_scan(inv, path, dpi=(200, 300)[(i // 3) % 2], seed=seed * 100_003 + i)
                inv.truth.method = "ocr"
            else:
                path = render_pdf(inv, out_dir / f"{stem}.pdf")
            record = inv.truth.to_record()
            written.append((path, record))
            extra = {"file": path.name, "layout": inv.layout, "locale": inv.locale}
            index.write(json.dumps(record | extra, ensure_ascii=False) + "\n")
    return written


# Names used here only to be re-exported: other code imports them all from this module.
__all__ = [
    "ALL_LAYOUTS", "DEMO_VENDORS", "FAMILIES", "LAYOUTS", "LOCALES", "Party", "PrintStyle", "SampleInvoice", "VendorProfile",
    "format_date", "format_number", "make_iban", "make_invoice", "make_vendor", "pdf_bytes", "render_pdf",
    "render_scan", "family_set", "sample_set", "write_set",
]  # fmt: skip
