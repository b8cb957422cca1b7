"""File › Export…: approved invoices to the accountant's software, off the GUI thread.

The twin of `bodesk export`: a format, an optional period, "export again" for a period already
exported (audited), the documents zip, and for DATEV the accountant's consultant and client numbers.
What was held back is listed with a sentence each.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from bodesk.core.exports import FORMAT_LABELS, FORMATS
from bodesk.store.settings import change
from bodesk.core.vocabulary import Change
from bodesk.ui.context import AppContext, Changes

SUFFIX = {"datev": "EXTF_Buchungsstapel", "xero": "xero-bills", "quickbooks": "quickbooks-bills", "csv": "invoices"}


def export_job(job: Any, store: Any, fmt: str, out: Path, options: dict[str, Any]) -> Any:
    """Runs on a worker thread."""
    from bodesk.store.exports import run_export

    return run_export(store, fmt, out, progress=lambda done, total: job.report(done, total, ""), **options)


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export for the accountant")
        self.setObjectName("exportDialog")
        self.ctx = ctx
        self.result_: Any = None
        today = date.today()

        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(FORMAT_LABELS[fmt], fmt)
        self.limit = QCheckBox("Only invoices dated")
        self.start = QDateEdit(QDate(today.year, today.month, 1))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.limit.toggled.connect(self.start.setEnabled)
        self.limit.toggled.connect(self.end.setEnabled)
        period = QHBoxLayout()
        period.addWidget(self.limit)
        period.addWidget(self.start)
        period.addWidget(QLabel("to"))
        period.addWidget(self.end)
        period.addStretch(1)
        self.again = QCheckBox("Export again: include invoices already exported in this period (recorded in the audit trail)")
        self.documents = QCheckBox("Also write a zip of the invoices' documents, named by invoice number")
        self.consultant = QSpinBox()
        self.consultant.setRange(0, 9999999)
        self.consultant.setValue(ctx.settings["books.datev_consultant_number"])
        self.client = QSpinBox()
        self.client.setRange(0, 99999)
        self.client.setValue(ctx.settings["books.datev_client_number"])
        self.datev_row = QWidget()
        datev = QHBoxLayout(self.datev_row)
        datev.setContentsMargins(0, 0, 0, 0)
        datev.addWidget(QLabel("Consultant number"))
        datev.addWidget(self.consultant)
        datev.addWidget(QLabel("Client number"))
        datev.addWidget(self.client)
        datev.addStretch(1)
        self.path = QLineEdit()
        self.path.setObjectName("exportPath")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self.choose_file)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)

        form = self.form = QFormLayout()
        form.addRow("Format", self.format)
        form.addRow("DATEV", self.datev_row)
        form.addRow("Period", period)
        form.addRow("", self.again)
        form.addRow("", self.documents)
        form.addRow("File", where)
        self.message = QLabel("Approved invoices not exported before leave in the chosen format.")
        self.message.setObjectName("exportMessage")
        self.message.setWordWrap(True)
        self.held = QPlainTextEdit()
        self.held.setObjectName("exportHeld")
        self.held.setReadOnly(True)
        self.held.setPlaceholderText("Invoices that need attention before they can be exported are listed here.")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setObjectName("exportButton")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.held, 1)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.resize(720, 460)

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        self.form.setRowVisible(self.datev_row, fmt == "datev")
        folder = Path(self.path.text()).parent if self.path.text() else Path.home()
        self.path.setText(str(folder / f"{SUFFIX[fmt]}-{date.today():%Y-%m-%d}.csv"))

    def choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), "CSV files (*.csv)")
        if name:
            self.path.setText(name)

    def options(self) -> dict[str, Any]:
        if self.format.currentData() == "datev":
            change(self.ctx.store, {"books.datev_consultant_number": self.consultant.value(),
                                    "books.datev_client_number": self.client.value()}, by=self.ctx.user)
        limited = self.limit.isChecked()
        return {
            "by": self.ctx.user,
            "start": self.start.date().toPython() if limited else None,
            "end": self.end.date().toPython() if limited else None,
            "again": self.again.isChecked(),
            "documents": self.documents.isChecked(),
            "settings": self.ctx.settings,
        }

    def start_export(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.setText("Choose the file to export to.")
            return
        self.export_button.setEnabled(False)
        self.message.setText("Exporting…")
        self.held.clear()
        self.ctx.runner.run("Export", export_job, self.ctx.store, self.format.currentData(), Path(text).expanduser(),
                            self.options(), on_done=self._done, on_error=self._failed)

    def _done(self, result: Any) -> None:
        self.result_ = result
        self.export_button.setEnabled(True)
        self.message.setText(result.sentence())
        self.held.setPlainText("\n".join(reason for _, reason in result.held))
        self.ctx.status_message.emit(result.sentence())
        if result.invoice_ids:
            self.ctx.changed.emit(Changes.of(Change.EXPORTS, Change.BOOKINGS, ids=tuple(result.invoice_ids)))

    def _failed(self, message: str, _trace: str) -> None:
        self.export_button.setEnabled(True)
        self.message.setText(message)
