"""The Exceptions tab's rows: one per invoice, its open exceptions as chips (most serious first),
and the filter behind the search box and the kind, vendor, assignee and age choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from bodesk.core import formatting
from bodesk.core.vocabulary import READING_KINDS
from bodesk.store.exceptions import ExceptionRow
from bodesk.ui.widgets import CHIP_ROLE

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex

#: Most serious first: money could go to the wrong place or twice, then what blocks paying, then readings.
SEVERITY: tuple[str, ...] = (
    "bank_details_changed", "duplicate", "unknown_vendor", "over_billed", "totals_mismatch", "price_variance",
    "quantity_variance", "not_received", "currency_mismatch", "possible_duplicate", "po_not_found", "no_po",
    "missing_field", "low_confidence", "overdue",
)
SERIOUS = frozenset(SEVERITY[:3])


def severity(kind: str) -> int:
    return SEVERITY.index(kind) if kind in SEVERITY else len(SEVERITY)


def chip_state(kind: str) -> str:
    return "serious" if kind in SERIOUS else "notice" if kind in READING_KINDS or kind == "overdue" else "warning"


class Column(IntEnum):
    ID = 0
    VENDOR = 1
    NUMBER = 2
    AMOUNT = 3
    AGE = 4
    KINDS = 5


HEADERS = {
    Column.ID: "ID",
    Column.VENDOR: "Vendor",
    Column.NUMBER: "Invoice",
    Column.AMOUNT: "Amount",
    Column.AGE: "Waiting",
    Column.KINDS: "Open exceptions",
}
RIGHT = frozenset({Column.ID, Column.AMOUNT, Column.AGE})


def money(amount: Decimal | None, currency: str | None) -> str:
    fmt = formatting.default()
    return fmt.money(amount, currency or fmt.currency) if amount is not None else "—"


def describe_age(age: timedelta) -> str:
    """How long something has waited, as a person says it."""
    fmt = formatting.default()
    if age.days >= 1:
        return fmt.count(age.days, "day")
    hours = int(age.total_seconds() // 3600)
    if hours >= 1:
        return f"{hours} h"
    return f"{max(int(age.total_seconds() // 60), 0)} min"


@dataclass(frozen=True)
class InvoiceExceptions:
    """One invoice of the queue with its open exceptions, the most serious first."""

    rows: tuple[ExceptionRow, ...]

    @property
    def first(self) -> ExceptionRow:
        return self.rows[0]

    @property
    def invoice_id(self) -> int:
        return self.first.invoice_id

    @property
    def age(self) -> timedelta:
        return max(r.age for r in self.rows)

    @property
    def kinds(self) -> list[str]:
        return [r.kind for r in self.rows]

    @property
    def assignees(self) -> set[str]:
        return {r.assigned_to for r in self.rows if r.assigned_to}

    def text(self) -> str:
        """What the search box looks through."""
        r = self.first
        parts = [str(r.invoice_id), r.vendor_name or "", r.invoice_number or "", *(x.detail for x in self.rows),
                 *(x.label for x in self.rows), *self.assignees]
        return " ".join(parts).lower()


def group_by_invoice(rows: list[ExceptionRow]) -> list[InvoiceExceptions]:
    by_invoice: dict[int, list[ExceptionRow]] = {}
    for row in rows:
        by_invoice.setdefault(row.invoice_id, []).append(row)
    return [InvoiceExceptions(tuple(sorted(group, key=lambda r: (severity(r.kind), r.id)))) for group in by_invoice.values()]


class ExceptionsModel(QAbstractTableModel):
    """One row per invoice, read-only; `SORT_ROLE` gives raw values for sorting."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[InvoiceExceptions] = []

    def set_rows(self, rows: list[ExceptionRow]) -> None:
        self.beginResetModel()
        self._groups = group_by_invoice(rows)
        self.endResetModel()

    def group_at(self, index: Index) -> InvoiceExceptions:
        return self._groups[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._groups)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if section in RIGHT else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group = self._groups[index.row()]
        row = group.first
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                Column.ID: str(row.invoice_id),
                Column.VENDOR: row.vendor_name or "Unknown vendor",
                Column.NUMBER: row.invoice_number or "—",
                Column.AMOUNT: money(row.total, row.currency),
                Column.AGE: describe_age(group.age),
                Column.KINDS: ", ".join(r.label for r in group.rows),
            }[column]
        if role == CHIP_ROLE and column == Column.KINDS:
            return [(r.label, chip_state(r.kind)) for r in group.rows]
        if role == SORT_ROLE:
            return {
                Column.ID: row.invoice_id,
                Column.VENDOR: (row.vendor_name or "").lower(),
                Column.NUMBER: row.invoice_number or "",
                Column.AMOUNT: float(row.total) if row.total is not None else -1.0,
                Column.AGE: group.age.total_seconds(),
                Column.KINDS: severity(row.kind),
            }[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignRight if column in RIGHT else Qt.AlignmentFlag.AlignLeft
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.KINDS:
                return "\n".join(f"• {r.label}: {r.detail}" for r in group.rows)
            if column in (Column.VENDOR, Column.NUMBER):
                return row.vendor_name if column == Column.VENDOR else row.invoice_number
        if role == Qt.ItemDataRole.ForegroundRole and column == Column.AGE and group.age >= timedelta(days=7):
            return QColor("#b3261e")  # a week or more: someone should look today
        return None


NOBODY = ""  # the assignee filter's "not assigned"


class QueueFilter(QSortFilterProxyModel):
    """Sorts on raw values; shows the invoices matching the search text, kind, vendor, assignee and age."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.kind: str | None = None
        self.vendor: str | None = None
        self.assignee: str | None = None  # NOBODY for unassigned
        self.min_days = 0

    def set(self, **values: Any) -> None:
        self.beginFilterChange()
        for key, value in values.items():
            setattr(self, key, value)
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, ExceptionsModel)
        group = model.group_at(model.index(source_row, 0))
        if self.kind is not None and self.kind not in group.kinds:
            return False
        if self.vendor is not None and (group.first.vendor_name or "") != self.vendor:
            return False
        if self.assignee is not None and (self.assignee not in group.assignees if self.assignee else group.assignees):
            return False
        if self.min_days and group.age.days < self.min_days:
            return False
        words = self.text.lower().split()
        return all(w in group.text() for w in words) if words else True
