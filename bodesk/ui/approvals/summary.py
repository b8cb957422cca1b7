"""The left side of the Approvals tab: who wants how much, for what, and by when."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core import formatting
from bodesk.core.vocabulary import InvoiceStatus
from bodesk.store.schema import Invoice

RED = "#b3261e"


def _day(value: date | None) -> str:
    return formatting.default().date(value)


def _amount(value: object) -> str:
    return "" if value is None else formatting.default().amount(value)  # type: ignore[arg-type]


class InvoiceSummary(QWidget):
    """Vendor, number, the total big and clear, the dates and the line items of one invoice."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vendor = QLabel()
        self.vendor.setObjectName("vendorName")
        self.vendor.setWordWrap(True)
        self.reference = QLabel()
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.total = QLabel()
        self.total.setObjectName("bigTotal")
        self.breakdown = QLabel()
        self.breakdown.setObjectName("secondaryText")

        self.dates = QGridLayout()
        self.dates.setHorizontalSpacing(16)
        self.dates.setVerticalSpacing(4)
        self.date_values: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate((("invoice_date", "Invoice date"), ("due_date", "Due"),
                                               ("received", "Received"))):
            label = QLabel(caption)
            label.setObjectName("secondaryText")
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.dates.addWidget(label, row, 0)
            self.dates.addWidget(value, row, 1)
            self.date_values[key] = value
        self.dates.setColumnStretch(1, 1)

        self.lines = QTableWidget(0, 4)
        self.lines.setHorizontalHeaderLabels(["Description", "Qty", "Unit price", "Amount"])
        self.lines.verticalHeader().hide()
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines.setShowGrid(False)
        self.lines.setAlternatingRowColors(True)
        head = self.lines.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            head.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        head.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        pl = QVBoxLayout(self)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.vendor)
        pl.addWidget(self.reference)
        pl.addSpacing(12)
        pl.addWidget(self.total)
        pl.addWidget(self.breakdown)
        pl.addSpacing(12)
        pl.addLayout(self.dates)
        pl.addSpacing(12)
        pl.addWidget(self.lines)

    def show_invoice(self, inv: Invoice) -> None:
        self.vendor.setText(inv.vendor_name or "Unknown vendor")
        reference = [f"Invoice {inv.invoice_number or '(no number)'}"]
        if inv.po_number:
            reference.append(f"PO {inv.po_number}")
        if inv.status == InvoiceStatus.MATCHED:
            reference.append("matches its order")
        if inv.approver:
            reference.append(f"for {inv.approver}")
        self.reference.setText("  ·  ".join(reference))
        self.total.setText(formatting.default().money(inv.total, inv.currency))
        parts = []
        if inv.subtotal is not None:
            parts.append(f"Subtotal {_amount(inv.subtotal)}")
        if inv.tax is not None:
            parts.append(f"Tax {_amount(inv.tax)}")
        self.breakdown.setText("  ·  ".join(parts))
        self.breakdown.setVisible(bool(parts))
        self.date_values["invoice_date"].setText(_day(inv.invoice_date))
        self._set_due(inv.due_date)
        doc = inv.document
        self.date_values["received"].setText(f"{_day(doc.received_at.date())} · {doc.original_name}")
        self._fill_lines(inv)

    def _set_due(self, due: date | None) -> None:
        label = self.date_values["due_date"]
        if due is None:
            label.setText("—")
            label.setStyleSheet("")
            return
        days = (due - date.today()).days
        when = "today" if days == 0 else f"in {days} days" if days > 1 else "tomorrow" if days == 1 else \
            f"overdue by {formatting.default().count(-days, 'day')}"
        label.setText(f"{_day(due)}  ({when})")
        label.setStyleSheet(f"color: {RED}; font-weight: bold;" if days < 0 else "")

    def _fill_lines(self, inv: Invoice) -> None:
        self.lines.setRowCount(len(inv.lines))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, line in enumerate(inv.lines):
            cells = (line.description or "", "" if line.quantity is None else formatting.default().number(line.quantity),
                     _amount(line.unit_price), _amount(line.amount))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(right)
                self.lines.setItem(r, c, item)
        self.lines.setVisible(bool(inv.lines))
        shown = min(len(inv.lines), 10)  # fit the lines; scroll beyond ten
        height = self.lines.horizontalHeader().height() + 2 * self.lines.frameWidth()
        height += sum(self.lines.rowHeight(r) for r in range(shown))
        self.lines.setFixedHeight(height)

