"""Two- and three-way matching of an invoice against a purchase order, with tolerances.

Pure: facts in, findings out (no SQL, no Qt). An invoice finds its order by the PO number it carries,
else by vendor and open amount; its lines are paired with the order's lines (by description, then
price), and each pair is checked:

- 2-way (invoice against order): unit price within tolerance (± % *or* ± amount, so a cent on a cheap
  item and a few percent on a dear one both pass); quantity billed so far, with what earlier invoices
  billed carried forward, within what was ordered.
- 3-way (against goods received): quantity billed so far within what was received.
- Header: with no line items read, the net against the order's open (and received) value; with lines,
  the net against the order's value of the billed quantities (± the total tolerance).

Each finding is a sentence with the numbers, of a kind from the shared contract.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz

from bodesk.core.checks import Finding

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Tolerances:
    """How far an invoice may differ from its order before a person has to look."""

    price_pct: Decimal = Decimal("2")
    price_amount: Decimal = Decimal("0.05")
    quantity_pct: Decimal = Decimal("0")
    total_amount: Decimal = Decimal("1.00")


@dataclass(frozen=True)
class OrderLine:
    """A PO line with what was received and what earlier invoices billed of it."""

    id: int
    line_no: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    received: Decimal = ZERO
    billed: Decimal = ZERO


@dataclass(frozen=True)
class Order:
    """A purchase order as matching sees it."""

    id: int
    po_number: str
    vendor_id: int | None
    currency: str
    lines: tuple[OrderLine, ...]
    vendor_name: str | None = None

    def open_amount(self) -> Decimal:
        """The value ordered and not yet billed."""
        return sum((max(ln.quantity - ln.billed, ZERO) * ln.unit_price for ln in self.lines), ZERO)

    def received_unbilled(self) -> Decimal:
        """The value received and not yet billed."""
        return sum(
            (max(min(ln.received, ln.quantity) - ln.billed, ZERO) * ln.unit_price for ln in self.lines), ZERO
        )


@dataclass(frozen=True)
class BilledLine:
    """One invoice line: what it bills."""

    description: str | None
    quantity: Decimal | None
    unit_price: Decimal | None
    amount: Decimal | None

    def qty(self) -> Decimal | None:
        if self.quantity is not None:
            return self.quantity
        if self.amount is not None and self.unit_price:
            return (self.amount / self.unit_price).quantize(CENT)
        return None

    def price(self) -> Decimal | None:
        if self.unit_price is not None:
            return self.unit_price
        if self.amount is not None and self.quantity:
            return (self.amount / self.quantity).quantize(CENT)
        return None


@dataclass(frozen=True)
class Match:
    """The order an invoice was matched to, how, its line pairs (invoice line index → PO line id), findings."""

    order: Order
    how: str  # "po_number" | "open_amount"
    pairs: tuple[tuple[int, int], ...] = ()
    findings: tuple[Finding, ...] = field(default_factory=tuple)


def normalise_po(number: str) -> str:
    """A PO number as compared: without spaces, in upper case."""
    return re.sub(r"\s+", "", number).upper()


def choose_order(
    po_number: str | None,
    *,
    vendor_id: int | None,
    vendor_name: str | None,
    currency: str | None,
    net: Decimal | None,
    by_number: Callable[[str], Order | None],
    vendor_orders: Sequence[Order],
    tolerances: Tolerances,
    po_required: bool = True,
) -> tuple[Order | None, str, Finding | None]:
    """The order an invoice bills: by its PO number, else the vendor's open order whose open amount is
    the invoice's net (within the total tolerance). Returns (order, how, finding)."""
    if po_number:
        order = by_number(normalise_po(po_number))
        if order is None:
            return None, "", Finding("po_not_found", f"The invoice quotes PO {po_number}, which is not among your purchase orders.")
        if vendor_id is not None and order.vendor_id is not None and order.vendor_id != vendor_id:
            return None, "", Finding(
                "po_not_found",
                f"PO {order.po_number} is an order to {order.vendor_name or 'another vendor'}, "
                f"not to {vendor_name or 'the vendor on this invoice'}.",
            )
        return order, "po_number", None
    if net is not None:
        candidates = [
            (abs(o.open_amount() - net), o.id, o)
            for o in vendor_orders
            if (currency is None or o.currency == currency) and abs(o.open_amount() - net) <= tolerances.total_amount
        ]
        if candidates:
            return min(candidates, key=lambda c: (c[0], c[1]))[2], "open_amount", None
    if not po_required:
        return None, "", None
    who = vendor_name or "this vendor"
    amount = f" comes to {net}" if net is not None else " matches it"
    return None, "", Finding(
        "no_po",
        f"The invoice carries no PO number, and none of {who}'s open purchase orders{amount}.",
    )


def pair_lines(lines: Sequence[BilledLine], order: Order) -> list[OrderLine | None]:
    """For each invoice line, the order line it bills (None: not on the order); one to one, greedy on
    description similarity with a bonus for the same unit price."""
    scored: list[tuple[float, int, int]] = []
    for i, line in enumerate(lines):
        text = (line.description or "").lower()
        for j, ol in enumerate(order.lines):
            score = fuzz.token_sort_ratio(text, ol.description.lower()) if text else 0.0
            if line.price() is not None and line.price() == ol.unit_price:
                score += 25
            if score >= 60:
                scored.append((-score, i, j))
    scored.sort()
    result: list[OrderLine | None] = [None] * len(lines)
    used: set[int] = set()
    for _score, i, j in scored:
        if result[i] is None and j not in used:
            result[i] = order.lines[j]
            used.add(j)
    return result


def match_invoice(
    order: Order,
    how: str,
    lines: Sequence[BilledLine],
    *,
    net: Decimal | None,
    currency: str | None,
    tolerances: Tolerances,
    three_way: bool = True,
) -> Match:
    """2-way and (with `three_way`) 3-way checks of an invoice against `order`."""
    findings: list[Finding] = []
    po = order.po_number
    same_currency = currency is None or currency == order.currency
    if not same_currency:
        findings.append(
            Finding("currency_mismatch", f"The invoice is in {currency}, but PO {po} was ordered in {order.currency}.")
        )
    pairs: list[tuple[int, int]] = []
    expected = ZERO
    all_paired = bool(lines)
    for i, (line, ol) in enumerate(zip(lines, pair_lines(lines, order), strict=True)):
        n, desc = i + 1, line.description or "(no description)"
        if ol is None:
            all_paired = False
            what = f"{line.qty()} × {line.price()}" if line.qty() is not None and line.price() is not None else str(line.amount or "")
            findings.append(Finding("over_billed", f"Line {n} “{desc}” ({what}) is not on PO {po}."))
            continue
        pairs.append((i, ol.id))
        qty, price = line.qty(), line.price()
        if qty is not None:
            expected += qty * ol.unit_price
        else:
            all_paired = False
        if same_currency and price is not None:
            finding = _price_finding(n, desc, price, ol, po, tolerances)
            if finding:
                findings.append(finding)
        if qty is not None:
            finding = _quantity_finding(n, desc, qty, ol, po, tolerances, three_way)
            if finding:
                findings.append(finding)
    if same_currency and net is not None:
        findings += _header_findings(order, lines, net, expected if all_paired else None, findings, tolerances, three_way)
    return Match(order, how, tuple(pairs), tuple(findings))


def _price_finding(n: int, desc: str, price: Decimal, ol: OrderLine, po: str, tol: Tolerances) -> Finding | None:
    diff = price - ol.unit_price
    if diff == 0 or abs(diff) <= tol.price_amount:
        return None
    pct = diff / ol.unit_price * 100 if ol.unit_price else Decimal(100)
    if abs(pct) <= tol.price_pct:
        return None
    side = "above" if diff > 0 else "below"
    return Finding(
        "price_variance",
        f"Line {n} “{desc}”: unit price {price} is {abs(pct):.1f} % {side} PO {po}'s {ol.unit_price} "
        f"(tolerance {tol.price_pct} % or {tol.price_amount}).",
    )


def _quantity_finding(
    n: int, desc: str, qty: Decimal, ol: OrderLine, po: str, tol: Tolerances, three_way: bool
) -> Finding | None:
    slack = 1 + tol.quantity_pct / 100
    cumulative = ol.billed + qty
    if cumulative > ol.quantity * slack:
        if ol.billed > 0:
            return Finding(
                "over_billed",
                f"Line {n} “{desc}” bills {qty}; with {ol.billed} billed by earlier invoices that makes {cumulative} "
                f"of the {ol.quantity} ordered on PO {po} ({cumulative - ol.quantity} too many).",
            )
        return Finding(
            "quantity_variance",
            f"Line {n} “{desc}” bills {qty}, but PO {po} ordered {ol.quantity} ({qty - ol.quantity} more).",
        )
    if not three_way:
        return None
    if ol.received <= ol.billed:
        before = f"; the {ol.received} received were billed before" if ol.received else ""
        return Finding(
            "not_received",
            f"Line {n} “{desc}” bills {qty}, but nothing of it on PO {po} has been received yet{before}.",
        )
    if cumulative > ol.received * slack:
        return Finding(
            "quantity_variance",
            f"Line {n} “{desc}” bills {qty}, but only {ol.received - ol.billed} received on PO {po} "
            f"are not yet billed ({cumulative - ol.received} not delivered yet).",
        )
    return None


def _header_findings(
    order: Order,
    lines: Sequence[BilledLine],
    net: Decimal,
    expected: Decimal | None,
    line_findings: list[Finding],
    tol: Tolerances,
    three_way: bool,
) -> list[Finding]:
    po = order.po_number
    if not lines:  # header-level matching: no line items were read
        open_amount = order.open_amount()
        if net > open_amount + tol.total_amount:
            return [Finding(
                "over_billed",
                f"The invoice's net {net} is {net - open_amount} more than is still open on PO {po} ({open_amount}).",
            )]
        if three_way:
            available = order.received_unbilled()
            if net > available + tol.total_amount:
                if available == 0:
                    return [Finding("not_received", f"Nothing on PO {po} has been received and left unbilled; the invoice bills {net}.")]
                return [Finding(
                    "quantity_variance",
                    f"The invoice's net {net} is {net - available} more than the value received and not yet billed "
                    f"on PO {po} ({available}).",
                )]
        return []
    if expected is None or any(f.kind in ("price_variance", "over_billed") for f in line_findings):
        return []
    expected = expected.quantize(CENT)
    diff = net - expected
    if abs(diff) <= tol.total_amount:
        return []
    side = "above" if diff > 0 else "below"
    return [Finding(
        "price_variance",
        f"The invoice's net {net} is {abs(diff)} {side} PO {po}'s value of the billed quantities, {expected} "
        f"(tolerance {tol.total_amount}).",
    )]
