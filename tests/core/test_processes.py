"""Scoring and ranking the office's processes: what to automate next."""

from __future__ import annotations

from datetime import date

import pytest

from bodesk.core.processes import Process, minutes_score, rank, volume_score


def test_volume_and_minutes_map_to_scores_on_fixed_steps() -> None:
    assert [volume_score(v) for v in (0, 9, 10, 49, 50, 199, 200, 999, 1000)] == [1, 1, 2, 2, 3, 3, 4, 4, 5]
    assert [minutes_score(m) for m in (1, 2, 4.9, 5, 14, 15, 59, 60, 240)] == [1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_highest_total_first_and_ties_by_hours() -> None:
    payroll = Process("Payroll", 12, 30, 5, 2, 3)  # 2 + 4 + 5 + 2 + 3 = 16
    travel = Process("Travel bookings", 60, 3, 2, 4, 5)  # 3 + 2 + 2 + 4 + 5 = 16, 3 h a month
    claims = Process("Expense claims", 40, 12, 3, 4, 5)  # 2 + 3 + 3 + 4 + 5 = 17
    assert [p.total for p in (payroll, travel, claims)] == [16, 16, 17]
    assert [p.name for p in rank([payroll, travel, claims])] == ["Expense claims", "Payroll", "Travel bookings"]


def test_reviews_after_30_and_90_days() -> None:
    p = Process("Invoices", 100, 8, 4, 5, 4, started_on=date(2026, 1, 10))
    assert p.reviews() == [date(2026, 2, 9), date(2026, 4, 10)]
    assert Process("X", 1, 1, 1, 1, 1).reviews() == []


@pytest.mark.parametrize("bad", [0, 6, 2.5, True])
def test_a_score_outside_1_to_5_is_a_sentence(bad: object) -> None:
    with pytest.raises(ValueError, match="from 1 \\(low\\) to 5 \\(high\\)"):
        Process("X", 1, 1, bad, 3, 3)  # type: ignore[arg-type]
