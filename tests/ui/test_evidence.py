"""Clicking a field's confidence shows where on the page the value was read."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from bodesk.ingest.pipeline import Importer
from bodesk.ui.app import open_context
from bodesk.ui.inbox import InboxView
from tests.helpers import make_documents


def _is_marker_orange(color: QColor) -> bool:
    return color.red() > 200 and 90 < color.green() < 170 and color.blue() < 80


@pytest.fixture
def show(qtbot, workspace, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Import `pdfs` PDFs and `pngs` scans, open the inbox on them, select the first."""
    opened = []

    def open_inbox(pdfs: int, pngs: int):  # type: ignore[no-untyped-def]
        ctx = open_context(workspace)
        files, truth = make_documents(tmp_path / "in", pdfs=pdfs, pngs=pngs)
        Importer(ctx.store).import_paths(files)
        view = InboxView(ctx)
        opened.append((ctx, view))
        view.resize(1300, 900)
        view.show()
        qtbot.waitExposed(view)
        view.table.selectRow(0)
        return ctx, view, truth

    yield open_inbox
    for ctx, view in opened:  # the view goes first, then what it uses
        view.close()
        view.deleteLater()
        qtbot.wait(20)
        ctx.runner.shutdown()
        ctx.store.close()


def test_total_is_outlined_on_the_pdf_page(qtbot, show) -> None:  # type: ignore[no-untyped-def]
    ctx, view, truth = show(pdfs=1, pngs=0)
    assert view.fields.edits["total"].text() == format(truth[0].truth.total, "f")
    assert view.fields.marks["total"].text().endswith("%")
    qtbot.mouseClick(view.fields.marks["total"], Qt.MouseButton.LeftButton)
    pdf_view = view.viewer.pdf_view
    qtbot.waitUntil(lambda: pdf_view.marker_on_screen() is not None)  # outlined once the page is open
    marker = pdf_view.marker_on_screen()
    assert marker is not None and pdf_view.viewport().rect().toRectF().contains(marker)
    qtbot.wait(600)  # QPdfView paints pages asynchronously
    image = pdf_view.viewport().grab().toImage()
    edge = marker.adjusted(-3, -3, 3, 3)
    assert _is_marker_orange(image.pixelColor(int(edge.center().x()), int(edge.top())))


def test_field_is_outlined_on_a_scan(qtbot, show) -> None:  # type: ignore[no-untyped-def]
    ctx, view, _ = show(pdfs=0, pngs=1)
    preview = view.viewer
    qtbot.waitUntil(lambda: preview.currentWidget() is preview.image_area, timeout=10_000)
    field = next(n for n in ("total", "invoice_number", "vendor_name") if view.fields.marks[n].text())
    qtbot.mouseClick(view.fields.marks[field], Qt.MouseButton.LeftButton)
    marker = preview.image.marker_on_screen()
    assert marker is not None
    image = preview.image.pixmap().toImage()
    edge = marker.adjusted(-4, -4, 4, 4)
    assert _is_marker_orange(image.pixelColor(int(edge.center().x()), int(edge.top())))
