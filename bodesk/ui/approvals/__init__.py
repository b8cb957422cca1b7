"""The Approvals tab: the founder's queue, one invoice at a time, with its document beside it.

Keys: A approves, R rejects (a note saying why is required), S or → skips to the next one.
While the note field has the focus, letters go into the note; Esc leaves it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.errors import BodeskError
from bodesk.store import approvals
from bodesk.store.invoices import load_invoice
from bodesk.store.schema import Invoice
from bodesk.ui.approvals.document import DocumentPreview
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.widgets import EmptyOr, EmptyState

__all__ = ["ApprovalsView"]

RED = "#b3261e"


def _scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    font = QFont(font)
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(bold)
    return font


def _day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "—"


def _amount(value: object) -> str:
    return "" if value is None else f"{value:,.2f}"


class ApprovalsView(QWidget):
    """One waiting invoice at a time: Approve, Reject with a note, or Skip."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._queue: list[int] = []
        self._position = 0
        self.invoice: Invoice | None = None

        self.counter = QLabel()
        self.counter.setObjectName("secondaryText")
        self.vendor = QLabel()
        self.vendor.setFont(_scaled(self.vendor.font(), 1.6, bold=True))
        self.vendor.setWordWrap(True)
        self.reference = QLabel()
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.total = QLabel()
        self.total.setFont(_scaled(self.total.font(), 2.4, bold=True))
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

        self.note = QLineEdit()
        self.note.setPlaceholderText("Note — optional to approve, required to reject")
        self.note.setClearButtonEnabled(True)
        self.approve_button = QPushButton("Approve   A")
        self.approve_button.setObjectName("primaryButton")
        self.approve_button.setToolTip("Approve this invoice for payment (A)")
        self.reject_button = QPushButton("Reject…   R")
        self.reject_button.setToolTip("Turn this invoice down, with a note saying why (R)")
        self.skip_button = QPushButton("Skip   S")
        self.skip_button.setToolTip("Leave it for later and show the next one (S or →)")
        for button in (self.approve_button, self.reject_button, self.skip_button):
            button.setMinimumHeight(int(self.fontMetrics().height() * 2.2))
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.approve_button.setFont(_scaled(self.approve_button.font(), 1.0, bold=True))
        self.approve_button.clicked.connect(self.approve_current)
        self.reject_button.clicked.connect(self.reject_current)
        self.skip_button.clicked.connect(self.skip)

        panel = QWidget()
        panel.setMinimumWidth(380)
        pl = QVBoxLayout(panel)
        pl.setContentsMargins(4, 4, 16, 4)
        pl.addWidget(self.counter)
        pl.addSpacing(8)
        pl.addWidget(self.vendor)
        pl.addWidget(self.reference)
        pl.addSpacing(12)
        pl.addWidget(self.total)
        pl.addWidget(self.breakdown)
        pl.addSpacing(12)
        pl.addLayout(self.dates)
        pl.addSpacing(12)
        pl.addWidget(self.lines, 1)
        pl.addSpacing(8)
        pl.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button, 2)
        buttons.addWidget(self.reject_button, 1)
        buttons.addWidget(self.skip_button, 1)
        pl.addLayout(buttons)

        self.preview = DocumentPreview(ctx.runner)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(panel)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 720])
        splitter.setChildrenCollapsible(False)

        self.empty = EmptyState(
            "Nothing to approve",
            "Invoices that were read cleanly or matched to their purchase order wait here for your OK, "
            "one at a time with the document beside them. Those with questions go to Exceptions first.",
        )
        self.stack = EmptyOr(self.empty, splitter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.stack)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("A", self.approve_current), ("R", self.reject_current), ("S", self.skip),
                           ("Right", self.skip)):
            QShortcut(QKeySequence(keys), self, slot, context=context)
        QShortcut(QKeySequence("Esc"), self.note, self.note.clearFocus, context=Qt.ShortcutContext.WidgetShortcut)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        ctx.changed.connect(self._on_changed)
        self.refresh()

    # -- the queue -------------------------------------------------------------------------------
    @property
    def current_id(self) -> int | None:
        return self._queue[self._position] if self._queue else None

    def refresh(self) -> None:
        """Reload the queue, staying on the same invoice if it still waits (else on the next one)."""
        current = self.current_id
        self._queue = [w.id for w in approvals.waiting(self.ctx.store)]
        if current in self._queue:
            self._position = self._queue.index(current)
        else:
            self._position = min(self._position, max(len(self._queue) - 1, 0))
        self._show_current()

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("invoices", "exceptions"):
            self.refresh()

    def skip(self) -> None:
        if len(self._queue) > 1:
            self._position = (self._position + 1) % len(self._queue)
            self.note.clear()
            self._show_current()

    def _show_current(self) -> None:
        invoice_id = self.current_id
        self.stack.set_empty(invoice_id is None)
        if invoice_id is None:
            self.invoice = None
            self.preview.show_file(None)
            return
        if self.invoice is None or self.invoice.id != invoice_id:
            self.note.clear()
        try:
            self.invoice = load_invoice(self.ctx.store, invoice_id)
        except BodeskError:  # gone meanwhile: the next change signal refreshes the queue
            self.invoice = None
            return
        self._fill(self.invoice)

    def _fill(self, inv: Invoice) -> None:
        n = len(self._queue)
        self.counter.setText(f"{self._position + 1} of {n} waiting")
        self.vendor.setText(inv.vendor_name or "Unknown vendor")
        reference = [f"Invoice {inv.invoice_number or '(no number)'}"]
        if inv.po_number:
            reference.append(f"PO {inv.po_number}")
        if inv.status == "matched":
            reference.append("matches its order")
        self.reference.setText("  ·  ".join(reference))
        currency = inv.currency or ""
        self.total.setText(f"{currency} {_amount(inv.total) or '—'}".strip())
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
        self.preview.show_file(self.ctx.workspace.documents / doc.stored_path, doc.kind)

    def _set_due(self, due: date | None) -> None:
        label = self.date_values["due_date"]
        if due is None:
            label.setText("—")
            label.setStyleSheet("")
            return
        days = (due - date.today()).days
        when = "today" if days == 0 else f"in {days} days" if days > 1 else "tomorrow" if days == 1 else \
            f"overdue by {-days} day{'s' if days < -1 else ''}"
        label.setText(f"{_day(due)}  ({when})")
        label.setStyleSheet(f"color: {RED}; font-weight: bold;" if days < 0 else "")

    def _fill_lines(self, inv: Invoice) -> None:
        self.lines.setRowCount(len(inv.lines))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, line in enumerate(inv.lines):
            cells = (line.description or "", "" if line.quantity is None else f"{line.quantity}",
                     _amount(line.unit_price), _amount(line.amount))
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(right)
                self.lines.setItem(r, c, item)
        self.lines.setVisible(bool(inv.lines))

    # -- decisions -------------------------------------------------------------------------------
    def ask_note(self) -> str | None:
        """Why the invoice is rejected; None when the person cancels."""
        text, ok = QInputDialog.getText(self, "Reject invoice",
                                        "Why is it rejected? The office will pass this on to the vendor.")
        return text.strip() if ok and text.strip() else None

    def approve_current(self) -> None:
        self._decide(approve=True)

    def reject_current(self) -> None:
        self._decide(approve=False)

    def _decide(self, *, approve: bool) -> None:
        invoice_id = self.current_id
        if invoice_id is None:
            return
        note = self.note.text().strip()
        if not approve and not note:
            note = self.ask_note() or ""
            if not note:
                return
        try:
            if approve:
                approvals.approve(self.ctx.store, invoice_id, by=self.ctx.user, note=note or None)
            else:
                approvals.reject(self.ctx.store, invoice_id, by=self.ctx.user, note=note)
        except BodeskError as exc:
            QMessageBox.warning(self, "Could not record the decision", str(exc))
            self.refresh()
            return
        what = "Approved" if approve else "Rejected"
        name = self.invoice.vendor_name if self.invoice and self.invoice.vendor_name else "invoice"
        self.ctx.status_message.emit(f"{what}: {name} {self.invoice.invoice_number if self.invoice else ''}".strip())
        self.note.clear()
        self.ctx.changed.emit(Changes.of("invoices", ids=(invoice_id,)))
