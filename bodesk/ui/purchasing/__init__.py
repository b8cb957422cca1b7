"""Vendors and purchase orders, entered and edited in the app (Purchasing menu, Ctrl+Shift+P).

Two tabs: Vendors (search; New vendor…, Edit… or a double-click opens the vendor form, Delete is
refused with a sentence while invoices refer to the vendor) and Purchase orders (search; New PO…
opens the order form with its lines in a table; pick an order to edit its lines in place, add a
line, record a receipt; Delete is refused while invoices were matched to it). Every change goes
through `bodesk.store.vendors` / `bodesk.store.purchasing` and so to the audit trail; afterwards the
invoices under review are checked again (a new PO or delivery may settle them). The forms are in
`forms.py`.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
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

from bodesk.core import formatting
from bodesk.core.formatting import FormatError
from bodesk.core.vocabulary import Change
from bodesk.store import purchasing, vendors
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.purchasing.forms import OrderDialog, OrderForm, VendorDialog

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
        self.resize(1040, 620)
        self._filling = False
        self.tabs = QTabWidget()

        self.vendor_search = QLineEdit()
        self.vendor_search.setPlaceholderText("Search vendors by name, tax id, IBAN or approver…")
        self.vendor_search.setClearButtonEnabled(True)
        self.vendor_search.textChanged.connect(lambda _t: self._filter(self.vendor_table, self.vendor_search.text()))
        self.vendor_table = QTableWidget(0, len(VENDOR_COLUMNS) + 2)
        self.vendor_table.setHorizontalHeaderLabels([t for _, t in VENDOR_COLUMNS] + ["Verified", "Bank accounts"])
        self.vendor_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.vendor_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.vendor_table.doubleClicked.connect(lambda _i: self.edit_vendor())
        _fit_columns(self.vendor_table)
        vendor_buttons = QHBoxLayout()
        for text, slot in (("New vendor…", self.add_vendor), ("Edit…", self.edit_vendor), ("Delete", self.delete_vendor)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            vendor_buttons.addWidget(button)
        vendor_buttons.addStretch(1)
        vendor_page = QWidget()
        vl = QVBoxLayout(vendor_page)
        vl.addWidget(self.vendor_search)
        vl.addWidget(self.vendor_table)
        vl.addLayout(vendor_buttons)
        self.tabs.addTab(vendor_page, "Vendors")

        self.order_search = QLineEdit()
        self.order_search.setPlaceholderText("Search orders…")
        self.order_search.setClearButtonEnabled(True)
        self.order_search.textChanged.connect(self._filter_orders)
        self.order_list = QListWidget()
        self.order_list.currentRowChanged.connect(lambda _r: self._show_lines())
        self.line_table = QTableWidget(0, len(LINE_COLUMNS) + 2)
        self.line_table.setHorizontalHeaderLabels([t for _, t in LINE_COLUMNS] + ["Received", "Billed"])
        _fit_columns(self.line_table)
        self.line_table.itemChanged.connect(self._line_edited)
        buttons = QHBoxLayout()
        for text, slot in (("New PO…", self.new_order), ("Add line…", self.add_line), ("Record receipt…", self.record_receipt),
                           ("Delete PO", self.delete_order)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.line_table)
        rl.addLayout(buttons)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.order_search)
        ll.addWidget(self.order_list)
        split = QSplitter()
        split.addWidget(left)
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
                item = QTableWidgetItem("" if value is None else str(value))
                item.setToolTip(item.text())
                self.vendor_table.setItem(r, c, item)
            for c, text in ((len(values), "yes" if v.verified else "no"),
                            (len(values) + 1, ", ".join(f"{formatting.iban(i)}{'' if t else ' (not trusted)'}" for i, t in v.ibans))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the whole list, where the column cuts it
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
        self._filter(self.vendor_table, self.vendor_search.text())
        self._filter_orders(self.order_search.text())

    def _show_lines(self) -> None:
        row = self.order_list.currentRow()
        lines = self.orders[row].order.lines if 0 <= row < len(self.orders) else ()
        self._filling = True
        self.line_table.setRowCount(len(lines))
        for r, ln in enumerate(lines):
            fmt = self.ctx.fmt
            shown = (ln.description, fmt.number(ln.quantity), fmt.amount(ln.unit_price), fmt.number(ln.received), fmt.number(ln.billed))
            for c, text in enumerate(shown):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if c >= len(LINE_COLUMNS):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.line_table.setItem(r, c, item)
        self._filling = False

    # -- edits ---------------------------------------------------------------------------------------
    def _after(self, action) -> None:  # type: ignore[no-untyped-def]
        """Run a store action on the store lane (it checks the waiting invoices again itself); then
        tell the other views, or say why it was refused."""
        self.ctx.runner.run_op("Purchasing", action, on_done=self._saved, on_error=self._refused)

    def _saved(self, _result: object) -> None:
        self.ctx.changed.emit(Changes.of(Change.VENDORS, Change.INVOICES, Change.EXCEPTIONS))
        self.refresh()

    def _refused(self, exc: Exception) -> None:
        QMessageBox.warning(self, "Could not save", str(exc))
        self.refresh()

    def _line_edited(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        order = self.orders[self.order_list.currentRow()].order
        line = order.lines[item.row()]
        key = LINE_COLUMNS[item.column()][0]
        value: object = item.text().strip()
        if key != "description":
            try:
                value = self.ctx.fmt.parse_amount(str(value))
            except FormatError as exc:
                QMessageBox.warning(self, "Not a number", str(exc))
                self._show_lines()
                return
        self._after(lambda: purchasing.update_line(self.ctx.store, line.id, actor=self.ctx.user, **{key: value}))

    def ask(self, title: str, prompt: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, prompt)
        return text.strip() if ok and text.strip() else None

    def _approvers(self) -> list[str]:
        from bodesk.store.people import people

        return [p.name for p in people(self.ctx.store)]

    def selected_vendor(self):  # type: ignore[no-untyped-def]
        row = self.vendor_table.currentRow()
        return self.vendor_rows[row] if 0 <= row < len(self.vendor_rows) else None

    def vendor_form(self, vendor) -> dict[str, str] | None:  # type: ignore[no-untyped-def]
        """The vendor form's values, or None when the person cancels."""
        from bodesk.store import learning

        taught = learning.learned(self.ctx.store, vendor.name, study=False) if vendor else []
        forget = (lambda: learning.reset(self.ctx.store, vendor.name, actor=self.ctx.user)) if vendor else None
        dialog = VendorDialog(vendor, self._approvers(), self, learned=taught, forget=forget)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def add_vendor(self) -> None:
        values = self.vendor_form(None)
        if values:
            self._after(lambda: vendors.save_vendor(self.ctx.store, None, values, actor=self.ctx.user))

    def edit_vendor(self) -> None:
        vendor = self.selected_vendor()
        values = self.vendor_form(vendor) if vendor else None
        if vendor and values:
            self._after(lambda: vendors.save_vendor(self.ctx.store, vendor.id, values, actor=self.ctx.user))

    def delete_vendor(self) -> None:
        vendor = self.selected_vendor()
        if vendor and QMessageBox.question(self, "Delete vendor", f"Delete {vendor.name}?") == QMessageBox.StandardButton.Yes:
            self._after(lambda: vendors.delete_vendor(self.ctx.store, vendor.id, actor=self.ctx.user))

    def order_form(self) -> OrderForm | None:
        dialog = OrderDialog(self.vendor_rows, self.ctx.fmt.currency, self)
        return dialog.form if dialog.exec() == QDialog.DialogCode.Accepted else None

    def new_order(self) -> None:
        form = self.order_form()
        if form is None:
            return

        def create() -> None:
            order_id = purchasing.create_order(self.ctx.store, form.po_number, form.vendor_id, form.currency,
                                               actor=self.ctx.user, ordered_at=form.ordered_at)
            for description, quantity, price in form.lines:
                purchasing.add_line(self.ctx.store, order_id, description, quantity, price, actor=self.ctx.user)

        self._after(create)

    def delete_order(self) -> None:
        row = self.order_list.currentRow()
        if 0 <= row < len(self.orders):
            order = self.orders[row]
            if QMessageBox.question(self, "Delete purchase order", f"Delete {order.po_number}?") == QMessageBox.StandardButton.Yes:
                self._after(lambda: purchasing.delete_order(self.ctx.store, order.id, actor=self.ctx.user))

    @staticmethod
    def _filter(table: QTableWidget, text: str) -> None:
        words = text.lower().split()
        for r in range(table.rowCount()):
            row_text = " ".join((table.item(r, c).text() if table.item(r, c) else "") for c in range(table.columnCount())).lower()
            table.setRowHidden(r, not all(w in row_text or w in row_text.replace(" ", "") for w in words))

    def _filter_orders(self, text: str) -> None:
        words = text.lower().split()
        for r in range(self.order_list.count()):
            item = self.order_list.item(r)
            item.setHidden(not all(w in item.text().lower() for w in words))

    def add_line(self) -> None:
        """Asks "description; quantity; unit price"."""
        row = self.order_list.currentRow()
        text = self.ask("Add line", "Description; quantity; unit price (e.g. Toner black; 4; 59.90):") if row >= 0 else None
        parts = [p.strip() for p in (text or "").split(";")]
        if len(parts) != 3:
            return
        try:
            qty, price = self.ctx.fmt.parse_amount(parts[1]), self.ctx.fmt.parse_amount(parts[2])
        except FormatError as exc:
            QMessageBox.warning(self, "Not a number", str(exc))
            return
        if qty is None or price is None:
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
            qty = self.ctx.fmt.parse_amount(text) if text else None
        except FormatError as exc:
            QMessageBox.warning(self, "Not a number", str(exc))
            qty = None
        if qty is not None:
            self._after(lambda: purchasing.receive(self.ctx.store, line.id, qty, date.today(), actor=self.ctx.user))


def _fit_columns(table: QTableWidget) -> None:
    """Every column fits its contents; the last one takes the room left."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.verticalHeader().setVisible(False)
