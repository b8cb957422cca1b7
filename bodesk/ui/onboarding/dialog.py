"""The "Start onboarding…" and "Start offboarding…" dialog: who, which checklist, manager and day;
tasks that would already be due are shown before anything is created, with the choice to keep
their dates or date them today."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from bodesk.core import formatting
from bodesk.core.onboarding import OFFBOARDING, ONBOARDING, TemplateSpec, due_date


def next_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class StartDialog(QDialog):
    """Asks for a person, their checklist (of one kind only), manager and day; `values()` gives them back."""

    def __init__(self, templates: list[TemplateSpec], parent: QWidget | None = None, *, kind: str = ONBOARDING,
                 people: list[str] | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.today = today or date.today()
        leaving = kind == OFFBOARDING
        self.setWindowTitle("Start offboarding" if leaving else "Start onboarding")
        self.setMinimumWidth(480)
        self.templates = [t for t in templates if t.kind == kind]  # never the other kind's lists
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Ada Lovelace")
        self.email = QLineEdit()
        self.email.setPlaceholderText("for the calendar invitations (optional)")
        self.checklist = QComboBox()
        for spec in self.templates:
            self.checklist.addItem(spec.role)
        self.manager = QComboBox()
        self.manager.addItem("—")
        self.manager.addItems(people or [])
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.day.setDate(qdate(next_monday(self.today) + (timedelta(days=21) if not leaving else timedelta(days=28))))
        self.summary = QLabel()
        self.summary.setObjectName("secondaryText")
        self.summary.setWordWrap(True)
        self.past_label = QLabel()
        self.past_label.setWordWrap(True)
        self.keep = QRadioButton("Keep their dates (they show as overdue)")
        self.today_button = QRadioButton("Date them today")
        self.today_button.setChecked(True)
        self._choice = QButtonGroup(self)
        self._choice.addButton(self.keep)
        self._choice.addButton(self.today_button)

        form = QFormLayout()
        form.addRow("Name", self.name)
        if not leaving:
            form.addRow("Email", self.email)
        form.addRow("Checklist", self.checklist)
        form.addRow("Manager", self.manager)
        form.addRow("Last day" if leaving else "First day", self.day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.past_label)
        layout.addWidget(self.keep)
        layout.addWidget(self.today_button)
        layout.addWidget(buttons)

        self.name.textChanged.connect(self._update)
        self.checklist.currentIndexChanged.connect(self._update)
        self.day.dateChanged.connect(self._update)
        self._update()

    def template(self) -> TemplateSpec | None:
        index = self.checklist.currentIndex()
        return self.templates[index] if 0 <= index < len(self.templates) else None

    def past_tasks(self) -> list[str]:
        spec = self.template()
        if spec is None:
            return []
        day = pydate(self.day.date())
        return [f"{t.title} ({formatting.default().day(due_date(day, t.offset_days))})" for t in spec.tasks
                if due_date(day, t.offset_days) < self.today]

    def _update(self) -> None:
        spec = self.template()
        self.ok.setEnabled(bool(self.name.text().strip()) and spec is not None)
        if spec is None:
            self.summary.setText("There is no checklist of this kind yet; make one under Templates….")
        else:
            first = min(t.offset_days for t in spec.tasks)
            last = max(t.offset_days for t in spec.tasks)
            span = ([f"from {-first} days before"] if first < 0 else []) + ([f"until {last} days after"] if last > 0 else [])
            self.summary.setText(f"{len(spec.tasks)} tasks, {' '.join(span) or 'on the day'}.")
        past = self.past_tasks()
        for widget in (self.past_label, self.keep, self.today_button):
            widget.setVisible(bool(past))
        if past:
            shown = "; ".join(past[:4]) + (f"; and {len(past) - 4} more" if len(past) > 4 else "")
            self.past_label.setText(f"{len(past)} task(s) would already be due: {shown}.")

    def values(self) -> dict[str, object]:
        spec = self.template()
        assert spec is not None
        manager = self.manager.currentText() if self.manager.currentIndex() > 0 else None
        return {"name": self.name.text().strip(), "role": spec.role, "kind": self.kind, "day": pydate(self.day.date()),
                "email": self.email.text().strip() or None, "manager": manager,
                "past": "keep" if self.keep.isChecked() else "today"}


def ask_new_day(parent: QWidget, name: str, day: date, leaving: bool) -> date | None:
    """Asks for someone's new first (or last) day; None when cancelled."""
    box = QDialog(parent)
    box.setWindowTitle(f"Move {name}'s {'last' if leaving else 'first'} day")
    edit = QDateEdit(qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("ddd d MMM yyyy")
    ok = QPushButton("Move")
    ok.clicked.connect(box.accept)
    layout = QVBoxLayout(box)
    layout.addWidget(QLabel("Every open task moves with the day."))
    layout.addWidget(edit)
    layout.addWidget(ok)
    return pydate(edit.date()) if box.exec() == QDialog.DialogCode.Accepted else None
