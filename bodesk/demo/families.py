"""More layout families, unlike the six standard ones in ways real invoices are: a till receipt, a
landscape page, two pages with the totals overleaf, the amount due in a band at the top, and a footer
full of other dates (printed on, terms of, registered since). Each family sets its own page size.

They are drawn with the same blocks as the standard layouts and print only what the `SampleInvoice`
says; the dates they add are derived from the invoice date, never drawn at random.
"""

from __future__ import annotations

from datetime import timedelta

from reportlab.lib.pagesizes import landscape

from .drawing import (
    Pen,
    bank_lines,
    buyer_lines,
    footer_notes,
    item_table,
    light,
    logo,
    meta_column,
    registration_line,
    totals_block,
    totals_rows,
    vendor_lines,
)
from .sample import SampleInvoice

#: A till roll: 80 mm wide.
RECEIPT_PAGE = (227.0, 640.0)

#: Words the families print beside the standard labels, per language.
_WORDS: dict[str, dict[str, str]] = {
    "printed": {"en": "Printed on", "de": "Gedruckt am", "fr": "Imprimé le", "es": "Impreso el",
                "nl": "Afgedrukt op", "id": "Dicetak pada"},
    "terms_of": {"en": "General terms and conditions of", "de": "Es gelten unsere AGB vom",
                 "fr": "Conditions générales du", "es": "Condiciones generales del",
                 "nl": "Algemene voorwaarden van", "id": "Syarat dan ketentuan tanggal"},
    "since": {"en": "Registered since", "de": "Eingetragen seit", "fr": "Immatriculée depuis le",
              "es": "Inscrita desde el", "nl": "Ingeschreven sinds", "id": "Terdaftar sejak"},
    "prices": {"en": "Price list valid from", "de": "Preisliste gültig ab", "fr": "Tarifs valables dès le",
               "es": "Tarifas válidas desde el", "nl": "Prijslijst geldig vanaf", "id": "Daftar harga berlaku sejak"},
    "page": {"en": "Page {n} of 2", "de": "Seite {n} von 2", "fr": "Page {n} sur 2", "es": "Página {n} de 2",
             "nl": "Pagina {n} van 2", "id": "Halaman {n} dari 2"},
    "continued": {"en": "continued", "de": "Fortsetzung", "fr": "suite", "es": "continuación",
                  "nl": "vervolg", "id": "lanjutan"},
}


def _word(inv: SampleInvoice, key: str) -> str:
    words = _WORDS[key]
    return words.get(inv.lang, words["en"])


def page_size(layout: str, standard: tuple[float, float]) -> tuple[float, float]:
    """The page a family prints on, given the locale's standard page."""
    if layout == "receipt":
        return RECEIPT_PAGE
    if layout == "landscape":
        return landscape(standard)
    return standard


def pages(layout: str) -> int:
    return 2 if layout == "multi_page" else 1


# --------------------------------------------------------------------------- families


def _draw_receipt(pen: Pen) -> None:
    """A till receipt: everything centred or in one narrow column, the total in large type."""
    inv = pen.inv
    m, right, mid = 12, pen.w - 12, pen.w / 2
    width = right - m
    pen.text(mid, 30, inv.vendor.name, 11, bold=True, align="center", fit=width)
    y = pen.lines(mid, 44, vendor_lines(inv, contact=False), 7.5, align="center", fit=width) + 16
    pen.text(mid, y, inv.label("title").upper(), 10, bold=True, align="center")
    y += 14
    y = meta_column(pen, m, right, y, size=7.5, lead=10, colon=False, fit=width * 0.5)
    pen.line(m, y, right, y, dash=(2, 2))
    y += 12
    for li in inv.truth.line_items:
        assert li.description and li.quantity is not None and li.amount is not None
        for row in pen.wrap(li.description, width, 7.5):
            pen.text(m, y, row, 7.5)
            y += 9.5
        pen.text(m + 10, y, f"{inv.quantity(li.quantity)} x {inv.number(li.unit_price or li.amount)}", 7.5)
        pen.text(right, y, inv.number(li.amount), 7.5, align="right")
        y += 12
    pen.line(m, y - 4, right, y - 4, dash=(2, 2))
    y += 6
    for label, value, is_total in totals_rows(inv):
        size = 10 if is_total else 7.5
        pen.text(m, y, label.upper() if is_total else label, size, bold=is_total, fit=width * 0.55)
        pen.text(right, y, value, size, bold=is_total, align="right")
        y += 15 if is_total else 10
    bank = bank_lines(inv)
    if bank:
        y = pen.lines(m, y + 8, bank, 6.5, fit=width) + 12
    pen.lines(mid, y + 6, pen.wrap(inv.label("thanks"), width, 7.5), 7.5, align="center")


def _draw_landscape(pen: Pen) -> None:
    """A landscape page: sender and buyer side by side on the left, details and totals on the right."""
    inv, st = pen.inv, pen.inv.style
    m, right = 40, pen.w - 40
    col = (right - m) / 3
    logo(pen, m, 30, 40)
    pen.text(m + 50, 52, inv.vendor.name, 14, bold=True, fit=col * 2 - 60)
    pen.lines(m, 88, vendor_lines(inv), 8.5, fit=col - 10)
    pen.text(m + col, 88, inv.label("bill_to"), 8.5, bold=True, color=st.accent)
    pen.lines(m + col, 101, buyer_lines(inv), 9, bold_first=True, fit=col - 10)
    x = m + 2 * col
    pen.text(right, 52, inv.label("title").upper(), 22, bold=True, align="right", color=st.accent)
    y = 88
    y = meta_column(pen, x, right, y, lead=14, bold=True, fit=col * 0.5)
    bottom = item_table(pen, m, max(y, 170) + 16, right - m, grid="rules", header_fill=light(st.accent, 0.8))
    y = totals_block(pen, right - 220, right, bottom + 8)
    notes_y = footer_notes(pen, m, bottom + 24, width=col * 1.6)
    bank = bank_lines(inv)
    if bank:
        pen.text(m, max(y, notes_y) + 24, inv.label("bank"), 8, bold=True)
        pen.lines(m, max(y, notes_y) + 36, bank, 8)


def _draw_multi_page(pen: Pen) -> None:
    """Two pages: the lines on the first, the totals, terms and bank details overleaf under a short
    repeated header (name, number, "continued")."""
    inv, st = pen.inv, pen.inv.style
    t = inv.truth
    m, right = 48, pen.w - 48
    pen.text(m, 56, inv.vendor.name, 15, bold=True, fit=300)
    pen.lines(m, 72, vendor_lines(inv), 8.5, fit=300)
    pen.text(right, 56, inv.label("title").upper(), 20, bold=True, align="right", color=st.accent)
    y = 80
    y = meta_column(pen, right - 190, right, y)
    by = max(y, 150) + 16
    pen.text(m, by, inv.label("bill_to"), 8.5, bold=True)
    pen.lines(m, by + 14, buyer_lines(inv), 9.5, bold_first=True)
    item_table(pen, m, by + 90, right - m, grid="dotted", header_fill=(0.92, 0.92, 0.92))
    pen.text(right, pen.h - 40, f"{_word(inv, 'page').format(n=1)} →", 8, align="right")
    pen.c.showPage()
    pen.text(m, 50, f"{inv.vendor.name} · {inv.label('number')} {t.invoice_number} ({_word(inv, 'continued')})", 9,
             color=(0.35, 0.35, 0.35), fit=right - m)  # fmt: skip
    pen.line(m, 58, right, 58, color=(0.6, 0.6, 0.6))
    y = totals_block(pen, right - 210, right, 90)
    y = footer_notes(pen, m, y + 30, width=right - m)
    bank = bank_lines(inv)
    if bank:
        pen.text(m, y + 30, inv.label("bank"), 8.5, bold=True)
        pen.lines(m, y + 43, bank, 8.5)
    pen.text(right, pen.h - 40, _word(inv, "page").format(n=2), 8, align="right")


def _draw_header_total(pen: Pen) -> None:
    """The amount due and the due date in a coloured band at the top, above everything else; the
    totals block at the bottom repeats it."""
    inv, st = pen.inv, pen.inv.style
    t = inv.truth
    assert t.total is not None and t.due_date is not None
    m, right = 44, pen.w - 44
    pen.rect(m, 30, right - m, 46, fill=light(st.accent, 0.82))
    pen.text(m + 12, 49, inv.label("total"), 9, color=(0.25, 0.25, 0.25))
    pen.text(m + 12, 68, inv.money(t.total), 16, bold=True)
    if st.show_due:
        pen.text(right - 12, 49, inv.label("due"), 9, align="right", color=(0.25, 0.25, 0.25))
        pen.text(right - 12, 68, inv.date_text(t.due_date), 13, bold=True, align="right")
    pen.text(m, 108, inv.vendor.name, 13, bold=True, fit=300)
    pen.lines(m, 122, vendor_lines(inv), 8.5, fit=300)
    y = 108
    pen.text(right, y, inv.label("title").upper(), 16, bold=True, align="right", color=st.accent)
    y += 20
    y = meta_column(pen, right - 180, right, y, size=8.5, lead=12, colon=False, color=(0.35, 0.35, 0.35))
    by = max(y, 200) + 14
    pen.text(m, by, inv.label("bill_to"), 8.5, bold=True)
    pen.lines(m, by + 13, buyer_lines(inv), 9.5, bold_first=True)
    bottom = item_table(pen, m, by + 84, right - m, grid="rules")
    y = totals_block(pen, right - 200, right, bottom + 8)
    notes_y = footer_notes(pen, m, y + 24, width=right - m)
    bank = bank_lines(inv)
    if bank:
        pen.lines(m, notes_y + 24, [inv.label("bank"), *bank], 8)


def _draw_dated_footer(pen: Pen) -> None:
    """A plain invoice whose footer is full of other dates: when it was printed, the terms and price
    list it refers to, when the company was registered."""
    inv = pen.inv
    t = inv.truth
    assert t.invoice_date is not None
    m, right = 50, pen.w - 50
    pen.text(m, 60, inv.vendor.name, 14, bold=True, fit=320)
    pen.lines(m, 76, vendor_lines(inv, contact=False), 8.5, fit=320)
    pen.text(right, 60, inv.label("title"), 18, bold=True, align="right")
    y = 90
    y = meta_column(pen, right - 180, right, y)
    by = max(y, 150) + 16
    pen.lines(m, by, buyer_lines(inv), 9.5, bold_first=True)
    bottom = item_table(pen, m, by + 80, right - m, grid="none")
    y = totals_block(pen, right - 200, right, bottom + 8)
    footer_notes(pen, m, y + 26, width=right - m)
    day = t.invoice_date
    dated = [
        f"{_word(inv, 'printed')} {inv.date_text(day + timedelta(days=1))}",
        f"{_word(inv, 'terms_of')} {inv.date_text(day.replace(year=day.year - 2, month=1, day=1))}",
        f"{_word(inv, 'prices')} {inv.date_text(day.replace(day=1) - timedelta(days=31))}",
        f"{_word(inv, 'since')} {inv.date_text(day.replace(year=day.year - 9, day=1))}",
    ]
    fy = pen.h - 86
    pen.line(m, fy - 12, right, fy - 12, color=(0.6, 0.6, 0.6), width=0.4)
    half = (right - m) / 2
    pen.lines(m, fy, dated[:2], 7, fit=half - 8)
    pen.lines(m + half, fy, [*dated[2:], *(bank_lines(inv)[-2:])], 7, fit=half - 8)
    registration_line(pen, m, right - m)


DRAW = {
    "receipt": _draw_receipt,
    "landscape": _draw_landscape,
    "multi_page": _draw_multi_page,
    "header_total": _draw_header_total,
    "dated_footer": _draw_dated_footer,
}

#: The family names, in the order `family_set` cycles them.
FAMILIES: tuple[str, ...] = tuple(DRAW)
