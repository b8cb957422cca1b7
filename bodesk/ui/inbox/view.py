"""The Inbox tab: the invoice table with search and status filter, the document and its fields."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelection, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from bodesk.core.vocabulary import InvoiceStatus
from bodesk.errors import BodeskError
from bodesk.store import actions
from bodesk.store.invoices import FieldValueError, invoice_history, load_invoice
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.document import DocumentPreview
from bodesk.ui.books import BookingPanel
from bodesk.ui.inbox.fields import FieldsPanel
from bodesk.ui.inbox.model import COLUMNS, ID_ROLE, InboxModel
from bodesk.ui.widgets import ChipDelegate, EmptyOr, EmptyState


class InboxView(QWidget):
    """Everything that came in. Emits `import_requested` from the empty state's button."""

    import_requested = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = InboxModel(ctx.store, self)
        self.current_id: int | None = None
        #: What to do once the corrections on their way to the store are saved (leave the invoice, close).
        self._after_save: Callable[[], object] | None = None

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search vendor, number, PO or file name…")
        self.search.setClearButtonEnabled(True)
        self.search.setObjectName("inboxSearch")
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        for status in InvoiceStatus:
            self.status_filter.addItem(status.label, status.value)
        self.count_label = QLabel()
        self.count_label.setObjectName("countLabel")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("inboxTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        keys = [key for key, _ in COLUMNS]
        header.setSortIndicator(keys.index("received_at"), Qt.SortOrder.DescendingOrder)
        for col, width in enumerate((52, 200, 115, 100, 100, 100, 82, 120, 200, 140)):
            self.table.setColumnWidth(col, width)
        self.table.setItemDelegateForColumn(keys.index("status"), ChipDelegate(self.table))
        header.setSectionResizeMode(keys.index("source"), QHeaderView.ResizeMode.Stretch)  # room left goes to file names
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.viewer = DocumentPreview(ctx.runner)
        self.viewer.show_message("Select an invoice to see its document here.")
        self.fields = FieldsPanel()
        self.fields.threshold = ctx.settings["rules.low_confidence_threshold"]
        fields_area = QScrollArea()  # the form may be taller than the space left: it scrolls
        fields_area.setWidget(self.fields)
        fields_area.setWidgetResizable(True)
        fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.booking = BookingPanel(ctx)  # expense account, cost centre, tax code: always in view under the fields
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(fields_area, 1)
        side_layout.addWidget(self.booking)
        detail = QSplitter(Qt.Orientation.Horizontal)
        detail.addWidget(self.viewer)
        detail.addWidget(side)
        detail.setSizes([560, 440])
        detail.setChildrenCollapsible(False)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.table)
        self.split.addWidget(detail)
        self.split.setChildrenCollapsible(False)
        ctx.remember_splitter(detail, "inbox/detail")
        self._sized = ctx.remember_splitter(self.split, "inbox/list")

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(bar)
        inner.addWidget(self.split, 1)
        empty = EmptyState(
            "Your inbox is empty",
            "Invoices you import appear here with their vendor, number, dates and totals read for you. "
            "Drop PDFs, scans or e-invoices anywhere on this window, or choose File › Import…",
            "Import documents…",
        )
        assert empty.button is not None
        empty.button.clicked.connect(self.import_requested)
        self.stack = EmptyOr(empty, content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.stack)

        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self._apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.totalChanged.connect(self._total_changed)
        self.model.modelReset.connect(self._reselect)
        self.fields.save_requested.connect(self._save_corrections)
        self.fields.evidence_requested.connect(self._show_evidence)
        ctx.changed.connect(self._on_changed)
        self._opened = False
        self.refresh()
        self._opened = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized:  # two fifths for the list, the rest for the document and its fields
            self._sized = True
            height = max(self.split.height(), 400)
            self.split.setSizes([height * 2 // 5, height * 3 // 5])

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.model.reload()

    def _on_changed(self, changes: Changes) -> None:
        if not changes.concerns("invoices", "documents", "exceptions"):
            return
        if changes.background:
            self.model.reload_in_background(self.ctx.runner)  # new documents: the one shown is as it was
        else:
            self.refresh()
            touched = self.current_id is not None and (not changes.ids or self.current_id in changes.ids)
            if touched and not self.fields.is_dirty():  # never overwrite what the person is typing
                self._load_detail(self.current_id)

    def _apply_filter(self) -> None:
        self.model.set_filter(text=self.search.text(), status=self.status_filter.currentData())

    def _total_changed(self, total: int) -> None:
        unfiltered = not self.search.text().strip() and self.status_filter.currentData() is None
        self.stack.set_empty(total == 0 and unfiltered)
        self.count_label.setText(self.ctx.fmt.count(total, "invoice"))

    # -- selection and detail ----------------------------------------------------------------------
    def select_invoice(self, invoice_id: int) -> bool:
        row = self.model.row_of(invoice_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        return True

    def open_invoice(self, invoice_id: int, field: str = "") -> bool:
        """Show one invoice (clearing the search and filter if they hide it), with `field` focused."""
        if self.model.row_of(invoice_id) < 0 and (self.search.text() or self.status_filter.currentIndex()):
            self.search.clear()
            self.status_filter.setCurrentIndex(0)
            self._apply_filter()
        while self.model.row_of(invoice_id) < 0 and self.model.canFetchMore():
            self.model.fetchMore()
        if not self.select_invoice(invoice_id) or self.current_id != invoice_id:
            return False
        self.table.scrollTo(self.model.index(self.model.row_of(invoice_id), 0))
        if field in self.fields.edits:
            self.fields.edits[field].setFocus()
            self.fields.edits[field].selectAll()
        return True

    def _reselect(self) -> None:
        if self.current_id is not None and self.select_invoice(self.current_id):
            return
        if self.model.rowCount() and self.current_id is None and not self._opened:
            # Opening on a full inbox shows the newest invoice rather than an empty pane; later
            # reloads (during an import, say) leave the choice to the user.
            self.table.selectRow(0)
        elif self.current_id is not None:
            self._show(None)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        invoice_id = rows[0].data(ID_ROLE) if rows else None
        if invoice_id == self.current_id:
            return
        # Saving reloads the list, which may move the selection; once saved, the person goes on to
        # the invoice they chose.
        stay = not self.confirm_leave(then=lambda: self.select_invoice(invoice_id) if invoice_id is not None else None)
        target = self.current_id if stay else invoice_id
        if target is not None:
            blocker = QSignalBlocker(self.table.selectionModel())
            self.select_invoice(target)
            del blocker
        if not stay:
            self._show(invoice_id)

    def ask_unsaved(self) -> str:
        """Save, discard or cancel: what to do with corrections typed but not saved."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved corrections")
        n = len(self.fields.changed_fields())
        box.setText(f"You changed {self.ctx.fmt.count(n, 'field')} of invoice #{self.current_id} without saving.")
        box.setInformativeText("Save the corrections before you leave this invoice?")
        save = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Stay", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        return "save" if clicked is save else "discard" if clicked is discard else "cancel"

    def confirm_leave(self, then: Callable[[], object] | None = None) -> bool:
        """True when the current invoice may be left now: nothing unsaved, or discarded on request.
        When the person asks to save, the corrections go to the store and `then` runs once they are
        saved (False meanwhile: the invoice stays until its corrections are in)."""
        if not self.fields.is_dirty():
            return True
        answer = self.ask_unsaved()
        if answer == "discard":
            self.fields.discard()
            return True
        if answer == "save":
            self._after_save = then
            if not self.fields.save():  # a value that cannot be read is marked: the person stays
                self._after_save = None
        return False

    def _show(self, invoice_id: int | None) -> None:
        self.current_id = invoice_id
        self.booking.set_invoice(invoice_id)
        if invoice_id is None:
            self.viewer.show_message("Select an invoice to see its document here.")
            self.fields.set_invoice(None, [])
            return
        invoice = self._load_detail(invoice_id)
        if invoice is not None:
            doc = invoice.document
            self.viewer.show_file(self.ctx.store.document_file(doc.stored_path), doc.kind)

    def _load_detail(self, invoice_id: int):  # type: ignore[no-untyped-def]
        try:
            invoice = load_invoice(self.ctx.store, invoice_id)
        except BodeskError:
            self._show(None)
            return None
        history, open_exceptions = invoice_history(self.ctx.store, invoice_id)
        self.fields.set_invoice(invoice, history, open_exceptions)
        return invoice

    def _show_evidence(self, field: str) -> None:
        invoice = self.fields.invoice
        ev = (invoice.evidence or {}).get(field) if invoice else None
        if ev:
            self.viewer.highlight(int(ev["page"]), tuple(ev["bbox"]))  # type: ignore[arg-type]

    def _save_corrections(self, changes: dict[str, str]) -> None:
        """Every changed field together, or none, on the store lane: a refused value is marked on its field."""
        if self.current_id is None:
            return
        invoice_id = self.current_id
        self.ctx.runner.run_op("Save corrections", actions.correct, self.ctx.store, invoice_id, changes, self.ctx.user,
                               on_done=lambda result: self._corrections_saved(invoice_id, result),
                               on_error=self._corrections_refused)

    def _corrections_refused(self, exc: BodeskError) -> None:
        self._after_save = None
        if isinstance(exc, FieldValueError):
            self.fields.mark_error(exc.field, str(exc))
        else:
            QMessageBox.warning(self, "Corrections not saved", str(exc))

    def _corrections_saved(self, invoice_id: int, changes: Changes) -> None:
        saved = sum(old != new for old, new in changes.value.values())
        if self.current_id == invoice_id:
            self._load_detail(invoice_id)  # the saved values, as the store now holds them
        self.ctx.status_message.emit(f"Saved {self.ctx.fmt.count(saved, 'correction')} on invoice #{invoice_id}.")
        self.ctx.changed.emit(changes)
        then, self._after_save = self._after_save, None
        if then is not None:
            then()
