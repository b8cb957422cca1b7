"""The document beside an invoice: a PDF in a page view, a scan scaled to the width, or a note why not.

Used by the Inbox and the Approvals tab. Images are decoded on a worker thread (a 300-dpi TIFF
takes longer than a frame); QImage is safe to build off the GUI thread, and only the final pixmap
is made here. Very large images are decoded scaled down, so a hostile file cannot exhaust memory.
A PDF's compressed parts are measured on a worker thread before the page view gets it, as at
import: a flate bomb is refused with a sentence instead of being inflated in the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QImageReader, QPainter, QPen, QPixmap, QResizeEvent, QTransform
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QScrollArea, QStackedWidget, QWidget

from bodesk.core.extraction import pdfstreams
from bodesk.core.filetypes import IMAGE_SUFFIXES
from bodesk.errors import BodeskError
from bodesk.jobs.runner import Job, JobRunner
from bodesk.ui.document_tools import PreviewTools, print_pages

MAX_SIDE = 3000  # pixels; larger scans are decoded scaled down (a 600 dpi A4 page is ~7000 px tall)


def read_image(job: Job, path: str) -> tuple[str, QImage, float]:
    """Decode an image file (honouring EXIF rotation); runs on a worker thread.

    Returns the path, the image and the scale it was decoded at (1.0 unless it was huge)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    size = reader.size()
    scale = 1.0
    if size.isValid() and max(size.width(), size.height()) > MAX_SIDE:
        scale = MAX_SIDE / max(size.width(), size.height())
        reader.setScaledSize(QSize(int(size.width() * scale), int(size.height() * scale)))
    image = reader.read()
    if image.isNull():
        raise BodeskError(f"The scan {Path(path).name} cannot be shown: {reader.errorString()}.")
    return path, image, scale


def check_pdf(job: Job, path: str) -> str:
    """Refuse, with the importer's sentence, a PDF whose compressed parts unpack past what any invoice
    needs (a flate bomb): the page view would inflate them whole in this process. Runs on a worker
    thread; the verdict is kept for the next time the document is shown."""
    pdfstreams.check(Path(path))
    return path


class _FitWidthLabel(QLabel):
    """Shows an image scaled to the available width, sharp at every size."""

    def __init__(self) -> None:
        super().__init__()
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self._image = QImage()
        self._marker: QRectF | None = None

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._marker = None
        self._rescale(self.width())

    def set_marker(self, rect: QRectF | None) -> None:
        """Outline `rect` (in the image's pixels), e.g. where a value was read."""
        self._marker = rect
        self._rescale(self.width())

    def marker_on_screen(self) -> QRectF | None:
        if self._marker is None or self._image.isNull() or self.pixmap().isNull():
            return None
        k = self.pixmap().width() / self._image.width()
        m = self._marker
        return QRectF(m.x() * k, m.y() * k, m.width() * k, m.height() * k)

    def _rescale(self, width: int) -> None:
        if self._image.isNull() or width <= 0:
            self.clear()
            self.setMinimumHeight(0)
            return
        width = min(width, self._image.width() * 2)
        scaled = QPixmap.fromImage(self._image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))
        self.setPixmap(scaled)
        marker = self.marker_on_screen()
        if marker is not None:
            painter = QPainter(scaled)
            painter.setPen(QPen(QColor(230, 120, 0), 3))
            painter.drawRect(marker.adjusted(-4, -4, 4, 4))
            painter.end()
            self.setPixmap(scaled)
        self.setMinimumHeight(scaled.height())  # taller than the view: the scroll area scrolls

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._rescale(event.size().width())

    def minimumSizeHint(self) -> QSize:
        return QSize(100, 100)


class _MarkedPdfView(QPdfView):
    """A PDF view that can outline a rectangle of a page (where a value was read).

    QPdfView lays pages out top to bottom, each centred, scaled to the view's width in FitToWidth
    mode; the marker is drawn over the viewport with the same geometry.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._marker: tuple[int, QRectF] | None = None

    def set_marker(self, page: int, rect: QRectF | None) -> None:
        """Outline `rect` (PDF points from the page's top-left) on 0-based `page`; None clears it."""
        self._marker = (page, rect) if rect is not None else None
        self.viewport().update()

    def page_rect(self, page: int) -> QRectF:
        """Where 0-based `page` is drawn, in viewport pixels."""
        doc = self.document()
        margins = self.documentMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        sizes = [doc.pagePointSize(i) for i in range(doc.pageCount())]
        widest = max((s.width() for s in sizes), default=1.0) or 1.0
        k = width / widest
        y = float(margins.top())
        for i in range(page):
            y += sizes[i].height() * k + self.pageSpacing()
        size = sizes[page]
        x = margins.left() + (width - size.width() * k) / 2
        return QRectF(
            x - self.horizontalScrollBar().value(), y - self.verticalScrollBar().value(),
            size.width() * k, size.height() * k,
        )

    def marker_on_screen(self) -> QRectF | None:
        if self._marker is None or self.document() is None or self._marker[0] >= self.document().pageCount():
            return None
        page, rect = self._marker
        area = self.page_rect(page)
        k = area.width() / (self.document().pagePointSize(page).width() or 1.0)
        return QRectF(area.x() + rect.x() * k, area.y() + rect.y() * k, rect.width() * k, rect.height() * k)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().paintEvent(event)
        marker = self.marker_on_screen()
        if marker is not None:
            painter = QPainter(self.viewport())
            painter.setPen(QPen(QColor(230, 120, 0), 2.5))
            painter.setBrush(QColor(255, 170, 0, 50))
            painter.drawRect(marker.adjusted(-3, -3, 3, 3))
            painter.end()


class DocumentPreview(QStackedWidget):
    """Shows the stored file of an invoice."""

    def __init__(self, runner: JobRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.pdf = QPdfDocument(self)
        self.pdf_view = _MarkedPdfView(self)
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
        self._pending_mark: tuple[int, tuple[float, float, float, float]] | None = None
        self._scale = 1.0
        self._zoom = 1.0
        self.tools = PreviewTools(self)
        self.show_message("")

    @property
    def path(self) -> Path | None:
        return self._path

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.setCurrentWidget(self.message)
        self.tools.hide()

    def _shown(self, widget: QWidget) -> None:
        """A document is on screen: at its top, fitted to the width, with the tools over it (and the
        value asked for while it was opening outlined)."""
        self.setCurrentWidget(widget)
        self._zoom = 1.0
        self.tools.buttons["rotate"].setEnabled(widget is self.image_area)
        self.tools.show()
        self.tools.place()
        for bar in (self.pdf_view.verticalScrollBar(), self.image_area.verticalScrollBar()):
            bar.setValue(0)
        pending, self._pending_mark = self._pending_mark, None
        if pending is not None:
            self.highlight(*pending)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.tools.place()

    # -- tools -----------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self._set_zoom(self._zoom * 1.25)

    def zoom_out(self) -> None:
        self._set_zoom(self._zoom / 1.25)

    def fit_width(self) -> None:
        self._set_zoom(1.0)

    def _set_zoom(self, zoom: float) -> None:
        """`zoom` relative to the page's width fitting the view (1.0); scans do not shrink below it."""
        if self.currentWidget() is self.pdf_view:
            self._zoom = min(max(zoom, 0.25), 6.0)
            if self._zoom == 1.0:
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            else:
                page = self.pdf.pagePointSize(0).width() or 595.0
                fit = (self.pdf_view.viewport().width() - 20) / (page * self.logicalDpiX() / 72.0)
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
                self.pdf_view.setZoomFactor(fit * self._zoom)
        elif self.currentWidget() is self.image_area:
            self._zoom = min(max(zoom, 1.0), 6.0)
            width = self.image_area.viewport().width()
            self.image.setMinimumWidth(int(width * self._zoom) if self._zoom > 1.0 else 0)

    def rotate(self) -> None:
        """Turn a scan a quarter turn clockwise (a sideways scan); the outline of a value goes."""
        if self.currentWidget() is self.image_area and not self.image._image.isNull():
            self.image.set_image(self.image._image.transformed(QTransform().rotate(90)))

    def open_original(self) -> None:
        if self._path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._path)))

    def print_document(self) -> None:
        if self.currentWidget() is self.pdf_view:
            def page(i: int, area: QSize) -> QImage:
                fitted = self.pdf.pagePointSize(i).scaled(QSizeF(area), Qt.AspectRatioMode.KeepAspectRatio)
                return self.pdf.render(i, fitted.toSize())

            print_pages(self, None, page, self.pdf.pageCount())
        elif self.currentWidget() is self.image_area:
            print_pages(self, [self.image._image], None, 1)

    def show_file(self, path: Path | None, kind: str = "pdf") -> None:
        """Show `path`; `kind` is the document's kind in the store (pdf, image, xml, email)."""
        if path == self._path and self.currentWidget() is not self.message:
            return
        self._path = path
        self._pending_mark = None
        self.pdf.close()
        self.pdf_view.set_marker(0, None)
        self.image.set_image(QImage())
        if path is None:
            self.show_message("No document.")
            return
        if not path.is_file():
            self.show_message(f"The document file is missing from the workspace:\n{path.name}")
            return
        suffix = path.suffix.lower()
        if kind == "pdf" or suffix == ".pdf":
            self.show_message("Opening the PDF…")
            self.runner.run("Show PDF", check_pdf, str(path), on_done=self._pdf_checked, on_error=self._image_failed)
        elif suffix in IMAGE_SUFFIXES or kind == "image":
            self.show_message("Loading the scan…")
            # bound methods, not lambdas: Qt drops the callback if the preview is gone by then
            self.runner.run("Show scan", read_image, str(path), on_done=self._image_ready, on_error=self._image_failed)
        elif kind == "xml" or suffix == ".xml":
            self.show_message("This is an e-invoice (XML): there is no picture of it.\n"
                              "Its fields are shown beside it.")
        else:
            self.show_message(f"There is no preview for {path.name}.")

    def _pdf_checked(self, path: str) -> None:
        if Path(path) != self._path or self.currentWidget() is not self.message:  # another document meanwhile
            return
        error = self.pdf.load(path)
        if error != QPdfDocument.Error.None_:
            self.show_message(f"This PDF cannot be shown ({error.name.replace('_', ' ').strip()}).")
            return
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._shown(self.pdf_view)

    def _image_ready(self, result: tuple[str, QImage, float]) -> None:
        path, image, scale = result
        if Path(path) != self._path:  # another invoice was shown meanwhile
            return
        self._scale = scale
        self.image.setMinimumWidth(0)
        self._shown(self.image_area)
        self.image.set_image(image)

    def highlight(self, page: int, bbox: tuple[float, float, float, float]) -> None:
        """Point at where a value was read: outline it on a scan, bring it into view on a PDF page.

        `bbox` is (x0, top, x1, bottom) from the page's top-left, in PDF points or image pixels."""
        if self.currentWidget() is self.message and self._path is not None:
            self._pending_mark = (page, bbox)  # still opening: outlined as soon as it is on screen
            return
        x0, top, x1, bottom = bbox
        if self._zoom != 1.0:
            self.fit_width()  # the outline is drawn on the page as fitted to the width
        if self.currentWidget() is self.pdf_view:
            self.pdf_view.set_marker(page - 1, QRectF(x0, top, x1 - x0, bottom - top))
            marker = self.pdf_view.marker_on_screen()
            if marker is not None:  # scroll so the marked value is in the upper third of the view
                bar = self.pdf_view.verticalScrollBar()
                bar.setValue(int(bar.value() + marker.top() - self.pdf_view.viewport().height() / 3))
        elif self.currentWidget() is self.image_area:
            s = self._scale
            self.image.set_marker(QRectF(x0 * s, top * s, (x1 - x0) * s, (bottom - top) * s))
            marker = self.image.marker_on_screen()
            if marker is not None:
                center = marker.center()
                self.image_area.ensureVisible(int(center.x()), int(center.y()), 50, 150)

    def _image_failed(self, text: str, _traceback: str) -> None:
        if self.currentWidget() is self.message:  # still waiting for this scan
            self.show_message(text)
