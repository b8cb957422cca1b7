"""What every invoice layout draws with: a top-left `Pen` and the blocks the layouts share.

The blocks (logo, address and meta rows, the line-item table, totals, footer notes) print only
what the `SampleInvoice` says, with no randomness of their own.
"""

from __future__ import annotations

import re
import zlib
from decimal import Decimal

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from .sample import SampleInvoice


class Pen:
    """A reportlab canvas addressed from the top-left, as one reads a page; y is the text baseline."""

    def __init__(self, canvas: Canvas, inv: SampleInvoice) -> None:
        self.c = canvas
        self.inv = inv
        self.w, self.h = inv.style.page
        family = inv.style.font
        self.regular = "Times-Roman" if family == "Times" else "Helvetica"
        self.bold = "Times-Bold" if family == "Times" else "Helvetica-Bold"

    def font(self, bold: bool) -> str:
        return self.bold if bold else self.regular

    def width(self, s: str, size: float, bold: bool = False) -> float:
        return stringWidth(s, self.font(bold), size)

    def text(self, x: float, y: float, s: str, size: float = 9, *, bold: bool = False, align: str = "left",
             color: tuple[float, float, float] = (0.1, 0.1, 0.1), fit: float | None = None) -> float:  # fmt: skip
        """Draw one line; with `fit`, shrink the size until it is at most that wide. Returns the width."""
        while fit is not None and size > 6 and self.width(s, size, bold) > fit:
            size -= 0.5
        self.c.setFillColorRGB(*color)
        self.c.setFont(self.font(bold), size)
        y = self.h - y
        {"left": self.c.drawString, "right": self.c.drawRightString, "center": self.c.drawCentredString}[align](x, y, s)
        return self.width(s, size, bold)

    def lines(self, x: float, y: float, rows: list[str], size: float = 9, *, lead: float | None = None,
              align: str = "left", bold_first: bool = False, fit: float | None = None) -> float:  # fmt: skip
        """Draw rows downwards from baseline y; returns the baseline after the last row."""
        lead = lead or size * 1.3
        for i, row in enumerate(rows):
            self.text(x, y, row, size, bold=bold_first and i == 0, align=align, fit=fit)
            y += lead
        return y - lead

    def rect(self, x: float, top: float, w: float, h: float, *, fill: tuple[float, float, float] | None = None,
             stroke: tuple[float, float, float] | None = None, width: float = 0.6,
             radius: float = 0) -> None:  # fmt: skip
        if fill:
            self.c.setFillColorRGB(*fill)
        if stroke:
            self.c.setStrokeColorRGB(*stroke)
        self.c.setLineWidth(width)
        if radius:
            self.c.roundRect(x, self.h - top - h, w, h, radius, stroke=int(bool(stroke)), fill=int(bool(fill)))
        else:
            self.c.rect(x, self.h - top - h, w, h, stroke=int(bool(stroke)), fill=int(bool(fill)))

    def line(self, x0: float, y0: float, x1: float, y1: float, *, color: tuple[float, float, float] = (0.3, 0.3, 0.3),
             width: float = 0.6, dash: tuple[float, ...] = ()) -> None:  # fmt: skip
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.setDash(list(dash) if dash else [])
        self.c.line(x0, self.h - y0, x1, self.h - y1)
        self.c.setDash([])

    def wrap(self, s: str, width: float, size: float, bold: bool = False) -> list[str]:
        out: list[str] = []
        for word in s.split():
            if out and self.width(f"{out[-1]} {word}", size, bold) <= width:
                out[-1] += f" {word}"
            else:
                out.append(word)
        return out or [""]


def light(rgb: tuple[float, float, float], amount: float = 0.85) -> tuple[float, float, float]:
    """`rgb` mixed with white: `amount` 0 keeps the colour, 1 gives white."""
    r, g, b = rgb
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def logo(pen: Pen, x: float, top: float, size: float) -> None:
    """A logo-ish mark drawn with shapes and the vendor's initials; its shape depends on the name."""
    inv = pen.inv
    accent = inv.style.accent
    initials = "".join(w[0] for w in re.findall(r"[A-Za-zÀ-ÿ]+", inv.vendor.name) if w[0].isupper())[:2] or "X"
    kind = zlib.crc32(inv.vendor.name.encode()) % 3
    c = pen.c
    if kind == 0:
        c.setFillColorRGB(*accent)
        c.circle(x + size / 2, pen.h - top - size / 2, size / 2, stroke=0, fill=1)
    elif kind == 1:
        pen.rect(x, top, size, size, fill=accent, radius=size / 6)
    else:
        c.setFillColorRGB(*light(accent, 0.5))
        p = c.beginPath()
        p.moveTo(x, pen.h - top - size)
        p.lineTo(x + size / 2, pen.h - top)
        p.lineTo(x + size, pen.h - top - size)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
        pen.rect(x + size * 0.25, top + size * 0.55, size * 0.5, size * 0.45, fill=accent)
    pen.text(x + size / 2, top + size * (0.62 if kind < 2 else 0.9), initials, size * 0.36, bold=True,
             align="center", color=(1, 1, 1))  # fmt: skip


def vendor_lines(inv: SampleInvoice, *, contact: bool = True, tax: bool = True) -> list[str]:
    """The vendor's address block: address, optionally phone and email, and the tax id if shown."""
    v, st = inv.vendor, inv.style
    rows = list(v.address)
    if contact:
        rows += [r for r in (v.phone and f"Tel. {v.phone}" if inv.lang != "en" else v.phone, v.email) if r]
    if tax and st.show_tax_id:
        rows.append(f"{inv.label('tax_id')}: {st.tax_id_text}")
    return rows


def buyer_lines(inv: SampleInvoice) -> list[str]:
    """The bill-to block: name, address and the customer's VAT number if it has one."""
    b = inv.buyer
    rows = [b.name, *b.address]
    if b.tax_id:
        rows.append(f"{inv.label('buyer_tax')}: {b.tax_id}")
    return rows


def meta_rows(inv: SampleInvoice) -> list[tuple[str, str]]:
    """(label, value) rows of the invoice details: number, dates, PO and customer number as shown."""
    t, st = inv.truth, inv.style
    assert t.invoice_number and t.invoice_date and t.due_date
    rows = [(inv.label("number"), t.invoice_number), (inv.label("date"), inv.date_text(t.invoice_date))]
    if st.show_due:
        rows.append((inv.label("due"), inv.date_text(t.due_date)))
    if t.po_number:
        rows.append((inv.label("po"), t.po_number))
    if st.customer_no:
        rows.append((inv.label("customer_no"), st.customer_no))
    return rows


def meta_column(pen: Pen, x: float, right: float, y: float, *, size: float = 9, lead: float = 13, colon: bool = True,
                bold: bool = False, color: tuple[float, float, float] = (0.1, 0.1, 0.1),
                fit: float | None = None) -> float:  # fmt: skip
    """The invoice details (`meta_rows`) as a column: each label at `x` (bold, grey, with a colon as the
    layout prints it), its value right-aligned at `right`. Returns the baseline below the last row."""
    for label, value in meta_rows(pen.inv):
        pen.text(x, y, f"{label}:" if colon else label, size, bold=bold, color=color, fit=fit)
        pen.text(right, y, value, size, align="right")
        y += lead
    return y


def terms_text(inv: SampleInvoice) -> str:
    """The payment terms sentence, e.g. "Terms: Net 30"."""
    return inv.label("terms").format(d=inv.terms_days)


def bank_lines(inv: SampleInvoice) -> list[str]:
    """How to pay: bank, IBAN and BIC where the IBAN is shown, else the vendor's account lines."""
    v, st = inv.vendor, inv.style
    if st.show_iban and v.iban:
        iban = " ".join(v.iban[i : i + 4] for i in range(0, len(v.iban), 4)) if st.iban_grouped else v.iban
        rows = [v.bank_name] if v.bank_name else []
        return rows + [f"{inv.label('iban')}: {iban}", f"{inv.label('bic')}: {v.bic}"]
    return list(v.bank_account)


def _cell_amount(inv: SampleInvoice, value: Decimal | None, with_currency: bool) -> str:
    assert value is not None
    return inv.money(value) if with_currency else inv.number(value)


def totals_rows(inv: SampleInvoice) -> list[tuple[str, str, bool]]:
    """(label, amount, is_total) for subtotal, tax and total, formatted as printed."""
    t, st = inv.truth, inv.style
    assert t.subtotal is not None and t.tax is not None and t.total is not None
    cur = st.currency_on_subtotals
    return [
        (inv.label("subtotal"), _cell_amount(inv, t.subtotal, cur), False),
        (inv.label("tax").format(r=inv.rate_text), _cell_amount(inv, t.tax, cur), False),
        (inv.label("total"), inv.money(t.total), True),
    ]


def item_table(pen: Pen, x: float, top: float, width: float, *, grid: str, size: float = 9, pos: bool = False,
               header_fill: tuple[float, float, float] | None = None,
               header_color: tuple[float, float, float] = (0.1,) * 3, row_pad: float = 6) -> float:  # fmt: skip
    """The line-item table; `grid` is none, rules, full, zebra or dotted. Returns the bottom y."""
    inv = pen.inv
    cols: list[tuple[str, str, float, str]] = []
    if pos:
        cols.append(("pos", inv.label("pos"), 28, "left"))
    money_w = 95 if inv.style.currency_on_lines else 78
    cols += [("desc", inv.label("desc"), 0, "left"), ("qty", inv.label("qty"), 52, "right"),
             ("unit_price", inv.label("unit_price"), money_w, "right"),
             ("amount", inv.label("amount"), money_w, "right")]
    fixed = sum(c[2] for c in cols)
    cols = [(k, h, w or width - fixed, a) for k, h, w, a in cols]
    head_h = size + 2 * row_pad
    if header_fill:
        pen.rect(x, top, width, head_h, fill=header_fill)
    grid_color = (0.45, 0.45, 0.45)

    def cell_x(i: int) -> tuple[float, float]:
        left = x + sum(c[2] for c in cols[:i])
        return left, left + cols[i][2]

    for i, (_, head, w, align) in enumerate(cols):
        left, right = cell_x(i)
        pen.text(right - 5 if align == "right" else left + 5, top + row_pad + size * 0.8, head, size, bold=True,
                 align=align, color=header_color, fit=w - 8)  # fmt: skip
    y = top + head_h
    if grid != "zebra":
        pen.line(x, y, x + width, y, color=grid_color, width=0.8)
    row_tops = [top, y]
    for n, li in enumerate(inv.truth.line_items, 1):
        assert li.description and li.quantity is not None
        desc_w = dict((c[0], c[2]) for c in cols)["desc"] - 10
        desc_rows = pen.wrap(li.description, desc_w, size)
        h = len(desc_rows) * size * 1.25 + 2 * row_pad - size * 0.25
        if grid == "zebra" and n % 2 == 0:
            pen.rect(x, y, width, h, fill=light(inv.style.accent, 0.9))
        values = {
            "pos": str(n),
            "qty": inv.quantity(li.quantity),
            "unit_price": _cell_amount(inv, li.unit_price, inv.style.currency_on_lines),
            "amount": _cell_amount(inv, li.amount, inv.style.currency_on_lines),
        }
        for i, (key, _, _, align) in enumerate(cols):
            left, right = cell_x(i)
            base = y + row_pad + size * 0.8
            if key == "desc":
                pen.lines(left + 5, base, desc_rows, size, lead=size * 1.25)
            else:
                pen.text(right - 5 if align == "right" else left + 5, base, values[key], size, align=align)
        y += h
        row_tops.append(y)
        if grid == "rules":
            pen.line(x, y, x + width, y, color=(0.75, 0.75, 0.75), width=0.5)
        elif grid == "dotted":
            pen.line(x, y, x + width, y, color=(0.5, 0.5, 0.5), width=0.5, dash=(1, 2))
    if grid in ("none", "zebra"):
        pen.line(x, y, x + width, y, color=grid_color, width=0.8)
    if grid == "full":
        for ry in row_tops:
            pen.line(x, ry, x + width, ry, color=grid_color)
        for i in range(len(cols) + 1):
            vx = x + sum(c[2] for c in cols[:i])
            pen.line(vx, top, vx, y, color=grid_color)
    return y


def totals_block(pen: Pen, label_x: float, right: float, top: float, size: float = 9.5, *,
                 total_fill: tuple[float, float, float] | None = None, lead: float = 1.7) -> float:  # fmt: skip
    """The subtotal / tax / total block, labels at label_x and values right-aligned. Returns the bottom y."""
    y = top
    for label, value, is_total in totals_rows(pen.inv):
        if is_total:
            if total_fill:
                pen.rect(label_x - 6, y - 3, right - label_x + 12, size * 2.1, fill=total_fill)
            else:
                pen.line(label_x, y - 2, right, y - 2, width=0.8)
            y += size * 1.3
        else:
            y += size * lead * 0.8
        s = size + (1.5 if is_total else 0)
        pen.text(label_x, y, label, s, bold=is_total, fit=right - label_x - pen.width(value, s, is_total) - 12)
        pen.text(right, y, value, s, bold=is_total, align="right")
        y += size * 0.6
    if pen.inv.style.currency_note:
        y += size * 1.6
        pen.text(right, y, pen.inv.style.currency_note, size - 1.5, align="right", color=(0.35, 0.35, 0.35))
    return y + size


def footer_notes(pen: Pen, x: float, y: float, size: float = 8.5, width: float | None = None) -> float:
    """Payment terms (always when no due date is printed), thanks, and the French legal mention."""
    inv = pen.inv
    texts = [terms_text(inv)] if not inv.style.show_due or inv.lang in ("de", "fr") else []
    texts.append(inv.label("thanks"))
    if inv.lang == "fr":
        texts.append(inv.label("legal"))
    return pen.lines(x, y, [row for t in texts for row in pen.wrap(t, width or 400, size)], size)


def registration_line(pen: Pen, x: float, width: float) -> None:
    """The vendor's company registration, small and grey at the foot of the page, where it has one."""
    if pen.inv.vendor.registration:
        pen.text(x, pen.h - 30, pen.inv.vendor.registration, 6.5, fit=width, color=(0.4, 0.4, 0.4))
