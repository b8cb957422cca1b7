"""No cell of a CSV bodesk writes runs as a formula in a spreadsheet; amounts stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from bodesk.core import csvsafe


def _written(row: list[object]) -> list[str]:
    buffer = io.StringIO()
    csvsafe.writer(buffer).writerow(row)
    return next(csv.reader(io.StringIO(buffer.getvalue())))


def test_formula_cells_are_neutralised() -> None:
    hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
    for cell, text in zip(_written(hostile), hostile, strict=True):
        assert cell == "'" + text


def test_numbers_and_plain_text_are_unchanged() -> None:
    row = [Decimal("-12.50"), "-12.50", "+3", 7, "Acme Ltd", "a=b", "", None]
    assert _written(row) == ["-12.50", "-12.50", "+3", "7", "Acme Ltd", "a=b", "", ""]
