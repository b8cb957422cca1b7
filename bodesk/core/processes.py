"""What to automate next: the office's processes scored 1–5 on five dimensions and ranked.

The framework: volume, time per occurrence, error cost and risk, integration ease, and staff
pain, each 1 (low) to 5 (high); the highest total is the best next candidate. Volume (a month's
occurrences) and minutes (per occurrence) are entered as numbers and mapped to 1–5 on the scales
below, so two people scoring the same process get the same answer. After a process starts being
automated, reviews fall due after 30 and 90 days. No SQL, no Qt.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta

#: Occurrences a month at which the volume score steps up: <10 → 1, 10–49 → 2, 50–199 → 3, 200–999 → 4, ≥1000 → 5.
VOLUME_STEPS = (10, 50, 200, 1000)
#: Minutes per occurrence at which the time score steps up: <2 → 1, 2–4 → 2, 5–14 → 3, 15–59 → 4, ≥60 → 5.
MINUTES_STEPS = (2, 5, 15, 60)
REVIEW_AFTER_DAYS = (30, 90)
INVOICE_PROCESS = "Invoice processing"

#: The readiness checklist: what should be true before a process is automated.
READINESS = (
    "The process is written down step by step, as it is done today",
    "Its inputs arrive in a predictable form (files, mails, a form)",
    "The rules for decisions are known and agreed (limits, approvers, exceptions)",
    "Someone owns it and will look at the exceptions",
    "Today's volume, time and error figures are measured, to compare against",
    "The systems it feeds can take the result (an import format, an interface)",
)


def volume_score(per_month: float) -> int:
    return 1 + bisect_right(VOLUME_STEPS, per_month)


def minutes_score(minutes: float) -> int:
    return 1 + bisect_right(MINUTES_STEPS, minutes)


def check_score(name: str, value: int) -> int:
    """A 1–5 score, or a sentence saying what is wrong."""
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise ValueError(f"{name} is scored from 1 (low) to 5 (high), not “{value}”.")
    return value


@dataclass(frozen=True)
class Process:
    """One of the office's processes with its figures and scores."""

    name: str
    volume_per_month: float
    minutes: float
    error_cost: int
    ease: int
    pain: int
    started_on: date | None = None  # when its automation started (reviews after 30 and 90 days)
    measured: bool = False  # volume and minutes come from bodesk's own records

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("A process needs a name.")
        if self.volume_per_month < 0 or self.minutes < 0:
            raise ValueError("Volume and minutes cannot be negative.")
        for label, value in (("Error cost", self.error_cost), ("Integration ease", self.ease), ("Staff pain", self.pain)):
            check_score(label, value)

    @property
    def scores(self) -> dict[str, int]:
        return {
            "volume": volume_score(self.volume_per_month),
            "time": minutes_score(self.minutes),
            "error_cost": self.error_cost,
            "ease": self.ease,
            "pain": self.pain,
        }

    @property
    def total(self) -> int:
        return sum(self.scores.values())

    @property
    def hours_per_month(self) -> float:
        return self.volume_per_month * self.minutes / 60

    def reviews(self) -> list[date]:
        if self.started_on is None:
            return []
        return [self.started_on + timedelta(days=d) for d in REVIEW_AFTER_DAYS]

    def to_json(self, rank: int | None = None) -> dict[str, object]:
        record: dict[str, object] = {
            "name": self.name,
            "volume_per_month": self.volume_per_month,
            "minutes": self.minutes,
            "hours_per_month": round(self.hours_per_month, 1),
            "scores": self.scores,
            "total": self.total,
            "measured": self.measured,
            "started_on": self.started_on.isoformat() if self.started_on else None,
            "reviews": [d.isoformat() for d in self.reviews()],
        }
        if rank is not None:
            record = {"rank": rank, **record}
        return record


def rank(processes: list[Process]) -> list[Process]:
    """Highest total first; ties go to the one that costs the office the most hours a month."""
    return sorted(processes, key=lambda p: (-p.total, -p.hours_per_month, p.name.lower()))
