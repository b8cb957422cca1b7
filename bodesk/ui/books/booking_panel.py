"""The booking panel beside an invoice's fields: expense account, cost centre and tax code, the
suggestion with where it came from, and when the invoice left in an export.

The booking, the suggestion (the vendor's history, or the classifier over every booked line) and
the chart are loaded on a worker thread; saving is one short transaction, audited, and learned
for the vendor's next invoice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.books import TAX_CODES, Account
from bodesk.core.suggest import Booking
from bodesk.errors import BodeskError
from bodesk.core.vocabulary import Change
from bodesk.ui.context import AppContext, Changes

SOURCE_WORDS = {"vendor_history": "from this vendor's history", "line_text": "from the line text"}


@dataclass
class _Loaded:
    invoice_id: int
    booking: Any  # bodesk.store.books.InvoiceBooking
    chart: list[Account]
    exports: list[tuple[Any, int, str, str]]


def _load(job: Any, store: Any, invoice_id: int) -> _Loaded:
    """Runs on a worker thread."""
    from bodesk.store.books import accounts, load_booking
    from bodesk.store.exports import last_exports

    return _Loaded(invoice_id, load_booking(store, invoice_id), accounts(store), last_exports(store, invoice_id))


class BookingPanel(QGroupBox):
    """Where the selected invoice goes in the books; `saved` carries the invoice id."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Booking", parent)
        self.setObjectName("bookingPanel")
        self.ctx = ctx
        self.invoice_id: int | None = None
        self.loaded: _Loaded | None = None

        self.scope = QComboBox()
        self.scope.setObjectName("bookingScope")
        self.scope.setToolTip("Book the whole invoice, or one line differently from the rest")
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.scope.setMinimumContentsLength(14)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.account = QComboBox()
        self.account.setObjectName("bookingAccount")
        self.account.setEditable(True)
        self.account.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.account.lineEdit().setPlaceholderText("Account number or name")
        self.cost_centre = QLineEdit()
        self.cost_centre.setObjectName("bookingCostCentre")
        self.cost_centre.setPlaceholderText("optional")
        self.tax = QComboBox()
        self.tax.setObjectName("bookingTaxCode")
        self.tax.addItem("as the account", None)
        for code in TAX_CODES.values():
            self.tax.addItem(f"{code.code} ({code.rate:g} %)", code.code)
        self.cost_centre.setMaximumWidth(110)
        self.origin = QLabel()
        self.origin.setObjectName("bookingOrigin")
        self.origin.setWordWrap(True)
        self.lines = QLabel()
        self.lines.setObjectName("bookingLines")
        self.lines.setWordWrap(True)
        self.exported = QLabel()
        self.exported.setObjectName("bookingExported")
        self.exported.setWordWrap(True)
        self.save_button = QPushButton("Save booking")
        self.save_button.setObjectName("saveBooking")
        self.save_button.clicked.connect(self.save)

        # Compact, so the fields above keep their room: account (and which part is booked) on one
        # row, cost centre, tax code and the button on the next, then where it came from.
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Account"), 0, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.account, 0, 1, 1, 4)
        grid.addWidget(self.scope, 0, 5)
        grid.addWidget(QLabel("Cost centre"), 1, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.cost_centre, 1, 1)
        grid.addWidget(QLabel("Tax code"), 1, 2, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.tax, 1, 3)
        grid.addWidget(self.save_button, 1, 5)
        grid.setColumnStretch(4, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(3)
        layout.addLayout(grid)
        layout.addWidget(self.origin)
        layout.addWidget(self.lines)
        layout.addWidget(self.exported)
        self.set_invoice(None)

    # -- loading -----------------------------------------------------------------------------------
    def set_invoice(self, invoice_id: int | None) -> None:
        self.invoice_id = invoice_id
        self.loaded = None
        self.setEnabled(invoice_id is not None)
        self.origin.setText("" if invoice_id is None else "Looking at this vendor's history…")
        self.lines.hide()
        self.exported.clear()
        if invoice_id is not None:
            self.ctx.runner.run("Booking", _load, self.ctx.store, invoice_id, on_done=self._loaded, on_error=self._failed)

    def _failed(self, message: str, _trace: str) -> None:
        self.origin.setText(message)

    def _loaded(self, loaded: _Loaded) -> None:
        if loaded.invoice_id != self.invoice_id:
            return  # the user has moved on to another invoice
        self.loaded = loaded
        self._fill_chart(loaded.chart)
        info = loaded.booking
        shown, line_bookings, basis = info.effective()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem("whole invoice", None)
        for n, text in sorted(info.descriptions.items()):
            self.scope.addItem(f"line {n}: {text[:40]}", n)
        self.scope.setVisible(len(info.descriptions) > 1)
        self.scope.blockSignals(False)
        self._show_booking(shown)
        names = {a.number: a.name for a in loaded.chart}
        if info.booking is not None and info.source == "person":
            origin = f"Booked by {info.set_by} on {self.ctx.fmt.date(info.set_at)}."
        elif info.booking is not None:
            origin = f"Booked {SOURCE_WORDS.get(info.source, '')}: {basis}."
        elif info.suggestion is not None:
            origin = f"Suggested {SOURCE_WORDS[info.suggestion.source]}: {basis}. Save to confirm it."
        else:
            origin = "No suggestion: nothing like this invoice has been booked before. Choose an account."
        self.origin.setText(origin)
        if line_bookings:
            self.lines.setText("\n".join(f"Line {n}: {b.account} {names.get(b.account, '')}" for n, b in sorted(line_bookings.items())))
            self.lines.show()
        if loaded.exports:
            at, export_id, fmt, name = loaded.exports[0]
            self.exported.setText(f"Exported {self.ctx.fmt.date(at)} in export {export_id} ({fmt}, {name}).")
        else:
            self.exported.setText("Not exported yet.")

    def _scope_changed(self) -> None:
        if self.loaded is None:
            return
        head, lines, _ = self.loaded.booking.effective()
        line_no = self.scope.currentData()
        self._show_booking(lines.get(line_no, head) if line_no is not None else head)

    def _fill_chart(self, chart: list[Account]) -> None:
        self.account.clear()
        for a in chart:
            self.account.addItem(a.label, a.number)
        completer = QCompleter([a.label for a in chart], self.account)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.account.setCompleter(completer)

    def _show_booking(self, booking: Booking | None) -> None:
        index = self.account.findData(booking.account) if booking else -1
        self.account.setCurrentIndex(index)
        if index < 0:
            self.account.setEditText(booking.account if booking else "")
        self.cost_centre.setText((booking.cost_centre or "") if booking else "")
        # The account's own tax code shows as "as the account", so choosing another account brings its own.
        default = next((a.tax_code for a in self.loaded.chart if booking and a.number == booking.account), None) if self.loaded else None
        own = booking is not None and booking.tax_code is not None and booking.tax_code != default
        self.tax.setCurrentIndex(max(self.tax.findData(booking.tax_code), 0) if own else 0)  # type: ignore[union-attr]

    # -- saving ------------------------------------------------------------------------------------
    def chosen_account(self) -> str:
        text = self.account.currentText().strip()
        index = self.account.findText(text)
        if index >= 0:
            return str(self.account.itemData(index))
        return text.split(" ", 1)[0]

    def save(self) -> None:
        from bodesk.store.books import set_booking

        if self.invoice_id is None:
            return
        invoice_id = self.invoice_id
        line_no = self.scope.currentData()
        suggestion = self.loaded.booking.suggestion if self.loaded and self.loaded.booking.booking is None else None
        try:
            set_booking(self.ctx.store, invoice_id, self.chosen_account(), actor=self.ctx.user,
                        cost_centre=self.cost_centre.text(), tax=self.tax.currentData(), line_no=line_no)
            if suggestion is not None and line_no is None:  # confirming a suggestion confirms its lines too
                for n, (b, _basis) in suggestion.lines.items():
                    set_booking(self.ctx.store, invoice_id, b.account, actor=self.ctx.user, cost_centre=b.cost_centre,
                                tax=b.tax_code, line_no=n)
        except BodeskError as exc:
            self.origin.setText(str(exc))
            return
        self.ctx.status_message.emit(f"Booking of invoice #{invoice_id} saved; the vendor's next invoice will be suggested the same.")
        self.ctx.changed.emit(Changes.of(Change.BOOKINGS, ids=(invoice_id,)))
        self.saved.emit(invoice_id)
        self.set_invoice(invoice_id)
