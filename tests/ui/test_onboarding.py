"""The Onboarding tab and the template editor driven as a person would: edit a template, start a
hire from it, move the day, tick tasks as the signed-in person, see overdue ones flagged; mails
to a real SMTP server; certificates about to expire in red."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from bodesk.core.onboarding import TaskSpec
from bodesk.core.people import Role
from bodesk.store import audit, onboarding as repo, people
from bodesk.ui.onboarding import OnboardingView, StartDialog
from bodesk.ui.onboarding.editor import CATEGORY, DAYS, OWNER, TITLE, TemplateEditor
from tests.smtpd import use_server

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

RED = "#b3261e"


@pytest.fixture(autouse=True)
def _no_silent_message_boxes(monkeypatch):  # type: ignore[no-untyped-def]
    """A message box would wait forever for a click offscreen; here it fails the test with its text."""
    from PySide6.QtWidgets import QMessageBox

    def fail(_parent, title, text):  # type: ignore[no-untyped-def]
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)


@pytest.fixture
def office(ctx):  # type: ignore[no-untyped-def]
    people.add(ctx.store, "Mia", [Role.APPROVER], email="mia@example.com", actor="root")
    people.add(ctx.store, "Ivan", [Role.IT], email="ivan@example.com", actor="root")
    # Maria (the desk's person, from the ctx fixture) gets the email the onboarding mails go to.
    people.change(ctx.store, "Maria", email="maria@example.com", actor="Founder")
    return ctx


def _view(qtbot, ctx) -> OnboardingView:  # type: ignore[no-untyped-def]
    view = OnboardingView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    qtbot.waitExposed(view)
    return view


def _items(view: OnboardingView) -> dict[str, object]:
    out = {}
    for g in range(view.tasks.topLevelItemCount()):
        group = view.tasks.topLevelItem(g)
        for c in range(group.childCount()):
            item = group.child(c)
            out[item.text(0).split("  ")[0]] = item
    return out


def test_edit_a_template_start_a_hire_move_the_day_and_tick_tasks(qtbot, office, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, office)
    editor = view.open_editor()
    qtbot.addWidget(editor)
    editor.select("Office staff", "onboarding")
    before = editor.table.rowCount()
    row = editor.add_task()
    for column, text in ((TITLE, "Parking permit"), (DAYS, "-1"), (OWNER, "Maria"), (CATEGORY, "paperwork")):
        editor.table.item(row, column).setText(text)
    editor.table.selectRow(row)
    editor.move_task(-1)
    assert editor.table.item(row - 1, TITLE).text() == "Parking permit"
    editor.table.selectRow(0)
    editor.remove_task()
    assert editor.save_button.isEnabled() and editor.save()
    spec = repo.template(office.store, "Office staff")
    assert len(spec.tasks) == before and spec.tasks[row - 2].title == "Parking permit"
    assert "Send the offer letter and contract for signature" not in [t.title for t in spec.tasks]

    soon = date.today() + timedelta(days=3)
    dialog = StartDialog(repo.templates(office.store), kind="onboarding", people=["Mia", "Ivan", "Maria"])
    qtbot.addWidget(dialog)
    dialog.name.setText("Ana Ruiz")
    dialog.email.setText("ana@example.com")
    dialog.checklist.setCurrentText("Office staff")
    dialog.manager.setCurrentText("Mia")
    dialog.day.setDate(dialog.day.date().addDays((soon - dialog.values()["day"]).days))  # type: ignore[operator]
    assert dialog.past_label.isVisibleTo(dialog) and "would already be due" in dialog.past_label.text()
    dialog.keep.setChecked(True)
    hire = view.start_checklist(**dialog.values())  # type: ignore[arg-type]
    assert hire is not None and view.person.text() == "Ana Ruiz" and "manager Mia" in view.person_info.text()
    assert "overdue" in view.people.item(0).text()
    late = [i for i in _items(view).values() if "late" in i.text(1)]
    assert late and all(i.foreground(1).color().name() == RED for i in late)
    assert {i.text(2) for i in _items(view).values()} >= {"Mia", "Ivan", "Maria", "Ana Ruiz"}

    later = soon + timedelta(days=28)
    view.move_date(later)
    assert not [i for i in _items(view).values() if "late" in i.text(1)] and "overdue" not in view.people.item(0).text()
    moved = repo.find(office.store, "Ana Ruiz")
    assert moved.start_date == later and min(t.due_date for t in moved.tasks) > date.today()

    repo.create_template(office.store, "Intern", [TaskSpec("Welcome", 0, "manager")])
    other = view.start_checklist("Bo", "Intern", later, manager="Mia")  # no task of Maria's
    assert other is not None and view.people.count() == 2
    view.mine.setChecked(True)
    assert view.people.count() == 1 and view.person.text() == "Ana Ruiz"
    mine = _items(view)
    assert set(mine) and {i.text(2) for i in mine.values()} == {"Maria"} and "Parking permit" in mine
    permit = mine["Parking permit"]
    view.tasks.setCurrentItem(permit)
    permit.setCheckState(0, Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: _items(view)["Parking permit"].text(3).startswith("Maria"))
    task = next(t for t in repo.find(office.store, "Ana Ruiz").tasks if t.title == "Parking permit")
    assert task.done_by == "Maria"

    view.tasks.setCurrentItem(_items(view)["Parking permit"])
    view.note.setPlainText("Permit in the top drawer")
    view.save_note()
    scan = tmp_path / "permit.pdf"
    scan.write_bytes(b"%PDF-1.4 permit")
    view.tasks.setCurrentItem(_items(view)["Parking permit"])
    view.attach_document(str(scan))
    qtbot.waitUntil(lambda: "📎1" in _items(view)["Parking permit"].text(0))
    view.tasks.setCurrentItem(_items(view)["Parking permit"])
    assert view.note.toPlainText() == "Permit in the top drawer" and "permit.pdf" in view.task_info.text()
    with office.store.session() as session:
        assert [e.action for e in audit.history(session, "onboarding_task", task.id)] == ["done", "note", "attached"]
        assert [e.action for e in audit.history(session, "hire", hire.id)] == ["started", "moved"]


def test_each_start_button_offers_only_its_own_kind(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, office)
    seen = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, StartDialog)
        seen.append((dialog.windowTitle(), {t.kind for t in dialog.templates}))
        dialog.reject()

    for button in (view.start_button, view.offboard_button):
        QTimer.singleShot(50, look)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == [("Start onboarding", {"onboarding"}), ("Start offboarding", {"offboarding"})]


def test_the_manager_is_told_once_when_day_one_is_ready(qtbot, office, smtp_server, file_keyring) -> None:  # type: ignore[no-untyped-def]
    use_server(office.store, smtp_server)
    view = _view(qtbot, office)
    monday = date.today() + timedelta(days=28 + (7 - date.today().weekday()) % 7)
    hire = view.start_checklist("Ana Ruiz", "Engineer", monday, email="ana@example.com", manager="Mia")
    assert hire is not None
    qtbot.waitUntil(lambda: any(m["Subject"].endswith("the checklist is ready") for _, _, m in smtp_server.received))
    for task in [t for t in hire.tasks if t.blocks_day_one]:
        view.set_task_done(task.id, True)
    qtbot.waitUntil(lambda: any(m["Subject"] == "Ana Ruiz is ready for day one" for _, _, m in smtp_server.received))
    for _ in range(3):
        view.refresh()
    qtbot.waitUntil(lambda: not office.runner.active)
    to_mia = [m["Subject"] for _, rcpts, m in smtp_server.received if rcpts == ["mia@example.com"]]
    assert to_mia.count("Ana Ruiz is ready for day one") == 1
    assert sum(s.endswith("the checklist is ready") for s in to_mia) == 1


def test_a_certificate_30_days_from_expiry_shows_as_expiring_in_red(qtbot, office) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, office)
    view.pages.setCurrentIndex(1)
    view.certificates.add("Ivan", "Forklift licence", date.today() + timedelta(days=30))
    view.certificates.add("Mia", "First aid", date.today() + timedelta(days=200))
    table = view.certificates.table
    rows = {table.item(r, 1).text(): r for r in range(table.rowCount())}
    forklift, aid = rows["Forklift licence"], rows["First aid"]
    assert table.item(forklift, 4).text() == "Expiring in 30 days"
    assert table.item(forklift, 4).foreground().color().name() == RED
    assert table.item(aid, 4).text() == "Valid" and table.item(aid, 4).foreground().color().name() != RED
    assert "1 need attention" in view.certificates.summary.text()


def test_the_editor_refuses_a_bad_meeting_and_keeps_the_template(qtbot, office, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bodesk.ui.onboarding import editor as editor_module

    warnings = []
    monkeypatch.setattr(editor_module.QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    editor = TemplateEditor(office)
    qtbot.addWidget(editor)
    editor.select("Engineer", "onboarding")
    before = repo.template(office.store, "Engineer")
    row = editor.add_task()
    editor.table.item(row, 5).setText("09:00")
    editor.table.item(row, 6).setText("-30")
    assert not editor.save()
    assert "-30 minutes" in warnings[-1] and repo.template(office.store, "Engineer") == before
    editor.table.item(row, 6).setText("30")
    editor.table.item(row, OWNER).setText("Nobody")
    assert not editor.save() and "“Nobody”" in warnings[-1]
    editor.copy_current("Warehouse")
    assert ("Warehouse", "onboarding") in [(t.role, t.kind) for t in repo.templates(office.store)]
