"""Settings › Sources: the watched folders and mailboxes, with their last check, counts and last error.

`SourcesDialog` adds, edits, tests and removes sources; `SourceEditor` is the form for one.
Passwords go straight to the keyring (`bodesk.secrets`); a test connection runs on the job runner,
never on the GUI thread. `intake_job` is what the main window runs in the background.
"""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from bodesk.errors import BodeskError
from bodesk.ingest import source_setup
from bodesk.ingest.folders import FolderSettings
from bodesk.ingest.imap import MailboxSettings
from bodesk.ingest.sources import IntakeService
from bodesk.jobs.runner import Job
from bodesk.store import sources as db
from bodesk.ui.context import AppContext
from bodesk.ui.widgets import form_dialog, record_table

COLUMNS = ("Name", "Where", "Kind", "Last check", "Imported", "Errors", "Status")


def intake_job(job: Job, service: IntakeService, loops: Executor) -> None:
    """Runs on a worker thread for as long as the app runs: every source (each a loop on the runner's
    `loops` pool), reports to the window."""
    service.on_report = job.emit
    service.run(lambda: job.cancelled, loops)


def check_source(_job: Job, kind: str, settings: dict[str, Any]) -> str:
    """Test connection: a sentence saying what was found (raises EnvironmentProblem with the reason)."""
    return source_setup.test(kind, settings)


class SourceEditor(QDialog):
    """The form for one folder or mailbox; `values()` gives (name, settings, new password or None)."""

    def __init__(self, kind: str, source: db.SourceInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.source = source
        s = source.settings if source else {}
        self.setWindowTitle(("Edit " if source else "Add ") + ("watched folder" if kind == "folder" else "mailbox"))
        form = QFormLayout()
        if kind == "folder":
            self.path = QLineEdit(s.get("path", ""))
            browse = QPushButton("Browse…")
            browse.clicked.connect(self._browse)
            row = QHBoxLayout()
            row.addWidget(self.path, 1)
            row.addWidget(browse)
            form.addRow("Folder", row)
            self.recursive = QCheckBox("Also take files in subfolders")
            self.recursive.setChecked(bool(s.get("recursive")))
            form.addRow("", self.recursive)
            self.after = QComboBox()
            for value, label in (("keep", "Keep it where it is"), ("move", "Move it to the “processed” subfolder"),
                                 ("delete", "Delete it")):
                self.after.addItem(label, value)
            self.after.setCurrentIndex(max(0, self.after.findData(s.get("after", "keep"))))
            form.addRow("After import", self.after)
        else:
            self.host = QLineEdit(s.get("host", ""))
            self.port = QSpinBox(maximum=65535, value=int(s.get("port", 993)))
            self.user = QLineEdit(s.get("user", ""))
            self.password = QLineEdit(echoMode=QLineEdit.EchoMode.Password)
            self.password.setPlaceholderText("unchanged" if source else "password or app password")
            self.security = QComboBox()
            for value, label in (("ssl", "SSL/TLS"), ("starttls", "STARTTLS"), ("none", "None (unencrypted!)")):
                self.security.addItem(label, value)
            self.security.setCurrentIndex(max(0, self.security.findData(s.get("security", "ssl"))))
            self.folder = QLineEdit(s.get("folder", "INBOX"))
            self.after = QComboBox()
            for value, label in (("seen", "Mark it read"), ("flag", "Flag it"), ("move", "Move it to the folder…")):
                self.after.addItem(label, value)
            after = s.get("after", "seen")
            self.after.setCurrentIndex(max(0, self.after.findData("move" if after.startswith("move:") else after)))
            self.move_to = QLineEdit(after.split(":", 1)[1] if after.startswith("move:") else "Invoices/Done")
            filters = s.get("filters") or {}
            self.sender, self.subject = QLineEdit(filters.get("sender", "")), QLineEdit(filters.get("subject", ""))
            self.attachment = QLineEdit(filters.get("attachment", ""))
            self.attachment.setPlaceholderText("e.g. *.pdf")
            self.poll = QSpinBox(minimum=30, maximum=86400, value=int(s.get("poll_seconds", 120)), suffix=" s")
            self.cafile = QLineEdit(s.get("cafile") or "")
            self.cafile.setPlaceholderText("only for a server with its own certificate")
            for label, widget in (("Server", self.host), ("Port", self.port), ("User", self.user),
                                  ("Password", self.password), ("Security", self.security), ("Folder", self.folder),
                                  ("After import", self.after), ("Move to", self.move_to), ("Only from", self.sender),
                                  ("Subject contains", self.subject), ("Attachment name", self.attachment),
                                  ("Check every", self.poll), ("Trust certificate", self.cafile)):
                form.addRow(label, widget)
        self.error, _buttons = form_dialog(self, form, on_save=self._accept)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Watch a folder", self.path.text())
        if folder:
            self.path.setText(folder)

    def values(self) -> tuple[str, dict[str, Any], str | None]:
        if self.kind == "folder":
            old = FolderSettings.from_json(self.source.settings) if self.source else FolderSettings("")
            settings = FolderSettings(self.path.text().strip(), self.recursive.isChecked(), self.after.currentData(),
                                      old.settle_seconds, old.poll_seconds)
            return settings.path.rstrip("/\\").rsplit("/", 1)[-1] or settings.path, settings.to_json(), None
        after = self.after.currentData()
        if after == "move":
            after = f"move:{self.move_to.text().strip() or 'Invoices/Done'}"
        host, user, port = self.host.text().strip(), self.user.text().strip(), self.port.value()
        old_settings = self.source.settings if self.source else {}
        same_account = (old_settings.get("host"), old_settings.get("user"), old_settings.get("port")) == (host, user, port)
        secret_ref = old_settings.get("secret_ref") if same_account and old_settings.get("secret_ref") else \
            db.imap_secret_ref(user, host, port)
        settings = MailboxSettings(
            host, port, user, security=self.security.currentData(), folder=self.folder.text().strip() or "INBOX",
            after=after, poll_seconds=float(self.poll.value()), secret_ref=secret_ref,
            filters={"sender": self.sender.text().strip(), "subject": self.subject.text().strip(),
                     "attachment": self.attachment.text().strip()},
            cafile=self.cafile.text().strip() or None,
        )
        return settings.label, settings.to_json(), self.password.text() or None

    def _accept(self) -> None:
        name, settings, password = self.values()
        if self.kind == "folder" and not settings["path"]:
            self.error.say("Choose the folder to watch.")
        elif self.kind == "imap" and not (settings["host"] and settings["user"]):
            self.error.say("Enter the server and the user name.")
        elif self.kind == "imap" and self.source is None and not password:
            self.error.say("Enter the password (it is kept in this computer's keyring, nowhere else).")
        else:
            self.accept()


class SourcesDialog(QDialog):
    """Every source with its state; emits `changed` after an add, edit or removal."""

    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Sources")
        self.resize(900, 420)
        self.table = record_table(COLUMNS)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.result = QLabel("Watched folders and mailboxes are checked in the background while bodesk runs.")
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        self.add_folder_button = QPushButton("Add folder…")
        self.add_mail_button = QPushButton("Add mailbox…")
        self.edit_button = QPushButton("Edit…")
        self.test_button = QPushButton("Test connection")
        self.remove_button = QPushButton("Remove")
        close = QPushButton("Close")
        self.add_folder_button.clicked.connect(lambda: self.edit("folder"))
        self.add_mail_button.clicked.connect(lambda: self.edit("imap"))
        self.edit_button.clicked.connect(lambda: self.edit(None, self.selected()))
        self.test_button.clicked.connect(self.test_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        close.clicked.connect(self.accept)
        for b in (self.add_folder_button, self.add_mail_button, self.edit_button, self.test_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._enable)
        self.refresh()

    def refresh(self) -> None:
        keep = self.selected()
        self.sources = db.list_sources(self.ctx.store)
        self.table.setRowCount(len(self.sources))
        for row, s in enumerate(self.sources):
            where = s.settings.get("path") if s.kind == "folder" else f"{s.name} › {s.settings.get('folder', 'INBOX')}"
            status = s.last_error or ("Not checked yet." if s.last_check_at is None else "OK")
            cells = (s.name, where, "Folder" if s.kind == "folder" else "Mailbox",
                     self.ctx.fmt.datetime(s.last_check_at) if s.last_check_at else "never",
                     str(s.imported_count), str(s.error_count), status)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setToolTip(str(text))
                self.table.setItem(row, col, item)
            if keep and keep.id == s.id:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._enable()

    def on_report(self, _report: object) -> None:
        """A source was checked in the background: show its new state."""
        self.refresh()

    def selected(self) -> db.SourceInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.sources[rows[0].row()] if rows and rows[0].row() < len(getattr(self, "sources", [])) else None

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for b in (self.edit_button, self.test_button, self.remove_button):
            b.setEnabled(chosen)

    def edit(self, kind: str | None, source: db.SourceInfo | None = None) -> SourceEditor | None:
        """Open the form (returned, for tests, once it is shown); saving happens when it is accepted."""
        kind = kind or (source.kind if source else "folder")
        editor = SourceEditor(kind, source, self)
        editor.accepted.connect(lambda: self._save(editor))
        editor.open()
        return editor

    def _save(self, editor: SourceEditor) -> None:
        name, settings, password = editor.values()
        try:
            if editor.source is None:
                source_setup.add(self.ctx.store, editor.kind, name, settings, password)
            else:
                source_setup.change(self.ctx.store, editor.source, name, settings, password)
        except BodeskError as exc:
            QMessageBox.warning(self, "Source not saved", str(exc))
            return
        self.refresh()
        self.changed.emit()

    def test_selected(self) -> None:
        source = self.selected()
        if source is None:
            return
        self.result.setText(f"Testing {source.name}…")
        self.test_button.setEnabled(False)
        self.ctx.runner.run("Test connection", check_source, source.kind, source.settings,
                            on_done=self._tested, on_error=lambda message, _trace: self._tested(message))

    def _tested(self, sentence: str) -> None:
        self.result.setText(sentence)
        self.test_button.setEnabled(self.selected() is not None)

    def remove_selected(self, confirm: bool = True) -> None:
        source = self.selected()
        if source is None:
            return
        if confirm and QMessageBox.question(
            self, "Remove source", f"Stop collecting from {source.name}? Documents already imported stay."
        ) != QMessageBox.StandardButton.Yes:
            return
        source_setup.remove(self.ctx.store, source.id)
        self.refresh()
        self.changed.emit()
