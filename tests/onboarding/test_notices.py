"""The mails a checklist queues by itself: each milestone once, however often bodesk looks."""

from __future__ import annotations

from datetime import date, timedelta

from bodesk.core.onboarding import TaskSpec
from bodesk.core.people import Role
from bodesk.mail import deliver
from bodesk.mail.notices import milestones, on_start
from bodesk.store import onboarding, outbox, people
from tests.smtpd import use_server


def test_the_first_week_notice_goes_once_after_the_fifth_day(store, smtp_server, file_keyring) -> None:  # type: ignore[no-untyped-def]
    use_server(store, smtp_server)
    people.add(store, "Mia", [Role.APPROVER], email="mia@example.com", actor="root")
    onboarding.create_template(store, "Designer", [TaskSpec("Welcome", 0, "manager"), TaskSpec("Review", 10, "manager")])
    monday = date(2026, 4, 6)
    hire = onboarding.start(store, "Ada", "Designer", monday, manager="Mia")
    assert on_start(store, hire) == []
    assert milestones(store, monday + timedelta(days=3)) == 0  # Thursday: the week is not over
    assert milestones(store, monday + timedelta(days=4)) == 1
    assert milestones(store, monday + timedelta(days=4)) == 0
    assert milestones(store, monday + timedelta(days=9)) == 0
    deliver(store)
    deliver(store)
    subjects = [m["Subject"] for _, rcpts, m in smtp_server.received if rcpts == ["mia@example.com"]]
    assert subjects.count("Ada's first week") == 1
    (week,) = [m for _, _, m in smtp_server.received if m["Subject"] == "Ada's first week"]
    body = week.get_body().get_content()
    assert "0 of 2 tasks done" in body and "Welcome" in body and "Review" not in body  # only what was due


def test_someone_without_a_mail_address_is_said_not_skipped_silently(store) -> None:  # type: ignore[no-untyped-def]
    people.add(store, "Mia", [Role.APPROVER], actor="root")
    people.add(store, "Ivan", [Role.IT], actor="root")
    onboarding.create_template(store, "Designer", [TaskSpec("Laptop", -7, "it", "equipment")])
    hire = onboarding.start(store, "Ada", "Designer", date(2026, 4, 6), manager="Mia")
    problems = on_start(store, hire)
    assert any("Mia has no mail address" in p for p in problems)
    assert any("Ivan has no mail address" in p for p in problems)
    assert outbox.messages(store) == []
