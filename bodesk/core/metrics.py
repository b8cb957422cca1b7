"""The numbers of the Metrics tab, computed from plain per-invoice facts (no SQL, no Qt).

- touchless rate: of the invoices that were read, the share that went through with no human
  correction and no exception;
- exception rate: of the invoices that were read, the share that raised at least one exception;
- cycle time: from the moment the document was received to the first approval;
- time saved: touchless invoices × the minutes a person would spend typing one in, and what
  that time costs; ROI when the cost of running bodesk is given.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

#: Statuses of invoices that have not been read yet: they count as received, not in the rates.
UNREAD_STATUSES = frozenset({"received"})
#: Statuses an invoice reaches without a person, when all goes well.
TOUCHLESS_STATUSES = frozenset({"extracted", "matched", "approved", "scheduled", "paid"})


@dataclass(frozen=True)
class InvoiceFacts:
    """What the metrics need to know about one invoice."""

    invoice_id: int
    received_at: datetime
    status: str
    corrected: bool  # a person corrected at least one field
    had_exception: bool  # at least one exception was raised, open or resolved
    approved_at: datetime | None = None

    @property
    def read(self) -> bool:
        return self.status not in UNREAD_STATUSES

    @property
    def touchless(self) -> bool:
        return self.status in TOUCHLESS_STATUSES and not self.corrected and not self.had_exception

    @property
    def cycle_time(self) -> timedelta | None:
        if self.approved_at is None:
            return None
        return max(self.approved_at - self.received_at, timedelta(0))


@dataclass(frozen=True)
class Metrics:
    """The period's numbers; rates and times are None when there is nothing to base them on."""

    received: int
    read: int
    touchless: int
    with_exceptions: int
    approved: int
    touchless_rate: float | None
    exception_rate: float | None
    average_cycle: timedelta | None
    median_cycle: timedelta | None
    minutes_saved: float
    money_saved: Decimal
    roi: float | None
    per_week: tuple[tuple[date, int], ...]  # Monday of each week, invoices received that week

    @property
    def hours_saved(self) -> float:
        return self.minutes_saved / 60

    def to_json(self) -> dict[str, Any]:
        """The `bodesk metrics --json` record (amounts as decimal strings, durations in hours)."""

        def hours(value: timedelta | None) -> float | None:
            return None if value is None else round(value.total_seconds() / 3600, 2)

        return {
            "invoices_received": self.received,
            "invoices_read": self.read,
            "touchless": self.touchless,
            "touchless_rate": None if self.touchless_rate is None else round(self.touchless_rate, 4),
            "with_exceptions": self.with_exceptions,
            "exception_rate": None if self.exception_rate is None else round(self.exception_rate, 4),
            "approved": self.approved,
            "average_cycle_hours": hours(self.average_cycle),
            "median_cycle_hours": hours(self.median_cycle),
            "hours_saved": round(self.hours_saved, 2),
            "money_saved": str(self.money_saved),
            "roi": None if self.roi is None else round(self.roi, 4),
            "per_week": [{"week": week.isoformat(), "invoices": n} for week, n in self.per_week],
        }


def week_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def per_week(
    received: list[datetime], start: date | None = None, end: date | None = None
) -> tuple[tuple[date, int], ...]:
    """Invoices received per week, including weeks with none, from `start` (or the first) to `end` (or the last)."""
    if not received and (start is None or end is None):
        return ()
    counts = Counter(week_of(r.date()) for r in received)
    first = week_of(start) if start else min(counts)
    last = week_of(end) if end else max(counts)
    weeks = []
    week = first
    while week <= last:
        weeks.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    return tuple(weeks)


def compute(
    facts: list[InvoiceFacts],
    *,
    minutes_per_manual_invoice: float,
    hourly_cost: float,
    running_cost: Decimal | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Metrics:
    """The period's metrics. `running_cost` (what bodesk cost over the period) gives the ROI:
    (money saved − cost) / cost. `start`/`end` only widen the weekly chart to the whole period."""
    read = [f for f in facts if f.read]
    touchless = sum(1 for f in read if f.touchless)
    with_exceptions = sum(1 for f in read if f.had_exception)
    cycles = [c for c in (f.cycle_time for f in facts) if c is not None]
    minutes_saved = touchless * max(minutes_per_manual_invoice, 0.0)
    money = (Decimal(str(minutes_saved)) / 60 * Decimal(str(hourly_cost))).quantize(Decimal("0.01"), ROUND_HALF_UP)
    roi = None
    if running_cost is not None and running_cost > 0:
        roi = float((money - running_cost) / running_cost)
    return Metrics(
        received=len(facts),
        read=len(read),
        touchless=touchless,
        with_exceptions=with_exceptions,
        approved=len(cycles),
        touchless_rate=touchless / len(read) if read else None,
        exception_rate=with_exceptions / len(read) if read else None,
        average_cycle=sum(cycles, timedelta(0)) / len(cycles) if cycles else None,
        median_cycle=_median(cycles),
        minutes_saved=minutes_saved,
        money_saved=money,
        roi=roi,
        per_week=per_week([f.received_at for f in facts], start, end),
    )


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def describe_duration(value: timedelta | None) -> str:
    """A cycle time as a person says it: "45 min", "5.5 h", "2.3 days"; "—" when unknown."""
    if value is None:
        return "—"
    seconds = value.total_seconds()
    if seconds < 3600:
        return f"{max(round(seconds / 60), 0)} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
