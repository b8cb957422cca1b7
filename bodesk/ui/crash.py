"""The crash dialog: a bug is logged, written to a report file in the workspace, and shown.

Environment problems never get here (they are `BodeskError`s with a sentence of their own); what
reaches `sys.excepthook` is a bug. The report, `logs/crash-YYYYmmdd-HHMMSS.txt`, holds the time,
versions, platform and traceback (no local variables, settings or environment, so nothing secret)
and the dialog says where it is, with a button that opens its folder. The app keeps running.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from bodesk import __version__
from bodesk.jobs.runner import JobRunner

log = logging.getLogger(__name__)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def write_report(log_dir: Path, exc_info: ExcInfo, now: datetime | None = None) -> Path:
    """Write one crash report into `log_dir` and return its path (a new name if one exists)."""
    now = now or datetime.now()
    log_dir.mkdir(parents=True, exist_ok=True)
    stem = f"crash-{now:%Y%m%d-%H%M%S}"
    path = log_dir / f"{stem}.txt"
    n = 1
    while path.exists():
        n += 1
        path = log_dir / f"{stem}-{n}.txt"
    lines = [
        "bodesk crash report",
        f"time:     {now.isoformat(timespec='seconds')}",
        f"version:  bodesk {__version__}{' (installed build)' if getattr(sys, 'frozen', False) else ''}",
        f"platform: {platform.platform()} ({platform.machine()})",
        f"python:   {platform.python_version()}, Qt {qVersion()}",
        f"thread:   {threading.current_thread().name}",
        "",
        *traceback.format_exception(*exc_info),
    ]
    path.write_text("\n".join(line.rstrip("\n") for line in lines) + "\n", encoding="utf-8")
    return path


def crash_dialog(report: Path, exc_type: type[BaseException]) -> QMessageBox:
    """The dialog naming the report, with a button that opens the folder holding it."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                      f"bodesk hit an unexpected error ({exc_type.__name__}). Your data is safe.")
    box.setInformativeText(
        f"A report was saved in\n{report}\n\nPlease send that file to whoever looks after bodesk for you."
    )
    open_button = box.addButton("Open folder", QMessageBox.ButtonRole.ActionRole)
    open_button.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(report.parent))))
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Close))
    return box


class CrashHandler:
    """Installed as `sys.excepthook` (and `threading.excepthook`): report, log, dialog."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.last_report: Path | None = None
        self._showing = False

    def __call__(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        try:
            self.last_report = write_report(self.log_dir, (exc_type, exc, tb))
        except OSError:
            log.exception("the crash report could not be written")
            self.last_report = self.log_dir / "bodesk.log"
        on_gui_thread = threading.current_thread() is threading.main_thread()
        # One dialog at a time: an error repeating on every event must not stack up windows.
        if QApplication.instance() is not None and on_gui_thread and not self._showing:
            self._showing = True
            try:
                crash_dialog(self.last_report, exc_type).exec()
            finally:
                self._showing = False

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """Errors escaping a plain thread: the report and log only (no widget off the GUI thread)."""
        if args.exc_value is not None:
            self(args.exc_type, args.exc_value, args.exc_traceback)


def report_job_bugs(runner: JobRunner, handler: CrashHandler) -> None:
    """A bug inside a background job gets the same report and dialog, on the GUI thread."""
    runner.bug.connect(lambda info: handler(*info), Qt.ConnectionType.QueuedConnection)


def install_crash_handler(log_dir: Path) -> CrashHandler:
    handler = CrashHandler(log_dir)
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook
    return handler
