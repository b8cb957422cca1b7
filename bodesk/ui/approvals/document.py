"""The document beside an invoice: a PDF in a page view, a scan scaled to the width, or a note why not.

Images are decoded on a worker thread (a 300-dpi TIFF takes longer than a frame); QImage is safe
to build off the GUI thread, and only the final pixmap is made here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPixmap, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget

from bodesk.errors import BodeskError
from bodesk.jobs.runner import Job, JobRunner

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def read_image(job: Job, path: str) -> tuple[str, QImage]:
    """Decode an image file (honouring EXIF rotation); runs on a worker thread."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        raise BodeskError(f"The scan {Path(path).name} cannot be shown: {reader.errorString()}.")
    return path, image


class _FitWidthLabel(QLabel):
    """Shows an image scaled to the available width, sharp at every size."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._image = QImage()

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._rescale(self.width())

    def _rescale(self, width: int) -> None:
        if self._image.isNull() or width <= 0:
            self.clear()
            self.setMinimumHeight(0)
            return
        width = min(width, self._image.width() * 2)
        scaled = self._image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        self.setPixmap(QPixmap.fromImage(scaled))
        self.setMinimumHeight(scaled.height())  # taller than the view: the scroll area scrolls

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._rescale(event.size().width())

    def minimumSizeHint(self) -> QSize:
        return QSize(100, 100)


class DocumentPreview(QStackedWidget):
    """Shows the stored file of an invoice."""

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setPageSpacing(12)
        self.image = _FitWidthLabel()
        self.image_area = QScrollArea()
        self.image_area.setWidgetResizable(True)
        self.image_area.setWidget(self.image)
        self.image_area.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.message = QLabel()
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setObjectName("secondaryText")
        for widget in (self.pdf_view, self.image_area, self.message):
            self.addWidget(widget)
        self._path: Path | None = None
        self.show_message("")

    @property
    def path(self) -> Path | None:
        return self._path

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.setCurrentWidget(self.message)

    def show_file(self, path: Path | None, kind: str = "pdf") -> None:
        """Show `path`; `kind` is the document's kind in the store (pdf, image, xml, email)."""
        if path == self._path and self.currentWidget() is not self.message:
            return
        self._path = path
        self.pdf.close()
        self.image.set_image(QImage())
        if path is None:
            self.show_message("No document.")
            return
        if not path.is_file():
            self.show_message(f"The document file is missing from the workspace:\n{path.name}")
            return
        suffix = path.suffix.lower()
        if kind == "pdf" or suffix == ".pdf":
            error = self.pdf.load(str(path))
            if error != QPdfDocument.Error.None_:
                self.show_message(f"This PDF cannot be shown ({error.name.replace('_', ' ').strip()}).")
                return
            self.setCurrentWidget(self.pdf_view)
        elif suffix in IMAGE_SUFFIXES or kind == "image":
            self.show_message("Loading the scan…")
            # bound methods, not lambdas: Qt drops the callback if the preview is gone by then
            self.runner.run("Show scan", read_image, str(path), on_done=self._image_ready, on_error=self._image_failed)
        elif kind == "xml" or suffix == ".xml":
            self.show_message("This is an e-invoice (XML): there is no picture of it.\n"
                              "Its fields are shown on the left.")
        else:
            self.show_message(f"There is no preview for {path.name}.")

    def _image_ready(self, result: tuple[str, QImage]) -> None:
        path, image = result
        if Path(path) != self._path:  # another invoice was shown meanwhile
            return
        self.setCurrentWidget(self.image_area)
        self.image.set_image(image)

    def _image_failed(self, text: str, _traceback: str) -> None:
        if self.currentWidget() is self.message:  # still waiting for this scan
            self.show_message(text)
