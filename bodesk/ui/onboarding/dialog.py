"""The "Start onboarding…" dialog: who, which checklist, and the first (or last) day."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from bodesk.store.onboarding import OFFBOARDING, TemplateSpec


def next_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


class StartDialog(QDialog):
    """Asks for a person's name, their checklist and the day; `values()` gives them back."""

    def __init__(self, templates: list[TemplateSpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Start onboarding")
        self.setMinimumWidth(440)
        self.templates = templates
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Ada Lovelace")
        self.checklist = QComboBox()
        for spec in templates:
            suffix = " — leaving" if spec.kind == OFFBOARDING else ""
            self.checklist.addItem(f"{spec.role}{suffix}")
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        monday = next_monday()
        self.day.setDate(QDate(monday.year, monday.month, monday.day))
        self.summary = QLabel()
        self.summary.setObjectName("secondaryText")
        self.summary.setWordWrap(True)

        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Checklist", self.checklist)
        self.day_label = QLabel("First day")
        form.addRow(self.day_label, self.day)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

        self.name.textChanged.connect(self._update)
        self.checklist.currentIndexChanged.connect(self._update)
        self._update()

    def template(self) -> TemplateSpec | None:
        index = self.checklist.currentIndex()
        return self.templates[index] if 0 <= index < len(self.templates) else None

    def _update(self) -> None:
        spec = self.template()
        self.ok.setEnabled(bool(self.name.text().strip()) and spec is not None)
        if spec is None:
            self.summary.setText("There is no checklist yet.")
            return
        leaving = spec.kind == OFFBOARDING
        self.setWindowTitle("Start offboarding" if leaving else "Start onboarding")
        self.day_label.setText("Last day" if leaving else "First day")
        first = min(t.offset_days for t in spec.tasks) if spec.tasks else 0
        last = max(t.offset_days for t in spec.tasks) if spec.tasks else 0
        span = []
        if first < 0:
            span.append(f"from {-first} days before")
        if last > 0:
            span.append(f"until {last} days after")
        self.summary.setText(f"{len(spec.tasks)} tasks, {' '.join(span) or 'on the day'}.")

    def values(self) -> tuple[str, TemplateSpec, date]:
        spec = self.template()
        assert spec is not None
        day = self.day.date()
        return self.name.text().strip(), spec, date(day.year(), day.month(), day.day())
