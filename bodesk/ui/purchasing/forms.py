"""The vendor form and the purchase-order form of the Purchasing window.

A value that cannot be taken (an IBAN with a wrong check digit, a quantity that is not a number) is
marked where it was typed, with a sentence; nothing is silently dropped and nothing is saved until
the form is right. Amounts are typed and shown in the office's format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.core import formatting
from bodesk.core.formatting import FormatError
from bodesk.core.validate import InvalidValue, iban
from bodesk.store.learning import Learned
from bodesk.store.vendors import VendorRow
from bodesk.ui.widgets import ErrorLine, form_dialog, set_state

ERROR_BACK = QColor("#fdecec")


class VendorDialog(QDialog):
    """Name, tax id, IBAN (checked: country, length, check digits), payment terms, default approver,
    verified. `values()` gives what `store.vendors.save_vendor` takes."""

    def __init__(self, vendor: VendorRow | None, approvers: list[str], parent: QWidget | None = None,
                 learned: Sequence[Learned] = (), forget: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit vendor" if vendor else "New vendor")
        self.setMinimumWidth(460)
        self.name = QLineEdit(vendor.name if vendor else "")
        self.tax_id = QLineEdit(vendor.tax_id or "" if vendor else "")
        trusted = [i for i, ok in (vendor.ibans if vendor else ()) if ok]
        self.iban = QLineEdit(formatting.iban(trusted[0]) if trusted else "")
        self.iban.setPlaceholderText("DE89 3704 0044 0532 0130 00")
        self.iban_error = ErrorLine()
        self.terms = QSpinBox()
        self.terms.setRange(0, 365)
        self.terms.setSuffix(" days")
        self.terms.setSpecialValueText("not set")
        self.terms.setValue(vendor.payment_terms_days or 0 if vendor else 30)
        self.approver = QComboBox()
        self.approver.setEditable(True)
        self.approver.addItems(["", *approvers])
        self.approver.setCurrentText(vendor.default_approver or "" if vendor else "")
        self.verified = QCheckBox("Verified: the office knows this vendor and its bank details")
        self.verified.setChecked(vendor.verified if vendor else True)
        form = QFormLayout()
        form.addRow("Name", self.name)
        form.addRow("Tax id", self.tax_id)
        form.addRow("IBAN", self.iban)
        form.addRow("", self.iban_error)
        form.addRow("Payment terms", self.terms)
        form.addRow("Default approver", self.approver)
        form.addRow("", self.verified)
        others = [i for i in trusted[1:]] + [i for i, ok in (vendor.ibans if vendor else ()) if not ok]
        if others:
            note = QLabel("Other accounts: " + ", ".join(formatting.iban(i) for i in others))
            note.setObjectName("secondaryText")
            note.setWordWrap(True)
            form.addRow("", note)
        self.learned_list: QListWidget | None = None
        if learned:
            form.addRow(QLabel("<b>What bodesk has learned</b> from corrections on this vendor's invoices"))
            self.learned_list = QListWidget()
            for row in learned:
                self.learned_list.addItem(f"{row.field.replace('_', ' ')}: {row.value or ''} — {row.how} "
                                          f"(invoice #{row.invoice_id}, {row.by})")
            self.learned_list.setWordWrap(True)
            self.learned_list.setMaximumHeight(130)
            form.addRow(self.learned_list)
            forget_button = QPushButton("Forget what was learned")
            forget_button.setToolTip("The vendor's next invoices are read afresh; corrections already saved stay")
            forget_button.clicked.connect(lambda: self._forget(forget, forget_button))
            form.addRow("", forget_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.name.textChanged.connect(lambda t: self.save_button.setEnabled(bool(t.strip())))
        self.save_button.setEnabled(bool(self.name.text().strip()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._original_iban = self.iban.text()

    def _forget(self, forget: Callable[[], None] | None, button: QPushButton) -> None:
        if forget is None or self.learned_list is None:
            return
        forget()
        self.learned_list.clear()
        self.learned_list.addItem("Nothing yet: corrections on this vendor's invoices teach bodesk.")
        button.setEnabled(False)

    def accept(self) -> None:
        if self.iban.text().strip() and self.iban.text() != self._original_iban:
            try:
                iban(self.iban.text(), "The IBAN")
            except InvalidValue as exc:
                self.iban_error.say(str(exc))
                set_state(self.iban, "error")
                self.iban.setFocus()
                return
        super().accept()

    def values(self) -> dict[str, str]:
        out = {"name": self.name.text(), "tax_id": self.tax_id.text(),
               "payment_terms_days": str(self.terms.value()) if self.terms.value() else "",
               "default_approver": self.approver.currentText(), "verified": "yes" if self.verified.isChecked() else "no"}
        if self.iban.text().strip() and self.iban.text() != self._original_iban:
            out["iban"] = self.iban.text()
        return out


@dataclass
class OrderForm:
    """What the order form gives back: the order and its lines, every value read."""

    po_number: str
    vendor_id: int
    currency: str
    ordered_at: date
    lines: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)


class OrderDialog(QDialog):
    """A new purchase order: number, vendor, currency, date, and its lines in a table."""

    def __init__(self, vendors: list[VendorRow], currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New purchase order")
        self.resize(640, 460)
        self.number = QLineEdit()
        self.number.setPlaceholderText("PO-7781")
        self.vendor = QComboBox()
        for v in vendors:
            self.vendor.addItem(v.name, v.id)
        self.currency = QLineEdit(currency)
        self.currency.setMaxLength(3)
        self.currency.setFixedWidth(60)
        self.ordered = QDateEdit(QDate.currentDate())
        self.ordered.setCalendarPopup(True)
        self.ordered.setDisplayFormat(formatting.default().date_pattern)  # CLDR and Qt share d, M, yyyy
        top = QFormLayout()
        top.addRow("PO number", self.number)
        top.addRow("Vendor", self.vendor)
        row = QHBoxLayout()
        row.addWidget(self.currency)
        row.addWidget(QLabel("ordered on"))
        row.addWidget(self.ordered)
        row.addStretch(1)
        top.addRow("Currency", row)
        self.lines = QTableWidget(3, 3)
        self.lines.setHorizontalHeaderLabels(["Description", "Quantity", "Unit price"])
        self.lines.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.lines.verticalHeader().setVisible(False)
        add = QPushButton("Add line")
        add.clicked.connect(lambda: self.lines.setRowCount(self.lines.rowCount() + 1))
        self.error, _buttons = form_dialog(self, top, QLabel("Lines"), self.lines, add, on_save=self.accept)
        layout = self.layout()
        layout.setStretchFactor(self.lines, 1)
        layout.setAlignment(add, Qt.AlignmentFlag.AlignLeft)
        self.form: OrderForm | None = None

    def _cell(self, row: int, column: int) -> str:
        item = self.lines.item(row, column)
        return item.text().strip() if item else ""

    def _mark(self, row: int, column: int, bad: bool) -> None:
        item = self.lines.item(row, column) or QTableWidgetItem("")
        if self.lines.item(row, column) is None:
            self.lines.setItem(row, column, item)
        item.setBackground(QBrush(ERROR_BACK) if bad else QBrush())

    def read(self) -> tuple[OrderForm | None, list[str]]:
        """The form's order, or the sentences saying what is wrong (each bad cell is marked)."""
        fmt = formatting.default()
        problems: list[str] = []
        if not self.number.text().strip():
            problems.append("The order needs its PO number.")
        if self.vendor.currentData() is None:
            problems.append("Choose the vendor (add it under Vendors first).")
        if len(self.currency.text().strip()) != 3 or not self.currency.text().strip().isalpha():
            problems.append("The currency is three letters, such as EUR.")
        lines: list[tuple[str, Decimal, Decimal]] = []
        for r in range(self.lines.rowCount()):
            texts = [self._cell(r, c) for c in range(3)]
            if not any(texts):
                continue
            values: list[Decimal | None] = []
            for c, what in ((1, "quantity"), (2, "unit price")):
                try:
                    value = fmt.parse_amount(texts[c])
                    if value is None or value <= 0:
                        raise FormatError(f"Line {r + 1}: the {what} is missing or not above zero.")
                    values.append(value)
                    self._mark(r, c, False)
                except FormatError as exc:
                    problems.append(f"Line {r + 1}, {what}: {exc}" if "Line" not in str(exc) else str(exc))
                    self._mark(r, c, True)
                    values.append(None)
            self._mark(r, 0, not texts[0])
            if not texts[0]:
                problems.append(f"Line {r + 1} needs a description.")
            if texts[0] and all(v is not None for v in values):
                lines.append((texts[0], values[0], values[1]))  # type: ignore[arg-type]
        if not lines and not problems:
            problems.append("Enter at least one line: what was ordered, how many, at what price.")
        if problems:
            return None, problems
        qd = self.ordered.date()
        return OrderForm(self.number.text().strip(), int(self.vendor.currentData()), self.currency.text().strip().upper(),
                         date(qd.year(), qd.month(), qd.day()), lines), []

    def accept(self) -> None:
        self.form, problems = self.read()
        if problems:
            self.error.say("\n".join(problems))
            return
        super().accept()
