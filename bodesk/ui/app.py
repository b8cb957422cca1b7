"""Starting the window: the Qt application, the workspace, the job runner, the crash dialog,
one window per workspace (a second launch brings the first forward) and the OCR notice."""

from __future__ import annotations

import gc
import logging
import sys
import tempfile
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QSizePolicy, QToolBar

from bodesk import APP_NAME, __version__
from bodesk import log as logsetup
from bodesk.errors import BodeskError
from bodesk.jobs.runner import JobRunner
from bodesk.paths import Workspace, resources_dir
from bodesk.store import open_store
from bodesk.ui.context import AppContext
from bodesk.ui.crash import install_crash_handler, report_job_bugs
from bodesk.ui.single_instance import SingleInstance, bring_forward

if TYPE_CHECKING:
    from bodesk.ui.mainwindow import MainWindow

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("bodesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    icon = resources_dir() / "icons" / "bodesk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def show_read_only_banner(window: QMainWindow, workspace: Workspace) -> QLabel:
    """A banner across the window: this workspace is on a read-only medium, changes are not saved."""
    banner = QLabel(f"Read only: {workspace.root} is on a read-only disk or share. You can look at everything; "
                    "changes are not saved. Copy the workspace to a writable folder to work in it.")
    banner.setObjectName("readOnlyBanner")
    banner.setWordWrap(True)
    banner.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 6px; border-bottom: 1px solid #e0c36c;")
    window.setWindowTitle(f"{window.windowTitle()} (read only)")
    banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar = QToolBar("Read only", window)
    bar.setMovable(False)
    bar.addWidget(banner)
    window.addToolBarBreak()  # a row of its own, the window's full width
    window.addToolBar(bar)
    return banner


def open_context(workspace: Workspace) -> AppContext:
    store = open_store(workspace)
    return AppContext(workspace, store, JobRunner())


def run_app(home: str | None = None, demo: bool = False, exit_after_paint: bool = False, db: str | None = None) -> int:
    """Open the main window on a workspace (a new demo one with `demo`); returns the exit status."""
    app = make_application()
    if demo and home is None:
        home = tempfile.mkdtemp(prefix="bodesk-demo-")
    workspace = Workspace.at(home, db)
    # Start-up measurements (and the installer's smoke test) must paint a window of their own.
    guard = None if exit_after_paint else SingleInstance(workspace.root)
    if guard is not None:
        if guard.forward_to_running():
            print(f"bodesk is already open on {workspace.root}; that window was brought forward.", file=sys.stderr)
            return 0
        guard.listen()
    crash_handler = install_crash_handler(workspace.logs)
    while True:
        try:
            try:
                workspace.ensure()
                logsetup.setup(workspace.logs)
            except OSError:
                log.info("the workspace %s cannot be written; opening it for reading only", workspace.root)
            ctx = open_context(workspace)
            break
        except BodeskError as exc:
            if workspace.db_url is None:
                QMessageBox.critical(None, "bodesk cannot open the workspace", str(exc))
                return 1
            from bodesk.ui.desks import unreachable

            choice = unreachable(workspace, str(exc))
            if choice == "quit":
                return 1
            if choice == "local":  # this desk's own SQLite workspace, for now
                workspace = Workspace(workspace.root, None)
        except Exception:
            crash_handler(*sys.exc_info())  # a bug before the window exists: the report and dialog, then stop
            return 1

    from bodesk.ocr_check import locate
    from bodesk.ui.mainwindow import MainWindow

    report_job_bugs(ctx.runner, crash_handler)
    window = MainWindow(ctx)
    if exit_after_paint:
        window.installEventFilter(_FirstPaint(window))
    if guard is not None:
        guard.raise_requested.connect(lambda: bring_forward(window))
    if ctx.store.read_only:
        show_read_only_banner(window, workspace)
    window.show()
    QTimer.singleShot(300, settle_memory)  # after the first paint, not before it
    if demo:
        window.prepare_demo()
    ocr = locate()
    if not ocr.available:
        show_ocr_notice(window, ocr.message)
    try:
        return app.exec()
    finally:
        if guard is not None:
            guard.close()
        # The window goes while the runner it used still runs (destroyed after the runner was shut
        # down, Qt crashed now and then on the way out); a deletion asked for once the event loop has
        # ended happens only when sent.
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        ctx.runner.shutdown()
        ctx.store.close()


def settle_memory() -> None:
    """Move everything alive after start-up out of the garbage collector's sight.

    Qt wrappers, modules and SQLAlchemy's metadata live as long as the app; without this, every
    full collection walks them all again, a pause measured at over 100 ms during a large import.
    """
    gc.collect()
    gc.freeze()


class _FirstPaint(QObject):
    """Prints "first-paint" and quits when the window has painted once (start-up measurement)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            obj.removeEventFilter(self)
            print("first-paint", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


def show_ocr_notice(window: MainWindow, message: str) -> QLabel:
    """Tesseract is missing: the full sentence once in the status line, a short notice kept beside it."""
    notice = QLabel("⚠ Scans cannot be read: Tesseract OCR is not installed")
    notice.setObjectName("ocrNotice")
    notice.setToolTip(message)
    window.statusBar().addPermanentWidget(notice)
    window.status.setText(message)
    return notice
