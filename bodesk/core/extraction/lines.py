"""Line items: the invoice's table read by column positions.

The table starts at a header row naming at least two kinds of column (description,
quantity, unit price, amount) in any of our languages; every later line until the totals
("Subtotal", "Total", "MwSt"...) is a row. Each number on a row belongs to the header
column it sits under (nearest by horizontal distance, so right-aligned figures under a
left-aligned header still land right); words under the description column are the
description, and a line with no numbers continues the previous description. qty x price =
amount is checked, and fills in a missing amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from bodesk.core.records import LineItem

from .layout import Line
from .numbers import find_amounts, find_dates

COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "description": (
        "description", "artikel / leistung", "item / description", "item description", "item", "items", "article", "product", "service", "services",
        "details", "particulars", "bezeichnung", "beschreibung", "artikel", "leistung", "artikelbezeichnung",
        "designation", "libelle", "descripcion", "concepto", "articulo", "producto", "omschrijving",
        "deskripsi", "uraian", "keterangan", "nama barang", "barang", "produk",
    ),
    "quantity": (
        "qty", "quantity", "quantite", "qte", "menge", "anzahl", "stk", "cantidad", "cant", "uds",
        "unidades", "aantal", "hoeveelheid", "kuantitas", "banyaknya", "hours", "hrs", "units", "anz",
        "stuck", "menge/einheit",
    ),
    "unit_price": (
        "unit price", "price", "rate", "unit cost", "price per unit", "einzelpreis", "preis", "e preis",
        "stuckpreis", "preis/einheit", "ep", "prix unitaire", "prix u", "p u", "pu ht", "prix unitaire ht",
        "prix", "precio unitario", "precio", "p unit", "prijs", "stukprijs", "eenheidsprijs", "prijs per stuk",
        "harga satuan", "harga", "harga unit", "unit price excl vat", "unit price (excl. gst)",
        "preis einh", "prix unit", "prix unit ht", "precio unit", "prix u ht", "nettopreis",
    ),
    "amount": (
        "amount", "total", "line total", "net amount", "betrag", "gesamt", "gesamtpreis", "summe",
        "montant", "montant ht", "total ht", "importe", "bedrag", "totaal", "jumlah", "total harga",
        "nilai", "subtotal", "net", "nettobetrag", "prix ht", "gesamtbetrag", "amount (excl. vat)", "amount excl vat", "bedrag excl btw",
    ),
    "other": (
        "vat %", "vat", "tax %", "tax", "gst", "mwst", "mwst %", "ust", "ust %", "tva", "tva %", "iva", "iva %",
        "btw", "btw %", "ppn", "unit", "einheit", "unite", "unidad", "eenheid", "satuan", "pos", "no", "#",
        "sku", "code", "art nr", "artikelnummer", "ref", "reference", "discount", "rabatt", "remise",
        "descuento", "korting", "diskon", "date", "datum", "fecha", "uom", "steuersatz", "rem",
        "art nr lief", "art nr kunde", "art nr",
    ),
}
NUMERIC = ("quantity", "unit_price", "amount")
STOP_FIELDS = frozenset({"subtotal", "total", "tax"})


@dataclass
class Column:
    kind: str
    x0: float
    x1: float

    def distance(self, x0: float, x1: float) -> float:
        if x1 < self.x0:
            return self.x0 - x1
        if x0 > self.x1:
            return x0 - self.x1
        return 0.0


_WORD_RE = re.compile(r"[a-z0-9]+|[^a-z0-9\s.\-/:()]")
_GAP = frozenset(" \t.-/:#()")


@lru_cache(maxsize=1)
def _header_table() -> tuple[dict[tuple[str, ...], str], frozenset[tuple[str, ...]], int]:
    table: dict[tuple[str, ...], str] = {}
    for kind, words in COLUMN_WORDS.items():
        for w in sorted(words, key=len, reverse=True):
            tokens = tuple(_WORD_RE.findall(w))
            table.setdefault(tokens, kind)
            if len(tokens) > 1 and all(len(t) <= 2 for t in tokens):
                table.setdefault(("".join(tokens),), kind)  # "p.u." printed "PU"
    prefixes = frozenset(k[:n] for k in table for n in range(1, len(k) + 1))
    return table, prefixes, max(map(len, table))


def header_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the column names in folded `text`, left to right, longest first
    where two start together. Matched through a token table (words, separated only by
    spaces, tabs and . - / : ( ) as a regex over every name would allow): no alternation of
    every column name run at every position of every line."""
    table, prefixes, longest = _header_table()
    tokens = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    spans, i = [], 0
    while i < len(tokens):
        key: tuple[str, ...] = ()
        found = None
        for j in range(i, min(len(tokens), i + longest)):
            if j > i and not _GAP.issuperset(text[tokens[j - 1][2] : tokens[j][1]]):
                break
            key += (tokens[j][0],)
            if key not in prefixes:
                break
            if key in table:
                found = (j, table[key])
        if found is None:
            i += 1
            continue
        j, kind = found
        spans.append((tokens[i][1], tokens[j][2], kind))
        i = j + 1
    return spans


def header_columns(line: Line) -> list[Column] | None:
    """The columns of a table header row, or None if the line is not one (worked out once per line).

    The table may share its lines with a sidebar on the left (two-column layouts), so the
    line is judged from the column holding its first header word onwards.
    """
    if "_header_columns" not in line.__dict__:
        line.__dict__["_header_columns"] = _header_columns(line)
    return line.__dict__["_header_columns"]


def _header_columns(line: Line) -> list[Column] | None:
    spans = header_spans(line.folded)
    if line.ocr:
        spans = sorted(spans + _fuzzy_headers(line, spans))
    if not spans:
        return None
    columns = []
    covered = 0
    for start, end, kind in spans:
        x0, _, x1, _ = line.bbox(start, end)
        columns.append(Column(kind, x0, x1))
        covered += len(line.text[start:end].replace(" ", ""))
    kinds = {c.kind for c in columns}
    if not kinds & set(NUMERIC) or len(kinds - {"other"}) < 2:
        return None
    body = line.text[line.segment(spans[0][0])[0] :]
    letters = body.replace("\t", "").replace(" ", "")
    if covered < 0.6 * len(letters) or len(body.split()) > 14:
        return None
    if any(a.has_decimals for a in find_amounts(body)):
        return None
    columns.sort(key=lambda c: c.x0)
    return columns


def _fuzzy_headers(line: Line, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Column names OCR misspelt ("Descripcién", "Quantlty"): whole segments close to one."""
    from rapidfuzz import fuzz, process

    table = _fuzzy_column_table()
    spans = []
    for s, e in line.segments():
        if any(fs < e and fe > s for fs, fe, _ in found):
            continue
        text = line.folded[s:e].strip(" :.|")
        if len(text) >= 4:
            match = process.extractOne(text, table.keys(), scorer=fuzz.ratio, score_cutoff=80)
            if match:
                spans.append((s, e, table[match[0]]))
    return spans


@lru_cache(maxsize=1)
def _fuzzy_column_table() -> dict[str, str]:
    return {w: kind for kind, words in COLUMN_WORDS.items() for w in words if len(w) >= 4}


def extract_line_items(lines: list[Line], decimal: str | None) -> tuple[list[LineItem], float]:
    """The table rows of the document, and a confidence in [0, 1] for them as a whole."""
    items: list[LineItem] = []
    checks: list[bool] = []
    i = 0
    while i < len(lines):
        columns = header_columns(lines[i])
        if columns is None:
            i += 1
            continue
        i = _read_table(lines, i + 1, columns, decimal, items, checks)
    if not items:
        items = _rows_by_arithmetic(lines, decimal)
        return items, (0.7 if items else 0.0)
    confidence = 0.6 + 0.35 * (sum(checks) / len(checks) if checks else 0.5)
    return items, round(confidence, 3)


def _rows_by_arithmetic(lines: list[Line], decimal: str | None) -> list[LineItem]:
    """Items of a table whose header could not be read: lines ending in three numbers with
    quantity x price = amount, described by the column just left of them."""
    items = []
    for line in lines:
        segments = line.segments()
        numbers = []
        for s, e in segments:
            found = find_amounts(line.text[s:e], decimal)
            if len(found) == 1 and found[0].end - found[0].start >= len(line.text[s:e].strip(" $€£|\"'")) - 1:
                numbers.append((s, found[0].value))
            else:
                numbers = []  # the numbers must be the last columns of the line
        if len(numbers) < 3:
            continue
        (_, q), (_, p), (_, a) = numbers[-3], numbers[-2], numbers[-1]
        if q <= 0 or abs(q * p - a) > Decimal("0.011") * max(Decimal(1), q):
            continue
        before = [seg for seg in segments if seg[1] <= numbers[-3][0]]
        description = line.text[before[-1][0] : before[-1][1]].strip() if before else ""
        if not any(c.isalpha() for c in description):
            continue
        items.append(LineItem(description, q, p, a))
    return items


def _read_table(
    lines: list[Line], i: int, columns: list[Column], decimal: str | None,
    items: list[LineItem], checks: list[bool],
) -> int:
    header = lines[i - 1]
    desc_cols = [c for c in columns if c.kind == "description"]
    first_numeric = min((c.x0 for c in columns if c.kind in NUMERIC), default=header.x1)
    desc_x0 = (desc_cols[0].x0 - 2 * header.height) if desc_cols else -1e9
    table_x0 = min(c.x0 for c in columns) - 2 * header.height
    last_bottom = header.bottom  # of the last line with anything in the table's columns
    item_bottom = header.bottom  # of the last item or its description's continuation
    last_item: LineItem | None = None
    unit = header.height  # not the row's own: OCR noise ("." or "|") makes tiny lines
    while i < len(lines):
        line = lines[i]
        if not any(c.isalnum() for c in line.text):
            i += 1
            continue
        if line.page != header.page or line.top - last_bottom > 4.5 * unit:
            break
        if header_columns(line) is not None:
            return i
        # Totals below the table end it; a sidebar's "Please pay to" left of the table does not.
        stops = [h for h in line.labels if h.field in STOP_FIELDS and line.bbox(h.start, h.end)[2] > desc_x0]
        totals_label = bool(stops)
        if any(_at_segment_start(line, h.start) for h in stops):
            break
        row = _read_row(line, columns, decimal, first_numeric, desc_x0)
        if totals_label and (row is None or (row[0].quantity is None and row[0].unit_price is None)):
            break  # "| Subtotal 63,70" with OCR debris in front of the label
        if any(w.x1 > table_x0 for w in line.words):
            last_bottom = line.bottom  # notes under an item (GTIN, serial number) keep the table open
        if row is None:
            text = _description(line, first_numeric, desc_x0)
            if last_item is not None and text and line.top - item_bottom < 1.2 * unit:
                last_item.description = f"{last_item.description or ''} {text}".strip()
                item_bottom = line.bottom
            i += 1
            continue
        item, consistent = row
        items.append(item)
        checks.append(consistent)
        last_item = item
        item_bottom = line.bottom
        i += 1
    return i


def _at_segment_start(line: Line, offset: int) -> bool:
    before = line.text[:offset].rstrip(" ")
    return before == "" or before.endswith("\t")


def _description(line: Line, first_numeric: float, desc_x0: float) -> str:
    """The words under the description column, without OCR debris ("|", "_", "—")."""
    words = [w.text for w in line.words if w.x0 >= desc_x0 and (w.x0 + w.x1) / 2 < first_numeric]
    words = [w for w in words if any(c.isalnum() for c in w)]
    return " ".join(words).strip(" |_-—:;,.")


def _read_row(
    line: Line, columns: list[Column], decimal: str | None, first_numeric: float, desc_x0: float
) -> tuple[LineItem, bool] | None:
    values: dict[str, Decimal] = {}
    numeric = [c for c in columns if c.kind != "description"]
    for s, e in line.segments():
        for a in find_amounts(line.text[s:e], decimal):
            x0, _, x1, _ = line.bbox(s + a.start, s + a.end)
            if (x0 + x1) / 2 < first_numeric - line.height:
                continue  # a number inside the description ("500 sheets")
            col = min(numeric, key=lambda c: (c.distance(x0, x1), abs((c.x0 + c.x1) / 2 - (x0 + x1) / 2)))
            if col.kind in NUMERIC and col.kind not in values:
                values[col.kind] = a.value
    if find_dates(line.text) and not values.get("amount"):
        return None
    if "amount" not in values and not ("quantity" in values and "unit_price" in values):
        return None
    description = _description(line, first_numeric, desc_x0) or None
    if description is None and ("quantity" not in values or "unit_price" not in values):
        return None  # a stray number under the table, not an item
    item = LineItem(
        description=description,
        quantity=values.get("quantity"),
        unit_price=values.get("unit_price"),
        amount=values.get("amount"),
    )
    return item, _make_consistent(item)


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
            if trimmed is not None:
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
