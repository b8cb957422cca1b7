"""The extracted fields of one invoice, editable, with confidence marks and the history of changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.checks import FIELD_LABELS, REQUIRED_FIELDS
from bodesk.core.records import HEADER_FIELDS, format_field
from bodesk.store.schema import AuditEntry, Invoice, InvoiceStatus


class FieldsPanel(QWidget):
    """Header fields as line edits; `save_requested` carries {field: text} of what the user changed."""

    save_requested = Signal(dict)
    evidence_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.invoice: Invoice | None = None
        self.threshold = 0.6
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        self.heading.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.problems)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.edits: dict[str, QLineEdit] = {}
        self.marks: dict[str, QPushButton] = {}
        for name in HEADER_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field_{name}")
            edit.textEdited.connect(self._update_buttons)
            mark = QPushButton()
            mark.setObjectName("confidence")
            mark.setFlat(True)
            mark.setFixedWidth(64)
            mark.setToolTip("Confidence of the reading; click to see where it was read")
            mark.clicked.connect(lambda _=False, n=name: self.evidence_requested.emit(n))
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(mark)
            label = FIELD_LABELS[name]
            form.addRow(label[0].upper() + label[1:], row)
            self.edits[name] = edit
            self.marks[name] = mark
        layout.addLayout(form)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.revert_button = QPushButton("Revert")
        self.revert_button.clicked.connect(self._fill)
        self.save_button = QPushButton("Save corrections")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self._save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

        self.lines = QTableWidget(0, 4)
        self.lines.setHorizontalHeaderLabels(["Description", "Qty", "Unit price", "Amount"])
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines.verticalHeader().setVisible(False)
        self.lines.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lines.setMaximumHeight(150)
        layout.addWidget(QLabel("Line items"))
        layout.addWidget(self.lines)

        self.history = QLabel()
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        self.history.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(QLabel("History"))
        layout.addWidget(self.history, 1)
        self.set_invoice(None, [])

    def set_invoice(self, invoice: Invoice | None, history: list[AuditEntry], exceptions: list[str] = ()) -> None:  # type: ignore[assignment]
        self.invoice = invoice
        self.setEnabled(invoice is not None)
        if invoice is None:
            self.heading.setText("No invoice selected")
            self.problems.clear()
            self.problems.hide()
            self.lines.setRowCount(0)
            self.history.clear()
        else:
            status = InvoiceStatus.LABELS.get(invoice.status, invoice.status)
            self.heading.setText(f"{invoice.document.original_name} · {status}")
            self.problems.setText("\n".join([*invoice.errors, *exceptions]))
            self.problems.setVisible(bool(invoice.errors or exceptions))
            self.lines.setRowCount(len(invoice.lines))
            for r, li in enumerate(invoice.lines):
                for c, value in enumerate((li.description, li.quantity, li.unit_price, li.amount)):
                    item = QTableWidgetItem("" if value is None else str(value))
                    if c:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.lines.setItem(r, c, item)
            self.history.setText("\n".join(describe_entry(e) for e in reversed(history)))
        self._fill()

    def _values(self) -> dict[str, str]:
        if self.invoice is None:
            return {name: "" for name in HEADER_FIELDS}
        return {name: str(format_field(name, getattr(self.invoice, name)) or "") for name in HEADER_FIELDS}

    def _fill(self) -> None:
        confidence: dict[str, Any] = (self.invoice.confidence if self.invoice else None) or {}
        for name, text in self._values().items():
            edit = self.edits[name]
            edit.setText(text)
            edit.setCursorPosition(0)
            mark = self.marks[name]
            score = confidence.get(name)
            uncertain = score is not None and text and score < self.threshold
            missing = self.invoice is not None and not text and name in REQUIRED_FIELDS
            mark.setText("" if score is None or not text else (f"⚠ {score:.0%}" if uncertain else f"{score:.0%}"))
            edit.setProperty("state", "uncertain" if uncertain else "missing" if missing else "")
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        self._update_buttons()

    def changed_fields(self) -> dict[str, str]:
        original = self._values()
        return {name: edit.text() for name, edit in self.edits.items() if edit.text().strip() != original[name]}

    def _update_buttons(self) -> None:
        dirty = bool(self.changed_fields())
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _save(self) -> None:
        changes = self.changed_fields()
        if changes:
            self.save_requested.emit(changes)


def describe_entry(entry: AuditEntry) -> str:
    """One line of an invoice's history, in words: when, who, what changed, why."""
    text = f"{entry.at:%Y-%m-%d %H:%M}  {entry.actor} {entry.action}"
    if entry.field == "status":
        old = InvoiceStatus.LABELS.get(entry.old_value or "", entry.old_value)
        new = InvoiceStatus.LABELS.get(entry.new_value or "", entry.new_value)
        text += f": {old} → {new}"
    elif entry.field:
        label = FIELD_LABELS.get(entry.field, entry.field)
        text += f" the {label}: “{entry.old_value or ''}” → “{entry.new_value or ''}”"
    if entry.note:
        text += f" — {entry.note}"
    return text
