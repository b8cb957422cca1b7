"""Screenshots of every tab and dialog on a fresh demo workspace, at a laptop's 1366×768, for the
README and docs (`make screenshots`).

Runs the real app window (under Xvfb via make, or offscreen), waits until the demo workspace
is ready, then saves `docs/<tab>.png` for each tab and `docs/dialog-<name>.png` for each dialog.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from bodesk.paths import Workspace
from bodesk.ui.app import make_application, open_context
from bodesk.ui.mainwindow import MainWindow

SIZE = (1366, 768)


def wait(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def shoot_dialog(app: QApplication, out: Path, name: str, dialog: QWidget) -> None:
    """Show a dialog as the person would see it, save it, close it."""
    dialog.show()
    wait(app, 0.8)
    dialog.grab().save(str(out / f"dialog-{name}.png"))
    print(out / f"dialog-{name}.png")
    dialog.close()


def onboarding_extras(app: QApplication, window: MainWindow, out: Path) -> list[Path]:
    """The Onboarding tab's certificates page and its template editor."""
    window.tabs.setCurrentWidget(window.onboarding)
    window.onboarding.pages.setCurrentWidget(window.onboarding.certificates)
    wait(app, 0.5)
    window.grab().save(str(out / "onboarding-certificates.png"))
    window.onboarding.pages.setCurrentIndex(0)
    editor = window.onboarding.open_editor()
    editor.resize(1300, 700)
    editor.select("Office staff", "onboarding")
    wait(app, 0.5)
    editor.grab().save(str(out / "onboarding-editor.png"))
    editor.close()
    return [out / "onboarding-certificates.png", out / "onboarding-editor.png"]


def metrics_extras(app: QApplication, window: MainWindow, out: Path) -> list[Path]:
    """The Metrics tab's Processes page (what to automate next)."""
    window.tabs.setCurrentWidget(window.metrics)
    window.metrics.pages.setCurrentWidget(window.metrics.processes)
    deadline = time.monotonic() + 30
    while window.metrics.processes.loading and time.monotonic() < deadline:
        wait(app, 0.1)
    wait(app, 0.5)
    window.grab().save(str(out / "metrics-processes.png"))
    window.metrics.pages.setCurrentIndex(0)
    return [out / "metrics-processes.png"]


def main(out: Path) -> int:
    app = make_application([])
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(Workspace.at(Path(tmp) / "demo"))
        window = MainWindow(ctx)
        window.resize(*SIZE)
        window.show()
        window.prepare_demo()
        deadline = time.monotonic() + 600
        # the demo is ready when only the watched folders' loop (it runs for good) is left
        while any(job.name != "Intake" for job in ctx.runner.active) and time.monotonic() < deadline:
            wait(app, 0.1)
        wait(app, 1.0)
        window.inbox.table.selectRow(0)
        out.mkdir(parents=True, exist_ok=True)
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            wait(app, 1.5)  # QPdfView renders pages asynchronously
            name = window.tabs.tabText(i).split(" ")[0].lower()
            window.grab().save(str(out / f"{name}.png"))
            print(out / f"{name}.png")
        for path in onboarding_extras(app, window, out) + metrics_extras(app, window, out):
            print(path)

        dialogs: list[tuple[str, Callable[[], QWidget]]] = [("resolve", lambda: _resolve_dialog(window))]
        from bodesk.store import onboarding
        from bodesk.ui.about import AboutDialog
        from bodesk.ui.onboarding import StartDialog
        from bodesk.ui.purchasing import PurchasingDialog
        from bodesk.ui.books.accounts_dialog import AccountsDialog
        from bodesk.ui.desks import ConnectDialog
        from bodesk.store import vendors
        from bodesk.ui.help import MANUAL, HelpDialog, shortcuts_html
        from bodesk.ui.purchasing.forms import OrderDialog, VendorDialog
        from bodesk.ui.sources import SourcesDialog

        dialogs += [
            ("purchasing", lambda: PurchasingDialog(ctx, window)),
            ("start-onboarding", lambda: StartDialog(onboarding.templates(ctx.store), window)),
            ("about", lambda: AboutDialog(ctx.workspace.root, window)),
            ("sources", lambda: SourcesDialog(ctx, window)),
            ("export", lambda: _export_dialog(window)),
            ("accounts", lambda: AccountsDialog(ctx, window)),
            ("office-database", lambda: ConnectDialog(ctx.workspace, ctx.runner, window)),
            ("vendor", lambda: VendorDialog(vendors.list_vendors(ctx.store)[0], [], window)),
            ("purchase-order", lambda: OrderDialog(vendors.list_vendors(ctx.store), ctx.fmt.currency, window)),
            ("manual", lambda: HelpDialog("bodesk manual", MANUAL, window)),
            ("shortcuts", lambda: HelpDialog("Keyboard shortcuts", shortcuts_html(window), window)),
            ("people", lambda: _people_dialog(window)),
            ("rules", lambda: _rules_dialog(window)),
        ]
        for name, make in dialogs:
            try:
                shoot_dialog(app, out, name, make())
            except Exception as exc:  # a dialog that cannot be built here is reported, the rest still shot
                print(f"{name}: not shot ({exc})", file=sys.stderr)
        window.close()
        QTimer.singleShot(0, app.quit)
        ctx.runner.shutdown()
        ctx.store.close()
    return 0


def _export_dialog(window: MainWindow) -> QDialog:
    """Export… as the office sees it after an export: what left, and what was held back."""
    from bodesk.ui.books.export_dialog import ExportDialog

    dialog = ExportDialog(window.ctx, window)
    dialog.format.setCurrentIndex(dialog.format.findData("csv"))
    dialog.path.setText(str(window.ctx.workspace.root / "invoices.csv"))
    dialog.start_export()
    app = QApplication.instance()
    for _ in range(300):
        if dialog.result_ is not None:
            break
        wait(app, 0.05)  # type: ignore[arg-type]
    dialog.path.setText("invoices.csv")  # the demo's temporary folder is nobody's business in a picture
    return dialog


def _people_dialog(window: MainWindow) -> QDialog:
    from bodesk.ui.people import PeopleDialog

    dialog = PeopleDialog(window.ctx, window)
    dialog.resize(1100, 360)
    return dialog


def _rules_dialog(window: MainWindow) -> QDialog:
    """Settings › Rules on its Approvals page, previewing two approvals from 1,500 on and a vendor rule."""
    from bodesk.ui.people.rules import RulesDialog

    dialog = RulesDialog(window.ctx, window)
    dialog.resize(1180, 720)
    dialog.tabs.setCurrentIndex(next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == "Approvals"))
    dialog.fields["rules.two_step_above"].setText("1500.00")
    dialog.tables["rules.override.*"].add_row("category:utilities", '{"auto_approve_limit": "0"}')
    dialog.preview()
    return dialog


def _resolve_dialog(window: MainWindow) -> QDialog:
    from bodesk.ui.exceptions.resolve import ResolveDialog

    window.tabs.setCurrentWidget(window.exceptions)
    rows = window.exceptions.selected_rows()
    return ResolveDialog(rows, window)


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
