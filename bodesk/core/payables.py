"""Payables at a glance: due this week and next, overdue, discounts expiring, aging, spend by vendor.

Works on plain `OpenItem`s (approved or scheduled invoices and credit notes not yet paid) and on spend
rows; amounts are summed per currency, never converted. No Qt, no SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bodesk.core.vocabulary import DocumentType

#: Aging buckets by days past the due date.
BUCKETS = ("current", "1-30", "31-60", "61-90", "90+")
DISCOUNT_WARNING_DAYS = 7


@dataclass(frozen=True)
class OpenItem:
    invoice_id: int
    vendor_name: str
    kind: str
    currency: str
    total: Decimal
    due_date: date | None
    discount_until: date | None = None
    discount_amount: Decimal | None = None


def bucket(due: date | None, today: date) -> str:
    """The aging bucket of an item due on `due`: `current` until it is due."""
    late = (today - due).days if due else 0
    if late <= 0:
        return "current"
    if late <= 30:
        return "1-30"
    if late <= 60:
        return "31-60"
    return "61-90" if late <= 90 else "90+"


def is_overdue(item: OpenItem, today: date) -> bool:
    """A credit note is never overdue: the office owes nothing on it."""
    return item.kind != DocumentType.CREDIT_NOTE and item.due_date is not None and item.due_date < today


def _add(target: dict[str, Decimal], currency: str, amount: Decimal) -> None:
    target[currency] = target.get(currency, Decimal("0.00")) + amount


def _json(sums: dict[str, Decimal]) -> dict[str, str]:
    return {cur: str(amount) for cur, amount in sorted(sums.items())}


@dataclass
class Overview:
    today: date
    due_this_week: dict[str, Decimal]
    due_next_week: dict[str, Decimal]
    overdue: dict[str, Decimal]
    overdue_count: int
    discounts_expiring: list[OpenItem]
    aging: dict[str, dict[str, Decimal]]
    spend_by_vendor: list[tuple[str, str, Decimal]]  # (vendor, currency, amount), largest first

    def to_json(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "due_this_week": _json(self.due_this_week),
            "due_next_week": _json(self.due_next_week),
            "overdue": _json(self.overdue),
            "overdue_count": self.overdue_count,
            "discounts_expiring": [
                {"invoice_id": i.invoice_id, "vendor_name": i.vendor_name, "currency": i.currency,
                 "discount": str(i.discount_amount), "discount_until": i.discount_until.isoformat()}
                for i in self.discounts_expiring if i.discount_until and i.discount_amount is not None
            ],
            "aging": {b: _json(self.aging.get(b, {})) for b in BUCKETS},
            "spend_by_vendor": [{"vendor_name": v, "currency": c, "amount": str(a)} for v, c, a in self.spend_by_vendor],
        }


def overview(items: list[OpenItem], spend: list[tuple[str, str, Decimal]], today: date) -> Overview:
    """`items`: what is still to pay; `spend`: (vendor, currency, total) of every approved, scheduled or
    paid invoice and credit note of the period."""
    week_end = today + timedelta(days=6 - today.weekday())
    next_end = week_end + timedelta(days=7)
    this_week: dict[str, Decimal] = {}
    next_week: dict[str, Decimal] = {}
    overdue: dict[str, Decimal] = {}
    aging: dict[str, dict[str, Decimal]] = {b: {} for b in BUCKETS}
    expiring = []
    count = 0
    for item in items:
        _add(aging[bucket(item.due_date, today) if item.kind != DocumentType.CREDIT_NOTE else "current"], item.currency, item.total)
        if is_overdue(item, today):
            _add(overdue, item.currency, item.total)
            count += 1
        elif item.due_date and item.due_date <= week_end:
            _add(this_week, item.currency, item.total)
        elif item.due_date and item.due_date <= next_end:
            _add(next_week, item.currency, item.total)
        if item.discount_until and today <= item.discount_until <= today + timedelta(days=DISCOUNT_WARNING_DAYS):
            expiring.append(item)
    by_vendor: dict[tuple[str, str], Decimal] = defaultdict(lambda: Decimal("0.00"))
    for vendor, currency, amount in spend:
        by_vendor[(vendor, currency)] += amount
    ranked = sorted(((v, c, a) for (v, c), a in by_vendor.items()), key=lambda r: (-r[2], r[0].lower()))
    expiring.sort(key=lambda i: (i.discount_until, i.vendor_name))
    return Overview(today, this_week, next_week, overdue, count, expiring, aging, ranked)
