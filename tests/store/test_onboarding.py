"""Onboarding templates the office edits, checklists with owners resolved to people, dates moved,
tasks ticked, notes and documents, trainings that record certificates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk.core.onboarding import Meeting, TaskSpec, TemplateSpec
from bodesk.core.people import Role
from bodesk.errors import BodeskError
from bodesk.store import Store, audit, certificates, people
from bodesk.store.schema import AuditEntry
from bodesk.store.onboarding import (
    DEFAULT_TEMPLATES,
    attach,
    attachment_paths,
    copy_template,
    create_template,
    delete_template,
    due_date,
    ensure_default_templates,
    hires,
    import_templates,
    move,
    plan,
    save_template,
    set_done,
    set_note,
    start,
    templates,
)


@pytest.fixture
def office(store: Store) -> Store:
    people.add(store, "Mia", [Role.APPROVER], email="mia@example.com", actor="root")
    people.add(store, "Ivan", [Role.IT], email="ivan@example.com", actor="root")
    people.add(store, "Olga", [Role.OFFICE_MANAGER], email="olga@example.com", actor="root")
    return store


def test_defaults_cover_each_role_joining_and_leaving(store: Store) -> None:
    kinds = {(t.role, t.kind) for t in DEFAULT_TEMPLATES}
    assert kinds == {("Office staff", "onboarding"), ("Engineer", "onboarding"),
                     ("Office staff", "offboarding"), ("Engineer", "offboarding")}
    for spec in DEFAULT_TEMPLATES:
        assert any(t.offset_days < 0 for t in spec.tasks), f"{spec.role} has nothing to prepare before the day"
        assert all(t.title and t.owner and t.category for t in spec.tasks)
    assert ensure_default_templates(store) == len(DEFAULT_TEMPLATES)
    assert ensure_default_templates(store) == 0  # never twice
    stored = {(t.role, t.kind): t for t in templates(store)}
    assert stored[("Engineer", "onboarding")].tasks == next(t for t in DEFAULT_TEMPLATES if t.role == "Engineer").tasks
    assert [t.kind for t in templates(store)][:2] == ["onboarding", "onboarding"]  # joining first


def test_owners_resolve_to_the_office_people(office: Store) -> None:
    create_template(office, "Designer", [
        TaskSpec("Order laptop", -7, "it", "equipment", blocks_day_one=True),
        TaskSpec("Contract", -7, "office_manager", "paperwork"),
        TaskSpec("Welcome", 0, "manager", "meeting", meeting=Meeting("09:30", 60)),
        TaskSpec("Read the handbook", 1, "hire", "training"),
        TaskSpec("Buddy lunch", 2, "Ivan"),
    ])
    row = start(office, "Ada Lovelace", "designer", date(2026, 4, 6), manager="mia", email="ada@example.com", actor="Olga")
    assert (row.name, row.role, row.manager, row.email) == ("Ada Lovelace", "Designer", "Mia", "ada@example.com")
    assert [(t.title, t.due_date, t.owner, t.owner_role) for t in row.tasks] == [
        ("Order laptop", date(2026, 3, 30), "Ivan", "it"),
        ("Contract", date(2026, 3, 30), "Olga", "office_manager"),
        ("Welcome", date(2026, 4, 6), "Mia", "manager"),
        ("Read the handbook", date(2026, 4, 7), "Ada Lovelace", "hire"),
        ("Buddy lunch", date(2026, 4, 8), "Ivan", "Ivan"),
    ]
    assert row.tasks[0].blocks_day_one and row.tasks[2].meeting == Meeting("09:30", 60)
    with office.session() as session:
        (entry,) = audit.history(session, "hire", row.id)
        assert (entry.actor, entry.action) == ("Olga", "started")


def test_an_owner_who_is_not_a_person_is_refused_and_nothing_is_stored(office: Store) -> None:
    with pytest.raises(BodeskError, match="“Bob” of task 2 .* neither manager, hire, office_manager, it nor one of"):
        create_template(office, "Designer", [TaskSpec("Laptop", -7, "it"), TaskSpec("Keys", 0, "Bob")])
    good = TemplateSpec("Designer", "onboarding", (TaskSpec("Laptop", -7, "it"),))
    bad = TemplateSpec("Tester", "onboarding", (TaskSpec("Keys", 0, "Nobody"),))
    with pytest.raises(BodeskError, match="Nobody"):
        import_templates(office, [good, bad], actor="Olga")
    assert templates(office) == []  # the good one was not half-imported either


def test_editing_copying_and_deleting_templates_is_audited(office: Store) -> None:
    create_template(office, "Designer", [TaskSpec("Laptop", -7, "it"), TaskSpec("Keys", 0, "office_manager")], actor="Olga")
    save_template(office, TemplateSpec("Designer", "onboarding", (TaskSpec("Keys", 0, "office_manager"),
                                                                 TaskSpec("Laptop", -5, "it"))), actor="Olga")
    (spec,) = templates(office)
    assert [(t.title, t.offset_days) for t in spec.tasks] == [("Keys", 0), ("Laptop", -5)]  # the office's order
    copy_template(office, "Designer", "onboarding", "Illustrator", actor="Olga")
    with pytest.raises(BodeskError, match="already an onboarding checklist for Illustrator"):
        copy_template(office, "Designer", "onboarding", "illustrator", actor="Olga")
    delete_template(office, "Designer", "onboarding", actor="Olga")
    assert [t.role for t in templates(office)] == ["Illustrator"]
    with office.session() as session:
        actions = [e.action for e in session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "onboarding_template").order_by(AuditEntry.id))]
    assert actions == ["template_created", "template_changed", "template_created", "template_deleted"]


def test_tasks_already_due_are_kept_or_dated_today_and_the_same_person_twice_is_refused(office: Store) -> None:
    create_template(office, "Designer", [TaskSpec("Contract", -21, "office_manager"), TaskSpec("Welcome", 0, "manager")])
    today = date(2026, 4, 1)
    preview = plan(office, "Ada", "Designer", date(2026, 4, 6), today=today)
    assert [t.spec.title for t in preview.past] == ["Contract"]
    row = start(office, "Ada", "Designer", date(2026, 4, 6), past="today", today=today)
    assert [t.due_date for t in row.tasks] == [today, date(2026, 4, 6)]
    with pytest.raises(BodeskError, match="Ada already has an onboarding checklist"):
        start(office, " ada ", "Designer", date(2026, 5, 4), today=today)
    kept = start(office, "Bea", "Designer", date(2026, 4, 6), past="keep", today=today)
    assert kept.tasks[0].due_date == date(2026, 3, 16) and kept.overdue_count(today) == 1


def test_moving_the_day_moves_every_open_task(office: Store) -> None:
    create_template(office, "Designer", [TaskSpec("Contract", -7, "office_manager"), TaskSpec("Welcome", 0, "manager"),
                                         TaskSpec("Review", 30, "manager")])
    row = start(office, "Ada", "Designer", date(2026, 4, 6))
    set_done(office, row.tasks[0].id, True, actor="Olga")
    moved = move(office, "Ada", date(2026, 4, 13), actor="Olga")
    assert moved.start_date == date(2026, 4, 13)
    assert [t.due_date for t in moved.tasks] == [date(2026, 3, 30), date(2026, 4, 13), date(2026, 5, 13)]


def test_ticking_records_who_and_a_training_records_its_certificate(office: Store) -> None:
    create_template(office, "Designer", [TaskSpec("Laptop", -7, "it"),
                                         TaskSpec("First aid course", 3, "hire", "training", certificate="First aid",
                                                  valid_months=24)])
    hire = start(office, "Ada", "Designer", date(2026, 4, 6))
    task = hire.tasks[0]
    when = datetime(2026, 3, 31, 10, 30)
    done = set_done(office, task.id, True, actor="Olga", when=when)
    assert (done.done, done.done_at, done.done_by) == (True, when, "Olga")
    undone = set_done(office, task.id, False, actor="Ivan")
    assert (undone.done, undone.done_at, undone.done_by) == (False, None, None)
    with office.session() as session:
        entries = audit.history(session, "onboarding_task", task.id)
    assert [(e.actor, e.action, e.new_value) for e in entries] == [("Olga", "done", "2026-03-31T10:30:00"), ("Ivan", "undone", None)]

    set_done(office, hire.tasks[1].id, True, actor="Ada", when=datetime(2026, 4, 9, 16))
    (cert,) = certificates.certificates(office, today=date(2026, 4, 10))
    assert (cert.person, cert.name, cert.obtained, cert.expires, cert.status) == (
        "Ada", "First aid", date(2026, 4, 9), date(2028, 4, 9), "valid")
    set_done(office, hire.tasks[1].id, False, actor="Olga")
    assert certificates.certificates(office) == []


def test_notes_and_documents_on_a_task(office: Store, tmp_path: Path) -> None:
    create_template(office, "Designer", [TaskSpec("Contract", -7, "office_manager", document="Signed contract")])
    task = start(office, "Ada", "Designer", date(2026, 4, 6)).tasks[0]
    assert task.document == "Signed contract"
    assert set_note(office, task.id, "Sent by post on Monday", actor="Olga").note == "Sent by post on Monday"
    scan = tmp_path / "contract-ada.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    assert attach(office, task.id, scan, actor="Olga").attachments == ("contract-ada.pdf",)
    ((name, stored),) = attachment_paths(office, task.id)
    assert name == "contract-ada.pdf" and (office.workspace.documents / stored).read_bytes() == b"%PDF-1.4 signed"
    with pytest.raises(BodeskError, match="is not a file"):
        attach(office, task.id, tmp_path / "missing.pdf", actor="Olga")
    assert hires(office)[0].tasks[0].attachments == ("contract-ada.pdf",)


def test_certificates_warn_until_the_person_leaves(office: Store) -> None:
    today = date(2026, 4, 1)
    certificates.add(office, "Ada", "Forklift licence", expires=today + timedelta(days=30), actor="Olga")
    certificates.add(office, "Ada", "First aid", expires=today - timedelta(days=1), actor="Olga")
    certificates.add(office, "Bea", "Data protection", expires=today + timedelta(days=200), actor="Olga")
    rows = {r.name: r for r in certificates.certificates(office, today=today)}
    assert {n: r.status for n, r in rows.items()} == {"Forklift licence": "expiring", "First aid": "expired",
                                                      "Data protection": "valid"}
    assert {r.name for r in certificates.warnings(office, today=today)} == {"Forklift licence", "First aid"}
    assert certificates.certificates(office, today=today, warning_days=20)[1].status == "valid"
    create_template(office, "Leaver", [TaskSpec("Collect keys", 0, "office_manager")], "offboarding")
    start(office, "Ada", "Leaver", today + timedelta(days=10), "offboarding")
    assert certificates.warnings(office, today=today) == []
    with pytest.raises(BodeskError, match="cannot expire"):
        certificates.add(office, "Bea", "X", expires=today, obtained=today + timedelta(days=1), actor="Olga")


def test_due_dates_avoid_weekends() -> None:
    monday = date(2026, 4, 6)
    assert due_date(monday, -2) == date(2026, 4, 3)  # Saturday → the Friday before
    assert due_date(monday, 5) == date(2026, 4, 13)  # Saturday → the Monday after
    assert due_date(date(2026, 4, 4), 0) == date(2026, 4, 4)  # the day itself is never moved
