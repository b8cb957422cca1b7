"""The document preview's tools: zoom, fit to width, rotate a scan, open the original, print.

A small bar floats over the preview's top right corner, so every screen that shows a document
(Inbox, Exceptions, Approvals) gets the same tools without giving up room for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFrame, QHBoxLayout, QToolButton, QWidget

if TYPE_CHECKING:
    from bodesk.ui.document import DocumentPreview


class PreviewTools(QFrame):
    """Zoom out, zoom in, fit width, rotate, open original, print: buttons over the document."""

    def __init__(self, preview: DocumentPreview) -> None:
        super().__init__(preview)
        self.setObjectName("previewTools")
        self.setStyleSheet("QFrame#previewTools { background: rgba(255, 255, 255, 225); border: 1px solid #c9d3de;"
                           " border-radius: 5px; } QFrame#previewTools QToolButton { border: none; padding: 2px 6px; }"
                           " QFrame#previewTools QToolButton:hover { background: #e8eef5; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setSpacing(1)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("zoom_out", "−", "Zoom out", preview.zoom_out),
            ("zoom_in", "+", "Zoom in", preview.zoom_in),
            ("fit", "Fit width", "Fit the page to the width", preview.fit_width),
            ("rotate", "⟳", "Turn a sideways scan a quarter turn", preview.rotate),
            ("open", "Open", "Open the original file in its own program", preview.open_original),
            ("print", "Print…", "Print the document", preview.print_document),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[key] = button
        self.preview = preview

    def place(self) -> None:
        """Top right of the preview, clear of its scroll bar."""
        self.adjustSize()
        self.move(max(self.preview.width() - self.width() - 22, 0), 6)
        self.raise_()


def print_pages(parent: QWidget, pages: list[QImage] | None, render_page, page_count: int) -> bool:  # type: ignore[no-untyped-def]
    """Ask for a printer and print: `pages` (images), or `page_count` pages drawn by `render_page(i, size)`."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    painter = QPainter()
    if not painter.begin(printer):
        return False
    area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
    count = len(pages) if pages is not None else page_count
    for i in range(count):
        if i:
            printer.newPage()
        image = pages[i] if pages is not None else render_page(i, QSize(area.width(), area.height()))
        scaled = image.scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        painter.drawImage(0, 0, scaled)
    painter.end()
    return True
