"""The six standard invoice layouts, drawn with reportlab, and the born-digital PDF (`pdf_bytes`,
`render_pdf`) of any layout, the families of `families.py` included."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from . import families
from .drawing import (
    Pen,
    bank_lines,
    buyer_lines,
    footer_notes,
    item_table,
    light,
    logo,
    meta_column,
    meta_rows,
    registration_line,
    terms_text,
    totals_block,
    totals_rows,
    vendor_lines,
)
from .sample import SampleInvoice


# --------------------------------------------------------------------------- layouts


def _draw_classic(pen: Pen) -> None:
    inv, st = pen.inv, pen.inv.style
    m, right = 48, pen.w - 48
    logo(pen, m, 40, 44)
    pen.text(m + 54, 58, inv.vendor.name, 14, bold=True, fit=250)
    pen.lines(m + 54, 72, vendor_lines(inv, contact=False), 8.5, fit=240)
    pen.text(right, 64, inv.label("title").upper(), 24, bold=True, align="right", color=st.accent)
    y = 92
    y = meta_column(pen, right - 185, right, y, lead=14, bold=True)
    by = max(y + 14, 175)
    pen.text(m, by, inv.label("bill_to").upper(), 8.5, bold=True, color=st.accent)
    pen.lines(m, by + 15, buyer_lines(inv), 9.5, bold_first=True)
    bottom = item_table(pen, m, by + 90, right - m, grid="rules", header_fill=(0.9, 0.9, 0.9))
    y = totals_block(pen, right - 200, right, bottom + 8)
    y = footer_notes(pen, m, max(y + 30, bottom + 110), width=right - m)
    fy = pen.h - 95
    pen.line(m, fy - 12, right, fy - 12, color=(0.7, 0.7, 0.7))
    bank = bank_lines(inv)
    if bank:
        pen.text(m, fy, inv.label("bank"), 8, bold=True)
        pen.lines(m, fy + 11, bank, 8)
    pen.lines(pen.w / 2 + 20, fy, [inv.vendor.name, inv.vendor.phone, inv.vendor.email], 8)
    if inv.vendor.registration:
        pen.text(pen.w / 2, pen.h - 30, inv.vendor.registration, 7, align="center", color=(0.4, 0.4, 0.4))


def _draw_modern_right(pen: Pen) -> None:
    inv, st = pen.inv, pen.inv.style
    m, right = 44, pen.w - 44
    pen.rect(0, 0, pen.w, 78, fill=st.accent)
    pen.text(m, 50, inv.label("title").upper(), 26, bold=True, color=(1, 1, 1))
    pen.text(right, 36, inv.vendor.name, 13, bold=True, align="right", color=(1, 1, 1), fit=300)
    pen.text(right, 54, inv.vendor.email, 9, align="right", color=(1, 1, 1))
    y = pen.lines(right, 102, vendor_lines(inv, contact=False), 8.5, align="right")
    y += 22
    meta_top = y
    for label, value in meta_rows(inv):  # labels above values, right-aligned
        pen.text(right, y, label.upper(), 7.5, align="right", color=(0.4, 0.4, 0.4))
        pen.text(right, y + 12, value, 10.5, bold=True, align="right")
        y += 30
    pen.text(m, meta_top, inv.label("bill_to").upper(), 7.5, color=(0.4, 0.4, 0.4))
    pen.lines(m, meta_top + 14, buyer_lines(inv), 10, bold_first=True)
    bottom = item_table(pen, m, max(y, meta_top + 95) + 6, right - m, grid="zebra", size=9.5,
                        header_color=st.accent, row_pad=7)  # fmt: skip
    y = totals_block(pen, right - 215, right - 8, bottom + 10, total_fill=light(st.accent, 0.8))
    notes_y = footer_notes(pen, m, bottom + 28, width=right - 260 - m)
    bank = bank_lines(inv)
    if bank:
        by = max(y, notes_y) + 40
        pen.text(m, by, inv.label("bank").upper(), 7.5, color=(0.4, 0.4, 0.4))
        pen.lines(m, by + 13, bank, 9)
    pen.line(m, pen.h - 44, right, pen.h - 44, color=st.accent, width=1.5)
    foot = " · ".join(r for r in (inv.vendor.name, inv.vendor.phone, inv.vendor.registration) if r)
    pen.text(pen.w / 2, pen.h - 30, foot, 7, align="center", color=(0.4, 0.4, 0.4), fit=right - m)


def _draw_boxed_table(pen: Pen) -> None:
    inv, st = pen.inv, pen.inv.style
    m, right = 40, pen.w - 40
    pen.text(m, 56, inv.vendor.name, 15, bold=True, fit=330)
    pen.lines(m, 72, vendor_lines(inv), 8.5)
    logo(pen, right - 56, 34, 56)
    title_y = 178
    pen.text(pen.w / 2, title_y, inv.label("title").upper(), 18, bold=True, align="center")
    top = title_y + 16
    half = (right - m - 14) / 2
    meta = meta_rows(inv)
    box_h = max(22 + len(buyer_lines(inv)) * 12.5, len(meta) * 18) + 4
    pen.rect(m, top, half, box_h, stroke=(0.3, 0.3, 0.3))
    pen.rect(m, top, half, 16, fill=(0.88, 0.88, 0.88), stroke=(0.3, 0.3, 0.3))
    pen.text(m + 6, top + 11.5, inv.label("bill_to"), 8.5, bold=True)
    pen.lines(m + 6, top + 30, buyer_lines(inv), 9.5, bold_first=True, fit=half - 12)
    mx, row_h = m + half + 14, box_h / len(meta)
    for i, (label, value) in enumerate(meta):
        ry = top + i * row_h
        pen.rect(mx, ry, half * 0.48, row_h, fill=(0.93, 0.93, 0.93), stroke=(0.3, 0.3, 0.3))
        pen.rect(mx + half * 0.48, ry, half * 0.52, row_h, stroke=(0.3, 0.3, 0.3))
        pen.text(mx + 6, ry + row_h / 2 + 3.5, label, 9, bold=True, fit=half * 0.48 - 10)
        pen.text(mx + half * 0.48 + 6, ry + row_h / 2 + 3.5, value, 9.5)
    bottom = item_table(pen, m, top + box_h + 22, right - m, grid="full", header_fill=(0.88, 0.88, 0.88))
    money_w = 95 if st.currency_on_lines else 78
    lx = right - 2 * money_w - 52  # the label spans the qty and unit price columns
    y = bottom
    for label, value, is_total in totals_rows(inv):  # totals continue the grid
        fill = (0.93, 0.93, 0.93) if is_total else None
        pen.rect(lx, y, right - money_w - lx, 18, stroke=(0.45, 0.45, 0.45), fill=fill)
        pen.rect(right - money_w, y, money_w, 18, stroke=(0.45, 0.45, 0.45), fill=fill)
        pen.text(lx + 5, y + 12.5, label, 8.5, bold=is_total, fit=right - money_w - lx - 10)
        pen.text(right - 5, y + 12.5, value, 9, bold=is_total, align="right")
        y += 18
    if st.currency_note:
        pen.text(right, y + 14, st.currency_note, 8, align="right")
    notes_y = footer_notes(pen, m, bottom + 20, width=lx - m - 20)
    bank = bank_lines(inv)
    if bank:
        by = max(y + 30, notes_y + 24)
        pen.rect(m, by, 260, 16 + 12 * len(bank), stroke=(0.3, 0.3, 0.3))
        pen.text(m + 6, by + 12, inv.label("bank"), 8.5, bold=True)
        pen.lines(m + 6, by + 25, bank, 8.5)
    pen.text(pen.w / 2, pen.h - 28, inv.label("page"), 7.5, align="center")


def _draw_letter(pen: Pen) -> None:
    inv, st = pen.inv, pen.inv.style
    v, m, right = inv.vendor, 62, pen.w - 50
    logo(pen, right - 40, 36, 40)
    pen.text(right - 50, 56, v.name, 12, bold=True, align="right", fit=300)
    pen.lines(right, 90, [*v.address, v.phone, v.email], 8.5, align="right")
    sender = " · ".join([v.name, *v.address[:2]])
    pen.text(m, 140, sender, 6.5, fit=250, color=(0.3, 0.3, 0.3))
    pen.line(m, 143, m + min(pen.width(sender, 6.5), 250), 143, width=0.4)
    pen.lines(m, 160, buyer_lines(inv), 10.5)
    y = 170
    info_x = right - 190
    y = meta_column(pen, info_x, right, y)
    t = inv.truth
    top = max(y, 232) + 24
    pen.text(m, top, f"{inv.title} {t.invoice_number}", 13, bold=True)
    pen.text(m, top + 26, inv.label("hello"), 10)
    intro = pen.wrap(inv.label("intro"), right - m, 10)
    y = pen.lines(m, top + 42, intro, 10)
    bottom = item_table(pen, m, y + 12, right - m, grid="none", pos=True, size=9.5)
    y = totals_block(pen, right - 210, right - 5, bottom + 6, size=10)
    rows = [terms_text(inv)]
    if st.show_due:
        assert t.due_date
        rows = [
            f"{inv.label('due')}: {inv.date_text(t.due_date)}. {terms_text(inv) if inv.lang != 'en' else ''}".strip()
        ]
    rows += [inv.label("thanks"), "", inv.label("bye"), "", v.name]
    pen.lines(m, y + 24, rows, 10)
    # three-column footer, as on printed letterhead
    fy = pen.h - 70
    pen.line(m, fy - 12, right, fy - 12, color=(0.6, 0.6, 0.6), width=0.4)
    col_w = (right - m) / 3
    pen.lines(m, fy, [v.name, *v.address[:2]], 7)
    pen.lines(m + col_w, fy, [inv.label("bank"), *bank_lines(inv)], 7, fit=col_w - 6)
    tax_rows = [f"{inv.label('tax_id')}: {st.tax_id_text}"] if st.show_tax_id else []
    reg = pen.wrap(v.registration, col_w - 6, 7) if v.registration else []
    pen.lines(m + 2 * col_w, fy, tax_rows + reg, 7, fit=col_w - 6)


def _draw_compact(pen: Pen) -> None:
    inv, st = pen.inv, pen.inv.style
    m, right = 36, pen.w - 36
    pen.text(m, 44, inv.vendor.name, 12, bold=True, fit=320)
    contact = " · ".join([*inv.vendor.address, inv.vendor.phone])
    pen.text(m, 57, contact, 7.5, fit=360)
    if st.show_tax_id:
        pen.text(m, 68, f"{inv.label('tax_id')}: {st.tax_id_text}", 7.5)
    pen.text(right, 44, inv.label("title").upper(), 15, bold=True, align="right")
    t = inv.truth
    pen.text(right, 60, f"{inv.label('number')} {t.invoice_number}", 9, align="right")
    pen.line(m, 80, right, 80, width=1.2, color=st.accent)
    x, y = m, 94
    for label, value in meta_rows(inv)[1:]:  # the number is already in the header
        w = pen.text(x, y, f"{label}:", 8, bold=True)
        w += pen.text(x + w + 4, y, value, 8) + 4
        x += w + 22
        if x > right - 140:
            x, y = m, y + 12
    pen.text(m, y + 20, f"{inv.label('bill_to')}:", 8, bold=True)
    by = pen.lines(m, y + 31, buyer_lines(inv), 8.5, lead=10.5)
    bottom = item_table(pen, m, by + 14, right - m, grid="dotted", size=8, row_pad=4)
    y = totals_block(pen, right - 170, right - 5, bottom + 2, size=8.5, lead=1.4)
    notes = [terms_text(inv)] if not st.show_due else []
    notes += [" · ".join(bank_lines(inv))] if bank_lines(inv) else []
    notes.append(inv.label("thanks"))
    pen.lines(m, y + 18, notes, 7.5, fit=right - m)


def _draw_two_column(pen: Pen) -> None:
    inv, st = pen.inv, pen.inv.style
    side_w, m, right = 180, 20, pen.w - 34
    pen.rect(0, 0, side_w, pen.h, fill=light(st.accent, 0.88))
    logo(pen, m, 34, 50)
    y = pen.text(m, 108, inv.vendor.name, 12, bold=True, fit=side_w - 2 * m)
    y = pen.lines(m, 124, vendor_lines(inv), 8, fit=side_w - 2 * m)
    y += 34
    pen.text(m, y, inv.label("bill_to").upper(), 7.5, bold=True, color=st.accent)
    y = pen.lines(m, y + 14, buyer_lines(inv), 9, bold_first=True, fit=side_w - 2 * m)
    bank = bank_lines(inv)
    if bank:
        y += 34
        pen.text(m, y, inv.label("bank").upper(), 7.5, bold=True, color=st.accent)
        y = pen.lines(m, y + 14, bank, 8, fit=side_w - 2 * m)
    x0 = side_w + 28
    pen.text(x0, 70, inv.label("title").upper(), 28, bold=True, color=st.accent)
    y = 110
    for label, value in meta_rows(inv):
        pen.text(x0, y, label, 9.5, color=(0.35, 0.35, 0.35))
        pen.text(right, y, value, 9.5, bold=True, align="right")
        pen.line(x0, y + 5, right, y + 5, color=(0.85, 0.85, 0.85), width=0.4)
        y += 18
    bottom = item_table(pen, x0, y + 24, right - x0, grid="rules", header_fill=st.accent, header_color=(1, 1, 1))
    y = totals_block(pen, right - 190, right - 5, bottom + 8)
    pen.line(right - 190, y - 4, right - 5, y - 4, width=0.5)
    pen.line(right - 190, y - 2, right - 5, y - 2, width=0.5)
    footer_notes(pen, x0, y + 30, width=right - x0)
    registration_line(pen, x0, right - x0)


_DRAW = {
    "classic": _draw_classic,
    "modern_right": _draw_modern_right,
    "boxed_table": _draw_boxed_table,
    "letter": _draw_letter,
    "compact": _draw_compact,
    "two_column": _draw_two_column,
}


#: The standard layout names, in the order `sample_set` cycles them.
LAYOUTS: tuple[str, ...] = tuple(_DRAW)
#: Every layout: the standard ones and the families (receipt, landscape, two pages...).
ALL_LAYOUTS: tuple[str, ...] = LAYOUTS + families.FAMILIES
_DRAW.update(families.DRAW)


# --------------------------------------------------------------------------- output


def pdf_bytes(inv: SampleInvoice) -> bytes:
    """The born-digital PDF of `inv`; byte-identical for the same invoice (reportlab invariant mode)."""
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=inv.style.page, invariant=1, pageCompression=1)
    canvas.setTitle(f"{inv.title} {inv.truth.invoice_number}")
    canvas.setAuthor(inv.vendor.name)
    canvas.setCreator("bodesk demo")
    _DRAW[inv.layout](Pen(canvas, inv))
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def render_pdf(inv: SampleInvoice, path: Path) -> Path:
    """Write `inv` as a text PDF at `path`."""
    path = Path(path)
    path.write_bytes(pdf_bytes(inv))
    return path
