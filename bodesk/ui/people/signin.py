"""Who is at the desk: the signed-in person shown in the status bar, and switching person.

Switching asks the person's password when they have one; once the office has more than one person
who approves, a person without a password cannot be switched to until one is set (Settings ›
People). The password is checked on the job runner (argon2 is slow on purpose). Every action of the
window is recorded under the signed-in person (`AppContext.user`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from bodesk.errors import BodeskError
from bodesk.store import people as repo
from bodesk.ui.context import AppContext
from bodesk.ui.widgets import form_dialog


class SignInDialog(QDialog):
    """Choose who is at the desk; their password when they have one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Who is at the desk?")
        self.person = QComboBox()
        for p in repo.people(ctx.store):
            self.person.addItem(f"{p.name} ({p.role_text})", p.name)
        if ctx.signed_in:
            self.person.setCurrentIndex(max(0, self.person.findData(ctx.signed_in)))
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("this person's password")
        self.password_label = QLabel("Password")
        form = QFormLayout()
        form.addRow("Person", self.person)
        form.addRow(self.password_label, self.password)
        self.error, self.buttons = form_dialog(
            self, form, on_save=self.sign_in,
            buttons=QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Sign in")
        self.person.currentIndexChanged.connect(self._person_chosen)
        self._person_chosen()

    def _person_chosen(self) -> None:
        self.error.hide()
        self.password.clear()
        name = self.person.currentData()
        needs = bool(name) and repo.password_required(self.ctx.store, name)
        self.password_label.setVisible(needs)
        self.password.setVisible(needs)

    def _fail(self, message: str, _trace: str = "") -> None:
        self.buttons.setEnabled(True)
        self.error.say(message)

    def sign_in(self) -> None:
        name = self.person.currentData()
        if not name:
            return
        self.buttons.setEnabled(False)
        store, password = self.ctx.store, self.password.text()
        self.ctx.runner.run("Sign in", lambda _job: check_sign_in(store, name, password),
                            on_done=self._signed_in, on_error=self._fail)

    def _signed_in(self, name: str) -> None:
        self.ctx.sign_in(name)
        self.accept()


def check_sign_in(store, name: str, password: str) -> str:  # type: ignore[no-untyped-def]
    """Runs on a worker thread: the person's name when they may sign in, else a BodeskError sentence."""
    person = repo.resolve(store, name)
    if not person.has_password:
        if repo.password_required(store, name):
            raise BodeskError(f"{person.name} has no password yet, and the office has more than one person who "
                              "approves; set one in Settings › People first.")
        return person.name
    if not repo.check_password(store, name, password):
        raise BodeskError(f"That is not {person.name}'s password.")
    return person.name


class SignedInButton(QToolButton):
    """The status bar's "Signed in: Ana" button; clicking it switches person."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAutoRaise(True)
        self.setToolTip("Everything you do is recorded under this name. Click to switch person.")
        self.clicked.connect(self.switch)
        ctx.changed.connect(lambda changes: self.update_text() if changes.concerns("people") else None)
        self.update_text()

    def update_text(self) -> None:
        self.setText(f"Signed in: {self.ctx.signed_in}" if self.ctx.signed_in else "Not signed in — click to sign in")

    def switch(self) -> bool:
        return bool(SignInDialog(self.ctx, self.window()).exec())
