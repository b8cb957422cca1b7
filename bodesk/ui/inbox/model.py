"""The inbox's table model: rows loaded from SQLite a page at a time, sorted and filtered in SQL.

With 100,000 invoices only the rows on screen (plus a page) are ever in memory; sorting and
filtering run as indexed queries instead of in a proxy model.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QModelRoleDataSpan, QPersistentModelIndex, Qt, Signal

from bodesk.core import formatting
from bodesk.core.vocabulary import status_label
from bodesk.jobs.runner import JobRunner
from bodesk.store import Store
from bodesk.store.invoices import InboxQuery, InboxRow
from bodesk.ui.widgets import CHIP_ROLE

Index = QModelIndex | QPersistentModelIndex

#: (key, header) of each column, in order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "ID"),
    ("vendor_name", "Vendor"),
    ("invoice_number", "Number"),
    ("invoice_date", "Invoice date"),
    ("due_date", "Due date"),
    ("total", "Total"),
    ("currency", "Currency"),
    ("status", "Status"),
    ("source", "Source"),
    ("received_at", "Received"),
)
PAGE = 256
ID_ROLE = Qt.ItemDataRole.UserRole + 1


RIGHT_ALIGNED = frozenset({"id", "total"})


def _display(fmt: formatting.OfficeFormat, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return fmt.datetime(value)
    if isinstance(value, date):
        return fmt.date(value)
    if isinstance(value, Decimal):
        return fmt.amount(value)
    return str(value)


class InboxModel(QAbstractTableModel):
    """Invoices as rows; `fetchMore` brings the next page when the view scrolls near the end."""

    totalChanged = Signal(int)

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.query = InboxQuery()
        self.rows: list[InboxRow] = []
        self.total = 0
        self._generation = 0  # which reload's rows are shown: a late background one never wins over a newer
        # Each row's cells as shown, formatted once: a repaint asks for them many times.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._texts_format: formatting.OfficeFormat | None = None

    # -- loading ---------------------------------------------------------------------------------
    def set_query(self, query: InboxQuery) -> None:
        self.query = query
        self.reload()

    def set_filter(self, text: str | None = None, status: str | None | bool = False) -> None:
        changes: dict[str, Any] = {}
        if text is not None:
            changes["text"] = text
        if status is not False:
            changes["status"] = status
        self.set_query(replace(self.query, **changes))

    def reload(self) -> None:
        """Run the query again, keeping as many rows loaded as before (at least one page)."""
        self._generation += 1
        self._show(self._fetch(self.query, max(PAGE, len(self.rows))))

    def reload_in_background(self, runner: JobRunner) -> None:
        """`reload`, with the query run off the GUI thread (while documents arrive)."""
        self._generation += 1
        generation, query, keep = self._generation, self.query, max(PAGE, len(self.rows))
        runner.run("Inbox", lambda _job: self._fetch(query, keep),
                   on_done=lambda found: self._show(found) if generation == self._generation else None)

    def _fetch(self, query: InboxQuery, keep: int) -> tuple[int, list[InboxRow]]:
        total = query.count(self.store)
        return total, query.page(self.store, 0, min(keep, total) or PAGE)

    def _show(self, found: tuple[int, list[InboxRow]]) -> None:
        self.beginResetModel()
        self.total, self.rows = found
        self._texts.clear()
        self.endResetModel()
        self.totalChanged.emit(self.total)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = self.query.page(self.store, len(self.rows), PAGE)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def row_of(self, invoice_id: int) -> int:
        for i, row in enumerate(self.rows):
            if row.id == invoice_id:
                return i
        return -1

    # -- Qt model interface ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._row_texts(index.row())[index.column()]
        row = self.rows[index.row()]
        key = COLUMNS[index.column()][0]
        value = getattr(row, key)
        if role == CHIP_ROLE and key == "status":
            return [(status_label(value), value)]
        if role == Qt.ItemDataRole.TextAlignmentRole and key in RIGHT_ALIGNED:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole and key in ("vendor_name", "invoice_number", "source"):
            return value  # the whole value where the column elides it
        return None

    def multiData(self, index: Index, roles: QModelRoleDataSpan) -> None:
        """Every role a repaint asks of a cell in one call, not one call per role: each call from Qt
        into Python must take the interpreter's lock, which the import thread holds much of the time."""
        if not index.isValid():
            return
        for item in roles:  # the span is reused from cell to cell: a role with no value is cleared
            value = self.data(index, item.role())
            if value is None:
                item.clearData()
            else:
                item.setData(value)

    def _row_texts(self, r: int) -> tuple[str, ...]:
        fmt = formatting.default()
        if fmt is not self._texts_format:  # the office's format changed: every cell reads anew
            self._texts.clear()
            self._texts_format = fmt
        texts = self._texts.get(r)
        if texts is None:
            row = self.rows[r]
            texts = tuple(status_label(row.status) if key == "status" else str(row.id) if key == "id"
                          else _display(fmt, getattr(row, key)) for key, _ in COLUMNS)
            self._texts[r] = texts
        return texts

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0]
        self.set_query(replace(self.query, sort_key=key, descending=order == Qt.SortOrder.DescendingOrder))
