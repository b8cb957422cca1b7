"""Figures over time: each period's rates per week or month, the first 30 days as the baseline,
and what changed since ("exception rate 38 % → 21 % since the first month"). No SQL, no Qt."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bodesk.core.metrics import Metrics, percentile_of_sorted, week_of
from bodesk.core.summary import Counts, Summary

BASELINE_DAYS = 30
#: Periods longer than this are shown month by month, shorter ones week by week.
WEEKLY_UP_TO_DAYS = 92


@dataclass(frozen=True)
class Point:
    """One week's or month's figures."""

    start: date
    received: int
    touchless_rate: float | None
    exception_rate: float | None
    rework_rate: float | None
    median_cycle_hours: float | None

    def to_json(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "received": self.received,
            "touchless_rate": _round(self.touchless_rate),
            "exception_rate": _round(self.exception_rate),
            "rework_rate": _round(self.rework_rate),
            "median_cycle_hours": self.median_cycle_hours,
        }


@dataclass(frozen=True)
class Change:
    """A rate in the baseline (the first 30 days) and in the period, e.g. exception rate 38 % → 21 %."""

    name: str
    label: str
    baseline: float | None
    now: float | None
    lower_is_better: bool

    @property
    def improved(self) -> bool | None:
        if self.baseline is None or self.now is None or self.baseline == self.now:
            return None
        return (self.now < self.baseline) == self.lower_is_better

    def sentence(self) -> str:
        from bodesk.core.formatting import default as office_format

        if self.baseline is None or self.now is None:
            return f"{self.label}: not enough invoices yet to compare with the first month"
        fmt = office_format()
        return f"{self.label} {fmt.percent(self.baseline, 0)} → {fmt.percent(self.now, 0)} since the first month"

    def to_json(self) -> dict[str, object]:
        return {"baseline": _round(self.baseline), "now": _round(self.now), "improved": self.improved}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def month_of(day: date) -> date:
    return day.replace(day=1)


def bucket_start(day: date, monthly: bool) -> date:
    return month_of(day) if monthly else week_of(day)


def _next(start: date, monthly: bool) -> date:
    if not monthly:
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def is_monthly(start: date, end: date) -> bool:
    return (end - start).days + 1 > WEEKLY_UP_TO_DAYS


def series(summary: Summary, start: date, end: date) -> list[Point]:
    """The period's figures per week (or per month for periods over three months), empty buckets kept."""
    monthly = is_monthly(start, end)
    groups: dict[date, Counts] = defaultdict(Counts)
    buckets: dict[date, date] = {}  # day → its week or month
    for day, counts in summary.days.items():
        bucket = buckets[day] = bucket_start(day, monthly)
        groups[bucket] += counts
    cycles: dict[date, list[int]] = defaultdict(list)
    for day, micros in summary.cycles.items():
        cycles[buckets.get(day) or bucket_start(day, monthly)].extend(micros)
    points = []
    at = bucket_start(start, monthly)
    while at <= end:
        group = groups.get(at, Counts())
        touchless, exceptions, rework = group.rates()
        cycle = percentile_of_sorted(sorted(cycles.get(at, ())), 50)
        points.append(
            Point(at, group.received, touchless, exceptions, rework,
                  None if cycle is None else round(cycle.total_seconds() / 3600, 2))
        )
        at = _next(at, monthly)
    return points


def changes(baseline: Summary, current: Summary) -> list[Change]:
    """The rates of the first 30 days beside the same rates now."""
    before, after = baseline.total().rates(), current.total().rates()
    return [
        Change("touchless_rate", "Touchless rate", before[0], after[0], lower_is_better=False),
        Change("exception_rate", "Exception rate", before[1], after[1], lower_is_better=True),
        Change("rework_rate", "Rework rate", before[2], after[2], lower_is_better=True),
    ]


def things_to_look_at(metrics: Metrics, moves: Sequence[Change], *, limit: int = 3) -> list[str]:
    """The few things the founder should look at, most telling first, as sentences."""
    from bodesk.core.formatting import default as office_format

    fmt = office_format()
    found: list[tuple[float, str]] = []
    read = metrics.read or 0
    if metrics.exceptions_by_kind and read:
        kind, n = next(iter(metrics.exceptions_by_kind.items()))
        found.append((n / read, f"“{kind.replace('_', ' ')}” is the most frequent exception: "
                                f"{fmt.count(n, 'time')} in {fmt.count(read, 'invoice')}."))
    if metrics.corrected_fields and read:
        name, n = next(iter(metrics.corrected_fields.items()))
        found.append((n / read, f"The field people correct most is {name.replace('_', ' ')} "
                                f"({fmt.count(n, 'correction')}): its readings are worth checking."))
    for move in moves:
        if move.improved is False:
            found.append((abs((move.now or 0) - (move.baseline or 0)) + 0.5, f"{move.sentence()}: it got worse."))
    if metrics.paid and metrics.paid_on_time < metrics.paid:
        late = metrics.paid - metrics.paid_on_time
        found.append((late / metrics.paid, f"{fmt.count(late, 'invoice')} paid after the due date, "
                                           f"{fmt.count(metrics.late_days, 'day')} late in all."))
    if metrics.tasks_due and metrics.tasks_on_time < metrics.tasks_due:
        late = metrics.tasks_due - metrics.tasks_on_time
        found.append((late / metrics.tasks_due, f"{fmt.count(late, 'onboarding task')} not done by the due date."))
    if metrics.p90_cycle is not None and metrics.p90_cycle.total_seconds() > 7 * 86400:
        found.append((0.3, "One invoice in ten waits over a week for approval (90th percentile)."))
    if metrics.roi is None and read:
        found.append((0.05, "Enter bodesk's monthly cost in Settings › Metrics to see the return on investment."))
    found.sort(key=lambda item: -item[0])
    return [text for _, text in found[:limit]]
