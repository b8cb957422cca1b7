"""The Payables tab: what to pay by a date (discounts taken, credit notes netted, what is held back and
why), ticked, unticked or moved to another day, then confirmed as a batch and written as a bank file;
payables at a glance (due this week and next, overdue, discounts expiring, aging, spend by vendor);
the batches so far; and "Import bank statement…", which marks what the bank paid as paid.

Everything that reads or writes the database runs on the job runner; the proposal itself is recomputed
there too when a row is ticked, so the window never waits on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDateEdit, QFileDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
    QMessageBox, QPushButton, QTableView, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from bodesk.core.payables import BUCKETS, Overview
from bodesk.core.payments import Payable, Proposal
from bodesk.core.vocabulary import Change
from bodesk.jobs.runner import Job
from bodesk.store import Store
from bodesk.store.bank import StatementResult, import_statement, statement_lines
from bodesk.store.payments import BatchResult, batch_records, confirm, confirmer, gather, glance, make_proposal, write_again
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.payables.dialogs import PayOnDialog, StatementDialog
from bodesk.ui.payables.model import ProposalModel
from bodesk.ui.widgets import TabView

__all__ = ["PayablesView"]

STYLE = """
QLabel#viewTitle { font-size: 15pt; font-weight: 600; }
QLabel#glanceCaption { font-weight: 600; color: palette(placeholder-text); }
QLabel#glanceValue { font-size: 13pt; font-weight: 600; }
QLabel#glanceValue[state="alert"] { color: #8c1d18; }
QLabel#totals { font-weight: 600; }
"""


@dataclass(frozen=True)
class Loaded:
    request: int
    payables: list[Payable]
    proposal: Proposal
    overview: Overview | None
    batches: list[dict] | None  # type: ignore[type-arg]
    open_lines: list[dict] | None  # type: ignore[type-arg]


def _load(job: Job, request: int, store: Store, horizon: date, file_format: str, excluded: frozenset[int],
          pay_on: dict[int, date], payables: list[Payable] | None) -> Loaded:
    fresh = payables is None
    payables = gather(store) if payables is None else payables
    proposal = make_proposal(store, horizon, file_format=file_format, excluded=excluded, pay_on=pay_on, payables=payables)
    return Loaded(request, payables, proposal, glance(store) if fresh else None, batch_records(store) if fresh else None,
                  statement_lines(store, open_only=True) if fresh else None)


def _confirm(job: Job, store: Store, proposal: Proposal, by: str, file_format: str, out: Path) -> BatchResult:
    return confirm(store, proposal, by=confirmer(store, by), file_format=file_format, out=out)


def _write_again(job: Job, store: Store, batch_id: int, out: Path, by: str) -> Path:
    return write_again(store, batch_id, out, by=confirmer(store, by))


def _import(job: Job, store: Store, path: Path, by: str) -> StatementResult:
    from bodesk.store.people import resolve

    return import_statement(store, path, by=resolve(store, by).name)


class PayablesView(TabView):
    """The payment proposal for a date, the payables at a glance, and the batches."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setStyleSheet(STYLE)
        self._request = 0
        self.loading = False
        self.payables: list[Payable] | None = None
        self.proposal: Proposal | None = None
        self.excluded: set[int] = set()
        self.pay_on: dict[int, date] = {}

        title = QLabel("Payables")
        title.setObjectName("viewTitle")
        self.horizon = QDateEdit(QDate.currentDate().addDays(7), calendarPopup=True)
        self.horizon.setDisplayFormat(ctx.fmt.date_pattern)
        self.horizon.setToolTip("Propose what is due by this day, and discounts whose window ends by then")
        self.horizon.dateChanged.connect(lambda _d: self.reload(keep_choices=False))
        self.file_format = QComboBox()
        self.file_format.addItem("SEPA (pain.001)", "sepa")
        self.file_format.addItem("CSV", "csv")
        self.file_format.setCurrentIndex(max(0, self.file_format.findData(ctx.settings["payments.file_format"])))
        self.file_format.currentIndexChanged.connect(lambda _i: self.reload())
        self.import_button = QPushButton("Import bank statement…")
        self.import_button.clicked.connect(self.choose_statement)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(QLabel("Pay what is due by:"))
        header.addWidget(self.horizon)
        header.addWidget(QLabel("File:"))
        header.addWidget(self.file_format)
        header.addSpacing(12)
        header.addWidget(self.import_button)

        self.glance_values: dict[str, QLabel] = {}
        glance_row = QGridLayout()
        glance_row.setHorizontalSpacing(24)
        for column, (key, caption) in enumerate((
            ("overdue", "Overdue"), ("this_week", "Due this week"), ("next_week", "Due next week"),
            ("discounts", "Discounts expiring (7 days)"), ("aging", "Aging: current · 1–30 · 31–60 · 61–90 · 90+"),
            ("spend", "Spend by vendor (12 months)"),
        )):
            label = QLabel(caption)
            label.setObjectName("glanceCaption")
            value = QLabel("—")
            value.setObjectName("glanceValue" if key not in ("aging", "spend") else "")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            glance_row.addWidget(label, 0, column)
            glance_row.addWidget(value, 1, column, Qt.AlignmentFlag.AlignTop)
            self.glance_values[key] = value
        glance_row.setColumnStretch(5, 1)

        self.model = ProposalModel(ctx)
        self.model.toggled.connect(self._toggled)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(2, 210)
        self.totals = QLabel()
        self.totals.setObjectName("totals")
        self.totals.setWordWrap(True)
        self.pay_on_button = QPushButton("Change pay date…")
        self.pay_on_button.setToolTip("Pay the selected items on another day")
        self.pay_on_button.clicked.connect(self.change_pay_on)
        self.reset_button = QPushButton("Reset choices")
        self.reset_button.clicked.connect(lambda: self.reload(keep_choices=False))
        self.confirm_button = QPushButton("Confirm batch…")
        self.confirm_button.setDefault(True)
        self.confirm_button.setToolTip("Schedule the ticked items and write the bank file")
        self.confirm_button.clicked.connect(self.confirm_batch)
        footer = QHBoxLayout()
        footer.addWidget(self.totals, 1)
        footer.addWidget(self.pay_on_button)
        footer.addWidget(self.reset_button)
        footer.addWidget(self.confirm_button)

        proposal_page = QWidget()
        pl = QVBoxLayout(proposal_page)
        pl.setContentsMargins(0, 6, 0, 0)
        pl.addWidget(self.table, 1)
        pl.addLayout(footer)

        self.batches = QTableWidget(0, 7)
        self.batches.setHorizontalHeaderLabels(("Batch", "Confirmed", "By", "File", "State", "Total", "Written"))
        self.batches.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.batches.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.batches.verticalHeader().setVisible(False)
        self.batches.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.batches.horizontalHeader().setStretchLastSection(True)
        self.again_button = QPushButton("Write file again…")
        self.again_button.setToolTip("Write the selected batch's bank file once more (recorded in the audit trail)")
        self.again_button.clicked.connect(self.write_batch_again)
        batches_page = QWidget()
        bl = QVBoxLayout(batches_page)
        bl.setContentsMargins(0, 6, 0, 0)
        bl.addWidget(self.batches, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.again_button)
        bl.addLayout(row)

        self.open_lines = QTableWidget(0, 5)
        self.open_lines.setHorizontalHeaderLabels(("Booked", "Amount", "To / from", "Remittance", "What to check"))
        self.open_lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.open_lines.verticalHeader().setVisible(False)
        self.open_lines.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.open_lines.horizontalHeader().setStretchLastSection(True)

        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(proposal_page, "Proposal")
        self.pages.addTab(batches_page, "Batches")
        self.pages.addTab(self.open_lines, "Statement lines to check")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(header)
        layout.addSpacing(6)
        layout.addLayout(glance_row)
        layout.addSpacing(6)
        layout.addWidget(self.pages, 1)
        ctx.changed.connect(self._on_changed)

    # -- loading ---------------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if changes.concerns("invoices", "vendors", Change.PAYMENTS, "settings"):
            self.payables = None
            self.request_refresh()

    def refresh(self) -> None:
        self.reload(keep_choices=True, fresh=True)

    def reload(self, keep_choices: bool = True, fresh: bool = False) -> None:
        """Work the proposal out again in the background (from the database when `fresh`); the newest wins."""
        if not keep_choices:
            self.excluded.clear()
            self.pay_on.clear()
        self._request += 1
        self.loading = True
        self.ctx.runner.run(
            "Payment proposal", _load, self._request, self.ctx.store, self.horizon.date().toPython(),
            self.file_format.currentData(), frozenset(self.excluded), dict(self.pay_on),
            None if fresh or self.payables is None else self.payables,
            on_done=self._loaded, on_error=self._failed,
        )

    def _loaded(self, loaded: Loaded) -> None:
        if loaded.request != self._request:
            return
        self.loading = False
        self.payables, self.proposal = loaded.payables, loaded.proposal
        self.model.set_lines(loaded.proposal.lines)
        self._show_totals(loaded.proposal)
        if loaded.overview is not None:
            self._show_glance(loaded.overview)
        if loaded.batches is not None:
            self._show_batches(loaded.batches)
        if loaded.open_lines is not None:
            self._show_open_lines(loaded.open_lines)

    def _failed(self, text: str, _traceback: str) -> None:
        self.loading = False
        self.import_button.setEnabled(True)
        self.confirm_button.setEnabled(True)
        QMessageBox.warning(self, "Payables", text)

    def _money(self, sums: dict) -> str:  # type: ignore[type-arg]
        return "\n".join(self.ctx.fmt.money(v, c) for c, v in sorted(sums.items())) or "—"

    def _show_glance(self, view: Overview) -> None:
        fmt = self.ctx.fmt
        values = self.glance_values
        values["overdue"].setText(self._money(view.overdue) + (f"\n{fmt.count(view.overdue_count, 'invoice')}"
                                                                if view.overdue_count else ""))
        values["overdue"].setProperty("state", "alert" if view.overdue_count else "")
        values["overdue"].style().polish(values["overdue"])
        values["this_week"].setText(self._money(view.due_this_week))
        values["next_week"].setText(self._money(view.due_next_week))
        expiring = view.discounts_expiring
        values["discounts"].setText(
            f"{fmt.count(len(expiring), 'discount')}\nsave {self._money(self._sum_discounts(expiring))}" if expiring else "—")
        currencies = sorted({c for bucket in view.aging.values() for c in bucket})
        values["aging"].setText("\n".join(
            " · ".join(fmt.amount(view.aging[b].get(c, 0)) for b in BUCKETS) + f"  {c}" for c in currencies) or "—")
        values["spend"].setText("\n".join(f"{v}: {fmt.money(a, c)}" for v, c, a in view.spend_by_vendor[:3]) or "—")

    @staticmethod
    def _sum_discounts(items: list) -> dict:  # type: ignore[type-arg]
        sums: dict = {}  # type: ignore[type-arg]
        for i in items:
            sums[i.currency] = sums.get(i.currency, 0) + (i.discount_amount or 0)
        return sums

    def _show_totals(self, proposal: Proposal) -> None:
        fmt = self.ctx.fmt
        totals = proposal.totals()
        if not proposal.transfers:
            text = "Nothing to pay by then." if not proposal.lines else "Nothing ticked can be paid."
        else:
            text = f"Pays {fmt.count(len(proposal.transfers), 'transfer')}: " + ", ".join(
                f"{fmt.money(v, c)} on {fmt.date(d)}" for (c, d), v in totals.items())
            savings = proposal.savings()
            if savings:
                text += " · discounts taken " + ", ".join(fmt.money(v, c) for c, v in savings.items())
        if proposal.blocked:
            text += f" · {fmt.count(len(proposal.blocked), 'item')} held back (see Note)"
        self.totals.setText(text)
        self.confirm_button.setEnabled(bool(proposal.transfers))

    def _show_batches(self, records: list[dict]) -> None:  # type: ignore[type-arg]
        self.batches.setRowCount(len(records))
        for row, r in enumerate(reversed(records)):
            total = ", ".join(self.ctx.fmt.money(v, c) for c, v in r["totals"].items())
            for col, text in enumerate((str(r["id"]), r["created_at"].replace("T", " "), r["created_by"],
                                        Path(r["file"]).name if r["file"] else "", r["state"], total, str(r["written"]))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, r["id"])
                self.batches.setItem(row, col, item)

    def _show_open_lines(self, records: list[dict]) -> None:  # type: ignore[type-arg]
        fmt = self.ctx.fmt
        self.open_lines.setRowCount(len(records))
        for row, r in enumerate(records):
            values = (fmt.date(date.fromisoformat(r["booking_date"])), fmt.money(Decimal(r["amount"]), r["currency"]),
                      r["counterparty"] or "", r["remittance"], r["note"])
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.open_lines.setItem(row, col, item)
        index = self.pages.indexOf(self.open_lines)
        self.pages.setTabText(index, f"Statement lines to check ({len(records)})" if records else "Statement lines to check")

    # -- choices ---------------------------------------------------------------------------------
    def _toggled(self, invoice_id: int, paid: bool) -> None:
        (self.excluded.discard if paid else self.excluded.add)(invoice_id)
        self.reload()

    def selected_ids(self) -> list[int]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.lines[r].payable.invoice_id for r in sorted(rows)]

    def change_pay_on(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.ctx.status_message.emit("Select the items to pay on another day first.")
            return
        first = next(l.pay_on for l in self.model.lines if l.payable.invoice_id == ids[0])
        dialog = PayOnDialog(first, self.ctx.fmt.date_pattern, self)
        if dialog.exec():
            self.set_pay_on(ids, dialog.day())

    def set_pay_on(self, ids: list[int], day: date) -> None:
        for invoice_id in ids:
            self.pay_on[invoice_id] = day
        self.reload()

    # -- actions ---------------------------------------------------------------------------------
    def confirm_batch(self, out: Path | None = None) -> None:
        if self.proposal is None or not self.proposal.transfers:
            return
        file_format = self.file_format.currentData()
        if out is None:
            suffix = "xml" if file_format == "sepa" else "csv"
            name, _ = QFileDialog.getSaveFileName(
                self, "Write the bank file", str(Path.home() / f"payments-{date.today():%Y-%m-%d}.{suffix}"),
                "SEPA file (*.xml)" if file_format == "sepa" else "CSV file (*.csv)")
            if not name:
                return
            out = Path(name)
        self.confirm_button.setEnabled(False)
        self.ctx.runner.run("Payment batch", _confirm, self.ctx.store, self.proposal, self.ctx.user, file_format, out,
                            on_done=self._confirmed, on_error=self._failed)

    def _confirmed(self, result: BatchResult) -> None:
        totals = ", ".join(self.ctx.fmt.money(v, c) for c, v in result.totals.items())
        self.ctx.status_message.emit(f"Payment batch {result.batch_id}: {self.ctx.fmt.count(result.transfers, 'transfer')} "
                                     f"({totals}) written to {result.path}; upload it to your bank.")
        self.excluded.clear()
        self.pay_on.clear()
        self.ctx.changed.emit(Changes.of("invoices", Change.PAYMENTS))

    def write_batch_again(self, out: Path | None = None) -> None:
        row = self.batches.currentRow()
        if row < 0:
            self.ctx.status_message.emit("Select a batch first.")
            return
        batch_id = self.batches.item(row, 0).data(Qt.ItemDataRole.UserRole)
        if out is None:
            answer = QMessageBox.question(
                self, "Write the bank file again?",
                f"Batch {batch_id} was written before. Uploading it twice makes the bank pay twice. Write it again?")
            if answer != QMessageBox.StandardButton.Yes:
                return
            name, _ = QFileDialog.getSaveFileName(self, "Write the bank file again", str(Path.home()))
            if not name:
                return
            out = Path(name)
        self.ctx.runner.run("Bank file", _write_again, self.ctx.store, batch_id, out, self.ctx.user,
                            on_done=lambda path: self._written_again(batch_id, path), on_error=self._failed)

    def _written_again(self, batch_id: int, path: Path) -> None:
        self.ctx.status_message.emit(f"Batch {batch_id} written again to {path}.")
        self.ctx.changed.emit(Changes.of(Change.PAYMENTS))

    def choose_statement(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import bank statement", str(Path.home()),
                                              "Bank statements (*.xml *.sta *.mt940 *.txt *.csv);;All files (*)")
        if name:
            self.import_statement(Path(name))

    def import_statement(self, path: Path) -> None:
        self.import_button.setEnabled(False)
        self.ctx.runner.run("Bank statement", _import, self.ctx.store, path, self.ctx.user,
                            on_done=self._imported, on_error=self._failed)

    def _imported(self, result: StatementResult) -> None:
        self.import_button.setEnabled(True)
        self.last_statement = result
        self.ctx.changed.emit(Changes.of("invoices", Change.PAYMENTS))
        new = sum(1 for r in result.records if r.new)
        self.ctx.status_message.emit(
            f"Statement read: {self.ctx.fmt.count(len(result.records), 'line')}, {new} new; "
            f"{self.ctx.fmt.count(len(result.paid_invoices), 'invoice')} marked paid." if new else
            "That statement was imported before; nothing changed.")
        if self.isVisible():
            StatementDialog(result, self.ctx.fmt, self).open()

