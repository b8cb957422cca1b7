"""Settings › Sources and background intake in the window, with a real folder and a real keyring file."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from bodesk.ingest.folders import FolderSettings
from bodesk.paths import Workspace
from bodesk.secrets import get_secret
from bodesk.store import sources as db
from bodesk.ui.app import open_context
from bodesk.ui.mainwindow import MainWindow
from bodesk.ui.sources import SourcesDialog
from tests.helpers import make_documents



def test_add_test_edit_and_remove_sources(qtbot, ctx, tmp_path: Path, file_keyring) -> None:  # type: ignore[no-untyped-def]
    dialog = SourcesDialog(ctx)
    qtbot.addWidget(dialog)
    folder = tmp_path / "scans"
    folder.mkdir()
    editor = dialog.edit("folder")
    editor.path.setText(str(folder))
    editor.after.setCurrentIndex(editor.after.findData("move"))
    editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == str(folder)
    assert dialog.table.item(0, 3).text() == "never"

    editor = dialog.edit("imap")
    editor.host.setText("127.0.0.1")
    editor.port.setValue(1)
    editor.user.setText("office")
    editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert "Enter the password" in editor.error.text() and dialog.table.rowCount() == 1
    editor.password.setText("pa55-word")
    editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.table.rowCount() == 2
    ref = db.list_sources(ctx.store)[1].settings["secret_ref"]
    assert ref.startswith("imap:office@127.0.0.1:1#") and get_secret(ref) == "pa55-word"
    assert b"pa55-word" not in ctx.workspace.database.read_bytes()

    dialog.table.selectRow(0)
    dialog.test_selected()
    qtbot.waitUntil(lambda: "can be read" in dialog.result.text(), timeout=5000)
    dialog.table.selectRow(1)
    dialog.test_selected()
    qtbot.waitUntil(lambda: "refused the connection" in dialog.result.text(), timeout=10000)

    editor = dialog.edit(None, dialog.selected())
    assert editor.password.text() == "" and editor.host.text() == "127.0.0.1"
    editor.subject.setText("Invoice")
    editor.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert db.list_sources(ctx.store)[1].settings["filters"]["subject"] == "Invoice"
    assert db.list_sources(ctx.store)[1].settings["secret_ref"] == ref, "the same account keeps its keyring entry"
    assert get_secret(ref) == "pa55-word", "an empty password field keeps the password"

    dialog.table.selectRow(1)
    dialog.remove_selected(confirm=False)
    assert dialog.table.rowCount() == 1 and get_secret(ref) is None


def test_the_window_runs_sources_in_the_background(qtbot, workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "scanner"
    files, _ = make_documents(tmp_path / "made", pdfs=2, pngs=0)
    folder.mkdir()
    ctx = open_context(workspace)
    db.add_source(ctx.store, "folder", "scanner", FolderSettings(str(folder), settle_seconds=0.5).to_json())
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    try:
        win.show()
        qtbot.waitUntil(lambda: win.intake.job is not None, timeout=5000)
        for f in files:
            shutil.copy(f, folder / f.name)
            t = time.time() - 30
            os.utime(folder / f.name, (t, t))
        qtbot.waitUntil(lambda: win.inbox.model.rowCount() == 2, timeout=30000)
        assert sum(int(n.split()[0]) for n in win.intake.notices) == 2  # "2 new invoices from scanner…"
        assert "scanner" in win.status.text()
        # a later check that finds nothing does not leave "Checking scanner…" standing
        qtbot.waitUntil(lambda: win.status.text() == "scanner: nothing new.", timeout=15000)
        dialog = win.intake.show_dialog()
        qtbot.addWidget(dialog)
        assert dialog.table.item(0, 4).text() == "2" and dialog.table.item(0, 6).text() == "OK"
        shutil.rmtree(folder)
        qtbot.waitUntil(lambda: "does not exist" in dialog.table.item(0, 6).text(), timeout=15000)
        assert "does not exist" in win.status.text()
    finally:
        ctx.runner.shutdown()
        ctx.store.close()
