"""Screenshots of every tab on a fresh demo workspace, for the README and docs (`make screenshots`).

Runs the real app window (under Xvfb via make, or offscreen), waits until the demo workspace
is ready, then saves `docs/<tab>.png` for each tab.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from bodesk.paths import Workspace
from bodesk.ui.app import make_application, open_context
from bodesk.ui.mainwindow import MainWindow


def wait(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


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


def main(out: Path) -> int:
    app = make_application([])
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(Workspace.at(Path(tmp) / "demo"))
        window = MainWindow(ctx)
        window.resize(1360, 860)
        window.show()
        window.prepare_demo()
        deadline = time.monotonic() + 600
        while ctx.runner.active and time.monotonic() < deadline:
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
        for path in onboarding_extras(app, window, out):
            print(path)
        ctx.runner.shutdown()
        ctx.store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
