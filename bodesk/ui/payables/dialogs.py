"""Small dialogs of the Payables tab: another pay date, and what a bank statement matched."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QDateEdit, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from bodesk.core.formatting import OfficeFormat
from bodesk.core.vocabulary import StatementOutcome
from bodesk.store.bank import StatementResult

OUTCOME_TEXT = {
    StatementOutcome.PAID: "Paid",
    StatementOutcome.PARTIAL: "Partly paid",
    StatementOutcome.UNMATCHED: "Not matched",
    StatementOutcome.NOT_A_PAYMENT: "Money in",
}


class PayOnDialog(QDialog):
    """Choose the day the selected items are paid (never before today)."""

    def __init__(self, current: date, date_pattern: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pay on another day")
        self.edit = QDateEdit(QDate(current), calendarPopup=True)
        self.edit.setDisplayFormat(date_pattern)
        self.edit.setMinimumDate(QDate.currentDate())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Pay the selected items on:"))
        layout.addWidget(self.edit)
        layout.addWidget(QLabel("A discount is kept only while its last day has not passed."))
        layout.addWidget(buttons)

    def day(self) -> date:
        return self.edit.date().toPython()


class StatementDialog(QDialog):
    """Each line of an imported statement and what became of it; lines for a person are listed first."""

    def __init__(self, result: StatementResult, fmt: OfficeFormat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bank statement")
        self.resize(900, 480)
        order = {StatementOutcome.UNMATCHED: 0, StatementOutcome.PARTIAL: 1, StatementOutcome.PAID: 2,
                 StatementOutcome.NOT_A_PAYMENT: 3}
        records = sorted(result.records, key=lambda r: order.get(r.outcome, 9))  # type: ignore[call-overload]
        table = QTableWidget(len(records), 5)
        table.setHorizontalHeaderLabels(("Booked", "Amount", "What happened", "Invoices", "Note"))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for row, r in enumerate(records):
            values = (fmt.date(date.fromisoformat(r.booking_date)), fmt.money(r.amount, r.currency),
                      OUTCOME_TEXT.get(r.outcome, r.outcome) + ("" if r.new else " (before)"),  # type: ignore[call-overload]
                      ", ".join(map(str, r.invoice_ids)), r.note)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if r.outcome in (StatementOutcome.UNMATCHED, StatementOutcome.PARTIAL) and col == 2:
                    item.setForeground(QColor("#8a4b00"))
                table.setItem(row, col, item)
        paid = len(result.paid_invoices)
        summary = QLabel(f"{fmt.count(len(records), 'line')}; {fmt.count(paid, 'invoice')} marked paid. "
                         "Lines not matched or partly paid need a person's look.")
        summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.table = table
