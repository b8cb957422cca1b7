"""Settings › People and who is at the desk, driven as a person would."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialogButtonBox

from bodesk.core.people import Role
from bodesk.store import people
from bodesk.ui.context import AppContext
from bodesk.ui.people import PeopleDialog, PersonEditor
from bodesk.ui.people.signin import SignedInButton, SignInDialog


def _press(dialog, which) -> None:  # type: ignore[no-untyped-def]
    dialog.buttons.button(which).click()


def test_the_desk_opens_signed_in_as_its_person_unless_they_have_a_password(ctx: AppContext) -> None:
    assert ctx.signed_in == "Maria" and ctx.user == "Maria"  # the desk's person (its login in real use)
    people.set_password(ctx.store, "Maria", "maria's pass", actor="Maria")
    assert ctx._initial_person() is None  # then nobody until she signs in with it
    people.remove(ctx.store, "Maria", actor="Founder")
    assert ctx._initial_person() is None


def test_a_wrong_password_is_refused_and_the_right_one_signs_in(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    people.add(ctx.store, "Ana", [Role.APPROVER], limit=Decimal("1000"), actor="Founder")
    people.set_password(ctx.store, "Ana", "correct horse", actor="Founder")
    button = SignedInButton(ctx)
    qtbot.addWidget(button)
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.person.setCurrentIndex(dialog.person.findData("Ana"))
    assert dialog.password.isVisibleTo(dialog)
    dialog.password.setText("Correct horse")
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog))
    assert dialog.error.text() == "That is not Ana's password." and ctx.signed_in == "Maria"
    dialog.password.setText("correct horse")
    with qtbot.waitSignal(dialog.accepted):
        dialog.sign_in()
    assert ctx.signed_in == "Ana" and ctx.user == "Ana" and button.text() == "Signed in: Ana"


def test_switching_to_an_approver_without_a_password_is_refused_once_two_approve(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    people.add(ctx.store, "Ben", [Role.APPROVER], actor="Founder")
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.person.setCurrentIndex(dialog.person.findData("Ben"))
    dialog.sign_in()
    qtbot.waitUntil(lambda: dialog.error.isVisibleTo(dialog))
    assert "Ben has no password yet" in dialog.error.text() and ctx.signed_in == "Maria"


def test_people_page_adds_a_person_and_shows_a_refusal_as_a_sentence(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    ctx.sign_in("Founder")
    page = PeopleDialog(ctx)
    qtbot.addWidget(page)
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == ["Founder  (signed in)", "Maria"]
    editor = PersonEditor(ctx, None, page.everyone, page)
    qtbot.addWidget(editor)
    editor.name.setText("Ana Ruiz")
    editor.roles[Role.APPROVER].setChecked(True)
    editor.limit.setText("1,000.00 x")
    editor.save()
    assert editor.error.isVisibleTo(editor) and "1,000.00 x" in editor.error.text()
    editor.limit.setText("1,000.00")
    editor.manager.setCurrentIndex(editor.manager.findData("Founder"))
    editor.save()
    assert editor.result() == editor.DialogCode.Accepted
    page.refresh()
    assert page.table.rowCount() == 3 and page.table.item(2, 2).text() == "€1,000.00"
    ana = people.resolve(ctx.store, "ana ruiz")
    assert (ana.limit, ana.manager, ana.roles) == (Decimal("1000.00"), "Founder", (Role.APPROVER,))
    again = PersonEditor(ctx, None, page.everyone, page)
    qtbot.addWidget(again)
    again.name.setText("ANA RUIZ\u200b")
    again.roles[Role.STAFF].setChecked(True)
    again.save()
    assert again.error.text() == "Ana Ruiz is already one of the office's people."


def test_a_desk_whose_person_has_a_password_opens_and_asks_who_is_there(qtbot, workspace) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from bodesk.ui.app import open_context
    from bodesk.ui.mainwindow import MainWindow

    from .conftest import close_down

    context = open_context(workspace)
    context.signed_in = None  # as `_initial_person` leaves it when the desk's person has a password
    asked: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        asked.append(type(dialog).__name__)
        dialog.reject()

    QTimer.singleShot(200, answer)
    win = MainWindow(context)
    win.show()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked == ["SignInDialog"] and context.user == ""
    close_down(qtbot, win, context)
