"""`bodesk onboarding …` and `bodesk certs …` end to end: templates as JSON, a hire started with
named people, its mails through a real SMTP server (exactly once), invitations, certificates."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from bodesk.cli import main
from tests.smtpd import PASSWORD, USER


def _records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def home(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    home = str(tmp_path / "ws")
    for args in (["Mia", "--role", "approver", "--email", "mia@example.com"],
                 ["Ivan", "--role", "it", "--email", "ivan@example.com"],
                 ["Olga", "--role", "office_manager", "--email", "olga@example.com"]):
        assert main(["--home", home, "users", "add", *args]) == 0
    capsys.readouterr()
    return home


def _mail_setup(home: str, server, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["--home", home, "mail", "setup", "--host", server.host, "--port", str(server.port), "--user", USER,
                 "--from", "office@example.com", "--security", "none"]) == 0


def test_templates_round_trip_and_bad_files_are_a_sentence(home: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "engineer.json"
    assert main(["--home", home, "onboarding", "templates", "export", "Engineer", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["role"] == "Engineer" and data["kind"] == "onboarding"
    data["role"] = "Designer"
    data["tasks"].append({"title": "Portfolio walk-through", "offset_days": 2, "owner": "Mia", "category": "meeting",
                          "blocks_day_one": False, "meeting": {"time": "14:00", "minutes": 45}})
    out.write_text(json.dumps(data))
    assert main(["--home", home, "onboarding", "templates", "import", str(out), "--by", "Olga"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "onboarding", "templates", "--json"]) == 0
    designer = next(t for t in _records(capsys.readouterr().out) if t["role"] == "Designer")
    assert designer["tasks"][-1] == {"title": "Portfolio walk-through", "offset_days": 2, "owner": "Mia",
                                     "category": "meeting", "blocks_day_one": False,
                                     "meeting": {"time": "14:00", "minutes": 45}}

    bad = {
        "unknown keys (colour)": {"role": "X", "kind": "onboarding", "tasks": [{"title": "a", "offset_days": 0, "colour": "red"}]},
        "length of task 1 of X (“a”) is -30 minutes": {"role": "X", "tasks": [{"title": "a", "offset_days": 0, "meeting": {"time": "09:00", "minutes": -30}}]},
        "owner “Zed” of task 2": {"role": "X", "tasks": [{"title": "a", "offset_days": 0}, {"title": "b", "offset_days": 1, "owner": "Zed"}]},
        "template has unknown keys (steps)": {"role": "X", "steps": []},
    }
    for sentence, content in bad.items():
        out.write_text(json.dumps(content))
        assert main(["--home", home, "onboarding", "templates", "import", str(out)]) == 1
        assert sentence in capsys.readouterr().err
    out.write_text("{not json")
    assert main(["--home", home, "onboarding", "templates", "import", str(out)]) == 1
    assert "is not valid JSON" in capsys.readouterr().err
    assert main(["--home", home, "onboarding", "templates", "--json"]) == 0
    assert "X" not in {t["role"] for t in _records(capsys.readouterr().out)}  # nothing half-created


def test_a_hire_mails_the_manager_once_and_the_invitations_parse(  # type: ignore[no-untyped-def]
    home: str, tmp_path: Path, smtp_server, file_keyring, monkeypatch, capsys
) -> None:
    _mail_setup(home, smtp_server, monkeypatch)
    monday = date.today() + timedelta(days=21 + (7 - date.today().weekday()) % 7)
    args = ["--home", home, "onboarding", "start", "Ana Ruiz", "--role", "Engineer", "--date", monday.isoformat(),
            "--email", "ana@example.com", "--manager", "Mia", "--by", "Olga", "--json"]
    assert main(args) == 0
    (hire,) = _records(capsys.readouterr().out)
    assert hire["manager"] == "Mia" and {t["owner"] for t in hire["tasks"]} == {"Mia", "Ivan", "Olga", "Ana Ruiz"}
    assert main(args) == 1
    assert "already has an onboarding checklist" in capsys.readouterr().err

    to_mia = [m for _, rcpts, m in smtp_server.received if rcpts == ["mia@example.com"]]
    assert [m["Subject"] for m in to_mia] == [f"Ana Ruiz starts {monday:%A} {monday.day} {monday:%B %Y}: the checklist is ready"]
    ivan = next(m for _, rcpts, m in smtp_server.received if rcpts == ["ivan@example.com"])
    assert "Order laptop and phone" in ivan.get_body().get_content()
    (invite_mail,) = [m for _, rcpts, m in smtp_server.received if "ana@example.com" in rcpts]
    (ics,) = [p for p in invite_mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")

    # Everything ready for day one: the manager hears it once, however often bodesk looks.
    blockers = [t for t in hire["tasks"] if t["blocks_day_one"]]
    for task in blockers:
        assert main(["--home", home, "onboarding", "done", str(task["id"]), "--by", "Ivan"]) == 0
    for _ in range(2):
        assert main(["--home", home, "onboarding", "list"]) == 0
        assert main(["--home", home, "mail", "send"]) == 0
    ready = [m for _, _, m in smtp_server.received if m["Subject"] == "Ana Ruiz is ready for day one"]
    assert len(ready) == 1 and ready[0]["To"] == "mia@example.com"

    out = tmp_path / "week.ics"
    assert main(["--home", home, "onboarding", "invites", "Ana Ruiz", "--out", str(out)]) == 0
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    starts = {str(e["summary"]): e.decoded("dtstart") for e in events}
    assert starts["Welcome, office tour and introductions"] == datetime(monday.year, monday.month, monday.day, 9, 30)
    assert starts["First week check-in"].date() == monday + timedelta(days=4)
    assert starts["Set up the development environment with a buddy"] == datetime.combine(monday + timedelta(days=1), datetime.min.time()).replace(hour=10)
    assert "30-day review" not in starts  # not in the first week
    for e in events:
        assert sorted(str(a) for a in e.get("attendee")) == ["mailto:ana@example.com", "mailto:mia@example.com"]
        assert e.decoded("dtend") - e.decoded("dtstart") > timedelta(0)
    assert main(["--home", home, "onboarding", "invites", "Ana Ruiz", "--out", str(tmp_path / "no" / "w.ics")]) == 1
    assert "Could not write" in capsys.readouterr().err


def test_tasks_already_due_need_a_choice_and_move_shifts_open_tasks(home: str, capsys) -> None:  # type: ignore[no-untyped-def]
    soon = date.today() + timedelta(days=3)
    args = ["--home", home, "onboarding", "start", "Bo", "--role", "Office staff", "--date", soon.isoformat(), "--json"]
    assert main(args) == 1
    assert "would already be due" in capsys.readouterr().err
    assert main(["--home", home, "onboarding", "list", "--json"]) == 0
    assert _records(capsys.readouterr().out) == []  # nothing was created
    assert main(args + ["--overdue", "today"]) == 0
    (hire,) = _records(capsys.readouterr().out)
    assert min(t["due_date"] for t in hire["tasks"]) == date.today().isoformat()
    later = soon + timedelta(days=14)
    assert main(["--home", home, "onboarding", "move", "Bo", "--date", later.isoformat(), "--by", "Olga"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "onboarding", "list", "--mine", "Ivan", "--json"]) == 0
    (mine,) = _records(capsys.readouterr().out)
    assert mine["start_date"] == later.isoformat() and {t["owner"] for t in mine["tasks"]} == {"Ivan"}
    # Each of Ivan's tasks moves with the day, two weeks on; one that would fall on a weekend other than the day
    # itself moves off it, a day or two either way (whatever day of the week the tests run).
    before = {t["title"]: date.fromisoformat(t["due_date"]) for t in hire["tasks"] if t["owner"] == "Ivan"}
    after = {t["title"]: date.fromisoformat(t["due_date"]) for t in mine["tasks"]}
    assert after.keys() == before.keys()
    assert all(12 <= (after[k] - before[k]).days <= 16 and (after[k].weekday() < 5 or after[k] == later) for k in after)

    assert main(["--home", home, "onboarding", "offboard", "Bo", "--date", (later + timedelta(days=90)).isoformat()]) == 0
    assert "Bo (Office staff, offboarding" in capsys.readouterr().out


def test_certificates_list_with_status(home: str, capsys) -> None:  # type: ignore[no-untyped-def]
    today = date.today()
    for name, days in (("Forklift licence", 30), ("First aid", -1), ("Safety training", 400)):
        assert main(["--home", home, "certs", "add", "Mia", "--name", name, "--expires", (today + timedelta(days=days)).isoformat()]) == 0
    capsys.readouterr()
    assert main(["--home", home, "certs", "list", "--json"]) == 0
    status = {r["name"]: r["status"] for r in _records(capsys.readouterr().out)}
    assert status == {"Forklift licence": "expiring", "First aid": "expired", "Safety training": "valid"}
    with pytest.raises(SystemExit) as usage:
        main(["--home", home, "certs", "add", "Mia", "--name", "X", "--expires", "someday"])
    assert usage.value.code == 2 and "is not a date" in capsys.readouterr().err


def test_the_warning_window_is_a_setting(home: str, capsys) -> None:  # type: ignore[no-untyped-def]
    expires = (date.today() + timedelta(days=60)).isoformat()
    assert main(["--home", home, "certs", "add", "Ivan", "--name", "First aid", "--expires", expires]) == 0
    assert main(["--home", home, "settings", "set", "onboarding.certificate_warning_days", "30", "--by", "Olga"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "certs", "list", "--json"]) == 0
    assert [r["status"] for r in _records(capsys.readouterr().out)] == ["valid"]


def test_an_unattended_remind_run_tells_the_manager_the_first_week_is_over_once(  # type: ignore[no-untyped-def]
    home: str, smtp_server, file_keyring, monkeypatch, capsys
) -> None:
    _mail_setup(home, smtp_server, monkeypatch)
    started = date.today() - timedelta(days=8)
    assert main(["--home", home, "onboarding", "start", "Bo", "--role", "Office staff", "--date", started.isoformat(),
                 "--manager", "Mia", "--overdue", "keep"]) == 0
    for _ in range(2):
        assert main(["--home", home, "remind", "--once"]) == 0
    first_week = [m for _, rcpts, m in smtp_server.received if m["Subject"] == "Bo's first week"]
    assert len(first_week) == 1 and first_week[0]["To"] == "mia@example.com"
