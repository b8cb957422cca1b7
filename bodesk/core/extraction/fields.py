"""Header fields from labelled values: numbers, dates, amounts, identifiers.

Template-free: every label found on a line (see `labels`) proposes the value to its right on
the same line (up to the next label), or, failing that, the value in the same column on the
next line or two. Each proposal is a `Candidate` with a score from where it was found, how
surely the label names the field, and the OCR confidence of its words. Amounts are then chosen
together (`amounts.reconcile_amounts`): subtotal + tax = total and the line items' sum are evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable

from bodesk.core.records import Evidence

from .labels import PAYMENT_TERMS, TAX_QUALIFIERS, WEEKDAYS
from .layout import LabelHit, Line, lines_below
from .numbers import DateMatch, find_amounts, find_dates, find_loose_dates, fold

AMOUNTS = frozenset({"subtotal", "tax", "total"})
DATES = frozenset({"invoice_date", "due_date"})
#: Words between a label and its value that do not make it another thing's label ("Total incl. GST : 9.90").
_NEUTRAL = TAX_QUALIFIERS | {"gst", "vat", "tax", "mwst", "tva", "iva", "btw", "ppn", "sst", "of", "the", "all", "eur", "usd",
                             "gbp", "myr", "sgd", "amount", "net", "gross"}
#: What follows the first date of a period ("au", "to", "bis", "-"): the date is a period's start.
_RANGE_RE = re.compile(r"\s*(?:au|to|bis|until|till|al|hasta|tot|t/m|s/d|sampai|hingga|[-–])\s*\d", re.IGNORECASE)
#: How much a value's position says, relative to the label.
RIGHT, BELOW = 0.95, 0.8
#: A value must sit within this many characters after a weak label ("Invoice 123").
WEAK_REACH = 12

_ID_RE = re.compile(r"(?<![\w/\-])#?\s?([A-Za-z0-9][A-Za-z0-9\-/_.]*)")
#: An EU-style VAT number: country prefix and 8-12 characters.
VAT_ID_RE = re.compile(r"^[A-Z]{2}[0-9A-Z]{8,12}$")
_TAX_ID_RE = re.compile(r"(?<![\w])((?:[A-Z]{1,3}[\s-]?)?[0-9][0-9A-Z .\-/]{4,}[0-9A-Z])(?![\w])")


@dataclass
class Candidate:
    """A possible value of one field, with its score in [0, 1] and where it was read."""

    value: Any
    score: float
    evidence: Evidence | None = None
    how: str = "label"


@dataclass
class Context:
    """What every field extractor needs about the document."""

    lines: list[Line]
    decimal: str | None
    date_order: str
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    #: The currency the document's text names, and how surely (`numbers.detect_currency`).
    currency: tuple[str | None, float] = (None, 0.0)
    #: Whether the document's own dates settle `date_order` (25/03/2026), rather than cues or the default.
    date_order_settled: bool = False


def value_regions(ctx: Context, line: Line, hit: LabelHit) -> list[tuple[Line, int, int, float]]:
    """Where the value of a label may be: right of it on its line, else below it.

    Yields (line, start, end, position score); the right region ends at the next label.
    """
    regions = []
    nxt = next((h.start for h in line.labels if h.start >= hit.end), len(line.text))
    start = hit.end
    while start < nxt and line.text[start] in " \t:.#-–=|" and not (
        line.text[start] in "-–" and line.text[start + 1 : start + 2].isdigit()  # a minus sign
    ):
        start += 1
    if start < nxt and (hit.strength >= 1.0 or start - hit.end <= WEAK_REACH):
        # A weak label ("Date", "Invoice") only speaks for what starts close to it, up to its column's end.
        end = nxt
        if hit.strength < 1.0:
            end = line.segment(start)[1]
            if not any(c.isdigit() for c in line.text[start:end]) and end < len(line.text):
                end = line.segment(end + 1)[1]  # "Fecha de emisión:" then the value's column
            end = min(nxt, end)
        regions.append((line, start, end, RIGHT))
    if hit.strength < 0.7 and len(line.labels) < 3:
        return regions  # a title like "INVOICE" says nothing about the lines below it; a column header does
    rest = line.text[hit.end :]
    if hit.field in (*AMOUNTS, "prepaid") and "\t" not in rest and not any(c.isdigit() for c in rest) and not any(
        h.start >= hit.end for h in line.labels
    ) and not _items_header(line):
        # A receipt's "Total Sales (Inclusive of GST)" with ": 32.70" at the right of the next line (a cell's
        # "Montant déjà payé :" with its figure set lower).
        nxt = lines_below(ctx.lines, line, max_gap=1.5)[:1]
        if nxt and not nxt[0].labels:
            lx1 = line.bbox(hit.start, hit.end)[2]
            for s, e in nxt[0].segments():
                words = nxt[0].words_between(s, e)
                if words and words[0].x0 >= lx1 and any(c.isdigit() for c in nxt[0].text[s:e]):
                    regions.append((nxt[0], s, e, 0.85))
    lx0, _, lx1, _ = line.bbox(hit.start, hit.end)
    slack = line.height * 1.5
    # A header row of amounts ("TOTAL HT | TOTAL TVA | TOTAL TTC") has its values in the same
    # columns further down, possibly past lines of a neighbouring column (legal text, notes).
    header_row = hit.field in AMOUNTS and sum(h.field in AMOUNTS for h in line.labels) >= 2
    if header_row and _items_header(line):
        return regions  # the line items' header ("Qty | Subtotal | VAT | Total"): its values are lines
    reach = lines_below(ctx.lines, line, max_gap=5.0)[:6] if header_row else lines_below(ctx.lines, line)[:2]
    centre = (lx0 + lx1) / 2
    # In a header row a column runs from its name to the next name: values may sit right of it.
    next_x0 = min((w.x0 for w in line.words if w.x0 > lx1), default=None) if header_row else None
    column: list[list[tuple[Line, int, int, float]]] = []
    for below in reach:
        found = []
        for s, e in below.segments():
            words = below.words_between(s, e)
            if not words or not any(c.isalnum() for c in below.text[s:e]):
                continue  # nothing, or a scanned rule's remains ("|", "©"): not the column's first value
            if next_x0 is not None:
                mid = (words[0].x0 + words[-1].x1) / 2
                if not lx0 - slack <= mid < next_x0 or words[-1].x1 <= lx0:
                    continue  # outside the column, or ending before its name starts: the previous column's
            elif words[-1].x1 < lx0 - slack or words[0].x0 > lx1 + slack:
                continue
            if any(h.start < e and h.end > s for h in below.labels):
                continue
            found.append((abs((words[0].x0 + words[-1].x1) / 2 - centre), s, e))
        if found and header_row:
            column.append([(below, s, e, BELOW) for _, s, e in sorted(found)])
        elif found:  # the segment most nearly under the label first
            regions.extend((below, s, e, BELOW) for _, s, e in sorted(found))
            if hit.field != "vendor_tax_id" or len({r[0].index for r in regions if r[3] == BELOW}) >= 2:
                break
    if column:
        # A tax summary's column: a row per rate, then (often unlabelled) their sum: the document's amount.
        values = [find_amounts(ln.text[s:e], ctx.decimal)[-1:] for ln, s, e, _ in (row[0] for row in column)]
        summed = len(column) >= 3 and all(values) and sum(v[0].value for v in values[:-1]) == values[-1][0].value
        regions.extend(column[-1] if summed else column[0])
    return regions


def _items_header(line: Line) -> bool:
    """The header row of the line items table (not a tax summary's, which opens with a tax word)."""
    from .columns import header_columns

    return header_columns(line) is not None and not any(h.field == "tax" for h in line.labels[:1])


Parser = Callable[[Context, str, int, int], list[tuple[Any, int, int]]]


def parse_id(ctx: Context, text: str, start: int, end: int) -> list[tuple[Any, int, int]]:
    """An identifier: the first token with a digit, skipping at most two words before it."""
    for skipped, m in enumerate(_ID_RE.finditer(text, start, end)):
        value = m.group(1).rstrip(".-/")
        if skipped > 2:
            break
        if text[m.start(1) - 1 : m.start(1)] == "(":
            continue  # "(380)": a code in brackets, not the number
        if not any(c.isdigit() for c in value) or find_dates(value) or len(value) > 40:
            continue
        return [(value, m.start(1), m.start(1) + len(value))]
    return []


def parse_date(ctx: Context, text: str, start: int, end: int) -> list[tuple[Any, int, int]]:
    return [(dm, dm.start + start, dm.end + start) for dm in find_dates(text[start:end])][:1]


def parse_amount(ctx: Context, text: str, start: int, end: int) -> list[tuple[Any, int, int]]:
    found = [a for a in find_amounts(text[start:end], ctx.decimal)]
    with_decimals = [a for a in found if a.has_decimals]
    pick = (with_decimals or found)[-1:] if found else []
    return [(a.value, a.start + start, a.end + start) for a in pick]


def parse_tax_id(ctx: Context, text: str, start: int, end: int) -> list[tuple[Any, int, int]]:
    for m in _TAX_ID_RE.finditer(text, start, end):
        raw = m.group(1).strip()
        if sum(c.isdigit() for c in raw) < 6 or find_dates(raw):
            continue
        return [(normalize_tax_id(raw), m.start(1), m.start(1) + len(raw))]
    return []


def normalize_tax_id(raw: str) -> str:
    """A tax id without the spaces printed for readability: "GB 123 4567 89" -> "GB123456789"."""
    return re.sub(r"\s+", "", raw.strip()).upper()


PARSERS: dict[str, Parser] = {
    "invoice_number": parse_id,
    "po_number": parse_id,
    "invoice_date": parse_date,
    "due_date": parse_date,
    "subtotal": parse_amount,
    "tax": parse_amount,
    "total": parse_amount,
    "vendor_tax_id": parse_tax_id,
    "tendered": parse_amount,
    "prepaid": parse_amount,
    "change": parse_amount,
    "rounding": parse_amount,
}

_SPACED_CENTS_RE = re.compile(r"(?<![\d.,])(\d{1,4}) (\d{2})(?=$|\t)")
#: Words after a total's label that make it the amount before tax ("Total Sales (Excluding GST)").
_BEFORE_TAX = frozenset({"excl", "excluding", "exclusive", "exkl", "exklusive", "ohne", "hors", "sans", "sin",
                         "exclusief", "before", "sebelum", "vor", "avant", "antes"})
#: A tax summary's header ("GST Summary", "Tax Code  %  Amt  Tax"): the totals under it are its own.
_TAX_SUMMARY_RE = re.compile(
    r"\b(?:(?:gst|vat|tax|sst|mwst|ust|tva|iva|btw|ppn)\W{0,3}(?:summary|summa\w*|analysis|breakdown|code)"
    r"|recapitulatif tva|resumen iva|btw overzicht|mwst\W?ubersicht|ringkasan pajak)\b"
)


def collect(ctx: Context) -> None:
    """Fill `ctx.candidates` with every labelled value the document offers."""
    summary_end = -1
    for line in ctx.lines:
        if _TAX_SUMMARY_RE.search(line.folded):
            summary_end = line.index + 5
        for hit in line.labels:
            parser = PARSERS.get(hit.field)
            if parser is None:
                continue
            qualifier = set(re.findall(r"[a-z]+", line.folded[hit.end : line.segment(hit.start)[1]]))
            for region_line, start, end, position in value_regions(ctx, line, hit):
                text = region_line.text
                if region_line.ocr and parser is parse_amount and ctx.decimal:
                    # "20 50" closing a column where the document prints cents: OCR lost the point
                    text = _SPACED_CENTS_RE.sub(rf"\1{ctx.decimal}\2", text)
                found = parser(ctx, text, start, end)
                name = hit.field
                if name == "total" and qualifier & _BEFORE_TAX:
                    name = "subtotal"
                if hit.field == "tax" and not found:
                    # "TVA : FR11999999998", "VAT DE123456789": a tax label in front of a tax id
                    found = [f for f in parse_tax_id(ctx, region_line.text, start, end) if VAT_ID_RE.match(f[0])]
                    name = "vendor_tax_id"
                for value, vs, ve in found:
                    conf = region_line.conf(vs, ve)
                    score = position * hit.strength * (0.6 + 0.4 * conf)
                    if region_line is line and _qualified(line.text[hit.end : vs]):
                        score *= 0.5  # "Date de facture associée :", "Date de début de prestation :"
                    seg_s, seg_e = line.segment(hit.start)
                    if hit.field in DATES and hit.strength < 0.75 and len(line.text[seg_s:seg_e].split()) > 10:
                        score *= 0.5  # "du" inside a sentence ("Loi n° 92/1442 du 31 décembre 1992")
                    if name in DATES and _RANGE_RE.match(region_line.text, ve):
                        score *= 0.5  # "du 09/08/2023 au 15/08/2023": a period, not the document's date
                    if name in AMOUNTS and ctx.decimal and not re.search(r"[.,] ?\d\d$", text[vs:ve]):
                        score *= 0.6  # "2015" in a document whose amounts all have cents
                    if parser is parse_id and hit.strength < 0.75 and len(value) == 1:
                        score *= 0.8  # "INVOICE | 2" by a title: a page, a copy or a box's mark more often than the number
                    if name == "total" and line.index <= summary_end:
                        score *= 0.5  # the taxable amount of a tax summary's "Total" row
                    evidence = Evidence(region_line.page, region_line.bbox(vs, ve))
                    ctx.candidates.setdefault(name, []).append(Candidate(value, score, evidence))
                if found and name != "vendor_tax_id":
                    break  # tax ids under "Tax ID(s):" may be several (a local number, then the VAT id)
    _unlabelled_dates(ctx)


#: A time of day after a date: a receipt's or a till's moment of sale ("03/02/2018 15:28").
_TIME_AFTER_RE = re.compile(r"\s*(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\b)", re.IGNORECASE)


def _unlabelled_dates(ctx: Context) -> None:
    """Dates no label speaks for, as weak invoice-date candidates: stronger with a time of day
    beside them (receipts print the moment of sale) or near the top of the first page."""
    labelled = {(c.evidence.page, c.evidence.bbox) for c in ctx.candidates.get("invoice_date") or [] if c.evidence}
    first = ctx.lines[0].page if ctx.lines else 1
    page_lines = [ln for ln in ctx.lines if ln.page == first]
    top = page_lines[0].top if page_lines else 0.0
    span = max((page_lines[-1].bottom - top) if page_lines else 1.0, 1.0)
    for line in ctx.lines:
        for dm in find_dates(line.text) or (find_loose_dates(line.text) if line.ocr else []):
            if _RANGE_RE.match(line.text, dm.end) or line.text[max(0, dm.start - 3) : dm.start].strip() in ("-", "–"):
                continue
            evidence = Evidence(line.page, line.bbox(dm.start, dm.end))
            if (evidence.page, evidence.bbox) in labelled:
                continue
            score = 0.3
            if _TIME_AFTER_RE.match(line.text, dm.end):
                score += 0.3
            if line.page == first and (line.top - top) / span < 0.25:
                score += 0.1
            score *= 0.6 + 0.4 * line.conf(dm.start, dm.end)
            ctx.candidates.setdefault("invoice_date", []).append(Candidate(dm, score, evidence, "unlabelled"))


def _qualified(gap: str) -> bool:
    """Words between a label and its value: the label is part of a longer name of something else
    (a weekday, "Le lundi 21 novembre 2022", does not count)."""
    gap = re.sub(r"\([^)]*\)?", " ", gap.split("\t")[0])  # "(Inclusive of GST)", "(EUR)" qualify nothing
    words = re.findall(r"[^\W\d_]{3,}", gap)
    return any(fold(w) not in WEEKDAYS and fold(w) not in _NEUTRAL for w in words)


def best(ctx: Context, name: str) -> Candidate | None:
    """The highest-scoring candidate; within 0.02 of it the earlier in the document (headers come first: OCR's
    confidence in a remark's words does not outweigh them)."""
    cands = ctx.candidates.get(name) or []
    top = max((c.score for c in cands), default=0.0)
    return next((c for c in cands if c.score >= top - 0.02), None)


#: How far a value's lead over every other value of its field raises its score toward 1 (`surer`).
LEAD = 0.5


def lead(ctx: Context, name: str, value: Any, taken: frozenset = frozenset(), order: str | None = None) -> float:
    """How far the strongest candidate of `value` for field `name` stands above the strongest of any other
    value (values `taken` by another field aside), in [0, 1]: 1 where nothing else on the page is proposed."""
    order = order or ctx.date_order
    own = rival = 0.0
    for c in ctx.candidates.get(name) or []:
        v = c.value.value(order) if isinstance(c.value, DateMatch) else c.value
        if v == value:
            own = max(own, c.score)
        elif v not in taken:
            rival = max(rival, c.score)
    return max(0.0, 1.0 - rival / own) if own > 0 else 0.0


def surer(score: float, lead: float) -> float:
    """A value nothing else on the page disputes ("INVOICE I/00000" where no other number is printed; the one
    date in a header) is surer than its weak label alone says."""
    return score + (1.0 - score) * LEAD * lead


def led(ctx: Context, name: str, chosen: Candidate | None, taken: frozenset = frozenset(),
        order: str | None = None) -> Candidate | None:
    """`chosen` surer by its lead (`surer`). Not where OCR read the page: a misread character ("1/00000") is
    as undisputed as the right one, and the lead says nothing of it (unless readings agree: `engine._agreed`)."""
    if chosen is None or chosen.evidence is None:
        return chosen
    if any(line.ocr for line in ctx.lines if line.page == chosen.evidence.page):
        return chosen
    score = surer(chosen.score, lead(ctx, name, chosen.value, taken, order))
    return Candidate(chosen.value, score, chosen.evidence, chosen.how)


# ----------------------------------------------------------------------------------- dates


def choose_dates(ctx: Context) -> tuple[Candidate | None, Candidate | None]:
    """Invoice and due date, read in the document's order, checked against each other."""
    inv = best(ctx, "invoice_date")
    due = best(ctx, "due_date")
    order = ctx.date_order
    if inv and due and (inv.value.ambiguous or due.value.ambiguous):
        a = inv.value.value(order) if inv else None
        b = due.value.value(order) if due else None
        if a and b and a > b:
            other = "MDY" if order == "DMY" else "DMY"
            a2, b2 = inv.value.value(other), due.value.value(other)
            if a2 and b2 and a2 <= b2:
                order = other
    settled = ctx.date_order_settled and order == ctx.date_order
    inv, due = _as_date(inv, order, settled), _as_date(due, order, settled)
    taken = frozenset(c.value for c in (inv, due) if c is not None)
    inv, due = led(ctx, "invoice_date", inv, taken, order), led(ctx, "due_date", due, taken, order)
    mended = _mended_year(inv.value, due.value) if inv and due and inv.value and due.value else None
    if due and mended:
        due = Candidate(mended, due.score * 0.8, due.evidence, "mended")
    return inv, due


def _mended_year(invoice: date, due: date) -> date | None:
    """A due date before the invoice's whose year differs from the invoice's year (or the next) in one digit,
    which puts it within a year after the invoice: OCR misread that digit ("02/03/2002" due on an invoice of
    31/01/2022 is 02/03/2022)."""
    if due >= invoice:
        return None
    for year in (invoice.year, invoice.year + 1):
        if sum(a != b for a, b in zip(f"{year:04d}", f"{due.year:04d}")) == 1:
            try:
                mended = due.replace(year=year)
            except ValueError:  # 29 February
                continue
            if invoice <= mended <= invoice + timedelta(days=366):
                return mended
    return None


def _as_date(cand: Candidate | None, order: str, settled: bool) -> Candidate | None:
    """The candidate's date in `order`; less sure when it reads both ways and nothing on the page settles which."""
    if cand is None:
        return None
    value = cand.value.value(order)
    score = cand.score * (0.9 if cand.value.ambiguous and not settled else 1.0)
    return Candidate(value, score, cand.evidence, cand.how)


def due_from_terms(ctx: Context, invoice_date: date) -> Candidate | None:
    """A due date computed from payment terms ("net 30", "innerhalb von 14 Tagen")."""
    for line in ctx.lines:
        for pattern in PAYMENT_TERMS:
            m = pattern.search(line.text)
            if m:
                days = int(m.group(1))
                if 0 < days <= 180:
                    evidence = Evidence(line.page, line.bbox(m.start(), m.end()))
                    return Candidate(invoice_date + timedelta(days=days), 0.7, evidence, "terms")
    return None
