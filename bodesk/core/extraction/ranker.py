"""A learned choice of a doubtful reading's total: every amount on the page scored by a small model.

A till receipt read by OCR rarely says its total plainly: the label is misread ("TOTAI", "totel"),
the total's digits are misread in one reading and not in another, and cash tendered, change,
rounding and a tax summary print amounts beside it. Hand-set scores chose well on the receipts
they were set on and worse on others; so every amount the page holds is described by what a
person would look at (which label speaks for it and how surely, how often and where it is printed,
whether it is the largest, whether tendered - change or subtotal + tax give it, how surely OCR
read it) and a logistic regression trained offline (`make train-extract`, see
benchmarks/train_extract.py: the development side of the corpus's receipts, never its held-out
side) turns that into the probability that it is the total. The coefficients are plain numbers
in `total_model`; nothing is learned or downloaded at run time.

`engine.analyse` uses it wherever OCR read the page: each reading scores its amounts and
`weigh_readings` adds the squared probabilities up across the readings; the amount with most wins.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal

from bodesk.core.records import Evidence

from .fields import Context
from .layout import Line
from .numbers import AmountMatch, find_amounts

#: The labelled fields whose candidates describe an amount.
LABELLED = ("total", "subtotal", "tax", "tendered", "change", "rounding")
#: The smallest coin a till rounds a cash total to (a rounded total is a multiple of it).
_COIN = Decimal("0.05")
#: Amounts above this are not a total (an account or phone number read as one amount).
_LARGEST = Decimal(10) ** 12
#: A total's word OCR misread ("TOTAI", "tota1", "T0TAL") or another language's.
_TOTAL_WORD_RE = re.compile(r"\bt[o0]t[a-z1]{1,3}\b|\bjumlah\b|\bamount\b|\bbetrag\b|\bmontant\b|\bimporte\b")
#: A currency in front of the amount ("RM 12.50", "$3.00", "EUR 9,90").
_CURRENCY_BEFORE_RE = re.compile(r"(?:\b[a-z]{2,3}|[$€£¥])\s*$")
#: A quantity or a unit price's mark in front of the amount ("2 x 3.50", "@ 1.20", "Qty").
_QUANTITY_BEFORE_RE = re.compile(r"\bqty\b|\bquantity\b|\bitems?\b|\bx\s*$|@\s*$|\bmenge\b|\bqte\b")


def printed_amounts(ctx: Context) -> dict[Decimal, list[tuple[Line, AmountMatch]]]:
    """Each positive amount on the page and where it is printed, top to bottom."""
    printed: dict[Decimal, list[tuple[Line, AmountMatch]]] = {}
    for line in ctx.lines:
        for a in find_amounts(line.text, ctx.decimal):
            if 0 < a.value < _LARGEST:
                printed.setdefault(a.value, []).append((line, a))
    return printed


def amount_features(ctx: Context, printed: dict[Decimal, list[tuple[Line, AmountMatch]]] | None = None
                    ) -> dict[Decimal, dict[str, float]]:
    """What describes each amount printed on the page, and each one the till's arithmetic gives
    (tendered - change, subtotal + tax) where the page's own print of it was lost to OCR."""
    printed = printed_amounts(ctx) if printed is None else printed
    if not printed:
        return {}
    lines = ctx.lines
    labelled: dict[str, dict[Decimal, float]] = {name: {} for name in LABELLED}
    for name in LABELLED:
        for c in ctx.candidates.get(name) or []:
            if isinstance(c.value, Decimal):
                labelled[name][c.value] = max(labelled[name].get(c.value, 0.0), c.score)
    by_size = sorted(printed, reverse=True)
    tendered = labelled["tendered"]
    # A figure OCR lost the point of ("40" for 0.40) where it cannot be whole: change above the cash
    # handed over, a rounding adjustment of a coin or more.
    change = {c / 100 if _point_lost(c) and tendered and c > max(tendered) else c for c in labelled["change"]}
    owed = {p - c for p in tendered for c in change if p - c > 0}
    roundings = [r for r in (r / 100 if _point_lost(r) and abs(r) < 10 else r for r in labelled["rounding"])
                 if 0 < abs(r) < 1]
    summed = {s + t for s in labelled["subtotal"] for t in labelled["tax"] if s > 0 and t > 0}
    top = lines[0].top
    span = max(lines[-1].bottom - top, 1.0)
    out = {}
    for value in {*printed, *owed, *summed}:
        hits = printed.get(value, [])
        # the printed amounts a rounding adjustment takes this one to (its sign is often not printed)
        rounds_to = [other for r in roundings for other in (value - r, value + r) if other in printed]
        whole_coins = value % _COIN == 0
        before = [line.folded[: a.start] for line, a in hits]
        places = [(line.top - top) / span for line, _ in hits] or [1.0]
        f = {f"label_{name}": labelled[name].get(value, 0.0) for name in LABELLED}
        f.update(
            printed=float(bool(hits)),
            count=min(len(hits), 5),
            largest=float(value >= by_size[0]),
            rank=min(sum(v > value for v in by_size), 6),
            share_of_largest=float(min(value / by_size[0], 2)),
            first_place=min(places),
            last_place=max(places),
            cents=float(any(a.has_decimals for _, a in hits) or not hits),
            line_end=float(any(a.end >= len(line.text.rstrip()) for line, a in hits)),
            ocr_confidence=max((line.conf(a.start, a.end) for line, a in hits), default=0.0),
            tendered_less_change=float(value in owed),
            till_paid=float(bool(owed)),
            # a coin-rounded total beside the amount it rounds
            rounded=float(whole_coins and bool(rounds_to)),
            # the amount a printed coin-rounded total rounds: the till's sum before rounding, not what was paid
            rounded_away=float(not whole_coins and any(other % _COIN == 0 for other in rounds_to)),
            subtotal_plus_tax=float(value in summed),
            not_below_totals=float(all(value >= t for t in labelled["total"])) if labelled["total"] else 0.0,
            words_on_line=min((len(line.words) for line, _ in hits), default=0),
            total_word=float(any(_TOTAL_WORD_RE.search(b) for b in before)),
            currency_before=float(any(_CURRENCY_BEFORE_RE.search(b) for b in before)),
            quantity_before=float(any(_QUANTITY_BEFORE_RE.search(b) for b in before)),
        )
        out[value] = f
    return out


def _point_lost(value: Decimal) -> bool:
    """Read without a decimal point ("40", not "40.00")."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent >= 0


def weigh_readings(readings: Iterable[Mapping[Decimal, float]]) -> dict[Decimal, float]:
    """Each amount's weight over a page's readings: its probability in each reading, squared, summed (one
    sure reading outweighs several unsure ones: on the corpus's receipts, cross-validated, 61 of 70 totals
    against 60 for the plain sum). The app and the training script both choose with it."""
    weights: dict[Decimal, float] = {}
    for probabilities in readings:
        for value, p in probabilities.items():
            weights[value] = weights.get(value, 0.0) + p * p
    return weights


def total_probabilities(ctx: Context) -> dict[Decimal, tuple[float, Evidence | None]]:
    """The model's probability that each amount on the page is the document's total, and where the
    amount is printed last (a total closes the figures above it; None for one only the arithmetic gives)."""
    from .total_model import COEFFICIENTS, INTERCEPT

    printed = printed_amounts(ctx)
    out = {}
    for value, f in amount_features(ctx, printed).items():
        z = INTERCEPT + sum(COEFFICIENTS.get(name, 0.0) * x for name, x in f.items())
        where = None
        if printed.get(value):
            line, a = printed[value][-1]
            where = Evidence(line.page, line.bbox(a.start, a.end))
        out[value] = (1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z)))), where)
    return out
