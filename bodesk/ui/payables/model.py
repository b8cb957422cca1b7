"""The proposal table: one row per invoice or credit note, ticked when it is paid, with the reason when held back."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from bodesk.core.payments import ProposalLine
from bodesk.core.vocabulary import DocumentType
from bodesk.ui.context import AppContext

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Pay", "Pay on", "Vendor", "Number", "Kind", "Due", "Amount", "Discount", "Note")
AMOUNT_COLUMNS = (6, 7)
BLOCKED_COLOUR = QColor("#8c1d18")
CREDIT_COLOUR = QColor("#1e6b34")


class ProposalModel(QAbstractTableModel):
    """The lines of a payment proposal; ticking or unticking a row asks for the proposal again."""

    toggled = Signal(int, bool)  # invoice id, paid

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.lines: list[ProposalLine] = []

    def set_lines(self, lines: list[ProposalLine]) -> None:
        self.beginResetModel()
        self.lines = sorted(lines, key=lambda l: (l.blocked is not None, l.pay_on, l.payable.vendor_name.lower(),
                                                  l.payable.invoice_id))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole and section in AMOUNT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and self.lines[index.row()].blocked is None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        p, col, fmt = line.payable, index.column(), self.ctx.fmt
        if role == Qt.ItemDataRole.CheckStateRole and col == 0:
            return Qt.CheckState.Checked if line.paid else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            credit = p.kind == DocumentType.CREDIT_NOTE
            values = (
                "", "" if line.blocked else fmt.date(line.pay_on), p.vendor_name, p.invoice_number or f"#{p.invoice_id}",
                "Credit note" if credit else "Invoice", fmt.date(p.due_date) if p.due_date else "",
                fmt.money(line.amount, p.currency), fmt.money(line.discount, p.currency) if line.discount else "",
                line.blocked or (f"Discount until {fmt.date(line.discount_until)}" if line.discount_until else ""),
            )
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == 8:
            return line.blocked
        if role == Qt.ItemDataRole.TextAlignmentRole and col in AMOUNT_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.blocked and col == 8:
                return BLOCKED_COLOUR
            if p.kind == DocumentType.CREDIT_NOTE and col == 6:
                return CREDIT_COLOUR
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        line = self.lines[index.row()]
        if line.blocked is not None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        line.selected = checked
        self.dataChanged.emit(index, index)
        self.toggled.emit(line.payable.invoice_id, checked)
        return True
