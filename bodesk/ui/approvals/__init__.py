"""The Approvals tab: what waits for the signed-in person, one invoice at a time, with its document beside it.

What is routed to the signed-in person (or to someone they stand in for while that person is away)
comes first; the rest of the queue follows read-only, saying whose it is. A refusal (a limit, the
separation of duties) is shown under the buttons as the rule's sentence.

Keys: A approves, R rejects (a note saying why is required), S or → skips to the next one.
While the note field has the focus, letters go into the note; Esc leaves it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.people import name_key
from bodesk.core.vocabulary import InvoiceStatus
from bodesk.errors import BodeskError
from bodesk.store import actions, approvals
from bodesk.store.authority import is_founder, waiting_for
from bodesk.store.invoices import load_invoice
from bodesk.store.schema import Invoice
from bodesk.ui.document import DocumentPreview
from bodesk.ui.approvals.summary import InvoiceSummary
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.widgets import EmptyOr, EmptyState, TabView, Toast

__all__ = ["ApprovalsView"]

#: Sizes by object name: the application's stylesheet fixes every widget's font size, so setFont
#: would be overridden; a view's own stylesheet takes precedence over the application's.
STYLE = """
QLabel#secondaryText { color: palette(placeholder-text); }
QLabel#vendorName { font-size: 16pt; font-weight: 600; }
QLabel#bigTotal { font-size: 26pt; font-weight: 700; }
QPushButton#primaryButton { font-weight: 600; }
QLabel#whose { font-weight: 600; }
QLabel#refusal { color: #b3261e; }
"""




class ApprovalsView(TabView):
    """One waiting invoice at a time: Approve, Reject with a note, or Skip."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self._queue: list[int] = []
        self._position = 0
        self.invoice: Invoice | None = None

        self.counter = QLabel()
        self.counter.setObjectName("secondaryText")
        self.whose = QLabel()
        self.whose.setObjectName("whose")
        self.whose.setWordWrap(True)
        self.refusal = QLabel()
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        self.refusal.hide()
        self._mine: set[int] = set()
        self._owner: dict[int, str | None] = {}
        self._founder = False
        self._deciding = False  # a decision is on its way to the store: A/R wait for its answer
        self.summary = InvoiceSummary()

        self.note = QLineEdit()
        self.note.setPlaceholderText("Note (N) — optional to approve, required to reject")
        self.note.setClearButtonEnabled(True)
        # Not reachable by Tab from the buttons: a stray focus there would turn A/R/S into typing. N or a click.
        self.note.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
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
        self.approve_button.clicked.connect(self.approve_current)
        self.reject_button.clicked.connect(self.reject_current)
        self.skip_button.clicked.connect(self.skip)

        panel = QWidget()
        panel.setMinimumWidth(380)
        pl = QVBoxLayout(panel)
        pl.setContentsMargins(4, 4, 16, 4)
        pl.addWidget(self.counter)
        pl.addWidget(self.whose)
        pl.addSpacing(8)
        pl.addWidget(self.summary)
        pl.addStretch(1)
        pl.addSpacing(8)
        pl.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button, 2)
        buttons.addWidget(self.reject_button, 1)
        buttons.addWidget(self.skip_button, 1)
        pl.addLayout(buttons)
        pl.addWidget(self.refusal)

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
        self.toast = Toast(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.stack)

        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (("A", self.approve_current), ("R", self.reject_current), ("S", self.skip),
                           ("Right", self.skip)):
            QShortcut(QKeySequence(keys), self, slot, context=context)
        QShortcut(QKeySequence("N"), self, self.note.setFocus, context=context)
        QShortcut(QKeySequence("Esc"), self.note, self.setFocus, context=Qt.ShortcutContext.WidgetShortcut)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        ctx.changed.connect(self._on_changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        focus = self.focusWidget()
        if focus is None or (focus is self.note and not self.note.text()):
            self.setFocus()

    # -- the queue -------------------------------------------------------------------------------
    @property
    def current_id(self) -> int | None:
        return self._queue[self._position] if self._queue else None

    def refresh(self) -> None:
        """Reload the queue, staying on the same invoice if it still waits (else on the next one)."""
        current = self.current_id
        waiting = approvals.waiting(self.ctx.store)
        mine_names = {name_key(n) for n in waiting_for(self.ctx.store, self.ctx.user)} if self.ctx.user else set()
        self._mine = {w.id for w in waiting if w.approver is None or name_key(w.approver) in mine_names}
        self._owner = {w.id: w.approver for w in waiting}
        self._queue = [w.id for w in waiting if w.id in self._mine] + [w.id for w in waiting if w.id not in self._mine]
        # The founder may decide what waits for others too (the store refuses a chain's later step).
        self._founder = bool(self.ctx.user) and is_founder(self.ctx.store, self.ctx.user)
        if current in self._queue:
            self._position = self._queue.index(current)
        else:
            self._position = min(self._position, max(len(self._queue) - 1, 0))
        self._show_current()

    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("invoices", "exceptions", "people"):
            self.request_refresh()

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
        mine = inv.id in self._mine
        owner = self._owner.get(inv.id)
        if mine:
            whose = "Waits for you" if owner is None or name_key(owner) == name_key(self.ctx.user) else \
                f"Waits for {owner}; you stand in while they are away"
        elif self._founder:
            whose = f"Waits for {owner}; as founder you may decide it"
        else:
            whose = f"Waits for {owner}: shown read-only"
        mine = mine or self._founder
        mine_count = len(self._mine)
        self.whose.setText(f"{whose} · {mine_count} of {n} for you")
        self.approve_button.setEnabled(mine)
        self.reject_button.setEnabled(mine)
        self.refusal.hide()
        self.summary.show_invoice(inv)
        doc = inv.document
        self.preview.show_file(self.ctx.store.document_file(doc.stored_path), doc.kind)

    # -- decisions -------------------------------------------------------------------------------
    def ask_note(self) -> str | None:
        """Why the invoice is rejected; None when the person cancels."""
        text, ok = QInputDialog.getText(self, "Reject invoice",
                                        "Why is it rejected? The office will pass this on to the vendor.")
        return text.strip() if ok and text.strip() else None

    def approve_current(self) -> None:
        self._decide(approve=True)

    def undo_approval(self, invoice_id: int) -> None:
        """Take back the approval just given (the toast's Undo, or Ctrl+Z while it shows)."""
        self.ctx.runner.run_op("Undo approval", actions.undo_approval, self.ctx.store, invoice_id, self.ctx.user,
                               on_done=lambda changes: self._undone(invoice_id, changes),
                               on_error=lambda exc: QMessageBox.warning(self, "The approval stays", str(exc)))

    def _undone(self, invoice_id: int, changes: Changes) -> None:
        self.ctx.status_message.emit(f"Approval of invoice #{invoice_id} taken back; it waits again.")
        self.ctx.changed.emit(changes)

    def reject_current(self) -> None:
        self._decide(approve=False)

    def _decide(self, *, approve: bool) -> None:
        invoice_id = self.current_id
        if self._deciding or invoice_id is None or not (invoice_id in self._mine or self._founder):
            return
        note = self.note.text().strip()
        if not approve and not note:
            note = self.ask_note() or ""
            if not note:
                return
        # The store decides on its own lane; the window stays responsive and shows the answer when it comes.
        self._deciding = True
        self.approve_button.setEnabled(False)
        self.reject_button.setEnabled(False)
        invoice = self.invoice
        op = actions.approve if approve else actions.reject
        self.ctx.runner.run_op("Approve" if approve else "Reject", op, self.ctx.store, invoice_id, self.ctx.user,
                               (note or None) if approve else note,
                               on_done=lambda changes: self._decided(changes, approve, invoice_id, invoice),
                               on_error=self._refused)

    def _refused(self, exc: BodeskError) -> None:
        """A refusal names its rule (it is in the audit trail too): shown under the buttons."""
        self._deciding = False
        self.refresh()
        self.refusal.setText(str(exc))
        self.refusal.show()

    def _decided(self, changes: Changes, approve: bool, invoice_id: int, invoice: Invoice | None) -> None:
        self._deciding = False
        outcome = str(changes.value)
        what = "Approved" if approve else "Rejected"
        if approve and outcome != InvoiceStatus.APPROVED:  # one step of a chain: "approved by Ana (step 1 of 2)…"
            what = outcome[0].upper() + outcome[1:] + ":"
        name = invoice.vendor_name if invoice and invoice.vendor_name else "invoice"
        told = f"{what}: {name} {invoice.invoice_number if invoice else ''}".strip()
        self.ctx.status_message.emit(told)
        if approve:
            self.toast.show_message(told, "Undo", lambda: self.undo_approval(invoice_id))
        self.note.clear()
        self.ctx.changed.emit(changes)
