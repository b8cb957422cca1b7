"""The period's invoices summed per day they were received: what the metrics, the trend and the
first-month comparison are computed from (no SQL, no Qt).

How one invoice counts is said once, by `contribution`. The store keeps each invoice's contribution
so that the database sums 100,000 of them per day instead of handing each one over; a list of facts
is summed here the same way (`summarise`). Either way the figures come from the same `Summary`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from types import CodeType
from typing import NamedTuple

from bodesk.core.metrics import KEY_FIELDS, MICROSECOND, TOUCHLESS_STATUSES, UNREAD_STATUSES, InvoiceFacts


class Counts(NamedTuple):
    """Invoices summed (over a day, a week, a month or a period)."""

    received: int = 0
    read: int = 0
    touchless: int = 0
    with_exceptions: int = 0
    manual: int = 0
    reworked: int = 0
    overrides: int = 0
    retyped: int = 0
    paid: int = 0
    paid_on_time: int = 0
    late_days: int = 0
    discount: Decimal = Decimal(0)

    def __add__(self, other: tuple) -> Counts:  # type: ignore[override]
        return Counts(*(a + b for a, b in zip(self, other)))

    def rates(self) -> tuple[float | None, float | None, float | None]:
        """Touchless, exception and rework rates of the invoices that were read."""
        if not self.read:
            return None, None, None
        return self.touchless / self.read, self.with_exceptions / self.read, self.reworked / self.read


#: What an invoice adds to its day's counts, in this order (`discount` is money, the others whole numbers).
COUNTS = Counts._fields


class Contribution(NamedTuple):
    """One invoice's share of the figures."""

    day: date  # the day it was received
    source: str
    counts: tuple[int | Decimal, ...]  # in COUNTS order
    exception_kinds: tuple[str, ...]  # counted for invoices that were read
    corrected_fields: tuple[str, ...]  # likewise
    cycle_us: int | None  # received → first approval, in microseconds
    to_paid_us: int | None  # received → paid


def contribution(f: InvoiceFacts) -> Contribution:
    """How one invoice counts (the definitions are the properties of InvoiceFacts)."""
    paid = f.paid_at is not None
    late = f.days_late if paid else None
    read = f.read
    counts = (
        1, int(read), int(read and f.touchless), int(read and f.had_exception), int(read and f.manual),
        int(read and f.corrected), f.overrides if read else 0, int(read and f.retyped),
        int(paid), int(late == 0), late or 0, f.discount_taken if paid else Decimal(0),
    )
    cycle = f.cycle_time
    to_paid = f.cycle_to_paid
    return Contribution(
        f.received_at.date(), f.source, counts,
        f.exception_kinds if read else (), f.corrected_fields if read else (),
        None if cycle is None else cycle // MICROSECOND, None if to_paid is None else to_paid // MICROSECOND,
    )


@dataclass
class Summary:
    """The period's invoices summed per day received, with what cannot be summed kept as it is:
    the cycle times (for medians and percentiles)."""

    days: dict[date, Counts] = field(default_factory=dict)
    by_source: Counter[str] = field(default_factory=Counter)
    exception_kinds: Counter[str] = field(default_factory=Counter)
    corrected_fields: Counter[str] = field(default_factory=Counter)
    cycles: dict[date, list[int]] = field(default_factory=dict)  # per day received, µs received → approved
    to_paid: list[int] = field(default_factory=list)  # µs received → paid

    def total(self) -> Counts:
        return sum(self.days.values(), Counts())

    def span(self) -> tuple[date, date] | None:
        """The first and last day an invoice of the summary was received."""
        return (min(self.days), max(self.days)) if self.days else None

    def add_names(self, kinds: Iterable[str], fields: Iterable[str], times: int = 1) -> None:
        for kind in kinds:
            self.exception_kinds[kind] += times
        for name in fields:
            self.corrected_fields[name] += times


def summarise(facts: Iterable[InvoiceFacts]) -> Summary:
    """The facts summed per day, as the store sums the contributions it keeps."""
    per_day: dict[date, list[tuple[int | Decimal, ...]]] = {}
    s = Summary()
    for c in map(contribution, facts):
        per_day.setdefault(c.day, []).append(c.counts)
        s.by_source[c.source] += 1
        if c.exception_kinds or c.corrected_fields:
            s.add_names(c.exception_kinds, c.corrected_fields)
        if c.cycle_us is not None:
            s.cycles.setdefault(c.day, []).append(c.cycle_us)
        if c.to_paid_us is not None:
            s.to_paid.append(c.to_paid_us)
    s.days = {day: Counts(*(sum(column) for column in zip(*rows))) for day, rows in sorted(per_day.items())}
    return s


def fingerprint(*functions: Callable[..., object], extra: str = "") -> str:
    """A digest of how figures are defined (the code of `functions`, the status sets, `extra`), kept
    beside stored contributions so that a bodesk whose definitions differ recomputes them all."""
    digest = hashlib.sha256(extra.encode("utf-8"))
    for names in (UNREAD_STATUSES, TOUCHLESS_STATUSES, KEY_FIELDS, COUNTS):
        digest.update(repr(sorted(str(n) for n in names)).encode("utf-8"))
    todo: list[CodeType] = [getattr(fn, "__code__") for fn in (contribution, *functions)]
    todo += [p.fget.__code__ for p in vars(InvoiceFacts).values() if isinstance(p, property) and p.fget]
    while todo:
        code = todo.pop()
        digest.update(code.co_code + repr(code.co_names).encode("utf-8"))
        for const in code.co_consts:
            if isinstance(const, CodeType):
                todo.append(const)
            else:
                digest.update(repr(const).encode("utf-8"))
    return digest.hexdigest()[:32]
