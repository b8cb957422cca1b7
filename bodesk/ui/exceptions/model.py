"""The table model behind the Exceptions tab, and the filter that shows one kind at a time."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from bodesk.store.exceptions import ExceptionRow

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    KIND = 0
    VENDOR = 1
    NUMBER = 2
    AMOUNT = 3
    AGE = 4
    DETAIL = 5


HEADERS = {
    Column.KIND: "Kind",
    Column.VENDOR: "Vendor",
    Column.NUMBER: "Invoice",
    Column.AMOUNT: "Amount",
    Column.AGE: "Waiting",
    Column.DETAIL: "What needs checking",
}


def money(amount: Decimal | None, currency: str | None) -> str:
    if amount is None:
        return "—"
    return f"{currency or ''} {amount:,.2f}".strip()


def describe_age(age: timedelta) -> str:
    """How long something has waited, as a person says it."""
    days = age.days
    if days >= 1:
        return f"{days} day{'s' if days != 1 else ''}"
    hours = int(age.total_seconds() // 3600)
    if hours >= 1:
        return f"{hours} h"
    return f"{max(int(age.total_seconds() // 60), 0)} min"


class ExceptionsModel(QAbstractTableModel):
    """Rows of `ExceptionRow`, read-only; `SORT_ROLE` gives raw values for sorting."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ExceptionRow] = []

    def set_rows(self, rows: list[ExceptionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, index: Index) -> ExceptionRow:
        return self._rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if section in (Column.AMOUNT, Column.AGE) else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.KIND: row.label,
                Column.VENDOR: row.vendor_name or "Unknown vendor",
                Column.NUMBER: row.invoice_number or "—",
                Column.AMOUNT: money(row.total, row.currency),
                Column.AGE: describe_age(row.age),
                Column.DETAIL: row.detail,
            }[column]
        if role == SORT_ROLE:
            return {
                Column.KIND: row.label,
                Column.VENDOR: (row.vendor_name or "").lower(),
                Column.NUMBER: row.invoice_number or "",
                Column.AMOUNT: float(row.total) if row.total is not None else -1.0,
                Column.AGE: row.age.total_seconds(),
                Column.DETAIL: row.detail,
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (Column.AMOUNT, Column.AGE):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.DETAIL:
            return row.detail
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.AGE and row.age >= timedelta(days=7):
            return QColor("#b3261e")  # a week or more: someone should look today
        return None


class KindFilter(QSortFilterProxyModel):
    """Sorts on raw values and shows either every kind or just one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind: str | None = None
        self.setSortRole(SORT_ROLE)

    def set_kind(self, kind: str | None) -> None:
        if kind != self._kind:
            self.beginFilterChange()
            self._kind = kind
            self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self._kind is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, ExceptionsModel)
        return model.row_at(model.index(source_row, 0)).kind == self._kind
