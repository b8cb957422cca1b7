"""The tray: notifications for what is new for the person at the desk, never the same twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bodesk.store.reminders import Attention, attention
from bodesk.store.schema import Hire, OnboardingTask
from bodesk.ui.context import Changes
from bodesk.ui.tray import DeskTray, news


def test_news_says_only_what_grew() -> None:
    before = Attention(2, 1, 0)
    assert news(None, before) == []
    assert news(before, Attention(3, 1, 0)) == ["1 new invoice needs a look in Exceptions."]
    assert news(before, Attention(1, 2, 1)) == ["2 invoices wait for your approval.",
                                                "1 onboarding task of yours due today or overdue."]
    assert news(before, before) == []


def test_counts_for_the_person_at_the_desk(ctx, make_invoice) -> None:
    make_invoice(status="matched", approver=ctx.user)
    make_invoice(status="matched", approver="Somebody else")
    make_invoice(status="needs_review", exceptions=("no_po", "duplicate"))
    with ctx.store.session() as session:
        hire = Hire(name="Ada", role="Staff", kind="onboarding", start_date=date.today(), created_at=datetime.now())
        hire.tasks = [OnboardingTask(title="Keys", due_date=date.today() - timedelta(days=1), owner=ctx.user),
                      OnboardingTask(title="Later", due_date=date.today() + timedelta(days=9), owner=ctx.user)]
        session.add(hire)
    assert attention(ctx.store, ctx.user) == Attention(open_exceptions=1, approvals_for_me=1, tasks_due_for_me=1)


def test_the_tray_notifies_once_when_an_exception_arrives(qtbot, ctx, make_invoice) -> None:
    tray = DeskTray(ctx, ctx_icon())
    seen: list[str] = []
    tray.notified.connect(lambda _title, text: seen.append(text))
    tray.check()
    qtbot.waitUntil(lambda: tray.last is not None)
    make_invoice(status="needs_review", exceptions=("no_po",))
    ctx.changed.emit(Changes.of("exceptions"))
    qtbot.waitUntil(lambda: seen == ["1 new invoice needs a look in Exceptions."])
    ctx.changed.emit(Changes.of("exceptions"))  # nothing new: no second notification
    qtbot.wait(300)
    assert seen == ["1 new invoice needs a look in Exceptions."]


def ctx_icon():  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QIcon

    return QIcon()
