"""Subtotal, tax and total chosen together from the labelled amounts a page offers (`fields.collect`).

A page often prints several of each (a total before and after tax, one tax line per rate, the balance
left after a deposit, a till's cash and change): every combination is scored by its labels plus what
agrees in it (subtotal + tax = total, the line items' sum, a till's own arithmetic), and where a figure
is missing the others give it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .fields import Candidate, Context


@dataclass
class Amounts:
    subtotal: Candidate | None
    tax: Candidate | None
    total: Candidate | None


def reconcile_amounts(ctx: Context, lines_sum: Decimal | None) -> Amounts:
    """Pick subtotal, tax and total together so that they add up where the page allows.

    Several totals are common (total, amount due, balance after payment), so are several tax
    lines (one per rate): combinations are scored by their labels plus agreement bonuses.
    """
    subs = _top(ctx, "subtotal")
    taxes = _top(ctx, "tax")
    tax_values = {c.value for c in taxes if c.value > 0}
    if len(tax_values) > 1:  # several rates: their sum is a candidate too
        taxes.append(Candidate(sum(tax_values), 0.7, None, "sum"))
    totals = _top(ctx, "total")
    if len(totals) > 1:
        # Several totals (before and after tax, a tax summary's, a saving): the grand total is the largest.
        largest = max(totals, key=lambda c: abs(c.value))
        totals = [Candidate(c.value, c.score + 0.08, c.evidence, c.how) if c is largest else c for c in totals]
    rounding = {Decimal(0), *(c.value for c in _top(ctx, "rounding", 2) if abs(c.value) < 1)}
    totals = _till_check(ctx, totals, rounding)
    totals = _restored(ctx, subs, taxes, totals)
    best_combo, best_score = (None, None, None), -1.0
    for s in [*subs, None]:
        for t in [*taxes, None]:
            for T in [*totals, None]:
                score = sum(c.score for c in (s, t, T) if c is not None)
                if s and t and T:
                    score += 1.5 if T.value - s.value - t.value in rounding else -0.5
                elif s and T and not t and s.value == T.value:
                    score += 0.3
                if lines_sum is not None and s and s.value == lines_sum:
                    score += 0.5
                elif lines_sum is not None and T and not s and T.value == lines_sum:
                    score += 0.3
                if s and T and abs(s.value) > abs(T.value):
                    score -= 1.0
                if s and t and abs(t.value) > abs(s.value):
                    score -= 1.0  # no tax is larger than what it taxes: the two were swapped
                if T is not None:
                    score += 0.2  # a printed total beats one computed from the others
                if score > best_score:
                    best_combo, best_score = (s, t, T), score
    s, t, T = best_combo
    if s and t and T:
        factor = 1.0 if T.value - s.value - t.value in rounding else 0.7
        s, t, T = (_scaled(c, factor, floor=0.95 if factor == 1.0 else 0.0) for c in (s, t, T))
    elif s and t and not T:
        T = Candidate(s.value + t.value, 0.6, None, "computed")
    elif s and T and not t and T.value > s.value:
        t = Candidate(T.value - s.value, 0.55, None, "computed")
        if t.value > s.value > 0:  # a tax larger than what it taxes: the value read was the tax
            s, t = Candidate(t.value, 0.5, None, "computed"), Candidate(s.value, 0.5, s.evidence, s.how)
    elif s and T and not t and s.value == T.value and _blank_tax(ctx):
        t = Candidate(Decimal("0.00"), 0.5, None, "computed")  # the net is the total: the blank tax is nil
    elif t and T and not s and t.score >= 0.8:
        s = Candidate(T.value - t.value, 0.5, None, "computed")
    return Amounts(s, t, T)


def _blank_tax(ctx: Context) -> bool:
    """A tax label with no figure after it on its line ("Total TVA  %"): a tax the page leaves blank."""
    return any(h.field == "tax" and not any(c.isdigit() for c in ln.text[h.end :]) for ln in ctx.lines
               for h in ln.labels)


def _restored(ctx: Context, subs: list[Candidate], taxes: list[Candidate], totals: list[Candidate]
              ) -> list[Candidate]:
    """The totals, and the document's total where a printed one is another reading of it that the net and
    tax give: a credit note's total whose minus sign OCR lost (net -100.00, tax 0.00, total "100,00"), and
    the invoice's total where the page's total is the balance left after a deposit or an amount already
    paid (net 100.00, tax 0.00, "Déjà payé 10,00", "Net à payer 90,00": the invoice's total is 100.00)."""
    paid = {abs(c.value) for c in _top(ctx, "prepaid", 2) if c.value}
    found: dict[Decimal, Candidate] = {}
    for T in totals:
        for s in subs:
            for t in [*taxes, None]:
                gross = s.value + (t.value if t is not None else 0)
                if s.value < 0 < T.value and gross == -T.value:
                    found.setdefault(gross, Candidate(gross, T.score, T.evidence, "sign"))
                elif 0 < abs(T.value) < abs(gross) and abs(gross) - abs(T.value) in paid:
                    found.setdefault(gross, Candidate(gross, T.score, None, "before deposit"))
    return [*totals, *(c for value, c in found.items() if value not in {T.value for T in totals})]


def _till_check(ctx: Context, totals: list[Candidate], rounding: set[Decimal]) -> list[Candidate]:
    """A till receipt's own arithmetic: the total before rounding plus the rounding is the total to pay,
    and what was tendered minus the change given is the total.

    A total that agrees gains; one printed without its decimal point ("1200" for 12.00, an OCR
    slip) is read as the amount that agrees; with no total agreeing, the difference itself
    becomes a candidate (the total's own digits are often the ones OCR misread)."""
    rounded = {a.value + r for a in totals for r in rounding if r}
    totals = [Candidate(c.value, c.score + 0.4, c.evidence, c.how) if c.value in rounded else c for c in totals]
    paid = [c.value for c in _top(ctx, "tendered", 2) if c.value > 0]
    change = [c.value for c in _top(ctx, "change", 2) if c.value >= 0]
    owed = {p - c for p in paid for c in change if p - c > 0}
    if not owed:
        return totals
    out, agreed = [], False
    for c in totals:
        if c.value in owed:
            out.append(Candidate(c.value, c.score + 0.3, c.evidence, c.how))
            agreed = True
        elif c.value == c.value.to_integral_value() and c.value / 100 in owed:
            out.append(Candidate(c.value / 100, c.score + 0.2, c.evidence, "till"))
            agreed = True
        else:
            out.append(c)
    largest = max((abs(c.value) for c in totals), default=None)
    if not agreed and (largest is None or largest / 2 <= max(owed) <= largest * 2):
        out.append(Candidate(max(owed), 0.45, None, "till"))  # a misread total, near the printed one
    return out


def _top(ctx: Context, name: str, n: int = 4) -> list[Candidate]:
    seen: dict[Decimal, Candidate] = {}
    for c in sorted(ctx.candidates.get(name) or [], key=lambda c: -c.score):
        if c.value not in seen:
            seen[c.value] = c
    return list(seen.values())[:n]


def _scaled(c: Candidate, factor: float, floor: float = 0.0) -> Candidate:
    return Candidate(c.value, max(floor, min(1.0, c.score * factor)), c.evidence, c.how)
