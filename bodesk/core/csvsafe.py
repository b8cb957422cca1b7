"""CSV files a spreadsheet can open safely: no cell runs as a formula.

Text that came from outside (a vendor name read from an e-invoice, an attachment's file name,
a note) can start with `=`, `+`, `-`, `@`, a tab or a carriage return, which Excel, LibreOffice
and Google Sheets treat as the start of a formula (`=HYPERLINK(...)` in a vendor's name).
Such a text cell is written with a leading apostrophe, which spreadsheets show as plain text.
Numbers stay numbers: a Decimal, an int, or text that is exactly a plain number ("-12.50")
is written unchanged, so amounts import into a spreadsheet or an accounting tool as amounts.

Every CSV file bodesk writes goes through `writer()`. Formats that quote every text cell and no
number (DATEV's semicolon-separated EXTF files) pass `quote_text=True`, with figures already
formatted for their reader ("1234,56", a date "0503") handed over as `Bare` cells.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value: Any) -> Any:
    """One cell made harmless; numbers, dates and None are returned as they are."""
    if value is None or isinstance(value, (bool, int, Decimal, date, datetime)):
        return "" if value is None else value
    if isinstance(value, float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


class Bare(str):
    """A cell written exactly as it is, never quoted: a figure formatted for its reader (DATEV's
    amount `1234,56` or date `0503`). It may hold no quote, delimiter or line break."""

    def __new__(cls, text: str) -> Bare:
        if any(c in text for c in '"\r\n\t'):
            raise ValueError(f"a bare CSV cell cannot hold {text!r}")
        return super().__new__(cls, text)


class SafeWriter:
    """`csv.writer` with every cell passed through `safe_cell`.

    With `quote_text=True` every text cell is quoted (quotes doubled) and numbers, `Bare` cells
    and empty (None) cells are not, as DATEV's format wants; `delimiter` and `lineterminator`
    apply as with `csv.writer`."""

    def __init__(self, handle: IO[str], *, quote_text: bool = False, **kwargs: Any) -> None:
        self._handle = handle
        self._quote_text = quote_text
        self._delimiter = kwargs.get("delimiter", ",")
        self._terminator = kwargs.get("lineterminator", "\r\n")
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        if self._quote_text:
            return self._handle.write(self._delimiter.join(map(self._quoted, row)) + self._terminator)
        return self._writer.writerow([safe_cell(v) for v in row])

    def _quoted(self, value: Any) -> str:
        if isinstance(value, Bare) and self._delimiter in value:
            raise ValueError(f"a bare CSV cell cannot hold the delimiter: {value!r}")
        if value is None or isinstance(value, Bare):
            return value or ""
        cell = safe_cell(value)
        if isinstance(cell, (bool, int, Decimal)):
            return str(cell)
        return '"' + str(cell).replace('"', '""') + '"'

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: IO[str], *, quote_text: bool = False, **kwargs: Any) -> SafeWriter:
    """A CSV writer for a file opened with `newline=""`; same arguments as `csv.writer`, and
    `quote_text` for formats that quote every text cell (see `SafeWriter`)."""
    return SafeWriter(handle, quote_text=quote_text, **kwargs)
