"""bodesk in the system tray: a notification when new exceptions arrive, when approvals wait for
the person at the desk, and when their onboarding tasks fall due; and, if the office wants it,
the window closes to the tray while watched folders and mailboxes keep being read.

The counts are gathered on the job runner every few minutes and after every change; a
notification says what is new since the last one, never the same thing twice.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QSystemTrayIcon, QWidget

from bodesk.jobs.runner import Job
from bodesk.store import Store
from bodesk.store.reminders import Attention, attention
from bodesk.ui.context import AppContext, Changes

CHECK_EVERY_MS = 5 * 60 * 1000
CLOSE_TO_TRAY = "tray/close_to_tray"  # "yes" | "no"; unset: ask on the first close


def _gather(job: Job, store: Store, person: str) -> Attention:
    return attention(store, person)


def news(before: Attention | None, now: Attention) -> list[str]:
    """Sentences for what grew since `before` (nothing on the first look: that is not news)."""
    if before is None:
        return []
    said = []
    if now.open_exceptions > before.open_exceptions:
        n = now.open_exceptions - before.open_exceptions
        said.append(f"{n} new invoice{'s' if n != 1 else ''} need{'s' if n == 1 else ''} a look in Exceptions.")
    if now.approvals_for_me > before.approvals_for_me:
        said.append(f"{now.approvals_for_me} invoice{'s' if now.approvals_for_me != 1 else ''} "
                    f"wait{'s' if now.approvals_for_me == 1 else ''} for your approval.")
    if now.tasks_due_for_me > before.tasks_due_for_me:
        said.append(f"{now.tasks_due_for_me} onboarding task{'s' if now.tasks_due_for_me != 1 else ''} "
                    "of yours due today or overdue.")
    return said


class DeskTray(QObject):
    """The tray icon, its menu and its notifications."""

    notified = Signal(str, str)  # title, text (also shown by the tray when there is one)
    open_requested = Signal()
    quit_requested = Signal()

    def __init__(self, ctx: AppContext, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.last: Attention | None = None
        self.available = QSystemTrayIcon.isSystemTrayAvailable()
        self.icon = QSystemTrayIcon(icon, self)
        self.icon.setToolTip("bodesk")
        menu = QMenu(parent)
        open_action = QAction("Open bodesk", menu)
        open_action.triggered.connect(self.open_requested)
        quit_action = QAction("Quit bodesk", menu)
        quit_action.triggered.connect(self.quit_requested)
        menu.addActions([open_action, quit_action])
        self.icon.setContextMenu(menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self.open_requested)
        if self.available:
            self.icon.show()
        self.timer = QTimer(self, interval=CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        self._soon = QTimer(self, singleShot=True, interval=2000)  # many changes in a burst: one look
        self._soon.timeout.connect(self.check)
        ctx.changed.connect(self._changed)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()

    def _changed(self, changes: Changes) -> None:
        if changes.concerns("invoices", "exceptions", "onboarding"):
            self._soon.start()

    def check(self) -> None:
        self.ctx.runner.run("Attention", _gather, self.ctx.store, self.ctx.user, on_done=self._counted)

    def _counted(self, now: Attention) -> None:
        said = news(self.last, now)
        self.last = now
        waiting = now.approvals_for_me + now.tasks_due_for_me
        self.icon.setToolTip(f"bodesk — {now.open_exceptions} exception(s), {waiting} waiting for you")
        if said:
            text = " ".join(said)
            self.notified.emit("bodesk", text)
            if self.available:
                self.icon.showMessage("bodesk", text, QSystemTrayIcon.MessageIcon.Information, 10_000)


def close_to_tray(window: QWidget, state: QSettings, tray: DeskTray | None) -> bool:
    """Whether closing the window should leave bodesk in the tray; asks once, remembers the answer."""
    if tray is None or not tray.available:
        return False
    answer = state.value(CLOSE_TO_TRAY)
    if answer is None:
        box = QMessageBox(QMessageBox.Icon.Question, "Keep bodesk running?",
                          "bodesk can stay in the tray when its window is closed, to keep reading watched "
                          "folders and mailboxes and to tell you when something needs you.", parent=window)
        keep = box.addButton("Keep running in the tray", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        answer = "yes" if box.clickedButton() is keep else "no"
        state.setValue(CLOSE_TO_TRAY, answer)
    if answer == "yes":
        QApplication.setQuitOnLastWindowClosed(False)
        return True
    return False
