"""Onboarding on a shared PostgreSQL database: templates, a checklist, a training's certificate, the outbox."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from bodesk.core.onboarding import Meeting, TaskSpec
from bodesk.core.people import Role
from bodesk.mail import queue_mail
from bodesk.paths import Workspace
from bodesk.store import certificates, onboarding, open_store, outbox, people


def test_a_checklist_runs_the_same_on_postgresql(tmp_path: Path, pg_url: str) -> None:
    store = open_store(Workspace.at(tmp_path / "desk", pg_url))
    try:
        people.add(store, "Mia", [Role.APPROVER], email="mia@example.com", actor="bodesk-test")
        assert onboarding.ensure_default_templates(store) == 4
        onboarding.create_template(store, "Designer", [
            TaskSpec("Laptop", -7, "it", "equipment", blocks_day_one=True),
            TaskSpec("Welcome", 0, "manager", "meeting", meeting=Meeting("09:30", 60)),
            TaskSpec("First aid course", 2, "hire", "training", certificate="First aid", valid_months=24),
        ])
        hire = onboarding.start(store, "Ada", "Designer", date(2026, 4, 6), manager="Mia")
        moved = onboarding.move(store, "Ada", date(2026, 4, 13), actor="Mia")
        assert [t.due_date for t in moved.tasks] == [date(2026, 4, 6), date(2026, 4, 13), date(2026, 4, 15)]
        onboarding.set_done(store, hire.tasks[2].id, True, actor="Mia", when=datetime(2026, 4, 15, 12))
        (cert,) = certificates.certificates(store, today=date(2026, 4, 16))
        assert (cert.person, cert.expires, cert.status) == ("Ada", date(2028, 4, 15), "valid")
        row, new = queue_mail(store, key="k", to=["mia@example.com"], subject="Hello", body="x")
        assert new and not queue_mail(store, key="k", to=["mia@example.com"], subject="Hello", body="x")[1]
        assert outbox.claim(store, row.id) and not outbox.claim(store, row.id)
        assert outbox.claim(store, row.id, datetime.now() + outbox.STALE_CLAIM + timedelta(minutes=1))
    finally:
        store.close()
