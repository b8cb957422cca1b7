"""Settings › People: the office's people with their roles, approval limit, manager and stand-in.

`PeopleDialog` lists them and adds, changes, removes, marks away and sets passwords; `PersonEditor`
is the form for one person. Every change goes through `bodesk.store.people` (the same checks as
`bodesk users ...`) and is recorded under the signed-in person; a refusal is shown as its sentence
under the form, and nothing is saved. Password hashing (argon2, deliberately slow) runs on the job
runner, never on the GUI thread.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core import formatting
from bodesk.core.people import ROLE_LABELS, Person, Role, parse_limit
from bodesk.errors import BodeskError
from bodesk.store import people as repo
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.widgets import form_dialog, record_table

COLUMNS = ("Name", "Roles", "Approval limit", "Manager", "Email", "Away", "Password")


class PersonEditor(QDialog):
    """The form for one person (new when `person` is None)."""

    def __init__(self, ctx: AppContext, person: Person | None, everyone: list[Person], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person = ctx, person
        self.setWindowTitle("Add a person" if person is None else f"{person.name}")
        self.name = QLineEdit(person.name if person else "")
        self.name.setReadOnly(person is not None)  # a name is an identity: it names past actions
        self.email = QLineEdit(person.email or "" if person else "")
        self.limit = QLineEdit("" if person is None or person.limit is None else formatting.default().amount(person.limit))
        self.limit.setPlaceholderText("no limit of their own")
        self.manager = QComboBox()
        self.manager.addItem("(none)", "")
        for other in everyone:
            if person is None or other.id != person.id:
                self.manager.addItem(other.name, other.name)
        if person and person.manager:
            self.manager.setCurrentIndex(max(0, self.manager.findData(person.manager)))
        self.roles: dict[Role, QCheckBox] = {}
        grid = QGridLayout()
        for i, role in enumerate(Role):
            box = QCheckBox(ROLE_LABELS[role])
            box.setChecked(bool(person and person.has(role)))
            self.roles[role] = box
            grid.addWidget(box, i // 3, i % 3)
        roles = QWidget()
        roles.setLayout(grid)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Roles", roles)
        form.addRow(f"Approval limit ({ctx.currency})", self.limit)
        form.addRow("Manager", self.manager)
        form.addRow("Email", self.email)
        self.error, _buttons = form_dialog(self, form, on_save=self.save)

    def save(self) -> None:
        try:
            text = self.limit.text().strip()
            limit = parse_limit(formatting.default().parse_amount(text) if text else None, self.ctx.currency)
            roles = [r for r, box in self.roles.items() if box.isChecked()]
            manager = self.manager.currentData() or ""
            if self.person is None:
                repo.add(self.ctx.store, self.name.text(), roles, limit=limit, email=self.email.text(),
                         manager=manager or None, actor=self.ctx.user)
            else:
                repo.change(self.ctx.store, self.person.name, actor=self.ctx.user, roles=roles, limit=limit,
                            email=self.email.text(), manager=manager)
        except (BodeskError, ValueError) as exc:
            self.error.say(str(exc))
            return
        self.accept()


class AwayDialog(QDialog):
    """Away until a day, with a stand-in (or back)."""

    def __init__(self, ctx: AppContext, person: Person, everyone: list[Person], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person = ctx, person
        self.setWindowTitle(f"{person.name} away")
        self.until = QDateEdit(calendarPopup=True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        day = person.away_until or date.today() + timedelta(days=7)
        self.until.setDate(QDate(day.year, day.month, day.day))
        self.delegate = QComboBox()
        for other in everyone:
            if other.id != person.id and other.approves:
                self.delegate.addItem(other.name, other.name)
        if person.delegate:
            self.delegate.setCurrentIndex(max(0, self.delegate.findData(person.delegate)))
        form = QFormLayout()
        form.addRow("Away until (last day)", self.until)
        form.addRow("Stand-in", self.delegate)
        self.error, buttons = form_dialog(self, form, on_save=self._save)
        back = buttons.addButton("Back now", QDialogButtonBox.ButtonRole.ResetRole)
        back.clicked.connect(lambda: self._save(back=True))

    def _save(self, back: bool = False) -> None:
        try:
            until = None if back else self.until.date().toPython()
            repo.set_away(self.ctx.store, self.person.name, until, self.delegate.currentData(), actor=self.ctx.user)
        except BodeskError as exc:
            self.error.say(str(exc))
            return
        self.accept()


class PasswordDialog(QDialog):
    """Set a person's sign-in password (typed twice); hashed on the job runner."""

    def __init__(self, ctx: AppContext, person: Person, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person = ctx, person
        self.setWindowTitle(f"Password for {person.name}")
        self.first = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        self.second = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("New password", self.first)
        form.addRow("Again", self.second)
        intro = QLabel("Asked when someone switches to this person in the window.\n"
                       "The command line never asks it: it is for the office's own scripts.")
        self.error, self.buttons = form_dialog(self, intro, form, on_save=self._save)

    def _fail(self, message: str, _trace: str = "") -> None:
        self.buttons.setEnabled(True)
        self.error.say(message)

    def _save(self) -> None:
        if self.first.text() != self.second.text():
            self._fail("The two passwords differ; type the same one twice.")
            return
        self.buttons.setEnabled(False)
        password, name, actor, store = self.first.text(), self.person.name, self.ctx.user, self.ctx.store
        self.ctx.runner.run("Set password", lambda _job: repo.set_password(store, name, password, actor=actor),
                            on_done=lambda _r: self.accept(), on_error=self._fail)


class PeopleDialog(QDialog):
    """Settings › People."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("People")
        self.resize(960, 440)
        self.table = record_table(COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        intro = QLabel(f"Who may act in bodesk. Approval limits are in {ctx.currency}; above a person's limit an "
                       "invoice goes to their manager, above the founder's limit to the founder.")
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Change…")
        self.away_button = QPushButton("Away…")
        self.password_button = QPushButton("Password…")
        self.remove_button = QPushButton("Remove")
        for button, slot in ((self.add_button, self.add), (self.edit_button, self.edit), (self.away_button, self.away),
                             (self.password_button, self.password), (self.remove_button, self.remove)):
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.everyone: list[Person] = []
        self.refresh()

    def refresh(self) -> None:
        fmt = formatting.default()
        self.everyone = repo.people(self.ctx.store)
        self.table.setRowCount(len(self.everyone))
        for row, p in enumerate(self.everyone):
            away = f"until {fmt.date(p.away_until)} ({p.delegate} stands in)" if p.away_until and p.away_until >= date.today() else ""
            limit = "no limit" if p.has(Role.FOUNDER) else (fmt.money(p.limit, self.ctx.currency) if p.limit is not None else "")
            cells = (p.name + ("  (signed in)" if p.name == self.ctx.user else ""), p.role_text, limit,
                     p.manager or "", p.email or "", away, "set" if p.has_password else "")
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if self.everyone and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def selected(self) -> Person | None:
        row = self.table.currentRow()
        return self.everyone[row] if 0 <= row < len(self.everyone) else None

    def _changed(self) -> None:
        self.ctx.changed.emit(Changes.of("people", "invoices"))
        self.refresh()

    def add(self) -> None:
        if PersonEditor(self.ctx, None, self.everyone, self).exec():
            self._changed()

    def edit(self) -> None:
        person = self.selected()
        if person is not None and PersonEditor(self.ctx, person, self.everyone, self).exec():
            self._changed()

    def away(self) -> None:
        person = self.selected()
        if person is not None and AwayDialog(self.ctx, person, self.everyone, self).exec():
            self._changed()

    def password(self) -> None:
        person = self.selected()
        if person is not None and PasswordDialog(self.ctx, person, self).exec():
            self._changed()

    def remove(self) -> None:
        person = self.selected()
        if person is None:
            return
        answer = QMessageBox.question(self, "Remove", f"Remove {person.name}? Their past actions stay in the audit trail.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            repo.remove(self.ctx.store, person.name, actor=self.ctx.user)
        except BodeskError as exc:
            QMessageBox.warning(self, "Not removed", str(exc))
            return
        self._changed()
