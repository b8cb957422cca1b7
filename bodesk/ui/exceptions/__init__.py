"""The Exceptions tab: one row per invoice that needs a person's eye, its open exceptions as chips
(most serious first), the document beside what is wrong, and the way to the fix.

Search and filter by kind, vendor, assignee and age. Keys: Enter or Ctrl+R resolves the exception
chosen in the detail (how and why, see `resolve.py`; "correct a field" opens the invoice there),
Ctrl+I opens the invoice, Ctrl+G assigns, Ctrl+M comments; with several invoices selected, Resolve
closes the same kind on each. Resolving runs the checks again; everything goes to the audit trail.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bodesk.store import actions
from bodesk.store import exceptions as repo
from bodesk.store.invoices import load_invoice
from bodesk.errors import BodeskError
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.document import DocumentPreview
from bodesk.ui.exceptions.model import NOBODY, Column, ExceptionsModel, InvoiceExceptions, QueueFilter, describe_age, money
from bodesk.ui.exceptions.resolve import CORRECT_FIELD, ResolveDialog
from bodesk.ui.widgets import ChipDelegate, EmptyOr, EmptyState, TabView

#: Sizes by object name: the application's stylesheet fixes every widget's font size, so setFont
#: would be overridden; a view's own stylesheet takes precedence over the application's.
STYLE = """
QLabel#secondaryText { color: palette(placeholder-text); }
QLabel#viewTitle { font-size: 15pt; font-weight: 600; }
QLabel#detailHeading { font-size: 12pt; font-weight: 600; }
QLabel#dialogHeading { font-size: 11pt; font-weight: 600; }
"""

__all__ = ["ExceptionsView", "ResolveDialog"]
AGES = (("Any age", 0), ("Waiting 1 day or more", 1), ("A week or more", 7), ("A month or more", 30))


class ExceptionsView(TabView):
    """The queue, one row per invoice, with the document and a detail pane that leads to the fix.

    `open_invoice_requested(invoice_id, field)` asks the window to show the invoice in the Inbox,
    with `field` (possibly "") focused for correcting."""

    open_invoice_requested = Signal(int, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self.model = ExceptionsModel(self)
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)

        self.title = QLabel("Exceptions")
        self.title.setObjectName("viewTitle")
        self.summary = QLabel()
        self.summary.setObjectName("secondaryText")
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search vendor, number, ID or what is wrong…")
        self.search.setClearButtonEnabled(True)
        self.kind_filter = QComboBox()
        self.kind_filter.setToolTip("Show one kind of exception")
        self.vendor_filter = QComboBox()
        self.vendor_filter.setToolTip("Show one vendor's invoices")
        self.assignee_filter = QComboBox()
        self.assignee_filter.setToolTip("Show what one person looks at, or what nobody does yet")
        self.age_filter = QComboBox()
        for text, days in AGES:
            self.age_filter.addItem(text, days)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        for combo in (self.kind_filter, self.vendor_filter, self.assignee_filter, self.age_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(self._filter_changed)
            filters.addWidget(combo, 1)
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self._filter_changed)
        self.search.textChanged.connect(self._debounce.start)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.AGE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # bulk actions
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(int(self.fontMetrics().height() * 2))
        self.table.setItemDelegateForColumn(Column.KINDS, ChipDelegate(self.table))
        head = self.table.horizontalHeader()
        head.setHighlightSections(False)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        for column, width in ((Column.ID, 40), (Column.VENDOR, 150), (Column.NUMBER, 95),
                              (Column.AMOUNT, 95), (Column.AGE, 70)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.activated.connect(lambda _index: self.resolve_selected())

        # detail: what is wrong, the way to the fix, then the document
        self.detail_kind = QLabel()
        self.detail_kind.setObjectName("detailHeading")
        self.detail_kind.setWordWrap(True)
        self.detail_invoice = QLabel()
        self.detail_invoice.setWordWrap(True)
        self.detail_invoice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_list = QListWidget()
        self.detail_list.setObjectName("exceptionList")
        self.detail_list.setWordWrap(True)
        self.detail_list.setMaximumHeight(int(self.fontMetrics().height() * 8))
        self.detail_list.currentRowChanged.connect(lambda _row: self._show_notes())
        self.detail_list.itemActivated.connect(lambda _item: self.resolve_selected())
        self.detail_history = QLabel()
        self.detail_history.setObjectName("secondaryText")
        self.detail_history.setWordWrap(True)
        self.open_button = QPushButton("Open invoice")
        self.open_button.setToolTip("Show the invoice in the Inbox to correct a field (Ctrl+I)")
        self.open_button.clicked.connect(self.open_selected)
        self.resolve_button = QPushButton("Resolve…")
        self.resolve_button.setToolTip("Close the chosen exception with a reason (Enter)")
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.assign_button = QPushButton("Assign…")
        self.assign_button.setToolTip("Give the selected invoices' exceptions to a person (Ctrl+G)")
        self.assign_button.clicked.connect(self.assign_selected)
        self.comment_button = QPushButton("Comment…")
        self.comment_button.setToolTip("Add a remark to the chosen exception (Ctrl+M)")
        self.comment_button.clicked.connect(self.comment_selected)
        detail = QFrame()
        detail.setObjectName("detailPane")
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(12, 8, 12, 8)
        dl.addWidget(self.detail_kind)
        dl.addWidget(self.detail_invoice)
        dl.addWidget(self.detail_list)
        dl.addWidget(self.detail_history)
        row = QHBoxLayout()
        row.addWidget(self.open_button)
        row.addStretch(1)
        row.addWidget(self.assign_button)
        row.addWidget(self.comment_button)
        row.addWidget(self.resolve_button)
        dl.addLayout(row)
        self.preview = DocumentPreview(ctx.runner)
        self.preview.show_message("Select an invoice to see its document here.")

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(detail)
        right.addWidget(self.preview)
        right.setStretchFactor(0, 0)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setSizes([760, 560])
        splitter.setChildrenCollapsible(False)
        ctx.remember_splitter(splitter, "exceptions/queue")
        ctx.remember_splitter(right, "exceptions/detail")

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(header)
        cl.addLayout(filters)
        cl.addWidget(splitter, 1)

        self.empty = EmptyState(
            "No exceptions",
            "Invoices that need a person's eye appear here: a missing PO number, a price "
            "that differs from the order, a possible duplicate, changed bank details. Everything else "
            "goes straight on to approval.",
        )
        self.stack = EmptyOr(self.empty, content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.stack)

        for keys, slot in (("Ctrl+R", self.resolve_selected), ("Ctrl+G", self.assign_selected),
                           ("Ctrl+M", self.comment_selected), ("Ctrl+I", self.open_selected)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.changed.connect(self._on_changed)

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected_group()
        keep_row = max(self.table.currentIndex().row(), 0)
        rows = repo.list_exceptions(self.ctx.store)
        self.model.set_rows(rows)
        self._fill_filters(rows)
        self.stack.set_empty(not rows)
        if rows:
            oldest = max(r.age for r in rows)
            invoices = self.model.rowCount()
            self.summary.setText(f"{len(rows)} open on {self.ctx.fmt.count(invoices, 'invoice')} · oldest {describe_age(oldest)}")
        self._select(keep.invoice_id if keep else None, keep_row)

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("exceptions", "invoices", "vendors"):
            self.request_refresh()

    def _fill_filters(self, rows: list[repo.ExceptionRow]) -> None:
        kinds: dict[str, int] = {}
        for r in rows:
            kinds[r.kind] = kinds.get(r.kind, 0) + 1
        vendors = sorted({r.vendor_name or "" for r in rows} - {""}, key=str.lower)
        people = sorted({r.assigned_to for r in rows if r.assigned_to}, key=str.lower)
        fill = (
            (self.kind_filter, [(f"All kinds ({len(rows)})", None)]
             + [(f"{repo.kind_label(k)} ({kinds[k]})", k) for k in sorted(kinds, key=repo.kind_label)]),
            (self.vendor_filter, [("All vendors", None)] + [(v, v) for v in vendors]),
            (self.assignee_filter, [("Anyone", None), ("Nobody yet", NOBODY)] + [(p, p) for p in people]),
        )
        for combo, items in fill:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(current), 0) if current is not None else 0)
            combo.blockSignals(False)
        self._apply_filters()

    def _apply_filters(self) -> None:
        self.proxy.set(text=self.search.text(), kind=self.kind_filter.currentData(), vendor=self.vendor_filter.currentData(),
                       assignee=self.assignee_filter.currentData(), min_days=self.age_filter.currentData() or 0)

    def _filter_changed(self) -> None:
        self._apply_filters()
        self._select(None, 0)

    def _select(self, invoice_id: int | None, fallback_row: int) -> None:
        target = None
        for r in range(self.proxy.rowCount() if invoice_id is not None else 0):
            if self.model.group_at(self.proxy.mapToSource(self.proxy.index(r, 0))).invoice_id == invoice_id:
                target = r
                break
        if target is None and self.proxy.rowCount():
            target = min(fallback_row, self.proxy.rowCount() - 1)
        if target is not None:
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(target, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.table.selectionModel().clearSelection()
        self._show_detail()

    def selected_group(self) -> InvoiceExceptions | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.group_at(self.proxy.mapToSource(index))

    def selected(self) -> repo.ExceptionRow | None:
        """The exception chosen in the detail (the invoice's most serious one unless another is picked)."""
        group = self.selected_group()
        if group is None:
            return None
        row = self.detail_list.currentRow()
        return group.rows[row] if 0 <= row < len(group.rows) else group.first

    def selected_groups(self) -> list[InvoiceExceptions]:
        current = self.selected_group()
        groups = [self.model.group_at(self.proxy.mapToSource(i)) for i in self.table.selectionModel().selectedRows()]
        others = [g for g in groups if current is None or g.invoice_id != current.invoice_id]
        return ([current] if current else []) + others

    def selected_rows(self) -> list[repo.ExceptionRow]:
        """What Resolve acts on: the chosen exception, and the same kind on every other selected invoice."""
        chosen = self.selected()
        if chosen is None:
            return []
        same_kind = [r for g in self.selected_groups()[1:] for r in g.rows if r.kind == chosen.kind]
        return [chosen, *same_kind]

    def _show_detail(self) -> None:
        group = self.selected_group()
        for button in (self.resolve_button, self.assign_button, self.comment_button, self.open_button):
            button.setEnabled(group is not None)
        self.detail_list.blockSignals(True)
        self.detail_list.clear()
        if group is None:
            self.detail_list.blockSignals(False)
            for label in (self.detail_kind, self.detail_invoice, self.detail_history):
                label.clear()
            self.preview.show_message("Select an invoice to see its document here.")
            return
        first = group.first
        self.detail_kind.setText(f"Invoice #{first.invoice_id} · {first.vendor_name or 'Unknown vendor'}")
        parts = [f"number {first.invoice_number or '(none)'}", money(first.total, first.currency),
                 f"waiting {describe_age(group.age)}"]
        self.detail_invoice.setText(" · ".join(parts))
        for row in group.rows:
            said = row.detail.lower().startswith(row.label.lower())
            item = QListWidgetItem(row.detail if said else f"{row.label}: {row.detail}")
            item.setToolTip(row.detail)
            self.detail_list.addItem(item)
        self.detail_list.setCurrentRow(0)
        self.detail_list.blockSignals(False)
        self._show_notes()
        self._show_document(first.invoice_id)

    def _show_notes(self) -> None:
        row = self.selected()
        if row is None:
            self.detail_history.clear()
            return
        notes = [f"Assigned to {row.assigned_to}."] if row.assigned_to else []
        if row.confirmed_by:
            notes.append(f"New bank details confirmed by {row.confirmed_by}; a second person must confirm.")
        notes += [f"{self.ctx.fmt.datetime(at)} {who}: {note}" for at, who, what, note in repo.comments(self.ctx.store, row.id)
                  if what == "commented"]
        self.detail_history.setText("\n".join(notes))
        self.detail_history.setVisible(bool(notes))

    def _show_document(self, invoice_id: int) -> None:
        try:
            doc = load_invoice(self.ctx.store, invoice_id).document
        except BodeskError:
            self.preview.show_message("This invoice no longer exists.")
            return
        self.preview.show_file(self.ctx.store.document_file(doc.stored_path), doc.kind)

    # -- actions ---------------------------------------------------------------------------------
    def ask_resolution(self, rows: list[repo.ExceptionRow]) -> tuple[str, str] | None:
        """(action, reason) a person gives for closing `rows`, or None when they cancel;
        (CORRECT_FIELD, field) when they choose to correct the reading instead."""
        dialog = ResolveDialog(rows, self)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_text(self, title: str, prompt: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, prompt, text=text)
        return value.strip() if ok else None

    def open_selected(self, field: str = "") -> None:
        group = self.selected_group()
        if group is not None:
            self.open_invoice_requested.emit(group.invoice_id, field or "")

    def resolve_selected(self) -> None:
        rows = self.selected_rows()
        answer = self.ask_resolution(rows) if rows else None
        if not answer or not answer[1]:
            return
        action, reason = answer
        if action == CORRECT_FIELD:
            self.open_invoice_requested.emit(rows[0].invoice_id, reason)
            return
        ids = [r.id for r in rows]
        self.ctx.runner.run_op("Resolve", actions.resolve, self.ctx.store, ids, reason, self.ctx.user, action,
                               on_done=lambda changes: self._resolved(rows[0], changes),
                               on_error=lambda exc: self._refused("Some exceptions were not resolved", exc))

    def _refused(self, title: str, exc: BodeskError) -> None:
        QMessageBox.warning(self, title, str(exc))

    def _resolved(self, first: repo.ExceptionRow, changes: Changes) -> None:
        done, problems = changes.value
        if problems:
            QMessageBox.warning(self, "Some exceptions were not resolved", "\n".join(problems))
        if done:
            where = f"invoice #{first.invoice_id}"
            waiting = [r for r in done if r.status == repo.OPEN]
            text = (f"Confirmed: {first.label} on {where}; a second person must confirm." if waiting and len(done) == 1
                    else f"Resolved: {first.label} on {where}" if len(done) == 1
                    else f"Resolved {self.ctx.fmt.count(len(done), 'exception')}")
            self.ctx.status_message.emit(text)
        self.ctx.changed.emit(changes)

    def assign_selected(self) -> None:
        rows = [r for g in self.selected_groups() for r in g.rows]
        person = self.ask_text("Assign", "Who looks at it? (empty: nobody)", rows[0].assigned_to or "") if rows else None
        if person is None:
            return
        self.ctx.runner.run_op("Assign", actions.assign, self.ctx.store, [r.id for r in rows], person, self.ctx.user,
                               on_done=lambda changes: self._assigned(person, changes),
                               on_error=lambda exc: self._refused("Not assigned", exc))

    def _assigned(self, person: str, changes: Changes) -> None:
        self.ctx.status_message.emit(f"Assigned {self.ctx.fmt.count(changes.value, 'exception')} to {person or 'nobody'}")
        self.ctx.changed.emit(changes)

    def comment_selected(self) -> None:
        row = self.selected()
        text = self.ask_text("Comment", "Your remark (kept in the audit trail):") if row else None
        if not row or not text:
            return
        self.ctx.runner.run_op("Comment", actions.comment, self.ctx.store, row.id, text, self.ctx.user,
                               on_done=lambda _changes: self._show_notes(),
                               on_error=lambda exc: self._refused("Comment not saved", exc))
