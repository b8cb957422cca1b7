"""Table headers: the column names of an items table, in any of our languages.

A header is a band of lines: usually one, but a name may stand over two or three lines
("Prix / unitaire", "Montant / net HT", "TOTAL HT / (EUR)"), or short names may be stacked
around a longer one, each centred on the band. The band's words are grouped into cells by
the column they stand in (names one above the other are one cell), and each cell's role
(description, quantity, unit price, amount, or another column such as the tax rate) is read
from its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .layout import Line
from .numbers import find_amounts
from .pages import Word

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
        "art nr lief", "art nr kunde", "art nr", "code article", "article code", "item code", "product code",
        "code produit", "artikelcode", "ligne", "line", "zeile",
    ),
}
NUMERIC = ("quantity", "unit_price", "amount")


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
    spans = _spans(line)
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




@dataclass
class Header:
    """A table header: its columns and the lines it spans (`first`..`last`, indexes in the document)."""

    columns: list[Column]
    first: int
    last: int
    height: float  # of its main line's text
    top: float
    bottom: float
    page: int


#: The lines of one header stand closer than this many text heights to each other.
BAND_GAP = 0.6
#: Currency and sign marks in brackets ("(EUR)", "[%]", "(+)"): neither names nor foreign words.
_MARKS_RE = re.compile(r"[(\[](?:[a-z]{3}|[^\w\s]{1,2})[)\]]")


def table_header(lines: list[Line], i: int) -> Header | None:
    """The header holding `lines[i]`, or None (worked out once per line).

    The band is the line and its neighbours closer than `BAND_GAP` heights, none of which holds
    a digit. Where the band as a whole does not read as a header, `lines[i]` alone may.
    """
    line = lines[i]
    if "_table_header" not in line.__dict__:
        line.__dict__["_table_header"] = _find_header(lines, i)
    return line.__dict__["_table_header"]


def _find_header(lines: list[Line], i: int) -> Header | None:
    line = lines[i]
    if not _spans(line):
        return None
    first = last = i
    if not any(c.isdigit() for c in line.text):
        while first > 0 and _joins(lines[first - 1], lines[first]):
            first -= 1
        while last + 1 < len(lines) and _joins(lines[last], lines[last + 1]):
            last += 1
    if last > first:
        if "_band" not in lines[first].__dict__:  # every line of a band finds the same band
            lines[first].__dict__["_band"] = _band_header(lines[first : last + 1])
        if lines[first].__dict__["_band"] is not None:
            return lines[first].__dict__["_band"]
    columns = header_columns(line)
    return Header(columns, i, i, line.height, line.top, line.bottom, line.page) if columns else None


def _joins(upper: Line, lower: Line) -> bool:
    return (
        upper.page == lower.page
        and lower.top - upper.bottom < BAND_GAP * min(upper.height, lower.height)
        and not any(c.isdigit() for c in upper.text + lower.text)
    )


def _spans(line: Line) -> list[tuple[int, int, str]]:
    if "_spans" not in line.__dict__:
        spans = header_spans(line.folded)
        if line.ocr:
            spans = sorted(spans + _fuzzy_headers(line, spans))
        line.__dict__["_spans"] = spans
    return line.__dict__["_spans"]


@dataclass
class _Box:
    """A column name, or a word beside the names, on one line of a header band."""

    line: int
    x0: float
    x1: float
    text: str
    kind: str | None
    main: bool  # a name on the band's main line: two of those are never one cell


def _band_header(band: list[Line]) -> Header | None:
    """The band read as one header: its cells' kinds, checked as `header_columns` checks a line."""
    main = max(band, key=lambda ln: (len(_spans(ln)), len({k for *_, k in _spans(ln)})))
    left = min(ln.words[ln.word_index(ln.segment(_spans(ln)[0][0])[0])].x0 for ln in band if _spans(ln))
    boxes: list[_Box] = []
    covered = letters = 0
    for ln in band:
        spans = _spans(ln)
        body = [w for w in ln.words if w.x1 > left - 2 * ln.height]
        if len(body) > 14:
            return None
        covered += sum(len(ln.text[start:end].replace(" ", "")) for start, end, _ in spans)
        boxes += _boxes(ln, body, ln is main)
        letters += sum(_letters(w.text) for w in body)
        if any(a.has_decimals for a in find_amounts(" ".join(w.text for w in body))):
            return None
    # Most of the band's words must stand in cells that name a column, and a fair part name one
    # themselves ("NOM & DESIGNATION / Objet, Classification / Attributs" is a description cell).
    columns, named = [], 0
    for cell in _cells(boxes):
        column = _cell_column(cell)
        if column is not None:
            columns.append(column)
            named += sum(_letters(b.text) for b in cell)
    if covered < 0.3 * letters or named < 0.75 * letters:
        return None
    kinds = {c.kind for c in columns}
    if not kinds & set(NUMERIC) or len(kinds - {"other"}) < 2:
        return None
    columns.sort(key=lambda c: c.x0)
    top, bottom = min(ln.top for ln in band), max(ln.bottom for ln in band)
    return Header(columns, band[0].index, band[-1].index, main.height, top, bottom, main.page)


def _boxes(line: Line, body: list[Word], main: bool) -> list[_Box]:
    """The line's column segments as boxes; a segment naming several columns is split between
    its names, each taking the words after it."""
    boxes = []
    spans = _spans(line)
    for s, e in line.segments():
        words = [(w, o) for w, o in zip(line.words, line.starts) if s <= o < e and any(w is b for b in body)]
        inside = [sp for sp in spans if s <= sp[0] < e]
        if not words:
            continue
        parts = [(s, None)] if not inside else [(sp[0] if k else s, sp[2]) for k, sp in enumerate(inside)]
        for k, (start, kind) in enumerate(parts):
            end = parts[k + 1][0] if k + 1 < len(parts) else e
            mine = [w for w, o in words if start <= o < end]
            if mine:
                text = line.folded[start:end]
                boxes.append(_Box(line.index, mine[0].x0, mine[-1].x1, text, kind, main and kind is not None))
    return boxes


def _letters(text: str) -> int:
    return len(_MARKS_RE.sub("", text.lower()).replace(" ", ""))


def _cells(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes one above the other joined into cells, the most overlapping pairs first; two names
    of the main line stay apart."""
    cell_of = list(range(len(boxes)))  # each box's cell, named by one of its boxes
    mains = [int(b.main) for b in boxes]  # per cell: how many main-line names it holds
    pairs = sorted(
        ((min(a.x1, b.x1) - max(a.x0, b.x0), i, j) for i, a in enumerate(boxes)
         for j, b in enumerate(boxes[i + 1 :], i + 1) if a.line != b.line),
        reverse=True,
    )
    for overlap, i, j in pairs:
        ci, cj = cell_of[i], cell_of[j]
        if overlap <= 0:
            break
        if ci == cj or mains[ci] + mains[cj] > 1:
            continue
        cell_of = [ci if c == cj else c for c in cell_of]
        mains[ci] += mains[cj]
    cells: dict[int, list[_Box]] = {}
    for box, cell in zip(boxes, cell_of):
        cells.setdefault(cell, []).append(box)
    return list(cells.values())


def _cell_column(cell: list[_Box]) -> Column | None:
    """A cell's column: its main name's kind, else the first kind its words name top to bottom
    ("Montant / net HT", "UNITÉ / pour P.U."), a description wherever it is named."""
    x0, x1 = min(b.x0 for b in cell), max(b.x1 for b in cell)
    for b in cell:
        if b.main:
            return Column(b.kind or "other", x0, x1)
    text = " ".join(b.text for b in sorted(cell, key=lambda b: (b.line, b.x0)))
    kinds = [kind for *_, kind in header_spans(text)]
    if not kinds:
        return None
    return Column("description" if "description" in kinds else kinds[0], x0, x1)
