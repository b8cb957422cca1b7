"""Vendors and purchase orders, entered and edited in the app (Purchasing menu, Ctrl+Shift+P).

Two tabs: Vendors (edit a cell to change it; Add vendor) and Purchase orders (pick an order, edit
its lines' description, quantity and unit price in place; New PO, Add line, Record receipt). Every
change goes through `bodesk.store.vendors` / `bodesk.store.purchasing` and so to the audit trail;
afterwards the invoices under review are checked again (a new PO or delivery may settle them).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from bodesk.errors import BodeskError
from bodesk.store import purchasing, vendors
from bodesk.store.decide import recheck
from bodesk.ui.context import AppContext, Changes

__all__ = ["PurchasingDialog"]

VENDOR_COLUMNS = (("name", "Name"), ("tax_id", "Tax id"), ("payment_terms_days", "Terms (days)"),
                  ("default_approver", "Approver"), ("category", "Category"))
LINE_COLUMNS = (("description", "Description"), ("quantity", "Ordered"), ("unit_price", "Unit price"))


class PurchasingDialog(QDialog):
    """Vendors and purchase orders of the workspace, editable."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Vendors and purchase orders")
        self.resize(980, 620)
        self._filling = False
        self.tabs = QTabWidget()

        self.vendor_table = QTableWidget(0, len(VENDOR_COLUMNS) + 2)
        self.vendor_table.setHorizontalHeaderLabels([t for _, t in VENDOR_COLUMNS] + ["Verified", "Bank accounts"])
        _fit_columns(self.vendor_table)
        self.vendor_table.itemChanged.connect(self._vendor_edited)
        add_vendor = QPushButton("Add vendor…")
        add_vendor.clicked.connect(self.add_vendor)
        vendor_page = QWidget()
        vl = QVBoxLayout(vendor_page)
        vl.addWidget(self.vendor_table)
        vl.addWidget(add_vendor, 0, Qt.AlignmentFlag.AlignRight)
        self.tabs.addTab(vendor_page, "Vendors")

        self.order_list = QListWidget()
        self.order_list.currentRowChanged.connect(lambda _r: self._show_lines())
        self.line_table = QTableWidget(0, len(LINE_COLUMNS) + 2)
        self.line_table.setHorizontalHeaderLabels([t for _, t in LINE_COLUMNS] + ["Received", "Billed"])
        _fit_columns(self.line_table)
        self.line_table.itemChanged.connect(self._line_edited)
        buttons = QHBoxLayout()
        for text, slot in (("New PO…", self.new_order), ("Add line…", self.add_line), ("Record receipt…", self.record_receipt)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.line_table)
        rl.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.order_list)
        split.addWidget(right)
        split.setSizes([260, 700])
        self.tabs.addTab(split, "Purchase orders")

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.refresh()

    # -- filling -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._filling = True
        self.vendor_rows = vendors.list_vendors(self.ctx.store)
        self.vendor_table.setRowCount(len(self.vendor_rows))
        for r, v in enumerate(self.vendor_rows):
            values = [v.name, v.tax_id, v.payment_terms_days, v.default_approver, v.category]
            for c, value in enumerate(values):
                self.vendor_table.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
            for c, text in ((len(values), "yes" if v.verified else "no"),
                            (len(values) + 1, ", ".join(f"{i}{'' if t else ' (not trusted)'}" for i, t in v.ibans))):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.vendor_table.setItem(r, c, item)
        current = self.order_list.currentRow()
        self.orders = purchasing.list_orders(self.ctx.store)
        self.order_list.clear()
        for o in self.orders:
            self.order_list.addItem(QListWidgetItem(f"{o.po_number} · {o.vendor_name or '?'} · {o.currency}"))
        self._filling = False
        if self.orders:
            self.order_list.setCurrentRow(min(max(current, 0), len(self.orders) - 1))
        self._show_lines()

    def _show_lines(self) -> None:
        row = self.order_list.currentRow()
        lines = self.orders[row].order.lines if 0 <= row < len(self.orders) else ()
        self._filling = True
        self.line_table.setRowCount(len(lines))
        for r, ln in enumerate(lines):
            for c, value in enumerate((ln.description, ln.quantity, ln.unit_price, ln.received, ln.billed)):
                item = QTableWidgetItem(str(value))
                if c >= len(LINE_COLUMNS):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.line_table.setItem(r, c, item)
        self._filling = False

    # -- edits ---------------------------------------------------------------------------------------
    def _after(self, action) -> bool:  # type: ignore[no-untyped-def]
        """Run a store action; on success check waiting invoices again and tell the other views."""
        try:
            action()
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not save", str(exc))
            self.refresh()
            return False
        recheck(self.ctx.store, actor=self.ctx.user)
        self.ctx.changed.emit(Changes.of("vendors", "invoices", "exceptions"))
        self.refresh()
        return True

    def _vendor_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() >= len(VENDOR_COLUMNS):
            return
        vendor = self.vendor_rows[item.row()]
        key = VENDOR_COLUMNS[item.column()][0]
        self._after(lambda: vendors.save_vendor(self.ctx.store, vendor.id, {key: item.text()}, actor=self.ctx.user))

    def _line_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        order = self.orders[self.order_list.currentRow()].order
        line = order.lines[item.row()]
        key = LINE_COLUMNS[item.column()][0]
        value: object = item.text().strip()
        if key != "description":
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                QMessageBox.warning(self, "Not a number", f"“{item.text()}” is not a number; write it like 12.50.")
                self._show_lines()
                return
        self._after(lambda: purchasing.update_line(self.ctx.store, line.id, actor=self.ctx.user, **{key: value}))

    def ask(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text.strip() if ok and text.strip() else None

    def add_vendor(self) -> None:
        name = self.ask("Add vendor", "Vendor name:")
        if name:
            self._after(lambda: vendors.save_vendor(self.ctx.store, None, {"name": name}, actor=self.ctx.user))

    def new_order(self) -> None:
        """Asks "PO number, vendor name, currency", e.g. "PO-7781, Acme Ltd, EUR"."""
        text = self.ask("New purchase order", "PO number, vendor, currency (e.g. PO-7781, Acme Ltd, EUR):")
        parts = [p.strip() for p in (text or "").split(",")]
        if len(parts) != 3:
            return
        vendor = next((v for v in self.vendor_rows if v.name.lower() == parts[1].lower()), None)
        if vendor is None:
            QMessageBox.warning(self, "Unknown vendor", f"“{parts[1]}” is not among your vendors; add it first.")
            return
        self._after(lambda: purchasing.create_order(self.ctx.store, parts[0], vendor.id, parts[2], actor=self.ctx.user,
                                                    ordered_at=date.today()))

    def add_line(self) -> None:
        """Asks "description; quantity; unit price"."""
        row = self.order_list.currentRow()
        text = self.ask("Add line", "Description; quantity; unit price (e.g. Toner black; 4; 59.90):") if row >= 0 else None
        parts = [p.strip() for p in (text or "").split(";")]
        if len(parts) != 3:
            return
        try:
            qty, price = Decimal(parts[1]), Decimal(parts[2])
        except InvalidOperation:
            QMessageBox.warning(self, "Not a number", "Quantity and unit price must be numbers, like 4 and 59.90.")
            return
        order_id = self.orders[row].id
        self._after(lambda: purchasing.add_line(self.ctx.store, order_id, parts[0], qty, price, actor=self.ctx.user))

    def record_receipt(self) -> None:
        row, line_row = self.order_list.currentRow(), self.line_table.currentRow()
        if row < 0 or line_row < 0:
            return
        line = self.orders[row].order.lines[line_row]
        text = self.ask("Record receipt", f"Quantity of “{line.description}” received today:")
        try:
            qty = Decimal(text) if text else None
        except InvalidOperation:
            qty = None
        if qty is not None:
            self._after(lambda: purchasing.receive(self.ctx.store, line.id, qty, date.today(), actor=self.ctx.user))


def _fit_columns(table: QTableWidget) -> None:
    """Every column fits its contents; the last one takes the room left."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
