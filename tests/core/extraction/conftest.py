"""Helpers for extraction tests: small PDFs drawn with reportlab, generated sample invoices."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

#: (x, y-from-top, text, font size)
Text = tuple[float, float, str, float]


def draw_pdf(path: Path, pages: list[list[Text]], *, encrypt: str | None = None) -> Path:
    """A text PDF with each string at (x, y) measured from the page's top-left, in points."""
    kwargs = {"encrypt": encrypt} if encrypt else {}
    canvas = Canvas(str(path), pagesize=A4, invariant=1, **kwargs)
    height = A4[1]
    for texts in pages:
        for x, y, text, size in texts:
            canvas.setFont("Helvetica", size)
            canvas.drawString(x, height - y, text)
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def pdf_factory(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(10_000))

    def make(pages: list[list[Text]], **kwargs) -> Path:
        return draw_pdf(tmp_path / f"doc-{next(counter)}.pdf", pages, **kwargs)

    return make

