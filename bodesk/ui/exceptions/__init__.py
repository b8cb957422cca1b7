"""The Exceptions tab: invoices that need a person's eye, sortable by kind, age and amount.

Select an exception to read what is wrong. Keys: Enter or Ctrl+R resolves (how: accept, reject the
invoice, update the PO, trust the bank details, verify the vendor; and why), Ctrl+G assigns, Ctrl+M
comments; Shift/Ctrl-click or Ctrl+A select several for a bulk action. Resolving runs the invoice's
checks again. Everything goes to the audit trail. The table model lives in `model.py`.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from bodesk.store import exceptions as repo
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.exceptions.model import Column, ExceptionsModel, KindFilter, describe_age, money
from bodesk.ui.widgets import EmptyOr, EmptyState, TabView

#: Sizes by object name: the application's stylesheet fixes every widget's font size, so setFont
#: would be overridden; a view's own stylesheet takes precedence over the application's.
STYLE = """
QLabel#secondaryText { color: palette(placeholder-text); }
QLabel#viewTitle { font-size: 15pt; font-weight: 600; }
QLabel#detailHeading { font-size: 12pt; font-weight: 600; }
QLabel#dialogHeading { font-size: 11pt; font-weight: 600; }
"""

__all__ = ["ExceptionsView", "ResolveDialog"]


class ResolveDialog(QDialog):
    """Asks how and why exceptions can be closed (one, or several at once); both go to the audit trail."""

    def __init__(self, rows: repo.ExceptionRow | list[repo.ExceptionRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        rows = rows if isinstance(rows, list) else [rows]
        row = rows[0]
        self.setWindowTitle("Resolve exception" if len(rows) == 1 else f"Resolve {len(rows)} exceptions")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        heading = f"{row.label} — {row.vendor_name or 'unknown vendor'} {row.invoice_number or ''}".strip()
        title = QLabel(heading if len(rows) == 1 else f"{len(rows)} exceptions, the first: {heading}")
        title.setObjectName("dialogHeading")
        detail = QLabel(row.detail)
        detail.setWordWrap(True)
        self.action = QComboBox()
        fitting = [a for a in repo.ACTIONS if all(a in repo.actions_for(r.kind) for r in rows)]
        for action in fitting:
            self.action.addItem(repo.ACTIONS[action][0].upper() + repo.ACTIONS[action][1:], action)
        if row.confirmed_by:
            detail.setText(f"{row.detail}\n\nConfirmed by {row.confirmed_by}; a second person must confirm.")
        prompt = QLabel("Why can it be closed? This is kept in the audit trail.")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("e.g. Price agreed by phone with the vendor on 5 March")
        self.reason.setFixedHeight(90)
        self.reason.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Resolve")
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason.toPlainText().strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        for widget in (title, detail, self.action, prompt, self.reason, buttons):
            layout.addWidget(widget)

    def text(self) -> str:
        return self.reason.toPlainText().strip()

    def chosen_action(self) -> str:
        return str(self.action.currentData() or repo.ACCEPT)


class ExceptionsView(TabView):
    """Open exceptions with a detail pane and a Resolve action."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self.model = ExceptionsModel(self)
        self.proxy = KindFilter(self)
        self.proxy.setSourceModel(self.model)

        # header: title, summary, kind filter
        self.title = QLabel("Exceptions")
        self.title.setObjectName("viewTitle")
        self.summary = QLabel()
        self.summary.setObjectName("secondaryText")
        self.kind_filter = QComboBox()
        self.kind_filter.setMinimumWidth(220)
        self.kind_filter.setToolTip("Show one kind of exception")
        self.kind_filter.currentIndexChanged.connect(self._filter_changed)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addSpacing(12)
        header.addWidget(self.summary, 0, Qt.AlignmentFlag.AlignBottom)
        header.addStretch(1)
        header.addWidget(QLabel("Show:"))
        header.addWidget(self.kind_filter)

        # table
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
        head = self.table.horizontalHeader()
        head.setHighlightSections(False)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setSectionResizeMode(Column.DETAIL, QHeaderView.ResizeMode.Stretch)
        for column, width in ((Column.KIND, 200), (Column.VENDOR, 200), (Column.NUMBER, 120),
                              (Column.AMOUNT, 130), (Column.AGE, 90)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_detail())
        self.table.activated.connect(lambda _index: self.resolve_selected())

        # detail pane
        self.detail_kind = QLabel()
        self.detail_kind.setObjectName("detailHeading")
        self.detail_invoice = QLabel()
        self.detail_invoice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_text = QLabel()
        self.detail_text.setWordWrap(True)
        self.detail_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.resolve_button = QPushButton("Resolve…")
        self.resolve_button.setToolTip("Close this exception with a reason (Enter)")
        self.resolve_button.setDefault(False)
        self.resolve_button.setMinimumWidth(120)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.assign_button = QPushButton("Assign…")
        self.assign_button.setToolTip("Give the selected exceptions to a person (Ctrl+G)")
        self.assign_button.clicked.connect(self.assign_selected)
        self.comment_button = QPushButton("Comment…")
        self.comment_button.setToolTip("Add a remark to the selected exception (Ctrl+M)")
        self.comment_button.clicked.connect(self.comment_selected)
        self.detail_history = QLabel()
        self.detail_history.setObjectName("secondaryText")
        self.detail_history.setWordWrap(True)
        detail = QFrame()
        detail.setObjectName("detailPane")
        detail.setFrameShape(QFrame.Shape.StyledPanel)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(16, 12, 16, 12)
        dl.addWidget(self.detail_kind)
        dl.addWidget(self.detail_invoice)
        dl.addSpacing(4)
        dl.addWidget(self.detail_text, 1)
        dl.addWidget(self.detail_history)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.assign_button)
        row.addWidget(self.comment_button)
        row.addWidget(self.resolve_button)
        dl.addLayout(row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addLayout(header)
        cl.addSpacing(6)
        cl.addWidget(splitter, 1)

        self.empty = EmptyState(
            "No exceptions",
            "Invoices that need a person's eye appear here: a missing PO number, a price "
            "that differs from the order, a possible duplicate, changed bank details. Everything else "
            "goes straight on to approval.",
        )
        self.stack = EmptyOr(self.empty, content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.stack)

        for keys, slot in (("Ctrl+R", self.resolve_selected), ("Ctrl+G", self.assign_selected),
                           ("Ctrl+M", self.comment_selected)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.changed.connect(self._on_changed)

    # -- data ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        keep = self.selected()
        keep_row = max(self.table.currentIndex().row(), 0)
        rows = repo.list_exceptions(self.ctx.store)
        self.model.set_rows(rows)
        self._fill_filter(rows)
        self.stack.set_empty(not rows)
        if rows:
            oldest = max(r.age for r in rows)
            self.summary.setText(f"{len(rows)} open · oldest {describe_age(oldest)}")
        self._select(keep.id if keep else None, keep_row)

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("exceptions", "invoices"):
            self.request_refresh()

    def _fill_filter(self, rows: list[repo.ExceptionRow]) -> None:
        current = self.kind_filter.currentData()
        counts: dict[str, int] = {}
        for r in rows:
            counts[r.kind] = counts.get(r.kind, 0) + 1
        self.kind_filter.blockSignals(True)
        self.kind_filter.clear()
        self.kind_filter.addItem(f"All kinds ({len(rows)})", None)
        for kind in sorted(counts, key=repo.kind_label):
            self.kind_filter.addItem(f"{repo.kind_label(kind)} ({counts[kind]})", kind)
        index = self.kind_filter.findData(current) if current in counts else 0
        self.kind_filter.setCurrentIndex(max(index, 0))
        self.kind_filter.blockSignals(False)
        self.proxy.set_kind(self.kind_filter.currentData())

    def _filter_changed(self) -> None:
        self.proxy.set_kind(self.kind_filter.currentData())
        self._select(None, 0)

    def _select(self, exception_id: int | None, fallback_row: int) -> None:
        target = None
        for r in range(self.proxy.rowCount() if exception_id is not None else 0):
            if self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0))).id == exception_id:
                target = r
                break
        if target is None and self.proxy.rowCount():
            target = min(fallback_row, self.proxy.rowCount() - 1)
        if target is not None:
            self.table.selectionModel().setCurrentIndex(
                self.proxy.index(target, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_detail()

    def selected(self) -> repo.ExceptionRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(self.proxy.mapToSource(index))

    def selected_rows(self) -> list[repo.ExceptionRow]:
        """Every selected exception (bulk actions), the current one first."""
        current = self.selected()
        rows = [self.model.row_at(self.proxy.mapToSource(i)) for i in self.table.selectionModel().selectedRows()]
        others = [r for r in rows if current is None or r.id != current.id]
        return ([current] if current else []) + others

    def _show_detail(self) -> None:
        row = self.selected()
        for button in (self.resolve_button, self.assign_button, self.comment_button):
            button.setEnabled(row is not None)
        if row is None:
            for label in (self.detail_kind, self.detail_invoice, self.detail_text, self.detail_history):
                label.clear()
            return
        self.detail_kind.setText(row.label)
        parts = [row.vendor_name or "Unknown vendor", f"invoice {row.invoice_number or '(no number)'}"]
        if row.total is not None:
            parts.append(money(row.total, row.currency))
        parts.append(f"raised {row.created_at.day} {row.created_at:%b %Y, %H:%M} ({describe_age(row.age)} ago)")
        self.detail_invoice.setText(" · ".join(parts))
        self.detail_text.setText(row.detail)
        notes = [f"Assigned to {row.assigned_to}."] if row.assigned_to else []
        if row.confirmed_by:
            notes.append(f"New bank details confirmed by {row.confirmed_by}; a second person must confirm.")
        notes += [f"{at:%d %b %H:%M} {who}: {note}" for at, who, what, note in repo.comments(self.ctx.store, row.id)
                  if what == "commented"]
        self.detail_history.setText("\n".join(notes))

    # -- actions ---------------------------------------------------------------------------------
    def ask_resolution(self, rows: list[repo.ExceptionRow]) -> tuple[str, str] | None:
        """(action, reason) a person gives for closing `rows`, or None when they cancel."""
        dialog = ResolveDialog(rows, self)
        return (dialog.chosen_action(), dialog.text()) if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_text(self, title: str, prompt: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self, title, prompt, text=text)
        return value.strip() if ok else None

    def resolve_selected(self) -> None:
        rows = self.selected_rows()
        answer = self.ask_resolution(rows) if rows else None
        if not answer or not answer[1]:
            return
        action, reason = answer
        done, problems = repo.resolve_many(self.ctx.store, [r.id for r in rows], reason, self.ctx.user, action)
        if problems:
            QMessageBox.warning(self, "Some exceptions were not resolved", "\n".join(problems))
        if done:
            first = rows[0]
            where = f"{first.vendor_name or 'invoice'} {first.invoice_number or ''}".strip()
            waiting = [r for r in done if r.status == repo.OPEN]
            text = (f"Confirmed: {first.label} on {where}; a second person must confirm." if waiting and len(done) == 1
                    else f"Resolved: {first.label} on {where}" if len(done) == 1 else f"Resolved {len(done)} exceptions")
            self.ctx.status_message.emit(text)
        self.ctx.changed.emit(Changes.of("exceptions", "invoices", ids=tuple({r.invoice_id for r in rows})))

    def assign_selected(self) -> None:
        rows = self.selected_rows()
        person = self.ask_text("Assign", "Who looks at it? (empty: nobody)", rows[0].assigned_to or "") if rows else None
        if person is None:
            return
        repo.assign(self.ctx.store, [r.id for r in rows], person, actor=self.ctx.user)
        self.ctx.status_message.emit(f"Assigned {len(rows)} exception{'s' if len(rows) != 1 else ''} to {person or 'nobody'}")
        self.ctx.changed.emit(Changes.of("exceptions"))

    def comment_selected(self) -> None:
        row = self.selected()
        text = self.ask_text("Comment", "Your remark (kept in the audit trail):") if row else None
        if not row or not text:
            return
        repo.comment(self.ctx.store, row.id, text, actor=self.ctx.user)
        self._show_detail()
