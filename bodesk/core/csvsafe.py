"""CSV files a spreadsheet can open safely: no cell runs as a formula.

Text that came from outside (a vendor name read from an e-invoice, an attachment's file name,
a note) can start with `=`, `+`, `-`, `@`, a tab or a carriage return, which Excel, LibreOffice
and Google Sheets treat as the start of a formula (`=HYPERLINK(...)` in a vendor's name).
Such a text cell is written with a leading apostrophe, which spreadsheets show as plain text.
Numbers stay numbers: a Decimal, an int, or text that is exactly a plain number ("-12.50")
is written unchanged, so amounts import into a spreadsheet or an accounting tool as amounts.

Every CSV file bodesk writes goes through `writer()`.
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


class SafeWriter:
    """`csv.writer` with every cell passed through `safe_cell`."""

    def __init__(self, handle: IO[str], **kwargs: Any) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: IO[str], **kwargs: Any) -> SafeWriter:
    """A CSV writer for a file opened with `newline=""`; same arguments as `csv.writer`."""
    return SafeWriter(handle, **kwargs)
