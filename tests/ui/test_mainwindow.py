"""The main window: real drag-and-drop events, background import, duplicates, corrections."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from bodesk.ingest.docstore import DocumentStore
from bodesk.paths import Workspace
from bodesk.store import audit
from bodesk.store.schema import Invoice
from bodesk.ui.app import open_context
from bodesk.ui.mainwindow import MainWindow
from tests.helpers import make_documents
from tests.ui.conftest import settled


def drop(win: MainWindow, paths: list[Path]) -> bool:
    """Drag files from outside onto the window and let go, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(win.width() / 2, win.height() / 2)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    try:  # Qt 6.12 takes a QPointF (the QPoint form is deprecated there); 6.11 only a QPoint
        enter = QDragEnterEvent(pos, *args)
    except TypeError:
        enter = QDragEnterEvent(pos.toPoint(), *args)
    QApplication.sendEvent(win, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, event)
    return event.isAccepted()


def wait_for_import(qtbot, win: MainWindow) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: win.import_job is None, timeout=180_000)


def test_empty_inbox_says_how_to_get_started(window: MainWindow) -> None:
    assert window.inbox.stack.is_empty
    assert "Drop" in window.inbox.stack.empty.text.text()
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Inbox", "Exceptions", "Approvals", "Payables", "Onboarding", "Metrics",
    ]


def test_drop_three_pdfs_and_a_png_then_drop_them_again(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files, truth = make_documents(tmp_path / "desk", pdfs=3, pngs=1)
    assert drop(window, files)
    assert window.progress.isVisible(), "progress shows in the status bar while importing"
    wait_for_import(qtbot, window)
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() == 4)
    assert not window.inbox.stack.is_empty
    numbers = {row.invoice_number for row in window.inbox.model.rows}
    assert numbers == {inv.truth.invoice_number for inv in truth}
    store = DocumentStore(window.ctx.workspace.documents)
    assert store.file_count() == 4

    assert drop(window, files)
    wait_for_import(qtbot, window)
    assert window.last_import.counts()["duplicate"] == 4
    assert "4 already in the inbox" in window.status.text()
    window.inbox.refresh()
    assert window.inbox.model.rowCount() == 4
    assert store.file_count() == 4


def test_window_ignores_drags_that_carry_no_documents(window: MainWindow, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("hello")
    assert not drop(window, [note])
    assert window.import_job is None


def test_a_correction_is_saved_and_audited(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files, _ = make_documents(tmp_path / "desk", pdfs=1, pngs=0)
    window.import_paths(files)
    wait_for_import(qtbot, window)
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() == 1)
    window.inbox.table.selectRow(0)
    panel = window.inbox.fields
    old = panel.edits["invoice_number"].text()
    assert old, "the number was read"
    panel.edits["invoice_number"].setText("CORRECTED-1")
    panel.edits["invoice_number"].textEdited.emit("CORRECTED-1")
    assert panel.save_button.isEnabled()
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    settled(qtbot, window.ctx)
    with window.ctx.store.session() as session:
        invoice = session.scalars(select(Invoice)).one()
        assert invoice.invoice_number == "CORRECTED-1"
        entries = [e for e in audit.history(session, "invoice", invoice.id) if e.action == "corrected"]
    assert [(e.actor, e.field, e.old_value, e.new_value) for e in entries] == [
        (window.ctx.user, "invoice_number", old, "CORRECTED-1")
    ]
    assert "CORRECTED-1" in panel.history.text()
    assert window.inbox.model.rows[0].invoice_number == "CORRECTED-1"


def test_bad_correction_is_refused_with_a_sentence(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files, _ = make_documents(tmp_path / "desk", pdfs=1, pngs=0)
    window.import_paths(files)
    wait_for_import(qtbot, window)
    qtbot.waitUntil(lambda: window.inbox.model.rowCount() == 1)
    window.inbox.table.selectRow(0)
    panel = window.inbox.fields
    panel.edits["invoice_date"].setText("31/02/2026")
    panel.edits["invoice_date"].textEdited.emit("31/02/2026")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    error = panel.rows["invoice_date"].error
    assert error.isVisible() and "is not a date; type it as" in error.text()
    assert panel.edits["invoice_date"].text() == "31/02/2026"
    panel.discard()  # closing the window would otherwise ask about the unsaved correction


def test_an_interrupted_import_is_finished_at_start(qtbot, workspace: Workspace, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from bodesk.ingest.pipeline import Importer
    from bodesk.store import open_store

    files, truth = make_documents(tmp_path / "desk", pdfs=1, pngs=0)
    store = open_store(workspace)
    Importer(store).receive(files[0])  # stored and committed, then the process "died"
    store.close()
    ctx = open_context(workspace)
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    qtbot.waitUntil(lambda: not ctx.runner.active, timeout=60_000)
    with ctx.store.session() as session:
        invoice = session.scalars(select(Invoice)).one()
    assert invoice.status != "received" and invoice.invoice_number == truth[0].truth.invoice_number
    win.close()
    ctx.runner.shutdown()
    ctx.store.close()
