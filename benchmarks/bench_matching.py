"""Matching speed: invoices decided against purchase-order lines, at three volumes.

Runs the pure decision step (`bodesk.core.decisions.decide`: every check, 2- and 3-way matching with
carried-forward billed quantities, routing) over synthetic POs (5 lines each) and invoices (five PO
lines per invoice; a tenth quote no PO number and are found by vendor and open amount, a tenth
differ in price or quantity). Prints the time per volume and per invoice; time should grow linearly.
Not a timed assert: `make bench-matching` prints the figures.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from bodesk.core.checks import VendorFacts
from bodesk.core.decisions import Rules, decide
from bodesk.core.matching import Order, OrderLine
from bodesk.core.records import ExtractionResult, LineItem

ITEMS = ["Copy paper A4, box of 5 reams", "Toner cartridge black", "Ballpoint pens blue, pack of 50",
         "Lever arch files, pack of 10", "Office chair", "Desk organiser set", "Sticky notes, 12 pads",
         "USB-C docking station", "Monitor 27 inch", "Network cable Cat.6, 5 m"]
TODAY = date(2026, 3, 10)


def build(po_lines: int, invoices: int, seed: int = 1):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    # Ten POs per vendor at every volume: a bigger book of orders means more vendors, not ever more
    # open orders per vendor (which the no-PO search scans).
    vendors = [VendorFacts(f"Vendor {v}", frozenset({f"DE{v:020d}"}), True, v) for v in range(1, po_lines // 50 + 1)]
    orders: list[Order] = []
    for n in range(po_lines // 5):
        vendor = vendors[n % len(vendors)]
        lines = tuple(
            OrderLine(n * 5 + k, k + 1, ITEMS[(n + k) % len(ITEMS)], Decimal(rng.randint(1, 20)),
                      Decimal(rng.randint(100, 9000)) / 100, Decimal(rng.randint(0, 20)))
            for k in range(5)
        )
        orders.append(Order(n, f"PO-{n:06d}", vendor.id, "EUR", lines, vendor.name))
    docs = []
    for i in range(invoices):
        order = orders[(i * 7919) % len(orders)]
        lines = []
        for ol in order.lines[: rng.randint(1, 5)]:
            price = ol.unit_price if rng.random() > 0.05 else ol.unit_price * Decimal("1.1")
            qty = min(ol.quantity, max(ol.received, Decimal(1)))
            lines.append(LineItem(ol.description, qty, price, (qty * price).quantize(Decimal("0.01"))))
        subtotal = sum((li.amount for li in lines), Decimal(0))
        vendor = vendors[order.vendor_id - 1]
        docs.append((vendor, ExtractionResult(
            source=f"{i}.pdf", vendor_name=vendor.name, iban=next(iter(vendor.trusted_ibans)),
            invoice_number=f"INV-{i:06d}", invoice_date=TODAY, due_date=TODAY + timedelta(days=30), currency="EUR",
            subtotal=subtotal, tax=Decimal(0), total=subtotal,
            po_number=None if i % 10 == 0 else order.po_number, line_items=lines,
            confidence={"total": 0.99},
        )))
    return orders, docs


def run(po_lines: int, invoices: int) -> tuple[float, int, int]:
    orders, docs = build(po_lines, invoices)
    by_number = {o.po_number: o for o in orders}
    by_vendor: dict[int, dict[int, Order]] = {}
    for o in orders:
        by_vendor.setdefault(o.vendor_id or 0, {})[o.id] = o
    rules = Rules()
    started = time.perf_counter()
    matched = exceptions = 0
    for vendor, result in docs:
        decision = decide(result, vendor=vendor, order_by_number=by_number.get,
                          vendor_orders=list(by_vendor[vendor.id or 0].values()) if result.po_number is None else (),
                          rules=rules, today=TODAY)
        if decision.match is not None:
            matched += 1
            billed = {line_id: result.line_items[i].quantity or 0 for i, line_id in decision.match.pairs}
            old = decision.match.order
            new = replace(old, lines=tuple(replace(ln, billed=ln.billed + billed.get(ln.id, 0)) for ln in old.lines))
            by_number[new.po_number] = new  # carry the billed quantities forward to the next invoice
            by_vendor[new.vendor_id or 0][new.id] = new
        exceptions += bool(decision.findings)
    return time.perf_counter() - started, matched, exceptions


def main() -> None:
    print(f"{'invoices':>9} {'PO lines':>9} {'seconds':>8} {'µs/invoice':>11} {'matched':>8} {'exceptions':>10}")
    for invoices, po_lines in ((5_000, 25_000), (10_000, 50_000), (20_000, 100_000)):
        seconds, matched, exceptions = run(po_lines, invoices)
        print(f"{invoices:>9,} {po_lines:>9,} {seconds:>8.2f} {seconds / invoices * 1e6:>11.0f} {matched:>8,} {exceptions:>10,}")


if __name__ == "__main__":
    main()
