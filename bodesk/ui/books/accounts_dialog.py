"""Settings › Chart of accounts…: the office's accounts, typed in, imported from CSV, or a shipped
starting chart (SKR03, SKR04, generic). Every change is audited."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.books import STARTING_CHARTS
from bodesk.errors import BodeskError
from bodesk.store import books
from bodesk.core.vocabulary import Change
from bodesk.ui.context import AppContext, Changes


class AccountsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chart of accounts")
        self.setObjectName("accountsDialog")
        self.ctx = ctx
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(["Number", "Name", "Tax code"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.message = QLabel("Edit a cell, add or remove accounts, then save. Bookings and exports use this chart.")
        self.message.setObjectName("accountsMessage")
        self.message.setWordWrap(True)

        add = QPushButton("Add account")
        add.clicked.connect(self.add_row)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_rows)
        import_button = QPushButton("Import CSV…")
        import_button.clicked.connect(self.import_csv)
        self.starting = QComboBox()
        for key, label in STARTING_CHARTS.items():
            self.starting.addItem(label, key)
        use = QPushButton("Use this chart")
        use.clicked.connect(lambda: self._import(self.starting.currentData()))
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        tools = QHBoxLayout()
        for w in (add, remove, import_button, QLabel("or start from"), self.starting, use):
            tools.addWidget(w)
        tools.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(760, 560)
        self.reload()

    def reload(self) -> None:
        self.chart = books.accounts(self.ctx.store)
        self.table.setRowCount(len(self.chart))
        for row, account in enumerate(self.chart):
            for col, value in enumerate((account.number, account.name, account.tax_code or "")):
                self.table.setItem(row, col, QTableWidgetItem(value))

    def add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)
        self.table.editItem(self.table.item(self.table.rowCount() - 1, 0) or self._blank(self.table.rowCount() - 1))

    def _blank(self, row: int) -> QTableWidgetItem:
        for col in range(3):
            self.table.setItem(row, col, QTableWidgetItem(""))
        return self.table.item(row, 0)  # type: ignore[return-value]

    def remove_rows(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def _rows(self) -> list[tuple[str, str, str]]:
        def cell(r: int, c: int) -> str:
            item = self.table.item(r, c)
            return item.text().strip() if item else ""

        return [(cell(r, 0), cell(r, 1), cell(r, 2)) for r in range(self.table.rowCount()) if cell(r, 0) or cell(r, 1)]

    def save(self) -> None:
        rows = self._rows()
        before = {a.number: a for a in self.chart}
        changed = 0
        try:
            for number, name, tax in rows:
                old = before.get(number)
                if old is None or (old.name, old.tax_code or "") != (name, tax):
                    books.save_account(self.ctx.store, number, name, tax or None, actor=self.ctx.user)
                    changed += 1
            for number in set(before) - {r[0] for r in rows}:
                books.remove_account(self.ctx.store, number, actor=self.ctx.user)
                changed += 1
        except BodeskError as exc:
            self.message.setText(str(exc))
            return
        self.reload()
        self.message.setText(f"Saved: {self.ctx.fmt.count(changed, 'change')}. The chart has {len(self.chart)} accounts.")
        self.ctx.changed.emit(Changes.of(Change.BOOKINGS))

    def import_csv(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a chart of accounts", str(Path.home()), "CSV files (*.csv)")
        if name:
            self._import(Path(name))

    def _import(self, source: Path | str) -> None:
        count, errors = books.import_chart(self.ctx.store, source, actor=self.ctx.user)
        if errors:
            self.message.setText("The chart was left as it was:\n" + "\n".join(errors[:8]))
            return
        self.reload()
        self.message.setText(f"The chart of accounts now has {count} accounts.")
        self.ctx.changed.emit(Changes.of(Change.BOOKINGS))
