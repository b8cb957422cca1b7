"""The Resolve dialog: how an exception is closed, with the safe choice offered first.

Nothing irreversible is ever preselected: where the exception is about a reading, "correct a field"
is (it opens the invoice at that field); for an unknown vendor, verifying it; elsewhere the person
picks. The button says what will happen ("Reject the invoice", "Trust the new bank details").
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.checks import FIELD_LABELS
from bodesk.core.vocabulary import READING_KINDS
from bodesk.store import exceptions as repo

CORRECT_FIELD = "correct_field"  # not a resolution: opens the invoice at the field to correct
#: The field an exception kind is most likely about, when its sentence names none.
KIND_FIELDS = {
    "missing_field": "invoice_number", "low_confidence": "total", "totals_mismatch": "total",
    "currency_mismatch": "currency", "no_po": "po_number", "po_not_found": "po_number",
    "duplicate": "invoice_number", "possible_duplicate": "invoice_number", "unknown_vendor": "vendor_name",
    "bank_details_changed": "iban",
}
SAFE_DEFAULT = {kind: CORRECT_FIELD for kind in READING_KINDS} | {"unknown_vendor": repo.VERIFY_VENDOR,
                                                                  "no_po": CORRECT_FIELD, "po_not_found": CORRECT_FIELD}


def field_of(row: repo.ExceptionRow) -> str | None:
    """The field an exception is about: the first field its sentence names, else the kind's usual one."""
    detail = row.detail.lower()
    named = [(detail.find(label), name) for name, label in FIELD_LABELS.items() if label.lower() in detail]
    if named:
        return min(named)[1]
    return KIND_FIELDS.get(row.kind)


def action_text(action: str, row: repo.ExceptionRow) -> str:
    """The action in words, as a button says it."""
    if action == CORRECT_FIELD:
        field = field_of(row)
        return f"Correct the {FIELD_LABELS.get(field or '', 'field')}"
    text = repo.ACTIONS[action]
    return text[0].upper() + text[1:]


class ResolveDialog(QDialog):
    """Asks how and why exceptions can be closed (one, or the same kind on several invoices)."""

    def __init__(self, rows: repo.ExceptionRow | list[repo.ExceptionRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = rows if isinstance(rows, list) else [rows]
        self.rows = rows
        row = rows[0]
        self.setWindowTitle("Resolve exception" if len(rows) == 1 else f"Resolve {len(rows)} exceptions")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        heading = f"{row.label} — invoice #{row.invoice_id}, {row.vendor_name or 'unknown vendor'} {row.invoice_number or ''}".strip()
        title = QLabel(heading if len(rows) == 1 else f"{len(rows)} exceptions, the first: {heading}")
        title.setObjectName("dialogHeading")
        title.setWordWrap(True)
        detail = QLabel(row.detail)
        detail.setWordWrap(True)
        if row.confirmed_by:
            detail.setText(f"{row.detail}\n\nConfirmed by {row.confirmed_by}; a second person must confirm.")
        layout.addWidget(title)
        layout.addWidget(detail)

        actions = [a for a in repo.ACTIONS if all(a in repo.actions_for(r.kind) for r in rows)]
        if len(rows) == 1 and row.kind in KIND_FIELDS:
            actions.insert(0, CORRECT_FIELD)
        safe = SAFE_DEFAULT.get(row.kind)
        layout.addWidget(QLabel("What should happen?"))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for action in actions:
            button = QRadioButton(action_text(action, row) + (" (opens the invoice)" if action == CORRECT_FIELD else ""))
            button.setObjectName(f"action_{action}")
            self.group.addButton(button)
            self.buttons[action] = button
            layout.addWidget(button)
            button.toggled.connect(self._update)
        self.prompt = QLabel("Why can it be closed? This is kept in the audit trail.")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("e.g. Called the vendor on their known number; they confirmed the invoice")
        self.reason.setFixedHeight(80)
        self.reason.setTabChangesFocus(True)
        self.reason.textChanged.connect(self._update)
        layout.addWidget(self.prompt)
        layout.addWidget(self.reason)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = box.button(QDialogButtonBox.StandardButton.Ok)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        if safe in self.buttons:
            self.buttons[safe].setChecked(True)
        self._update()

    def chosen_action(self) -> str | None:
        return next((a for a, b in self.buttons.items() if b.isChecked()), None)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def _update(self) -> None:
        action = self.chosen_action()
        correcting = action == CORRECT_FIELD
        self.prompt.setVisible(not correcting)
        self.reason.setVisible(not correcting)
        if action is None:
            self.ok.setText("Choose what should happen")
            self.ok.setEnabled(False)
        else:
            self.ok.setText(action_text(action, self.rows[0]))
            self.ok.setEnabled(correcting or bool(self.text()))

    def answer(self) -> tuple[str, str]:
        """(action, reason); for "correct a field", (CORRECT_FIELD, the field's name)."""
        action = self.chosen_action() or ""
        if action == CORRECT_FIELD:
            return action, field_of(self.rows[0]) or ""
        return action, self.text()
