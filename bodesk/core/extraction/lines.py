"""Line items: the invoice's table read by column positions.

The table starts at a header (`columns.table_header`: one line, or a band of lines, naming at
least two kinds of column in any of our languages); every later line until the totals
("Subtotal", "Total", "MwSt"...), a wide gap or the next header is part of a row. Each number
belongs to the header column it sits under (nearest by horizontal distance, so right-aligned
figures under a left-aligned header still land right), except a value its cell labels
("(Rabais: 0,00)"); words under the description column are the description.

A row may span lines: its amount on the line under its price and quantity (the ZUGFeRD
visualisation's layout), its name above its numbers (rows centred on their cells), or its
name continued below ("12 x 1,0l PET"), where a note ("Basismenge: 1 Stk") is no part of it.
A discount or charge on the whole invoice printed among the items is no item. qty x price =
amount is checked, and fills in a missing amount or price.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bodesk.core.records import LineItem

from .columns import NUMERIC, Header, table_header
from .layout import Line
from .numbers import find_amounts, find_dates, fold

STOP_FIELDS = frozenset({"subtotal", "total", "tax"})
#: Words that open a discount line, in our six languages.
DISCOUNT_WORDS = frozenset({
    "discount", "rebate", "allowance", "rabatt", "nachlass", "abschlag", "skonto", "remise", "rabais",
    "ristourne", "descuento", "bonificacion", "korting", "diskon", "potongan",
})
CHARGE_WORDS = frozenset({"charge", "surcharge", "zuschlag", "aufschlag", "frais", "majoration", "recargo", "toeslag"})
#: A value its cell labels ("(Rabais: 0,00)", "(Net): 60,00"): the label ends right before it.
_LABELLED_RE = re.compile(r"[^\W\d_]{2,}\)? ?: ?\(?$")
#: A note under an item ("Basismenge: 1 Stk", "Herkunftsland: DE"): a label and its value, not the name.
_NOTE_RE = re.compile(r"^\W*[^\W\d_][\w.\-/#]*(?: [\w.\-/#]+){0,2} ?:(?:\s|$)")


def extract_line_items(lines: list[Line], decimal: str | None) -> tuple[list[LineItem], float]:
    """The table rows of the document, and a confidence in [0, 1] for them as a whole."""
    items: list[LineItem] = []
    checks: list[bool] = []
    i = 0
    while i < len(lines):
        header = table_header(lines, i)
        if header is None:
            i += 1
            continue
        i = _Table(lines, header, decimal).read(items, checks)
    if not items:
        items = _rows_by_arithmetic(lines, decimal)
        return items, (0.7 if items else 0.0)
    confidence = 0.6 + 0.35 * (sum(checks) / len(checks) if checks else 0.5)
    return items, round(confidence, 3)


def _rows_by_arithmetic(lines: list[Line], decimal: str | None) -> list[LineItem]:
    """Items of a table whose header could not be read: lines ending in three numbers with
    quantity x price = amount, or in "2 x 3,50" and the amount as receipts print them; described
    by the column just left of the numbers or, where they stand alone, by the line just above."""
    items = []
    for k, line in enumerate(lines):
        segments = line.segments()
        numbers: list[tuple[int, Decimal]] = []
        for s, e in segments:
            values = _times(line.text[s:e], decimal) or _number(line.text[s:e], decimal)
            numbers = numbers + [(s, v) for v in values] if values else []  # the last columns of the line
        if len(numbers) < 3:
            continue
        (_, q), (_, p), (_, a) = numbers[-3], numbers[-2], numbers[-1]
        if q <= 0 or abs(q * p - a) > Decimal("0.011") * max(Decimal(1), q):
            continue
        before = [seg for seg in segments if seg[1] <= numbers[-3][0]]
        description = line.text[before[-1][0] : before[-1][1]].strip() if before else ""
        if not before and k and _names_item(lines[k - 1], line, decimal):
            description = lines[k - 1].text.strip()
        if not any(c.isalpha() for c in description):
            continue
        items.append(LineItem(description, q, p, a))
    return items


#: "2 x 3,50", "1 × 96.10", "3 @ 1.20": a quantity and a unit price in one column.
_TIMES_RE = re.compile(r"\s*(\S+)\s*[x×*@]\s*(\S+)\s*")


def _number(text: str, decimal: str | None) -> list[Decimal]:
    """The column's one number, if it holds nothing else (but a currency sign)."""
    found = find_amounts(text, decimal)
    if len(found) == 1 and found[0].end - found[0].start >= len(text.strip(" $€£|\"'")) - 1:
        return [found[0].value]
    return []


def _times(text: str, decimal: str | None) -> list[Decimal]:
    m = _TIMES_RE.fullmatch(text)
    if m is None:
        return []
    pair = [_number(g, decimal) for g in m.groups()]
    return pair[0] + pair[1] if all(pair) else []


def _names_item(above: Line, line: Line, decimal: str | None) -> bool:
    """The line above a row of numbers alone is its description: words, no money, close above."""
    return (
        above.page == line.page and line.top - above.bottom < 1.2 * line.height and "\t" not in above.text
        and any(c.isalpha() for c in above.text) and not any(a.has_decimals for a in find_amounts(above.text, decimal))
    )


class _Table:
    """One table's rows, read below its header until the totals, a gap or the next header."""

    def __init__(self, lines: list[Line], header: Header, decimal: str | None) -> None:
        self.lines, self.header, self.decimal = lines, header, decimal
        columns = header.columns
        self.numeric = [c for c in columns if c.kind != "description"]
        desc_cols = [c for c in columns if c.kind == "description"]
        self.first_numeric = min(c.x0 for c in columns if c.kind in NUMERIC)
        self.unit = header.height  # not the row's own: OCR noise ("." or "|") makes tiny lines
        self.desc_x0 = (desc_cols[0].x0 - 2 * self.unit) if desc_cols else -1e9
        # A description column first of all may hold text left of its centred name.
        self.desc_first = bool(desc_cols) and desc_cols[0] is columns[0]
        self.x0 = columns[0].x0 - 2 * self.unit
        # A gap this tall ends the table; rows are as tall as a header of several lines.
        self.max_gap = max(4.5 * self.unit, 1.2 * (header.bottom - header.top))
        self._read: dict[int, dict[str, Decimal]] = {}

    def read(self, items: list[LineItem], checks: list[bool]) -> int:
        """Append the rows to `items` (and whether each was consistent to `checks`); the index of
        the first line after the table."""
        lines, unit = self.lines, self.unit
        i = self.header.last + 1
        last_bottom = item_bottom = self.header.bottom  # of the last line in the table / of the last item
        last_item: LineItem | None = None
        loose: tuple[str, float] | None = None  # a description above its numbers, and its bottom
        while i < len(lines):
            line = lines[i]
            if not any(c.isalnum() for c in line.text):
                i += 1
                continue
            if line.page != self.header.page or line.top - last_bottom > self.max_gap:
                break
            if table_header(lines, i) is not None:
                return i
            totals_label = self._totals_label(line)
            if totals_label == "start":
                break
            values, top = self._values(line), line
            text = self._description(line, beside=bool(values))
            below = self._next(i)
            if below is not None and _open(values, text) and _completes(values, self._values(lines[below])):
                values.update(self._values(lines[below]))  # cells of one row over two lines
                extra = self._description(lines[below])
                text = f"{text} {extra}".strip() if extra and not _NOTE_RE.match(extra) else text
                i, line = below, lines[below]
            if values and not text and loose is not None and line.top - loose[1] < 1.2 * unit:
                text = loose[0]  # the row's description stands above its numbers
            row = self._row(line, values, text)
            if totals_label and (row is None or (row.quantity is None and row.unit_price is None)):
                break  # "| Subtotal 63,70" with OCR debris in front of the label
            if any(w.x1 > self.x0 for w in line.words):
                last_bottom = line.bottom  # notes under an item (GTIN, serial number) keep the table open
            if row is None:
                if text and self._leads(i, line, item_bottom):
                    loose = (text, line.bottom)
                elif last_item is not None and text and line.top - item_bottom < 1.2 * unit:
                    if not _NOTE_RE.match(text):
                        last_item.description = f"{last_item.description or ''} {text}".strip()
                    item_bottom = line.bottom
                i += 1
                continue
            if _allowance(row, self._opening(top, text)):
                i += 1
                continue
            loose = None
            checks.append(_make_consistent(row))
            items.append(row)
            last_item = row
            item_bottom = line.bottom
            i += 1
        return i

    def _totals_label(self, line: Line) -> str:
        """"start" if a totals label begins a column of the line, "inside" if one stands later, else ""."""
        # Totals below the table end it; a sidebar's "Please pay to" left of the table does not.
        stops = [h for h in line.labels if h.field in STOP_FIELDS and line.bbox(h.start, h.end)[2] > self.desc_x0]
        if any(_at_segment_start(line, h.start) for h in stops):
            return "start"
        return "inside" if stops else ""

    def _next(self, i: int) -> int | None:
        """The index of the line just under line `i` (within 1.2 heights) if it can be part of the table."""
        line = self.lines[i]
        for k in range(i + 1, min(i + 3, len(self.lines))):
            below = self.lines[k]
            if not any(c.isalnum() for c in below.text):
                continue
            if below.page != line.page or below.top - line.bottom >= 1.2 * self.unit:
                return None
            if table_header(self.lines, k) is not None or self._totals_label(below):
                return None
            return k
        return None

    def _leads(self, i: int, line: Line, item_bottom: float) -> bool:
        """A description line nearer to the numbers under it, which have none, than to the item above."""
        below = self._next(i)
        if below is None:
            return False
        under = self.lines[below]
        values = self._values(under)
        if self._description(under, beside=True) or not ("amount" in values or {"quantity", "unit_price"} <= values.keys()):
            return False
        return under.top - line.bottom <= line.top - item_bottom

    def _description(self, line: Line, beside: bool = False) -> str:
        """The words under the description column, without OCR debris ("|", "_", "—"); on a line
        `beside` numbers, the words left of them if the description is the first column and
        none stand under its name."""
        words = [w.text for w in line.words if w.x0 >= self.desc_x0 and (w.x0 + w.x1) / 2 < self.first_numeric]
        if not words and beside and self.desc_first:
            words = [w.text for w in line.words if (w.x0 + w.x1) / 2 < self.first_numeric]
        words = [w for w in words if any(c.isalnum() for c in w)]
        return " ".join(words).strip(" |_-—:;,.")

    def _opening(self, line: Line, text: str) -> str:
        """The row's description as printed (colons kept): on its line, else `text` from above."""
        spans = [(o, o + len(w.text)) for w, o in zip(line.words, line.starts)
                 if (w.x0 >= self.desc_x0 or self.desc_first) and (w.x0 + w.x1) / 2 < self.first_numeric]
        return line.folded[spans[0][0] : spans[-1][1]] if spans else fold(text)

    def _values(self, line: Line) -> dict[str, Decimal]:
        """The numbers of a line by the column each stands in (the first per column)."""
        if line.index in self._read:
            return dict(self._read[line.index])
        values: dict[str, Decimal] = {}
        for s, e in line.segments():
            for a in find_amounts(line.text[s:e], self.decimal):
                if _LABELLED_RE.search(line.folded, s, s + a.start):
                    continue  # "(Rabais: 0,00)": a detail its cell names, not the column's figure
                x0, _, x1, _ = line.bbox(s + a.start, s + a.end)
                if (x0 + x1) / 2 < self.first_numeric - line.height:
                    continue  # a number inside the description ("500 sheets")
                col = min(self.numeric, key=lambda c: (c.distance(x0, x1), abs((c.x0 + c.x1) / 2 - (x0 + x1) / 2)))
                if col.kind in NUMERIC and col.kind not in values:
                    values[col.kind] = a.value
        self._read[line.index] = values
        return dict(values)

    def _row(self, line: Line, values: dict[str, Decimal], text: str) -> LineItem | None:
        if find_dates(line.text) and not values.get("amount"):
            return None
        if "amount" not in values and not ("quantity" in values and "unit_price" in values):
            return None
        if not text and ("quantity" not in values or "unit_price" not in values):
            return None  # a stray number under the table, not an item
        return LineItem(text or None, values.get("quantity"), values.get("unit_price"), values.get("amount"))


def _allowance(row: LineItem, opening: str) -> bool:
    """A discount or charge on the whole invoice printed among the items: named as one by a
    discount or charge word and a colon ("REMISE : REMISE COMMERCIALE", "CHARGE : FRAIS
    DEPLACEMENT"), or a negative amount with no quantity or price opened by a discount word
    ("Remise pourcentage E -10,00 %  -100,00"). The totals count it; it is no item."""
    m = re.match(r"\W*([^\W\d_]+) ?(:?)", opening)
    if m is None or row.amount is None:
        return False
    word, colon = m.groups()
    if colon:
        return word in DISCOUNT_WORDS or word in CHARGE_WORDS
    return word in DISCOUNT_WORDS and row.amount < 0 and row.quantity is None and row.unit_price is None


def _open(values: dict[str, Decimal], text: str) -> bool:
    """A row begun without its amount: a quantity and price, or a described quantity or price."""
    return "amount" not in values and bool(values) and (bool(text) or len(values) == 2)


def _completes(values: dict[str, Decimal], below: dict[str, Decimal]) -> bool:
    """The line under an open row holds its amount and nothing it already has."""
    return "amount" in below and not below.keys() & values.keys()


def _at_segment_start(line: Line, offset: int) -> bool:
    before = line.text[:offset].rstrip(" ")
    return before == "" or before.endswith("\t")


def _agrees(q: Decimal, p: Decimal, a: Decimal) -> bool:
    return abs(q * p - a) <= Decimal("0.011") * max(Decimal(1), abs(q))


def _make_consistent(item: LineItem) -> bool:
    """Check qty x price = amount, and repair what one misread or missing number breaks.

    Returns whether the row was consistent as read. Repairs, all checked by the arithmetic:
    a missing amount is qty x price; a missing price is amount / qty when that is exact to the
    cent; a stray leading digit (a table rule read as "4": "412910000.00") is dropped; a missing
    or misread quantity is amount / price when that is whole or in halves, and a quantity column
    that was not recognised leaves that number at the end of the description ("Carpet deep
    clean 12"), where it is taken back from.
    """
    q, p, a = item.quantity, item.unit_price, item.amount
    if q is not None and p is not None and a is None:
        item.amount = (q * p).quantize(Decimal("0.01"))
        return True
    if q is not None and p is not None and a is not None:
        if _agrees(q, p, a):
            return True
        for name in ("amount", "quantity", "unit_price"):
            value = getattr(item, name)
            trimmed = _without_first_digit(value)
            if trimmed and q and p:
                setattr(item, name, trimmed)
                if _agrees(item.quantity, item.unit_price, item.amount):  # type: ignore[arg-type]
                    return False
                setattr(item, name, value)
    if q is not None and p is None and a is not None and q > 0:
        price = a / q
        if price == price.quantize(Decimal("0.01")):
            item.unit_price = price.quantize(Decimal("0.01"))
        return False
    if p is None or a is None or p == 0:
        return q is None
    implied = a / p
    if implied <= 0 or implied > 100_000 or (implied * 2) != (implied * 2).to_integral_value():
        return False
    implied = implied.quantize(Decimal(1) if implied == implied.to_integral_value() else Decimal("0.1"))
    words = (item.description or "").split()
    if words and words[-1].replace(",", ".") == format(implied, "f"):
        item.description = " ".join(words[:-1]) or None
    item.quantity = implied
    return q is None


def _without_first_digit(value: Decimal | None) -> Decimal | None:
    text = format(value, "f") if value is not None else ""
    if len(text) < 3 or not text[0].isdigit() or not text[1].isdigit():
        return None
    return Decimal(text[1:])
