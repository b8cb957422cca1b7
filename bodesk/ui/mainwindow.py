"""The main window: the tabs, drag-and-drop anywhere, File › Import…, progress in the status bar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QToolButton,
    QWidget,
)

from bodesk.core.filetypes import FILE_DIALOG_FILTER, KINDS
from bodesk.jobs.runner import Job
from bodesk.store import approvals, exceptions
from bodesk.ui.approvals import ApprovalsView
from bodesk.ui.context import AppContext, Changes
from bodesk.ui.exceptions import ExceptionsView
from bodesk.ui.inbox import InboxView
from bodesk.ui.metrics import MetricsView
from bodesk.ui.onboarding import OnboardingView
from bodesk.ui.payables import PayablesView
from bodesk.ui.operations import ImportSummary



class MainWindow(QMainWindow):
    """One window per workspace."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(f"bodesk — {office_name(ctx)}")
        self._restore_geometry()
        self.setAcceptDrops(True)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.inbox = InboxView(ctx)
        self.exceptions = ExceptionsView(ctx)
        self.approvals = ApprovalsView(ctx)
        self.payables = PayablesView(ctx)
        self.onboarding = OnboardingView(ctx)
        self.metrics = MetricsView(ctx)
        for view, title in (
            (self.inbox, "Inbox"),
            (self.exceptions, "Exceptions"),
            (self.approvals, "Approvals"),
            (self.payables, "Payables"),
            (self.onboarding, "Onboarding"),
            (self.metrics, "Metrics"),
        ):
            self.tabs.addTab(view, title)
        self.setCentralWidget(self.tabs)
        self.inbox.import_requested.connect(self.choose_files)
        self.exceptions.open_invoice_requested.connect(self.open_invoice)

        self._build_menus()
        self._build_status_bar()
        from bodesk.ui.imports import ImportController

        self.importer = ImportController(ctx, self.status, self.progress, self.cancel_button, self)
        ctx.status_message.connect(lambda text: self.status.setText(text))
        self._counts_asked = 0
        ctx.changed.connect(self._update_tab_counts)
        ctx.changed.connect(lambda changes: changes.concerns("settings") and self.setWindowTitle(f"bodesk — {office_name(ctx)}"))
        self._update_tab_counts(Changes.of("invoices", "exceptions"))
        from bodesk.ui.sources.intake import IntakeController
        from bodesk.ui.tray import DeskTray

        self.tray = DeskTray(ctx, self.windowIcon(), self)
        from bodesk.ui import live

        self.live = live.start(ctx)  # other desks' changes, on a shared database
        self.tray.open_requested.connect(self.bring_to_front)
        self.tray.quit_requested.connect(self.quit_for_good)
        self._quitting = False

        self.intake = IntakeController(ctx, self.status, self)  # watched folders and mailboxes
        resuming = self.importer.resume_interrupted()
        if resuming is None:
            self.intake.start()
        else:  # after the resume, so the two never read the same document
            resuming.ended.connect(self.intake.start, Qt.ConnectionType.QueuedConnection)

    def _restore_geometry(self) -> None:
        """The size the person left it at; the first time, 1360×860 or the screen, whichever is smaller."""
        saved = self.ctx.window_state().value("window/geometry")
        if isinstance(saved, QByteArray) and self.restoreGeometry(saved):
            return
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 1360, 860
        if screen is not None:
            width, height = min(width, screen.width()), min(height, screen.height())
        self.resize(width, height)

    # -- chrome ----------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.import_action = QAction("&Import…", self, shortcut=QKeySequence.StandardKey.Open)
        self.import_action.triggered.connect(self.choose_files)
        folder_action = QAction("Import &folder…", self, shortcut=QKeySequence("Ctrl+Shift+O"))
        folder_action.triggered.connect(self.choose_folder)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addActions([self.import_action, folder_action])
        self.export_action = QAction("&Export for the accountant…", self, shortcut=QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.show_export)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for i in range(self.tabs.count()):
            action = QAction(self.tabs.tabText(i), self, shortcut=QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, i=i: self.tabs.setCurrentIndex(i))
            view_menu.addAction(action)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.import_action)
        self.approvals_action = QAction("Approvals", self)
        self.approvals_action.setToolTip("Invoices waiting for your decision (Ctrl+3)")
        self.approvals_action.triggered.connect(lambda: self.tabs.setCurrentWidget(self.approvals))
        toolbar.addAction(self.approvals_action)

        settings_menu = self.menuBar().addMenu("&Settings")
        self.sources_action = QAction("&Sources…", self)
        self.sources_action.setToolTip("Watched folders and mailboxes that invoices are collected from")
        self.sources_action.triggered.connect(lambda: self.intake.show_dialog())
        settings_menu.addAction(self.sources_action)
        self.office_db_action = QAction("Connect to office &database…", self)
        self.office_db_action.setToolTip("Work with other desks on one shared PostgreSQL database")
        self.office_db_action.triggered.connect(self.show_connect_dialog)
        settings_menu.addAction(self.office_db_action)
        self.accounts_action = QAction("&Chart of accounts…", self)
        self.accounts_action.triggered.connect(self.show_accounts)
        settings_menu.addAction(self.accounts_action)
        self.people_action = QAction("&People…", self)
        self.people_action.setToolTip("The office's people: roles, approval limits, managers, stand-ins, passwords")
        self.people_action.triggered.connect(self.show_people)
        settings_menu.addAction(self.people_action)
        self.rules_action = QAction("&Rules…", self)
        self.rules_action.setToolTip("Approval limits, tolerances, rates and per-vendor rules, with a preview")
        self.rules_action.triggered.connect(self.show_rules)
        settings_menu.addAction(self.rules_action)
        self.switch_action = QAction("S&witch person…", self, shortcut=QKeySequence("Ctrl+L"))
        self.switch_action.triggered.connect(lambda: self.signed_in.switch())
        file_menu.insertAction(quit_action, self.switch_action)

        purchasing_menu = self.menuBar().addMenu("&Purchasing")
        self.purchasing_action = QAction("&Vendors and purchase orders…", self, shortcut=QKeySequence("Ctrl+Shift+P"))
        self.purchasing_action.triggered.connect(self.show_purchasing)
        purchasing_menu.addAction(self.purchasing_action)

        help_menu = self.menuBar().addMenu("&Help")
        self.manual_action = QAction("&Manual", self, shortcut=QKeySequence.StandardKey.HelpContents)
        self.manual_action.triggered.connect(lambda: self.show_help("manual"))
        self.keys_action = QAction("&Keyboard shortcuts", self, shortcut=QKeySequence("Ctrl+/"))
        self.keys_action.triggered.connect(lambda: self.show_help("keys"))
        help_menu.addActions([self.manual_action, self.keys_action])
        help_menu.addSeparator()
        about = QAction("&About bodesk", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status = QLabel("Ready. Drop invoices anywhere on this window to import them.")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        bar.addWidget(self.status, 1)
        from bodesk.ui.people.signin import SignedInButton

        self.signed_in = SignedInButton(self.ctx)
        bar.addPermanentWidget(self.signed_in)
        if self.ctx.signed_in is None:  # the desk's person has a password, or the login is nobody here
            QTimer.singleShot(0, self.signed_in.switch)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    def _update_tab_counts(self, changes: Changes) -> None:
        """The counts in the tab titles, counted off the GUI thread (the latest request wins)."""
        if not changes.concerns("invoices", "exceptions"):
            return
        self._counts_asked += 1
        asked, store = self._counts_asked, self.ctx.store
        self.ctx.runner.run("Tab counts", lambda _job: (approvals.waiting_count(store), exceptions.open_count(store)),
                            on_done=lambda counts: self._show_tab_counts(*counts) if asked == self._counts_asked else None)

    def _show_tab_counts(self, waiting: int, open_count: int) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.exceptions), f"Exceptions ({open_count})" if open_count else "Exceptions")
        self.tabs.setTabText(self.tabs.indexOf(self.approvals), f"Approvals ({waiting})" if waiting else "Approvals")
        self.approvals_action.setText(f"Approvals ({waiting})" if waiting else "Approvals")

    def open_invoice(self, invoice_id: int, field: str = "") -> None:
        """Show an invoice in the Inbox, ready to correct `field`."""
        self.tabs.setCurrentWidget(self.inbox)
        if not self.inbox.open_invoice(invoice_id, field):
            self.status.setText(f"Invoice #{invoice_id} cannot be shown; it may have been removed.")

    def show_purchasing(self) -> None:
        from bodesk.ui.purchasing import PurchasingDialog

        PurchasingDialog(self.ctx, self).exec()

    def show_export(self) -> None:
        from bodesk.ui.books.export_dialog import ExportDialog

        self.export_dialog = ExportDialog(self.ctx, self)
        self.export_dialog.open()

    def show_accounts(self) -> None:
        from bodesk.ui.books.accounts_dialog import AccountsDialog

        AccountsDialog(self.ctx, self).exec()
    def show_rules(self) -> None:
        from bodesk.ui.people.rules import RulesDialog

        RulesDialog(self.ctx, self).exec()

    def show_people(self) -> None:
        from bodesk.ui.people import PeopleDialog

        PeopleDialog(self.ctx, self).exec()

    def show_help(self, page: str) -> None:
        from bodesk.ui.help import MANUAL, HelpDialog, shortcuts_html

        title, html = ("bodesk manual", MANUAL) if page == "manual" else ("Keyboard shortcuts", shortcuts_html(self))
        self.help_dialog = HelpDialog(title, html, self)
        self.help_dialog.open()

    def show_about(self) -> None:
        from bodesk.ui.about import AboutDialog

        self.about_dialog = AboutDialog(self.ctx.workspace.root, self)
        self.about_dialog.open()

    # -- importing -------------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Import documents", str(Path.home()), FILE_DIALOG_FILTER)
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder", str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    @property
    def import_job(self) -> Job | None:
        return self.importer.job

    @property
    def last_import(self) -> ImportSummary | None:
        return self.importer.last

    def import_paths(self, paths: list[Path], source_kind: str = "drop") -> None:
        """Import in the background (see `ImportController`); a second drop waits its turn."""
        self.importer.import_paths(paths, source_kind)

    def cancel_import(self) -> None:
        self.importer.cancel()

    # -- drag and drop ---------------------------------------------------------------------------
    @staticmethod
    def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        paths = self._local_paths(event)
        if paths and any(p.is_dir() or p.suffix.lower() in KINDS for p in paths):
            event.acceptProposedAction()
            self.status.setText(f"Drop to import {len(paths)} item{'s' if len(paths) != 1 else ''}.")
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._local_paths(event)
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    # -- demo ------------------------------------------------------------------------------------
    def prepare_demo(self) -> None:
        """Fill a new demo workspace in the background; the window is usable meanwhile."""
        from bodesk.demo.workspace import is_populated

        if is_populated(self.ctx.store):
            return
        self.importer.run_demo(self._demo_done)

    def _demo_done(self, summary: ImportSummary) -> None:
        self.status.setText("Demo workspace ready: " + summary.sentence())
        self.ctx.changed.emit(Changes.of("invoices", "exceptions", "documents", "onboarding", "vendors", "settings"))
        self.intake.start()  # the demo's scanner folder was added just now: watch it from here on

    # -- closing ---------------------------------------------------------------------------------
    def show_connect_dialog(self) -> None:
        from bodesk.ui.desks import ConnectDialog

        ConnectDialog(self.ctx.workspace, self.ctx.runner, self).exec()

    def bring_to_front(self) -> None:
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit_for_good(self) -> None:
        """Quit from the tray: the window closes and bodesk stops, whatever the tray setting."""
        self._quitting = True
        if not self.close():
            self._quitting = False
            return
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        from bodesk.ui.tray import close_to_tray

        if not self._quitting and close_to_tray(self, self.ctx.window_state(), self.tray):
            event.ignore()
            self.hide()
            self.tray.check()
            return
        # Corrections typed but not saved: ask before they go; once saved on request, close again.
        if not self.inbox.confirm_leave(then=self.quit_for_good if self._quitting else self.close):
            event.ignore()
            return
        if self.import_job is not None:
            answer = QMessageBox.question(
                self,
                "Import in progress",
                "An import is still running. Stop it and quit? Documents already imported are kept, "
                "and the rest can be imported again later.",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            self.import_job.cancel()
        self.ctx.window_state().setValue("window/geometry", self.saveGeometry())
        event.accept()


def office_name(ctx: AppContext) -> str:
    """The office's name from its settings, else the workspace folder's name."""
    return str(ctx.settings.get("office.name") or ctx.workspace.root.name)
