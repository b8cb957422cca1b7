"""Generated till receipts: training material for the total-choosing model (benchmarks/train_extract.py).

A till receipt prints many amounts beside its total: a subtotal, the tax, a rounding adjustment and
the rounded total, the cash tendered and the change, a card payment, a tax summary table, item
prices, counts of items. The corpus's 70 development receipts show a few shops' ways of printing
them; these receipts print them in many more combinations, with the words of many shops ("Total
Sales (Inclusive GST)", "Nett Total", "Amount Due", "Rounding Adj", "Cash Tendered", "Change Due"...),
on a narrow roll in a thermal printer's type, scanned like the corpus's receipts. Each one's total
(the amount the customer pays, after rounding) is known.

    python benchmarks/tills.py OUTDIR [--count N] [--seed S]     # writes till_NNN.jpg and truth.json
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from bodesk.demo.scans import scan_pdf  # noqa: E402

CENT = Decimal("0.01")
WIDTH = 227.0  # an 80 mm roll

_NAME_WORDS = ["SRI", "MAJU", "JAYA", "KEDAI", "EVERGREEN", "GOLDEN", "LUCKY", "UNITED", "SENTOSA", "MEGAH",
               "PERDANA", "HARMONY", "SUNRISE", "ORIENTAL", "GREEN", "CITY", "BAKTI", "MUTIARA", "SEGAR", "ANEKA"]
_TRADES = ["HARDWARE", "TRADING", "STATIONERY", "RESTAURANT", "BAKERY", "MINI MARKET", "PHARMACY", "ENTERPRISE",
           "SEAFOOD RESTAURANT", "BOOK STORE", "ELECTRICAL", "CAFE", "FOOD INDUSTRIES", "MARKETING", "SUPERSTORE"]
_LEGAL = ["SDN BHD", "SDN. BHD.", "ENTERPRISE", "(M) SDN BHD", "TRADING", "PLT", ""]
_STREETS = ["JALAN BUKIT", "JALAN MERANTI", "JLN PERMAS", "JALAN SS 2/24", "LORONG MAHSURI", "JALAN TEMPUA"]
_TOWNS = [("47300", "PETALING JAYA"), ("81750", "MASAI"), ("43200", "CHERAS"), ("40150", "SHAH ALAM"),
          ("53100", "KUALA LUMPUR"), ("47100", "PUCHONG"), ("68000", "AMPANG")]
_ITEMS = ["MINERAL WATER 1.5L", "A4 PAPER 80GSM", "PEN BLUE 0.5", "NASI LEMAK", "TEH TARIK", "BREAD WHITE",
          "SCREW 2IN (100)", "PVC PIPE 1/2", "CABLE TIE", "RICE 5KG", "SUGAR 1KG", "COFFEE O", "MEE GORENG",
          "FILE FOLDER", "GLUE STICK", "PAINT BRUSH 2\"", "LED BULB 9W", "TISSUE BOX", "CHICKEN RICE", "MILO ICE"]
_TITLES = ["TAX INVOICE", "SIMPLIFIED TAX INVOICE", "CASH BILL", "RECEIPT", "OFFICIAL RECEIPT", "INVOICE", ""]
_SUBTOTAL = ["Sub Total", "SUBTOTAL", "Total Sales (Excluding GST)", "Total Excl. GST", "Sub-Total", "Amount"]
_TAX = ["GST 6%", "GST @6%", "Total GST", "SST 6%", "Service Tax 6%", "GST Payable"]
_TOTAL = ["TOTAL", "Total", "Total Amount", "Grand Total", "TOTAL (RM)", "Total Sales (Inclusive GST)",
          "Total Incl. GST", "Nett Total", "Amount Due", "TOTAL AMOUNT", "Total Payable", "NET TOTAL"]
_ROUNDING = ["Rounding Adj", "Rounding", "Round Adj", "Rounding Adjustment", "Adj. Rounding"]
_ROUNDED_TOTAL = ["Total (Rounded)", "Nett Total", "TOTAL", "Rounded Total", "Total Payable", "Grand Total"]
_CASH = ["CASH", "Cash", "Cash Tendered", "Tendered", "Paid", "CASH RM"]
_CHANGE = ["CHANGE", "Change", "Change Due", "Cash Change", "CHANGE RM"]
_CARD = ["VISA", "MASTERCARD", "Credit Card", "DEBIT CARD", "Card"]
_FOOTERS = ["THANK YOU. PLEASE COME AGAIN", "Goods sold are not returnable", "Thank you for shopping with us",
            "Prices are inclusive of GST", "*** THANK YOU ***"]


def _money(value: Decimal, rng: random.Random, currency: bool) -> str:
    text = f"{value:,.2f}" if value >= 1000 and rng.random() < 0.5 else f"{value:.2f}"
    return f"RM{text}" if currency and rng.random() < 0.6 else (f"RM {text}" if currency else text)


def _cash_round(value: Decimal) -> Decimal:
    """Malaysian cash rounding: to the nearest 0.05."""
    return (value / Decimal("0.05")).quantize(Decimal(1), ROUND_HALF_UP) * Decimal("0.05")


def till(rng: random.Random) -> tuple[list[tuple[str, str, dict]], Decimal, date]:
    """One receipt's rows (left text, right text, style) and its total and date."""
    rows: list[tuple[str, str, dict]] = []
    centre = {"align": "center"}
    name = " ".join(rng.sample(_NAME_WORDS, rng.choice((1, 2)))) + " " + rng.choice(_TRADES)
    legal = rng.choice(_LEGAL)
    rows.append((f"{name} {legal}".strip(), "", {"align": "center", "bold": True, "size": rng.choice((9, 10, 11))}))
    if rng.random() < 0.6:
        rows.append((f"(CO. REG. {rng.randint(100000, 999999)}-{rng.choice('AHKMPUVWX')})", "", centre))
    postcode, town = rng.choice(_TOWNS)
    rows.append((f"NO. {rng.randint(1, 99)}, {rng.choice(_STREETS)} {rng.randint(1, 9)},", "", centre))
    rows.append((f"{postcode} {town}", "", centre))
    if rng.random() < 0.7:
        rows.append((f"TEL: 03-{rng.randint(1000, 9999)} {rng.randint(1000, 9999)}", "", centre))
    if rng.random() < 0.7:
        rows.append((f"GST REG NO: {rng.randint(10**11, 10**12 - 1):012d}", "", centre))
    title = rng.choice(_TITLES)
    if title:
        rows.append(("", "", {}))
        rows.append((title, "", {"align": "center", "bold": True}))
    day = date(2017, 1, 1) + timedelta(days=rng.randint(0, 700))
    stamp = day.strftime(rng.choice(("%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%d %b %Y")))
    rows.append((f"{rng.choice(('Invoice No', 'Receipt #', 'Bill No', 'Doc No'))}: "
                 f"{rng.choice(('CS', 'INV', 'R', ''))}{rng.randint(10000, 99999999)}", "", {}))
    clock = f"{rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}"
    with_clock, time_apart = rng.random() < 0.6, rng.random() < 0.3
    rows.append((f"Date: {stamp} {clock}" if with_clock else f"Date: {stamp}",
                 f"Time: {clock}" if time_apart else "", {}))
    if rng.random() < 0.6:
        rows.append((f"Cashier: {rng.choice(('AMIRAH', 'LEE', '01', 'SITI', 'KUMAR'))}", "", {}))
    rows.append(("-" * 40, "", {"rule": True}))
    if rng.random() < 0.5:
        rows.append(("Item  Qty  Price", "Amount", {}))
    net = Decimal(0)
    count = 0
    for _ in range(rng.randint(1, 8)):
        qty = rng.choice((1, 1, 1, 2, 3, 5, 10))
        price = Decimal(rng.randint(50, 9000 if rng.random() < 0.3 else 2500)) / 100
        amount = (price * qty).quantize(CENT)
        net += amount
        count += qty
        code = rng.choice(("SR", "ZR", "S", "")) if rng.random() < 0.5 else ""
        if rng.random() < 0.5:
            rows.append((rng.choice(_ITEMS), "", {}))
            rows.append((f"  {qty} x {price:.2f}", f"{amount:.2f} {code}".strip(), {}))
        else:
            rows.append((f"{qty} {rng.choice(_ITEMS)}", f"{amount:.2f} {code}".strip(), {}))
    rows.append(("-" * 40, "", {"rule": True}))
    if rng.random() < 0.4:
        rows.append((rng.choice(("Total Qty", "Total Items", "Item Count", "No. of Items")) + f": {count}", "", {}))
    currency = rng.random() < 0.4
    if rng.random() < 0.25:
        discount = (net * Decimal(rng.choice((5, 10))) / 100).quantize(CENT)
        rows.append(("Discount", f"-{discount:.2f}", {}))
        net -= discount
    taxed = rng.random() < 0.7
    tax = (net * Decimal("0.06")).quantize(CENT, ROUND_HALF_UP) if taxed else Decimal(0)
    gross = net + tax
    if taxed:
        rows.append((rng.choice(_SUBTOTAL), _money(net, rng, currency), {}))
        rows.append((rng.choice(_TAX), _money(tax, rng, currency), {}))
    big = {"bold": rng.random() < 0.7, "size": rng.choice((8, 9, 11))}
    rounded = _cash_round(gross)
    total = gross
    rows.append((rng.choice(_TOTAL), _money(gross, rng, currency), big if rounded == gross else {}))
    if rounded != gross and rng.random() < 0.8:
        label, signed = rng.choice(_ROUNDING), f"{rounded - gross:+.2f}"
        rows.append((label, signed.lstrip("+") if rng.random() < 0.5 else signed, {}))
        rows.append((rng.choice(_ROUNDED_TOTAL), _money(rounded, rng, currency), big))
        total = rounded
    if rng.random() < 0.7:
        step = rng.choice((Decimal(1), Decimal(5), Decimal(10), Decimal(50), Decimal(100)))
        tendered = max(step, ((total / step).to_integral_value(rounding="ROUND_CEILING")) * step)
        if rng.random() < 0.2:
            tendered = total
        rows.append((rng.choice(_CASH), _money(tendered, rng, currency), {}))
        rows.append((rng.choice(_CHANGE), _money(tendered - total, rng, currency), {}))
    else:
        rows.append((rng.choice(_CARD), _money(total, rng, currency), {}))
    if taxed and rng.random() < 0.6:
        rows.append(("", "", {}))
        rows.append(("GST Summary   Amount(RM)  Tax(RM)", "", {}))
        rows.append((f"SR @ 6%       {net:.2f}", f"{tax:.2f}", {}))
        if rng.random() < 0.5:
            rows.append(("ZR @ 0%       0.00", "0.00", {}))
    rows.append(("", "", {}))
    for footer in rng.sample(_FOOTERS, rng.randint(1, 2)):
        rows.append((footer, "", centre))
    return rows, total, day


def pdf(rows: list[tuple[str, str, dict]], rng: random.Random) -> bytes:
    """The receipt printed on a narrow roll, in a monospaced or plain type."""
    lead = rng.choice((10.0, 11.0, 12.0))
    height = 40 + sum(lead * (1.3 if r[2].get("size", 8) > 9 else 1) for r in rows)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(WIDTH, height))
    mono = rng.random() < 0.7
    regular, bold = ("Courier", "Courier-Bold") if mono else ("Helvetica", "Helvetica-Bold")
    y = height - 24
    for left, right, style in rows:
        size = style.get("size", rng.choice((7.5, 8.0)) if mono else 7.5)
        font = bold if style.get("bold") else regular
        while left and c.stringWidth(left, font, size) > WIDTH - 24:
            size -= 0.5
        c.setFont(font, size)
        if style.get("rule"):
            c.setDash(2, 2)
            c.line(12, y + 3, WIDTH - 12, y + 3)
            c.setDash()
        elif style.get("align") == "center":
            c.drawCentredString(WIDTH / 2, y, left)
        else:
            c.drawString(12, y, left)
            if right:
                c.drawRightString(WIDTH - 12, y, right)
        y -= lead * (1.3 if size > 9 else 1)
    c.save()
    return buf.getvalue()


def write(out: Path, count: int, seed: int = 0) -> dict[str, dict[str, str]]:
    """`count` scanned till receipts in `out`, and their truth (also written to truth.json)."""
    out.mkdir(parents=True, exist_ok=True)
    truth = {}
    for i in range(count):
        rng = random.Random(f"till:{seed}:{i}")
        rows, total, day = till(rng)
        name = f"till_{i:03d}.jpg"
        scan_pdf(pdf(rows, rng), out / name, dpi=rng.choice((150, 200, 250, 300)), seed=i,
                 quality=rng.choice(("clean", "office", "poor", "poor")))
        truth[name] = {"total": str(total), "invoice_date": day.isoformat(), "vendor_name": rows[0][0]}
    (out / "truth.json").write_text(json.dumps(truth, indent=1))
    return truth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    write(args.out, args.count, args.seed)


if __name__ == "__main__":
    main()
