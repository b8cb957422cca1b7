"""Showing a stored document: PDFs with QtPdf, scans as images, e-invoice XML as text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImageReader, QPainter, QPen, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QScrollArea, QStackedWidget, QWidget

MAX_IMAGE_SIDE = 2400  # scale big scans down on load: a 600 dpi A4 scan would otherwise take ~100 MB


class DocumentViewer(QStackedWidget):
    """One document at a time; `show_file(None)` clears it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.image_label = QLabel()
        self.image_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.image_area = QScrollArea()
        self.image_area.setWidget(self.image_label)
        self.image_area.setWidgetResizable(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setObjectName("viewerMessage")
        for w in (self.pdf_view, self.image_area, self.text, self.message):
            self.addWidget(w)
        self._pixmap: QPixmap | None = None
        self._scale = 1.0
        self.show_message("Select an invoice to see its document here.")

    def show_message(self, text: str) -> None:
        self.pdf.close()
        self.message.setText(text)
        self.setCurrentWidget(self.message)

    def show_file(self, path: Path | None) -> None:
        if path is None:
            self.show_message("Select an invoice to see its document here.")
            return
        if not path.exists():
            self.show_message("The stored copy of this document is missing from the workspace.")
            return
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            self._show_pdf(path)
        elif suffix in {".png", ".jpg", ".jpeg", ".tif", ".tiff"}:
            self._show_image(path)
        elif suffix in {".xml", ".eml", ".txt"}:
            self.pdf.close()
            self.text.setPlainText(path.read_text(encoding="utf-8", errors="replace")[:200_000])
            self.setCurrentWidget(self.text)
        else:
            self.show_message(f"bodesk cannot show {path.suffix} files.")

    def _show_pdf(self, path: Path) -> None:
        self.pdf.close()
        error = self.pdf.load(str(path))
        if error != QPdfDocument.Error.None_:
            reasons = {
                QPdfDocument.Error.IncorrectPassword: "The PDF is password-protected.",
                QPdfDocument.Error.UnsupportedSecurityScheme: "The PDF is protected by a scheme bodesk cannot open.",
                QPdfDocument.Error.InvalidFileFormat: "The file is damaged or not really a PDF.",
            }
            self.show_message(reasons.get(error, "The PDF cannot be displayed."))
            return
        self.setCurrentWidget(self.pdf_view)

    def _show_image(self, path: Path) -> None:
        self.pdf.close()
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        size = reader.size()
        self._scale = 1.0
        if size.isValid() and max(size.width(), size.height()) > MAX_IMAGE_SIDE:
            self._scale = MAX_IMAGE_SIDE / max(size.width(), size.height())
            reader.setScaledSize(size * self._scale)
        image = reader.read()
        if image.isNull():
            self.show_message(f"The image cannot be displayed: {reader.errorString()}.")
            return
        self._pixmap = QPixmap.fromImage(image)
        self.image_label.setPixmap(self._pixmap)
        self.setCurrentWidget(self.image_area)

    def highlight(self, page: int, bbox: tuple[float, float, float, float]) -> None:
        """Point at where a value was read: a box on a scan, the page (and position) of a PDF."""
        if self.currentWidget() is self.pdf_view:
            nav = self.pdf_view.pageNavigator()
            nav.jump(max(0, page - 1), QPointF(bbox[0], max(0.0, bbox[1] - 40)), nav.currentZoom())
            return
        if self.currentWidget() is self.image_area and self._pixmap is not None:
            marked = QPixmap(self._pixmap)
            painter = QPainter(marked)
            painter.setPen(QPen(QColor(230, 120, 0), 3))
            s = self._scale
            rect = QRectF(bbox[0] * s - 3, bbox[1] * s - 3, (bbox[2] - bbox[0]) * s + 6, (bbox[3] - bbox[1]) * s + 6)
            painter.drawRect(rect)
            painter.end()
            self.image_label.setPixmap(marked)
            self.image_area.ensureVisible(int(rect.center().x()), int(rect.center().y()), 200, 200)
