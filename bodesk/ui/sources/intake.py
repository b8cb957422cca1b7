"""The window's side of intake: sources running in the background, activity in the status bar, tray notices."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QSystemTrayIcon, QWidget

from bodesk.ingest.sources import IntakeService, SourceReport
from bodesk.jobs.runner import Job
from bodesk.store import sources as db
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.sources import SourcesDialog, intake_job


class IntakeController(QObject):
    """Starts the sources through the job runner and turns their reports into what the user sees."""

    reported = Signal(object)  # SourceReport, on the GUI thread

    def __init__(self, ctx: AppContext, status: QLabel, window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.status = status
        self.window = window
        self.service = IntakeService(ctx.store, executor=lambda: ctx.runner.process_pool)
        self.job: Job | None = None
        self.notices: list[str] = []  # what the tray said (kept for the tests, where there is no tray)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(window.windowIcon(), self)
            self.tray.setToolTip("bodesk")
            self.tray.activated.connect(lambda _reason: (window.showNormal(), window.activateWindow()))
            self.tray.show()

    def start(self) -> None:
        """Run every enabled source in the background (or tell the running loop the sources changed)."""
        if self.job is not None:
            self.service.reload()
            return
        if not db.list_sources(self.ctx.store, enabled_only=True):
            return
        self.job = self.ctx.runner.run("Intake", intake_job, self.service, self.ctx.runner.loops, on_item=self._report,
                                       on_error=lambda message, _trace: self.status.setText(message))
        if self.job.cancelled:  # the app is closing
            self.job = None
            return
        self.job.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)

    def _ended(self) -> None:
        self.job = None

    def _report(self, report: SourceReport) -> None:
        if report.checking or report.imported or report.error:
            self.status.setText(report.sentence())
        elif self.status.text() == replace(report, checking=True).sentence():
            self.status.setText(report.sentence())  # the check it announced ended: "scanner: nothing new."
        if not report.checking:
            self.reported.emit(report)
        if report.imported:
            self.ctx.changed.emit(Changes.of("invoices", "exceptions", "documents", ids=report.invoice_ids))
            text = f"{report.imported} new invoice{'s' if report.imported != 1 else ''} from {report.name}"
            if report.needs_review:
                text += f"; {report.needs_review} need{'s' if report.needs_review == 1 else ''} a look (exceptions)"
            self.notify(text + ".")

    def notify(self, text: str) -> None:
        self.notices.append(text)
        if self.tray is not None:
            self.tray.showMessage("bodesk", text, QSystemTrayIcon.MessageIcon.Information, 8000)

    def show_dialog(self) -> SourcesDialog:
        dialog = SourcesDialog(self.ctx, self.window)
        dialog.changed.connect(self.start)
        self.reported.connect(dialog.on_report)
        dialog.open()
        return dialog
