"""The vendor's IBAN as printed: every valid IBAN on the page, spaces between groups allowed and
OCR's letters for digits in the check digits mended (the mod-97 check still guards)."""

from __future__ import annotations

import re

from bodesk.core.records import Evidence

from .fields import Candidate
from .layout import Line

#: IBAN length per country (ISO 13616), for cutting an IBAN out of surrounding text.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22,
    "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31, "NL": 18,
    "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
}
_IBAN_RE = re.compile(r"(?<![A-Z0-9])([A-Z]{2} ?\d{2}(?: ?[A-Z0-9]){10,32})")  # "BE 41 7360 ..." too


def iban_valid(iban: str) -> bool:
    """The ISO 13616 mod-97 check."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban):
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


_DIGIT_LOOKALIKES = str.maketrans("OIlLSBZ", "0111582")


def _ocr_check_digits(text: str) -> str:
    """"NLO7 ABNA..." -> "NL07 ABNA...": OCR reads 0 as O in an IBAN's check digits (mod-97 still guards)."""
    return re.sub(
        r"(?<![A-Z0-9])([A-Z]{2})([0-9OILSBZ]{2})(?= ?[A-Z0-9]{4})",
        lambda m: m.group(1) + m.group(2).translate(_DIGIT_LOOKALIKES),
        text,
    )


def find_ibans(lines: list[Line]) -> list[Candidate]:
    """Every valid IBAN printed in the document (spaces allowed between groups)."""
    found: list[Candidate] = []
    for line in lines:
        before = len(found)
        _ibans_in(line, line.text.upper(), found)
        if len(found) == before:
            _ibans_in(line, _ocr_check_digits(line.text.upper()), found)
    return found


def _ibans_in(line: Line, text: str, found: list[Candidate]) -> None:
    """Append the valid IBANs of `text` (the line's text, possibly with OCR repairs) to `found`."""
    for m in _IBAN_RE.finditer(text):
        compact = m.group(1).replace(" ", "")
        lengths = [IBAN_LENGTHS[compact[:2]]] if compact[:2] in IBAN_LENGTHS else range(34, 14, -1)
        n = next((n for n in lengths if len(compact) >= n and iban_valid(compact[:n])), None)
        if n is None:
            continue
        end, seen = m.start(1), 0  # map the compact length back to a span of the printed text
        while seen < n and end < len(line.text):
            seen += line.text[end] != " "
            end += 1
        labelled = any(h.field == "iban" and h.end <= m.start(1) for h in line.labels)
        score = 0.99 if labelled else 0.95
        found.append(Candidate(compact[:n], score, Evidence(line.page, line.bbox(m.start(1), end))))
