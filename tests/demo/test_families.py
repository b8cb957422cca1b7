"""The layout families (receipt, landscape, two pages, total at the top, dated footer): what they
print is the truth, on the page size each family uses, and the reader reads them right."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest

from bodesk.core.extraction import extract
from bodesk.demo.invoices import FAMILIES, LOCALES, family_set, pdf_bytes, render_pdf

KEY_FIELDS = ("vendor_name", "invoice_number", "invoice_date", "due_date", "total", "subtotal", "tax", "currency")


@pytest.fixture(scope="module")
def invoices():  # type: ignore[no-untyped-def]
    return family_set(2 * len(FAMILIES), seed=3)


def test_the_family_set_cycles_every_family_across_locales(invoices) -> None:  # type: ignore[no-untyped-def]
    assert sorted({inv.layout for inv in invoices}) == sorted(FAMILIES)
    assert len({inv.locale for inv in invoices}) == min(len(invoices), len(LOCALES))
    pairs = {(inv.layout, inv.locale) for inv in family_set(len(FAMILIES) * len(LOCALES), seed=3)}
    assert len(pairs) == len(FAMILIES) * len(LOCALES)


def test_each_family_prints_the_truth_on_its_own_page(invoices) -> None:  # type: ignore[no-untyped-def]
    for inv in invoices:
        t = inv.truth
        with pdfplumber.open(io.BytesIO(pdf_bytes(inv))) as pdf:
            width, height = pdf.pages[0].width, pdf.pages[0].height
            assert len(pdf.pages) == t.pages == (2 if inv.layout == "multi_page" else 1), inv.layout
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        if inv.layout == "receipt":
            assert width < 300 < height
        elif inv.layout == "landscape":
            assert width > height
        else:
            assert height > width
        assert t.invoice_number and t.invoice_number in text, inv.layout
        assert t.total is not None and inv.money(t.total) in text, inv.layout
        assert t.invoice_date and inv.date_text(t.invoice_date) in text, inv.layout


def test_the_dated_footer_holds_other_dates_than_the_invoice_date(invoices) -> None:  # type: ignore[no-untyped-def]
    inv = next(inv for inv in invoices if inv.layout == "dated_footer")
    with pdfplumber.open(io.BytesIO(pdf_bytes(inv))) as pdf:
        footer = pdf.pages[0].crop((0, pdf.pages[0].height - 100, pdf.pages[0].width, pdf.pages[0].height))
        text = footer.extract_text() or ""
    assert inv.truth.invoice_date and inv.date_text(inv.truth.invoice_date) not in text
    assert sum(ch.isdigit() for ch in text) >= 16  # four dates at least


def test_the_reader_reads_every_family_right(invoices, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for i, inv in enumerate(invoices):
        got = extract(render_pdf(inv, tmp_path / f"{i}-{inv.layout}.pdf"))
        want = inv.truth
        misses = {name: (getattr(want, name), getattr(got, name)) for name in KEY_FIELDS
                  if getattr(want, name) != getattr(got, name)}  # fmt: skip
        assert misses == {}, f"{inv.layout}/{inv.locale}"
        assert got.pages == want.pages
