"""The window's imports: the queue of drops, the progress in the status bar, cancelling, and
finishing an import that a crash interrupted. Beside `sources.intake.IntakeController` (watched
folders and mailboxes), this keeps the main window to its tabs, menus and drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressBar, QToolButton, QWidget

from bodesk.jobs.runner import Job
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.operations import ImportSummary, import_job, resume_job


class ImportController(QObject):
    """Runs one import at a time in the background; a drop while one runs waits its turn."""

    def __init__(self, ctx: AppContext, status: QLabel, progress: QProgressBar, cancel_button: QToolButton,
                 window: QWidget) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.status = status
        self.progress = progress
        self.cancel_button = cancel_button
        self.window = window
        self.job: Job | None = None
        self.pending: list[Path] = []
        self.last: ImportSummary | None = None
        # The lists follow an import, not every file, and without the window waiting on the database.
        self._refresh = QTimer(self, singleShot=True, interval=700)
        self._refresh.timeout.connect(lambda: ctx.changed.emit(Changes.of("invoices", "exceptions", background=True)))
        cancel_button.clicked.connect(self.cancel)

    def resume_interrupted(self) -> Job | None:
        """Documents stored but not yet read when the app last stopped are read now, in the background."""
        from bodesk.store.invoices import count_received

        if count_received(self.ctx.store) == 0:
            return None
        self.status.setText("Finishing documents from an interrupted import…")
        return self.ctx.runner.run("Resume import", resume_job, self.ctx.store, self.ctx.runner.process_pool,
                                   on_done=self._done, on_error=self._failed)

    def import_paths(self, paths: list[Path], source_kind: str = "drop") -> None:
        if self.job is not None:
            self.pending.extend(paths)
            self.status.setText(f"Queued {self.ctx.fmt.count(len(paths), 'more item')}; they follow the current import.")
            return
        self._busy(cancellable=True)
        self.status.setText("Importing…")
        self.job = self.ctx.runner.run(
            "Import", import_job, self.ctx.store, paths, self.ctx.runner.process_pool, source_kind,
            self.ctx.user or None,
            on_progress=self.show_progress,
            on_item=lambda _record: self._refresh.isActive() or self._refresh.start(),
            on_done=self._done, on_error=self._failed,
        )
        self.job.ended.connect(self._ended, Qt.ConnectionType.QueuedConnection)

    def run_demo(self, on_done) -> None:  # type: ignore[no-untyped-def]
        """Fill a new demo workspace in the background, with progress like an import's."""
        from bodesk.demo.workspace import build_demo_job

        self._busy(cancellable=False)
        self.status.setText("Preparing the demo workspace…")
        self.ctx.runner.run("Demo workspace", build_demo_job, self.ctx.store, self.ctx.runner.process_pool,
                            on_progress=self.show_progress, on_done=on_done, on_error=self._failed,
                            ).ended.connect(lambda: self.progress.hide(), Qt.ConnectionType.QueuedConnection)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.pending.clear()
            self.status.setText("Cancelling the import after the current document…")

    def _busy(self, *, cancellable: bool) -> None:
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setVisible(cancellable)

    def show_progress(self, done: int, total: int, name: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{done} / {total}")
        if name:
            self.status.setText(f"Importing… {name}")

    def _done(self, summary: ImportSummary) -> None:
        self.last = summary
        self.status.setText(summary.sentence())
        self.ctx.changed.emit(Changes.of("invoices", "exceptions", "documents", ids=summary.invoice_ids))
        failures = [r for r in summary.records if r.failed]
        if failures:
            details = "\n".join(f"• {Path(r.source).name}: {' '.join(r.errors)}" for r in failures[:20])
            QMessageBox.warning(self.window, "Some files were not imported", details)

    def _failed(self, message: str, _trace: str) -> None:
        self.status.setText(message)
        QMessageBox.warning(self.window, "Import stopped", message)

    def _ended(self) -> None:
        self.job = None
        self.progress.hide()
        self.cancel_button.hide()
        if self.pending:
            pending, self.pending = self.pending, []
            self.import_paths(pending)
