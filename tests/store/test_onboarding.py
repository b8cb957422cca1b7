"""Onboarding templates, checklists started for people, tasks ticked done."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.onboarding import (
    DEFAULT_TEMPLATES,
    TaskSpec,
    create_template,
    due_date,
    ensure_default_templates,
    hires,
    set_done,
    start,
    templates,
)


def test_defaults_cover_office_engineer_and_leaver(store: Store) -> None:
    kinds = {(t.role, t.kind) for t in DEFAULT_TEMPLATES}
    assert {("Office staff", "onboarding"), ("Engineer", "onboarding"), ("Leaver", "offboarding")} <= kinds
    for spec in DEFAULT_TEMPLATES:
        assert any(t.offset_days < 0 for t in spec.tasks), f"{spec.role} has nothing to prepare before the day"
        assert all(t.title and t.owner for t in spec.tasks)
    assert ensure_default_templates(store) == len(DEFAULT_TEMPLATES)
    assert ensure_default_templates(store) == 0  # never twice
    stored = {(t.role, t.kind): t for t in templates(store)}
    assert len(stored[("Engineer", "onboarding")].tasks) == len(
        next(t for t in DEFAULT_TEMPLATES if t.role == "Engineer").tasks)
    assert [t.role for t in templates(store, "offboarding")] == ["Leaver"]


def test_start_dates_tasks_from_the_first_day(store: Store) -> None:
    create_template(store, "Designer", [TaskSpec("Order laptop", -7, "Office"), TaskSpec("Welcome lunch", 0, "Team"),
                                        TaskSpec("Review", 30, "Boss")])
    row = start(store, "Ada Lovelace", "Designer", date(2026, 4, 6), actor="Maria")

    assert (row.name, row.role, row.kind, row.start_date) == ("Ada Lovelace", "Designer", "onboarding", date(2026, 4, 6))
    assert [(t.title, t.due_date, t.owner) for t in row.tasks] == [
        ("Order laptop", date(2026, 3, 30), "Office"),
        ("Welcome lunch", date(2026, 4, 6), "Team"),
        ("Review", date(2026, 5, 6), "Boss"),
    ]
    assert [h.id for h in hires(store)] == [row.id]
    with store.session() as session:
        (entry,) = audit.history(session, "hire", row.id)
        assert (entry.actor, entry.action) == ("Maria", "started")


def test_start_needs_a_name_and_a_known_template(store: Store) -> None:
    create_template(store, "Designer", [TaskSpec("Order laptop", -7)])
    with pytest.raises(BodeskError, match="no offboarding checklist for the role “Designer”"):
        start(store, "Ada", "Designer", date(2026, 4, 6), "offboarding")
    with pytest.raises(BodeskError, match="name of the person"):
        start(store, " ", "Designer", date(2026, 4, 6))
    with pytest.raises(BodeskError, match="already an onboarding checklist for Designer"):
        create_template(store, "Designer", [TaskSpec("x", 0)])
    with pytest.raises(BodeskError, match="at least one task"):
        create_template(store, "Empty", [])
    assert hires(store) == []


def test_ticking_done_and_undone_records_who_and_when(store: Store) -> None:
    create_template(store, "Designer", [TaskSpec("Order laptop", -7), TaskSpec("Keys", 0)])
    hire = start(store, "Ada", "Designer", date(2026, 4, 6))
    task = hire.tasks[0]
    when = datetime(2026, 3, 31, 10, 30)

    done = set_done(store, task.id, True, actor="Maria", when=when)
    assert (done.done, done.done_at, done.done_by) == (True, when, "Maria")
    assert set_done(store, task.id, True, actor="Tom").done_by == "Maria"  # already done: unchanged
    (reread,) = hires(store)
    assert reread.done_count == 1 and not reread.finished

    undone = set_done(store, task.id, False, actor="Tom")
    assert (undone.done, undone.done_at, undone.done_by) == (False, None, None)
    with store.session() as session:
        entries = audit.history(session, "onboarding_task", task.id)
    assert [(e.actor, e.action, e.new_value) for e in entries] == [
        ("Maria", "done", "2026-03-31T10:30:00"), ("Tom", "undone", None)]


def test_overdue_and_ordering(store: Store) -> None:
    create_template(store, "Designer", [TaskSpec("Order laptop", -7), TaskSpec("Review", 30)])
    today = date(2026, 4, 10)
    current = start(store, "Ada", "Designer", today - timedelta(days=4))
    finished = start(store, "Bob", "Designer", date(2025, 1, 6))
    for task in finished.tasks:
        set_done(store, task.id, True, actor="Maria")
    later = start(store, "Cy", "Designer", today + timedelta(days=20))

    assert [h.name for h in hires(store)] == ["Ada", "Cy", "Bob"]
    (ada,) = [h for h in hires(store) if h.id == current.id]
    assert ada.overdue_count(today) == 1
    assert ada.tasks[0].overdue(today) and not ada.tasks[1].overdue(today)
    assert later.overdue_count(today) == 0


def test_tasks_never_fall_due_on_a_weekend() -> None:
    monday = date(2026, 4, 6)
    assert due_date(monday, -2) == date(2026, 4, 3)  # Saturday before → the Friday
    assert due_date(monday, -1) == date(2026, 4, 3)  # Sunday → the Friday
    assert due_date(monday, 5) == date(2026, 4, 13)  # Saturday after → the Monday
    assert due_date(monday, 3) == date(2026, 4, 9)
    saturday = date(2026, 4, 11)
    assert due_date(saturday, 0) == saturday  # the day itself is the day, whatever it is
