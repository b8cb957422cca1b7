"""Help › About names the version, the workspace and the licence; a missing Tesseract shows a notice."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from bodesk import __version__
from bodesk.ocr_check import missing_message
from bodesk.paths import Workspace
from bodesk.ui.app import show_ocr_notice
from bodesk.ui.mainwindow import MainWindow


def test_about_shows_version_workspace_licence_and_icon(qtbot, window: MainWindow, workspace: Workspace) -> None:
    about = next(a for a in next(a for a in window.menuBar().actions() if a.text() == "&Help").menu().actions()
                 if a.text() == "&About bodesk")
    about.trigger()
    dialog = window.about_dialog
    qtbot.waitExposed(dialog)
    text = dialog.text.text()
    assert f"bodesk {__version__}" in text
    assert str(workspace.root) in text
    assert "MIT License" in text
    icons = [label for label in dialog.findChildren(QLabel) if label.pixmap() is not None and not label.pixmap().isNull()]
    assert icons and icons[0].pixmap().width() == 96
    dialog.reject()
    assert not dialog.isVisible()


def test_a_missing_tesseract_is_announced_in_the_status_bar(window: MainWindow) -> None:
    show_ocr_notice(window, missing_message())
    notice = window.statusBar().findChild(QLabel, "ocrNotice")
    assert notice is not None and notice.isVisible()
    assert "Tesseract OCR is not installed" in notice.text()
    assert notice.toolTip() == missing_message()
    assert window.status.text() == missing_message()
