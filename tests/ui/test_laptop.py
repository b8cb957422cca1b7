"""A laptop's 1366×768 screen: the founder's Approve and Reject and the import progress are on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from bodesk.ui.app import open_context
from bodesk.ui.mainwindow import MainWindow
from tests.ui.conftest import add_invoice

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _on_screen(widget: QWidget, window: QWidget) -> bool:
    """The whole widget lies inside the window's visible area, and nothing clips it."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    area = QRect(top_left, widget.size())
    return widget.isVisible() and not widget.visibleRegion().isEmpty() and window.rect().contains(area) \
        and widget.visibleRegion().boundingRect().size() == widget.size()


def test_approve_reject_and_import_progress_fit_1366x768(qtbot, workspace) -> None:
    ctx = open_context(workspace)
    for n in range(1, 4):
        add_invoice(ctx.store, n, status="extracted", pdf=True)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768 - 60)  # a laptop screen less the taskbar and title bar
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.approvals)
    qtbot.waitUntil(lambda: window.approvals.current_id is not None)
    for button in (window.approvals.approve_button, window.approvals.reject_button):
        assert _on_screen(button, window), button.text()
    window.progress.show()
    window.cancel_button.show()
    qtbot.waitUntil(window.progress.isVisible)
    assert _on_screen(window.progress, window) and _on_screen(window.cancel_button, window)
    for view in (window.inbox, window.exceptions, window.onboarding, window.metrics):
        window.tabs.setCurrentWidget(view)
        assert view.minimumSizeHint().height() <= window.tabs.currentWidget().height() + 1, view
    window.progress.hide()
    window.cancel_button.hide()
    window.close()
    ctx.runner.shutdown()
    ctx.store.close()


def test_window_title_names_the_office_and_size_is_remembered(qtbot, workspace) -> None:
    ctx = open_context(workspace)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    assert window.windowTitle() == f"bodesk — {workspace.root.name}"
    from bodesk.store.settings import change
    from bodesk.ui.context import Changes

    change(ctx.store, {"office.name": "Harbourside Dental"}, by=ctx.user)
    ctx.changed.emit(Changes.of("settings"))
    assert window.windowTitle() == "bodesk — Harbourside Dental"
    screen = window.screen().availableGeometry()
    size = (screen.width(), min(screen.height(), 860) - 50)  # not the size a first start would choose
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.close()
    again = MainWindow(ctx)
    qtbot.addWidget(again)
    assert again.height() == size[1] and abs(again.width() - size[0]) <= 4
    again.close()
    ctx.runner.shutdown()
    ctx.store.close()


def test_help_has_a_manual_and_every_shortcut(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    window.manual_action.trigger()
    manual = window.help_dialog.text.toPlainText()
    assert "bodesk in five minutes" in manual and "Resolve" in manual
    window.help_dialog.close()
    window.keys_action.trigger()
    keys = window.help_dialog.text.toPlainText()
    assert "Ctrl+O" in keys and "Import" in keys and "approve" in keys and "Ctrl+Shift+P" in keys
    window.help_dialog.close()


def test_the_preview_opens_at_the_top_with_zoom_fit_and_rotate(qtbot, ctx, preview, make_invoice) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QImage
    from PySide6.QtPdfWidgets import QPdfView

    first = make_invoice(status="extracted", pdf=True)
    second = make_invoice(status="extracted", pdf=True)
    docs = ctx.workspace.documents
    preview.show_file(docs / f"{first:02x}/{first:064x}.pdf")
    qtbot.waitUntil(lambda: preview.currentWidget() is preview.pdf_view)  # measured off the GUI thread first
    assert preview.currentWidget() is preview.pdf_view and preview.tools.isVisible()
    preview.pdf_view.verticalScrollBar().setValue(preview.pdf_view.verticalScrollBar().maximum())
    preview.show_file(docs / f"{second:02x}/{second:064x}.pdf")
    qtbot.waitUntil(lambda: preview.currentWidget() is preview.pdf_view)
    assert preview.pdf_view.verticalScrollBar().value() == 0  # the next document starts at its top
    preview.zoom_in()
    assert preview.pdf_view.zoomMode() == QPdfView.ZoomMode.Custom and preview.pdf_view.zoomFactor() > 0
    preview.fit_width()
    assert preview.pdf_view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    assert not preview.tools.buttons["rotate"].isEnabled()  # a quarter turn is for scans

    scan = QImage(300, 100, QImage.Format.Format_RGB32)
    scan.fill(0xFFFFFF)
    preview._path = docs / "scan.png"
    preview._image_ready((str(preview._path), scan, 1.0))
    assert preview.tools.buttons["rotate"].isEnabled()
    preview.rotate()
    assert (preview.image._image.width(), preview.image._image.height()) == (100, 300)


def test_empty_states_are_not_clipped_on_a_new_workspace(qtbot, qapp, workspace) -> None:  # type: ignore[no-untyped-def]
    from bodesk.paths import resources_dir
    from bodesk.ui.widgets import EmptyState

    qapp.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))  # its larger font is what clipped
    ctx = open_context(workspace)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    qtbot.waitExposed(window)
    checked = 0
    try:
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            qtbot.wait(20)
            for empty in window.tabs.currentWidget().findChildren(EmptyState):
                if empty.isVisible():
                    text = empty.text
                    assert text.height() >= text.heightForWidth(text.width()), window.tabs.tabText(i)
                    assert empty.title.height() >= empty.title.sizeHint().height()
                    checked += 1
    finally:
        qapp.setStyleSheet("")
        window.close()
        ctx.runner.shutdown()
        ctx.store.close()
    assert checked >= 3


def test_the_office_locale_setting_changes_every_format(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from bodesk.core import formatting
    from bodesk.ui.context import Changes

    monkeypatch.setattr(formatting, "_default", formatting.default())
    settings = ctx.settings.replace({"office.locale": "de_DE", "office.currency": "EUR"})
    monkeypatch.setattr(type(ctx), "settings", property(lambda _self: settings))
    ctx.changed.emit(Changes.of("settings"))
    assert ctx.fmt.locale == "de_DE" and formatting.default().date(date(2026, 11, 26)) == "26.11.2026"
