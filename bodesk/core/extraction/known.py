"""Which vendor the workspace knows a document comes from: by tax id, IBAN, then fuzzy name.

When the document's tax id, IBAN or name matches a known vendor, its canonical name wins with high
confidence (`engine`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .fields import Context
from .labels import COMPANY_SUFFIX_RE
from .numbers import fold
from .options import KnownVendor
from .vendor import Block


def _compact(value: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", COMPANY_SUFFIX_RE.sub(" ", fold(name))).strip(" .,")


def match_known(
    known: Sequence[KnownVendor],
    ctx: Context,
    tax_ids: list[str],
    ibans: list[str],
    printed_name: str | None,
    blocks: list[Block],
) -> tuple[KnownVendor, float] | None:
    """The known vendor this document comes from, by tax id, IBAN, then fuzzy name."""
    if not known:
        return None
    taxes = {_compact(t) for t in tax_ids if t}
    taxes |= {t[2:] for t in taxes if t[:2].isalpha()}
    for vendor in known:
        tid = _compact(vendor.tax_id)
        if tid and (tid in taxes or (tid[:2].isalpha() and tid[2:] in taxes)):
            return vendor, 0.99
    compact_ibans = {_compact(i) for i in ibans}
    for vendor in known:
        if vendor.iban and _compact(vendor.iban) in compact_ibans:
            return vendor, 0.97
    from rapidfuzz import fuzz  # only with known vendors: `bodesk extract` alone starts without it

    texts = [printed_name] if printed_name else []
    for line in ctx.lines[:25]:
        if line.page != ctx.lines[0].page:
            break
        for s, e in line.segments():
            if not any(b.contains(line, s, e) for b in blocks):
                texts.append(line.text[s:e])
    best: tuple[KnownVendor, float] | None = None
    for vendor in known:
        for name in (vendor.name, *vendor.aliases):
            key = _name_key(name)
            if len(key) < 3:
                continue
            for text in texts:
                text_key = _name_key(text)
                score = fuzz.ratio(key, text_key)
                # The name inside a longer line ("Northwind Office Supplies Ltd - Invoice"); never the
                # other way round, or a logo's initials "ND" would match every name containing "nd".
                if len(key) >= 6 and len(text_key) >= len(key):
                    score = max(score, fuzz.partial_ratio(key, text_key) - 3)
                if score >= 88 and (best is None or score / 100 > best[1]):
                    best = (vendor, score / 100)
    if best:
        return best[0], round(0.75 + 0.2 * (best[1] - 0.88) / 0.12, 3)
    return None
