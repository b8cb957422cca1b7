"""The extracted fields of one invoice, editable, with confidence badges and the history of changes.

Corrections never vanish: Tab goes from field to field (the badges and the calendar buttons are
not in the way), Enter or Ctrl+S saves, and a value that cannot be read (a date or an amount in a
shape the office does not write) is marked on its own field while every other field keeps what
was typed; nothing is saved until all of them can be. Dates are typed as the office writes them
("26.11.2026", "11/26/2026") or picked from a calendar; amounts take the office's decimal separator.
Focusing a field, or clicking its badge, outlines where on the page it was read.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from bodesk.core import formatting
from bodesk.core.checks import FIELD_LABELS, REQUIRED_FIELDS
from bodesk.core.formatting import FormatError, OfficeFormat
from bodesk.core.records import AMOUNT_FIELDS, DATE_FIELDS, HEADER_FIELDS
from bodesk.core.vocabulary import status_label
from bodesk.store.schema import AuditEntry, Invoice
from bodesk.ui.widgets import set_state


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name, name)
    return label[0].upper() + label[1:]


def display_value(fmt: OfficeFormat, name: str, value: Any) -> str:
    """A stored field value as the office reads and types it."""
    if value is None:
        return ""
    if name in DATE_FIELDS:
        return fmt.date(value)
    if name in AMOUNT_FIELDS:
        return fmt.amount(value)
    if name == "iban":
        return formatting.iban(value)
    return str(value)


def canonical_text(fmt: OfficeFormat, name: str, text: str) -> str:
    """What a person typed, as the store takes it (ISO dates, plain decimals); FormatError when it
    is not a date or an amount in the office's format."""
    if name in DATE_FIELDS:
        parsed = fmt.parse_date(text)
        return parsed.isoformat() if parsed else ""
    if name in AMOUNT_FIELDS:
        amount = fmt.parse_amount(text)
        return format(amount, "f") if amount is not None else ""
    return text.strip()


class ConfidenceBadge(QToolButton):
    """How sure the reading is, as a coloured chip ("97 %", "⚠ 41 %"); click: where it was read.

    Not in the Tab chain: Tab goes from field to field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confidence")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setMinimumWidth(58)

    def show_score(self, score: float | None, uncertain: bool, corrected: bool) -> None:
        if corrected:
            self.setText("✓ checked")
            self.setToolTip("Corrected or confirmed by a person")
            set_state(self, "corrected")
        elif score is None:
            self.setText("")
            self.setToolTip("")
            set_state(self, "")
        else:
            self.setText(f"⚠ {score:.0%}" if uncertain else f"{score:.0%}")
            self.setToolTip("How sure the reading is; click to see where on the page it was read")
            set_state(self, "uncertain" if uncertain else "sure")
        self.setVisible(bool(self.text()))


class FieldRow(QWidget):
    """One field: the line edit, its badge, a calendar button for dates and the error under it."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.edit = QLineEdit()
        self.edit.setObjectName(f"field_{name}")
        self.badge = ConfidenceBadge()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.edit, 1)
        self.calendar_button: QToolButton | None = None
        if name in DATE_FIELDS:
            self.calendar_button = QToolButton()
            self.calendar_button.setText("▾")
            self.calendar_button.setToolTip("Pick the date from a calendar")
            self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.calendar_button.clicked.connect(self._pick_date)
            row.addWidget(self.calendar_button)
        row.addWidget(self.badge)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addLayout(row)
        outer.addWidget(self.error)

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.edit.setToolTip(message or "")
        if message:
            set_state(self.edit, "error")

    def _pick_date(self) -> None:
        fmt = formatting.default()
        calendar = QCalendarWidget()
        calendar.setGridVisible(True)
        try:
            current = fmt.parse_date(self.edit.text())
        except FormatError:
            current = None
        day = current or date.today()
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def chosen(picked: QDate) -> None:
            self.edit.setText(fmt.date(date(picked.year(), picked.month(), picked.day())))
            self.edit.textEdited.emit(self.edit.text())
            menu.close()
            self.edit.setFocus()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        assert self.calendar_button is not None
        menu.exec(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft()))


class FieldsPanel(QWidget):
    """Header fields as line edits; `save_requested` carries {field: text the store takes} of what
    the user changed, only once every changed value can be read."""

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
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.rows: dict[str, FieldRow] = {}
        for name in HEADER_FIELDS:
            row = FieldRow(name)
            row.edit.textEdited.connect(lambda _t, n=name: self._edited(n))
            row.edit.returnPressed.connect(self.save)
            row.edit.installEventFilter(self)
            row.badge.clicked.connect(lambda _=False, n=name: self.evidence_requested.emit(n))
            form.addRow(field_label(name), row)
            self.rows[name] = row
        self.edits: dict[str, QLineEdit] = {n: r.edit for n, r in self.rows.items()}
        self.marks: dict[str, ConfidenceBadge] = {n: r.badge for n, r in self.rows.items()}
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.save_note = QLabel()
        self.save_note.setObjectName("secondaryText")
        self.save_note.setWordWrap(True)
        buttons.addWidget(self.save_note, 1)
        self.revert_button = QPushButton("Discard changes")
        self.revert_button.clicked.connect(self.discard)
        self.save_button = QPushButton("Save corrections")
        self.save_button.setToolTip("Save every changed field together (Enter or Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

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
        # Field after field, then Save: the badges and calendar buttons take no focus.
        chain = [*self.edits.values(), self.revert_button, self.save_button]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.set_invoice(None, [])

    @property
    def fmt(self) -> OfficeFormat:
        return formatting.default()

    def set_invoice(self, invoice: Invoice | None, history: list[AuditEntry], exceptions: list[str] = ()) -> None:  # type: ignore[assignment]
        self.invoice = invoice
        self.setEnabled(invoice is not None)
        fmt = self.fmt
        if invoice is None:
            self.heading.setText("No invoice selected")
            self.problems.clear()
            self.problems.hide()
            self.lines.setRowCount(0)
            self.history.clear()
        else:
            status = status_label(invoice.status)
            self.heading.setText(f"Invoice #{invoice.id} · {invoice.document.original_name} · {status}")
            self.problems.setText("\n".join([*invoice.errors, *exceptions]))
            self.problems.setVisible(bool(invoice.errors or exceptions))
            self.lines.setRowCount(len(invoice.lines))
            for r, li in enumerate(invoice.lines):
                cells = (li.description or "", fmt.number(li.quantity), fmt.amount(li.unit_price), fmt.amount(li.amount))
                for c, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setToolTip(text)
                    if c:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.lines.setItem(r, c, item)
            self.history.setText("\n".join(describe_entry(e, fmt) for e in reversed(history)))
        self.discard()

    def _values(self) -> dict[str, str]:
        fmt = self.fmt
        if self.invoice is None:
            return {name: "" for name in HEADER_FIELDS}
        return {name: display_value(fmt, name, getattr(self.invoice, name)) for name in HEADER_FIELDS}

    def discard(self) -> None:
        """Back to the values as saved: every edit and error mark goes."""
        confidence: dict[str, Any] = (self.invoice.confidence if self.invoice else None) or {}
        for name, text in self._values().items():
            row = self.rows[name]
            row.edit.setText(text)
            row.edit.setCursorPosition(0)
            row.set_error(None)
            score = confidence.get(name)
            uncertain = score is not None and bool(text) and score < self.threshold
            missing = self.invoice is not None and not text and name in REQUIRED_FIELDS
            row.badge.show_score(score if text else None, uncertain, corrected=bool(text) and score == 1.0)
            set_state(row.edit, "uncertain" if uncertain else "missing" if missing else "")
        self.save_note.clear()
        self._update_buttons()

    def _edited(self, name: str) -> None:
        row = self.rows[name]
        if row.error.isVisible():  # the person is fixing it: the mark goes once it reads
            try:
                canonical_text(self.fmt, name, row.edit.text())
                row.set_error(None)
                set_state(row.edit, "edited")
            except FormatError:
                pass
        else:
            set_state(row.edit, "edited" if name in self.changed_fields() else "")
        self._update_buttons()

    def changed_fields(self) -> dict[str, str]:
        """{field: typed text} of the fields that differ from what is saved."""
        original = self._values()
        return {name: edit.text() for name, edit in self.edits.items() if edit.text().strip() != original[name]}

    def is_dirty(self) -> bool:
        return self.invoice is not None and bool(self.changed_fields())

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty and not any(r.error.isVisible() for r in self.rows.values()):
            n = len(self.changed_fields())
            self.save_note.setText(f"{n} unsaved {formatting.plural(n, 'change')}: Enter or Ctrl+S saves.")
        elif not dirty:
            self.save_note.clear()

    def mark_error(self, name: str, message: str) -> None:
        """Mark one field as wrong (also when the store refuses it); the others keep what was typed."""
        if name in self.rows:
            self.rows[name].set_error(message)
            self.rows[name].edit.setFocus()
        self.save_note.setText("Nothing was saved: correct the marked field, then save again.")

    def save(self) -> bool:
        """Ask to save every changed field together; False (and the bad fields marked) when a value
        cannot be read."""
        changes = self.changed_fields()
        if not changes:
            return True
        fmt, ready, bad = self.fmt, {}, []
        for name, text in changes.items():
            try:
                ready[name] = canonical_text(fmt, name, text)
                self.rows[name].set_error(None)
            except FormatError as exc:
                self.rows[name].set_error(str(exc))
                bad.append(name)
        if bad:
            self.mark_error(bad[0], self.rows[bad[0]].error.text())
            return False
        self.save_requested.emit(ready)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            name = watched.objectName().removeprefix("field_")
            if self.invoice is not None and name in (self.invoice.evidence or {}):
                self.evidence_requested.emit(name)
        return super().eventFilter(watched, event)


def describe_entry(entry: AuditEntry, fmt: OfficeFormat | None = None) -> str:
    """One line of an invoice's history, in words: when, who, what changed, why."""
    fmt = fmt or formatting.default()
    text = f"{fmt.datetime(entry.at)}  {entry.actor} {entry.action}"
    if entry.field == "status":
        old = status_label(entry.old_value)
        new = status_label(entry.new_value)
        text += f": {old} → {new}"
    elif entry.field:
        label = FIELD_LABELS.get(entry.field, entry.field)
        text += f" the {label}: “{_shown(fmt, entry.field, entry.old_value)}” → “{_shown(fmt, entry.field, entry.new_value)}”"
    if entry.note:
        text += f" — {entry.note}"
    return text


def _shown(fmt: OfficeFormat, name: str, stored: str | None) -> str:
    """An audit entry's value text (ISO dates, plain decimals) as the office reads it."""
    if not stored:
        return ""
    try:
        if name in DATE_FIELDS:
            return fmt.date(date.fromisoformat(stored))
        if name in AMOUNT_FIELDS:
            return fmt.amount(Decimal(stored))
    except (ValueError, ArithmeticError):
        pass
    return stored
