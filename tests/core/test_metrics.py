"""Metrics from per-invoice facts, and gathering the facts from a store."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from bodesk.core.metrics import InvoiceFacts, compute, describe_duration, week_of, weekly

T0 = datetime(2026, 3, 2, 9, 0)  # a Monday


def facts(n: int, **kw) -> InvoiceFacts:
    values = {"received_at": T0, "status": "extracted", "corrected": False, "had_exception": False, "approved_at": None}
    values.update(kw)
    return InvoiceFacts(invoice_id=n, **values)


def test_rates_count_only_invoices_that_were_read() -> None:
    m = compute(
        [
            facts(1, status="approved", approved_at=T0 + timedelta(hours=10)),
            facts(2, status="extracted"),
            facts(3, status="approved", corrected=True, approved_at=T0 + timedelta(hours=30)),
            facts(4, status="needs_review", had_exception=True),
            facts(5, status="received"),  # not read yet
        ],
        minutes_per_manual_invoice=8,
        hourly_cost=30,
    )
    assert (m.received, m.read, m.touchless, m.with_exceptions, m.approved) == (5, 4, 2, 1, 2)
    assert m.touchless_rate == 0.5 and m.exception_rate == 0.25
    assert m.average_cycle == timedelta(hours=20) and m.median_cycle == timedelta(hours=20)
    assert m.minutes_saved == 16 and m.hours_saved == pytest.approx(16 / 60)
    assert m.money_saved == Decimal("8.00")
    assert m.roi is None
    assert m.per_week == ((date(2026, 3, 2), 5),)


def test_a_resolved_exception_or_failure_is_not_touchless() -> None:
    m = compute([facts(1, status="approved", had_exception=True), facts(2, status="failed")],
                minutes_per_manual_invoice=8, hourly_cost=30)
    assert m.touchless == 0 and m.touchless_rate == 0.0 and m.exception_rate == 0.5


def test_median_and_roi() -> None:
    cycles = [1, 2, 3, 10]
    m = compute([facts(i, status="approved", approved_at=T0 + timedelta(days=d)) for i, d in enumerate(cycles)],
                minutes_per_manual_invoice=60, hourly_cost=25, running_cost=Decimal("50"))
    assert m.median_cycle == timedelta(days=2.5) and m.average_cycle == timedelta(days=4)
    assert m.money_saved == Decimal("100.00") and m.roi == 1.0
    assert m.to_json()["money_saved"] == "100.00" and m.to_json()["median_cycle_hours"] == 60.0


def test_empty_period_has_no_rates() -> None:
    m = compute([], minutes_per_manual_invoice=8, hourly_cost=30)
    assert (m.received, m.touchless_rate, m.exception_rate, m.median_cycle, m.per_week) == (0, None, None, None, ())
    assert m.money_saved == Decimal("0.00")
    assert compute([], minutes_per_manual_invoice=8, hourly_cost=30, start=date(2026, 3, 1),
                   end=date(2026, 3, 15)).per_week == ((date(2026, 2, 23), 0), (date(2026, 3, 2), 0), (date(2026, 3, 9), 0))


def test_weeks_without_invoices_are_kept() -> None:
    got = weekly(Counter(t.date() for t in (T0, T0 + timedelta(days=1), T0 + timedelta(days=15))))
    assert got == ((date(2026, 3, 2), 2), (date(2026, 3, 9), 0), (date(2026, 3, 16), 1))
    assert week_of(date(2026, 3, 8)) == date(2026, 3, 2)


def test_durations_read_like_speech() -> None:
    assert [describe_duration(timedelta(minutes=m)) for m in (45, 330, 60 * 60)] == ["45 min", "5.5 h", "2.5 days"]
    assert describe_duration(None) == "—"


def test_core_metrics_import_neither_qt_nor_sql() -> None:
    import bodesk.core.metrics as module

    source = Path(module.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source and "sqlalchemy" not in source
