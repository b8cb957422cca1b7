"""Several desks in the window: the "Connect to office database" dialog, and what the window does
when the office database cannot be reached at start (retry, or open this desk's own workspace)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QMessageBox, QSpinBox, QWidget,
)

from bodesk.jobs.runner import Job, JobRunner
from bodesk.paths import Workspace
from bodesk.store.connect import connect_office, office_url
from bodesk.ui.widgets import form_dialog


def connect(workspace: Workspace, url: str, password: str) -> None:
    """`connect_office` for this window's workspace (run off the GUI thread)."""
    connect_office(str(workspace.root), url, password)


class ConnectDialog(QDialog):
    """Where the office's shared database is, and who this desk logs in as."""

    def __init__(self, workspace: Workspace, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.runner = runner
        self.setWindowTitle("Connect to office database")
        self.setMinimumWidth(460)
        intro = QLabel("Several desks can work on one office: point each at the same PostgreSQL database. "
                       "The password is kept in this computer's keyring. To move this workspace's data "
                       "there first, run `bodesk db copy --to …`.")
        intro.setWordWrap(True)
        self.host = QLineEdit("localhost")
        self.port = QSpinBox(minimum=1, maximum=65535, value=5432)
        self.database = QLineEdit("bodesk")
        self.user = QLineEdit()
        self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(intro)
        form.addRow("Server", self.host)
        form.addRow("Port", self.port)
        form.addRow("Database", self.database)
        form.addRow("User", self.user)
        form.addRow("Password", self.password)
        self.error, buttons = form_dialog(self, form, on_save=self._connect, buttons=QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = buttons.addButton("Connect", QDialogButtonBox.ButtonRole.AcceptRole)
        self.url: str | None = None

    def _connect(self) -> None:
        url = office_url(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                         self.user.text().strip())
        self.connect_button.setEnabled(False)
        self.error.say("Connecting…")
        self.runner.run("Connect to office database", _connect_job, self.workspace, url, self.password.text(),
                        on_done=self._connected, on_error=self._failed)

    def _failed(self, text: str, _traceback: str) -> None:
        self.connect_button.setEnabled(True)
        self.error.say(text)

    def _connected(self, url: str) -> None:
        self.url = url
        QMessageBox.information(self, "Connected", "This desk now works on the office database. "
                                "Close and start bodesk again to open it.")
        self.accept()


def _connect_job(job: Job, workspace: Workspace, url: str, password: str) -> str:
    connect(workspace, url, password)
    return url


def unreachable(workspace: Workspace, problem: str) -> str:
    """Ask what to do when the office database cannot be opened at start: "retry", "local" or "quit"."""
    box = QMessageBox(QMessageBox.Icon.Warning, "The office database cannot be opened", problem)
    retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
    local = box.addButton("Open this desk's own workspace", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return "retry" if clicked is retry else "local" if clicked is local else "quit"
