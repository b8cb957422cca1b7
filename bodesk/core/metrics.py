"""The founder's numbers, computed from plain per-invoice facts (no SQL, no Qt).

Every figure comes from what the store recorded, never from a number someone typed in; the only
inputs a person gives are the office's costs (settings): what an hour of office time costs, how
many minutes typing one invoice by hand took before bodesk (the baseline), how many minutes a
person spends on an invoice bodesk could not finish alone, and what bodesk costs per month.

Definitions (of the invoices *read* in the period, i.e. not still waiting to be read):
- touchless: went through with no correction and no exception, and reached a status bodesk
  reaches alone (extracted, matched, approved, scheduled, paid);
- manual intervention: a person did anything to it (a correction, an exception resolved, an
  approval or rejection by a person);
- exception rate: at least one exception was raised, open or resolved;
- rework rate: a person corrected at least one field after extraction; `corrected_fields` counts
  which fields (what the reader gets wrong most);
- cycle time: received → first approval, and received → paid (median and 90th percentile,
  linear interpolation between the nearest ranks);
- time saved: touchless invoices × the baseline minutes (conservative: partly automated invoices
  are not counted); FTE: that time over the period's working hours (40 h a week);
- cost per invoice: (bodesk's cost over the period + the office time spent on touched invoices)
  / invoices read; ROI: (money saved − bodesk's cost) / bodesk's cost;
- adoption: overrides (an exception accepted as it is, against bodesk's flag) and re-typed
  invoices (three or more of the four key fields typed by a person: the reader was bypassed).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import chain
from typing import TYPE_CHECKING, Any, NamedTuple

from bodesk.core.vocabulary import InvoiceStatus

if TYPE_CHECKING:
    from bodesk.core.summary import Summary

#: Statuses of invoices that have not been read yet: they count as received, not in the rates.
UNREAD_STATUSES = frozenset({InvoiceStatus.RECEIVED})
#: Statuses an invoice reaches without a person, when all goes well.
TOUCHLESS_STATUSES = frozenset({InvoiceStatus.EXTRACTED, InvoiceStatus.MATCHED, InvoiceStatus.APPROVED,
                                InvoiceStatus.SCHEDULED, InvoiceStatus.PAID})
#: The fields whose correction means the reader was bypassed (three of four re-typed).
KEY_FIELDS = frozenset({"vendor_name", "invoice_number", "invoice_date", "total"})
WORK_HOURS_PER_WEEK = 40
DAYS_PER_MONTH = Decimal("30.4375")
CENT = Decimal("0.01")
MICROSECOND = timedelta(microseconds=1)


class InvoiceFacts(NamedTuple):
    """What the metrics need to know about one invoice (a named tuple: a batch of them is made each time
    contributions are worked out, and a tuple is several times quicker to make than a frozen dataclass)."""

    invoice_id: int
    received_at: datetime
    status: str
    corrected: bool  # a person corrected at least one field
    had_exception: bool  # at least one exception was raised, open or resolved
    approved_at: datetime | None = None
    source: str = "import"  # how it arrived: import (drop or command), folder, mail
    corrected_fields: tuple[str, ...] = ()
    exception_kinds: tuple[str, ...] = ()
    touched: bool | None = None  # a person acted on it; None: corrected or had an exception
    overrides: int = 0  # exceptions accepted as they are
    paid_at: date | None = None
    due_date: date | None = None
    discount_taken: Decimal = Decimal(0)

    @property
    def read(self) -> bool:
        return self.status not in UNREAD_STATUSES

    @property
    def touchless(self) -> bool:
        return self.status in TOUCHLESS_STATUSES and not self.corrected and not self.had_exception

    @property
    def manual(self) -> bool:
        return self.touched if self.touched is not None else (self.corrected or self.had_exception)

    @property
    def retyped(self) -> bool:
        return len(KEY_FIELDS.intersection(self.corrected_fields)) >= 3

    @property
    def cycle_time(self) -> timedelta | None:
        if self.approved_at is None:
            return None
        return max(self.approved_at - self.received_at, timedelta(0))

    @property
    def cycle_to_paid(self) -> timedelta | None:
        if self.paid_at is None:
            return None
        return max(datetime.combine(self.paid_at, datetime.min.time()) - self.received_at, timedelta(0))

    @property
    def days_late(self) -> int | None:
        if self.paid_at is None or self.due_date is None:
            return None
        return max((self.paid_at - self.due_date).days, 0)


@dataclass(frozen=True)
class TaskFacts:
    """One onboarding task with a due date: done on time, late, or still open."""

    due: date
    done_on: date | None


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
    p90_cycle: timedelta | None = None
    median_to_paid: timedelta | None = None
    p90_to_paid: timedelta | None = None
    manual: int = 0
    reworked: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    exceptions_by_kind: dict[str, int] = field(default_factory=dict)
    corrected_fields: dict[str, int] = field(default_factory=dict)
    office_hours: float = 0.0  # office time spent on invoices bodesk could not finish alone
    fte_saved: float = 0.0
    running_cost: Decimal = Decimal(0)
    cost_per_invoice: Decimal | None = None
    paid: int = 0
    paid_on_time: int = 0
    late_days: int = 0
    discounts_captured: Decimal = Decimal(0)
    tasks_due: int = 0
    tasks_on_time: int = 0
    overrides: int = 0
    retyped: int = 0

    @property
    def hours_saved(self) -> float:
        return self.minutes_saved / 60

    def _rate(self, part: int, whole: int | None = None) -> float | None:
        whole = self.read if whole is None else whole
        return part / whole if whole else None

    @property
    def manual_intervention_rate(self) -> float | None:
        return self._rate(self.manual)

    @property
    def rework_rate(self) -> float | None:
        return self._rate(self.reworked)

    @property
    def invoices_per_office_hour(self) -> float | None:
        return self.read / self.office_hours if self.office_hours else None

    def to_json(self) -> dict[str, Any]:
        """The `bodesk metrics --json` record (amounts as decimal strings, durations in hours)."""

        def hours(value: timedelta | None) -> float | None:
            return None if value is None else round(value.total_seconds() / 3600, 2)

        def ratio(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "invoices_received": self.received,
            "invoices_read": self.read,
            "invoices_by_source": dict(self.by_source),
            "touchless": self.touchless,
            "touchless_rate": ratio(self.touchless_rate),
            "with_exceptions": self.with_exceptions,
            "exception_rate": ratio(self.exception_rate),
            "manual_intervention_rate": ratio(self.manual_intervention_rate),
            "rework_rate": ratio(self.rework_rate),
            "exceptions_by_kind": dict(self.exceptions_by_kind),
            "corrected_fields": dict(self.corrected_fields),
            "approved": self.approved,
            "average_cycle_hours": hours(self.average_cycle),
            "median_cycle_hours": hours(self.median_cycle),
            "p90_cycle_hours": hours(self.p90_cycle),
            "paid": self.paid,
            "median_cycle_to_paid_hours": hours(self.median_to_paid),
            "p90_cycle_to_paid_hours": hours(self.p90_to_paid),
            "paid_on_time_rate": ratio(self._rate(self.paid_on_time, self.paid)),
            "late_payment_days": self.late_days,
            "discounts_captured": str(self.discounts_captured),
            "office_hours": round(self.office_hours, 2),
            "invoices_per_office_hour": ratio(self.invoices_per_office_hour),
            "hours_saved": round(self.hours_saved, 2),
            "fte_saved": round(self.fte_saved, 3),
            "money_saved": str(self.money_saved),
            "running_cost": str(self.running_cost),
            "cost_per_invoice": None if self.cost_per_invoice is None else str(self.cost_per_invoice),
            "roi": ratio(self.roi),
            "onboarding_tasks_due": self.tasks_due,
            "onboarding_on_time_rate": ratio(self._rate(self.tasks_on_time, self.tasks_due)),
            "overrides": self.overrides,
            "retyped_invoices": self.retyped,
            "per_week": [{"week": week.isoformat(), "invoices": n} for week, n in self.per_week],
        }


def week_of(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def weekly(received: Mapping[date, int], start: date | None = None, end: date | None = None
           ) -> tuple[tuple[date, int], ...]:
    """Invoices received per week from the number received each day, weeks with none included."""
    if not received and (start is None or end is None):
        return ()
    counts: Counter[date] = Counter()
    for day, n in received.items():
        counts[week_of(day)] += n
    first = week_of(start) if start else min(counts)
    last = week_of(end) if end else max(counts)
    weeks = []
    week = first
    while week <= last:
        weeks.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    return tuple(weeks)


def period_length(span: tuple[date, date] | None, start: date | None, end: date | None) -> int:
    """The length of the period in days: the bounds given, else the span of the invoices received."""
    if start is None or end is None:
        if span is None:
            return 0
        start = start or span[0]
        end = end or span[1]
    return max((end - start).days + 1, 0)


def compute(facts: Iterable[InvoiceFacts], **options: Any) -> Metrics:
    """The metrics of a list of facts (see `measure` for the options)."""
    from bodesk.core.summary import summarise

    return measure(summarise(facts), **options)


def measure(
    summary: Summary,
    *,
    minutes_per_manual_invoice: float,
    hourly_cost: float,
    running_cost: Decimal | None = None,
    start: date | None = None,
    end: date | None = None,
    minutes_per_touch: float = 4.0,
    tasks: Iterable[TaskFacts] = (),
) -> Metrics:
    """The period's metrics from its invoices summed. `running_cost` (what bodesk cost over the period)
    gives the ROI: (money saved − cost) / cost. `start`/`end` widen the weekly chart to the whole period
    and fix its length (for the FTE figure)."""
    t = summary.total()
    minutes_saved = t.touchless * max(minutes_per_manual_invoice, 0.0)
    money = _money(Decimal(str(minutes_saved)) / 60 * Decimal(str(hourly_cost)))
    cost = running_cost if running_cost is not None and running_cost > 0 else Decimal(0)
    office_hours = t.manual * max(minutes_per_touch, 0.0) / 60
    days = period_length(summary.span(), start, end)
    fte = (minutes_saved / 60) / (WORK_HOURS_PER_WEEK * days / 7) if days else 0.0
    cost_per_invoice = None
    if t.read:
        cost_per_invoice = _money((cost + Decimal(str(office_hours)) * Decimal(str(hourly_cost))) / t.read)
    due_tasks = list(tasks)
    cycles = sorted(chain.from_iterable(summary.cycles.values()))
    to_paid = sorted(summary.to_paid)
    return Metrics(
        received=t.received,
        read=t.read,
        touchless=t.touchless,
        with_exceptions=t.with_exceptions,
        approved=len(cycles),
        touchless_rate=t.touchless / t.read if t.read else None,
        exception_rate=t.with_exceptions / t.read if t.read else None,
        average_cycle=timedelta(microseconds=sum(cycles)) / len(cycles) if cycles else None,
        median_cycle=percentile_of_sorted(cycles, 50),
        minutes_saved=minutes_saved,
        money_saved=money,
        roi=float((money - cost) / cost) if cost else None,
        per_week=weekly({day: c.received for day, c in summary.days.items()}, start, end),
        p90_cycle=percentile_of_sorted(cycles, 90),
        median_to_paid=percentile_of_sorted(to_paid, 50),
        p90_to_paid=percentile_of_sorted(to_paid, 90),
        manual=t.manual,
        reworked=t.reworked,
        by_source=_most_first(summary.by_source),
        exceptions_by_kind=_most_first(summary.exception_kinds),
        corrected_fields=_most_first(summary.corrected_fields),
        office_hours=office_hours,
        fte_saved=fte,
        running_cost=_money(cost),
        cost_per_invoice=cost_per_invoice,
        paid=t.paid,
        paid_on_time=t.paid_on_time,
        late_days=t.late_days,
        discounts_captured=_money(t.discount),
        tasks_due=len(due_tasks),
        tasks_on_time=sum(1 for task in due_tasks if task.done_on is not None and task.done_on <= task.due),
        overrides=t.overrides,
        retyped=t.retyped,
    )


def _most_first(counts: Counter[str]) -> dict[str, int]:
    """Most frequent first; ties by name (the same order however the counts were gathered)."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def running_cost(monthly_cost: Decimal, days: int) -> Decimal:
    """What bodesk cost over a period of `days` days at `monthly_cost` a month."""
    return _money(monthly_cost * days / DAYS_PER_MONTH) if monthly_cost > 0 and days > 0 else Decimal(0)


def percentile_of_sorted(micros: Sequence[int], pct: int) -> timedelta | None:
    """The `pct`th percentile of durations in microseconds, sorted, interpolating linearly between the
    nearest ranks (as a spreadsheet's PERCENTILE.INC does; the median of an even count is the mean of
    the middle two); None for no values."""
    n = len(micros)
    if not n:
        return None
    if n == 1:
        return timedelta(microseconds=micros[0])
    if pct == 50 and n % 2:
        return timedelta(seconds=micros[n // 2] / 10**6)
    if pct == 50:
        return timedelta(seconds=(micros[n // 2 - 1] / 10**6 + micros[n // 2] / 10**6) / 2)
    j, delta = divmod(pct * (n - 1), 100)
    return timedelta(seconds=(micros[j] / 10**6 * (100 - delta) + micros[j + 1] / 10**6 * delta) / 100)


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, ROUND_HALF_UP)


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
