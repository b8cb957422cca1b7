"""Tests for the sample invoice generator: the truth is exactly what the rendered page shows."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from stdnum import iban as std_iban
from stdnum.au import abn
from stdnum.de import vat as de_vat
from stdnum.es import nif as es_nif
from stdnum.fr import tva as fr_tva
from stdnum.gb import vat as gb_vat
from stdnum.nl import btw as nl_btw

from bodesk.core.records import ExtractionResult
from bodesk.demo.invoices import (
    DEMO_VENDORS,
    LAYOUTS,
    LOCALES,
    SampleInvoice,
    format_date,
    format_number,
    make_invoice,
    make_vendor,
    pdf_bytes,
    render_pdf,
    render_scan,
    sample_set,
    write_set,
)


@pytest.fixture(scope="module")
def every_pair() -> list[SampleInvoice]:
    return sample_set(54, seed=11)


@pytest.fixture(scope="module")
def texts(every_pair: list[SampleInvoice]) -> list[str]:
    return [_pdf_text(pdf_bytes(inv)) for inv in every_pair]


def _pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_sample_set_covers_every_layout_and_locale(every_pair: list[SampleInvoice]) -> None:
    pairs = {(inv.layout, inv.locale) for inv in every_pair}
    assert pairs == {(lay, loc) for lay in LAYOUTS for loc in LOCALES}
    assert len(LAYOUTS) >= 6
    # evenly cycled: the first 18 already use every layout three times and every locale twice
    first = sample_set(18, seed=11)
    assert [inv.truth.to_record() for inv in first] == [inv.truth.to_record() for inv in every_pair[:18]]
    assert sorted(inv.layout for inv in first) == sorted(LAYOUTS * 3)
    assert sorted(inv.locale for inv in first) == sorted(LOCALES * 2)


def test_totals_are_consistent(every_pair: list[SampleInvoice]) -> None:
    for inv in every_pair:
        t = inv.truth
        assert t.subtotal is not None and t.tax is not None and t.total is not None
        assert 1 <= len(t.line_items) <= 8
        for li in t.line_items:
            assert li.quantity is not None and li.unit_price is not None and li.amount is not None
            assert li.amount == (li.quantity * li.unit_price).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert sum(li.amount for li in t.line_items if li.amount is not None) == t.subtotal
        minor = Decimal(1) if t.currency == "IDR" else Decimal("0.01")
        assert t.tax == (t.subtotal * inv.tax_rate / 100).quantize(minor, ROUND_HALF_UP)
        assert t.subtotal + t.tax == t.total
        assert t.invoice_date and t.due_date and t.due_date > t.invoice_date


def test_rendered_pdf_shows_the_truth(every_pair: list[SampleInvoice], texts: list[str]) -> None:
    for inv, text in zip(every_pair, texts, strict=True):
        t = inv.truth
        where = f"{inv.layout}/{inv.locale}"
        assert t.invoice_number and t.invoice_number in text, where
        assert t.vendor_name and t.vendor_name in text, where
        assert t.total is not None and inv.money(t.total) in text, where
        assert inv.buyer_name in text and inv.buyer_name != t.vendor_name, where
        assert t.invoice_date and inv.date_text(t.invoice_date) in text, where
        if t.po_number:
            assert t.po_number in text, where
        if t.iban:
            assert t.iban in text.replace(" ", ""), where
        if t.vendor_tax_id:
            assert t.vendor_tax_id in text.replace(" ", ""), where
        for li in t.line_items:
            assert li.amount is not None and inv.number(li.amount) in text, where


def test_due_date_is_printed_or_follows_from_printed_terms(
    every_pair: list[SampleInvoice], texts: list[str]
) -> None:
    shown = hidden = 0
    for inv, text in zip(every_pair, texts, strict=True):
        t = inv.truth
        assert t.invoice_date and t.due_date
        assert (t.due_date - t.invoice_date).days == inv.terms_days
        if inv.style.show_due:
            shown += 1
            assert inv.date_text(t.due_date) in text
        else:
            hidden += 1
            assert inv.label("terms").format(d=inv.terms_days) in " ".join(text.split())
    assert shown > hidden > 0


def test_locale_labels_and_number_formats() -> None:
    assert format_number(Decimal("1234.5"), ",", ".") == "1.234,50"
    assert format_number(Decimal("1234.5"), ",", " ") == "1 234,50"
    assert format_number(Decimal("1234.5"), ".", ",") == "1,234.50"
    assert format_number(Decimal("1234500"), ",", ".", 0) == "1.234.500"
    assert format_date(date(2026, 3, 5), "long_us", "en") == "March 5, 2026"
    assert format_date(date(2026, 3, 5), "mdy_slash", "en") == "03/05/2026"
    assert format_date(date(2026, 3, 5), "long_dmy", "de") == "5. März 2026"
    assert format_date(date(2026, 3, 5), "long_dmy", "es") == "5 de marzo de 2026"
    expected = {"de_DE": ("MwSt", "USt"), "fr_FR": ("TVA",), "es_ES": ("IVA",), "nl_NL": ("BTW", "btw"),
                "id_ID": ("PPN",), "en_GB": ("VAT",), "en_SG": ("GST",), "en_AU": ("GST",),
                "en_US": ("ax",)}  # fmt: skip
    rates = {"de_DE": 19, "fr_FR": 20, "es_ES": 21, "nl_NL": 21, "id_ID": 11, "en_GB": 20, "en_SG": 9, "en_AU": 10}
    for locale in LOCALES:
        inv = make_invoice(random.Random(locale), locale=locale)
        text = _pdf_text(pdf_bytes(inv))
        assert any(word in text for word in expected[locale]), locale
        if locale in rates:
            assert inv.tax_rate == rates[locale]
        assert inv.truth.currency == {"en_US": "USD", "en_GB": "GBP", "en_SG": "SGD", "en_AU": "AUD",
                                      "id_ID": "IDR"}.get(locale, "EUR")  # fmt: skip
        if inv.style.money_prefix == "$" and locale != "en_US":
            assert inv.style.currency_note and inv.truth.currency in text


def test_same_seed_gives_identical_truth_and_pdf() -> None:
    a, b = sample_set(9, seed=3), sample_set(9, seed=3)
    assert [i.truth.to_record() for i in a] == [i.truth.to_record() for i in b]
    assert pdf_bytes(a[0]) == pdf_bytes(b[0])
    other = sample_set(9, seed=4)
    assert [i.truth.to_record() for i in a] != [i.truth.to_record() for i in other]
    one = make_invoice(random.Random(5), layout="letter", locale="de_DE")
    assert one.truth.to_record() == make_invoice(random.Random(5), layout="letter", locale="de_DE").truth.to_record()


def test_make_invoice_options() -> None:
    vendor = DEMO_VENDORS[0]
    inv = make_invoice(random.Random(1), vendor=vendor, po_number=None, lines=8, layout="compact")
    assert inv.locale == vendor.locale and inv.layout == "compact"
    assert inv.truth.vendor_name == vendor.name and inv.truth.po_number is None
    assert len(inv.truth.line_items) == 8
    assert inv.label("po") not in _pdf_text(pdf_bytes(inv))
    inv = make_invoice(random.Random(1), vendor=vendor, po_number="PO-7781")
    assert inv.truth.po_number == "PO-7781" and "PO-7781" in _pdf_text(pdf_bytes(inv))
    with pytest.raises(ValueError, match="unknown layout"):
        make_invoice(random.Random(1), layout="fancy")


def test_vendor_identifiers_are_valid() -> None:
    vendors = list(DEMO_VENDORS)
    vendors += [make_vendor(random.Random(i), loc) for i in range(5) for loc in LOCALES]
    assert len({v.name for v in DEMO_VENDORS}) == len(DEMO_VENDORS) >= 6
    validators = {"GB": gb_vat, "DE": de_vat, "FR": fr_tva, "NL": nl_btw, "ES": es_nif, "AU": abn}
    for v in vendors:
        if v.iban:
            assert std_iban.is_valid(v.iban), v
        if v.country in validators:
            assert v.tax_id and validators[v.country].is_valid(v.tax_id), v
        assert v.iban or v.bank_account, v


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".tiff", ".pdf"])
def test_render_scan_writes_an_image_without_text(tmp_path: Path, suffix: str) -> None:
    inv = sample_set(1, seed=2)[0]
    out = render_scan(inv, tmp_path / f"scan{suffix}", dpi=60, seed=1)
    assert out.exists() and out.stat().st_size > 5_000
    if suffix == ".pdf":
        with pdfplumber.open(out) as pdf:
            assert len(pdf.pages) == 1
            assert (pdf.pages[0].extract_text() or "").strip() == ""
            assert pdf.pages[0].images
    else:
        with Image.open(out) as img:
            assert img.mode == "L"
            width, height = inv.style.page
            assert abs(img.width - width * 60 / 72) < 30 and abs(img.height - height * 60 / 72) < 30
    again = render_scan(inv, tmp_path / f"again{suffix}", dpi=60, seed=1)
    if suffix == ".png":
        assert again.read_bytes() == out.read_bytes()
    with pytest.raises(ValueError, match="cannot write a scan"):
        render_scan(inv, tmp_path / "scan.bmp")


def test_write_set(tmp_path: Path) -> None:
    written = write_set(tmp_path / "set", 3, seed=1)
    assert [p.name for p, _ in written] == ["invoice-001.pdf", "invoice-002.pdf", "invoice-003.pdf"]
    lines = (tmp_path / "set" / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    for (path, record), line in zip(written, lines, strict=True):
        row = json.loads(line)
        assert row["file"] == path.name and row["source"] == path.stem
        assert {k: v for k, v in row.items() if k not in {"file", "layout", "locale"}} == record
        assert ExtractionResult.from_record(record).to_record() == record
    assert [r["method"] for _, r in written] == ["text", "text", "ocr"]
    assert _pdf_text(written[0][0].read_bytes()) and not _pdf_text(written[2][0].read_bytes()).strip()
    render_pdf(sample_set(1)[0], tmp_path / "one.pdf")
    assert (tmp_path / "one.pdf").read_bytes().startswith(b"%PDF")


def test_generator_does_not_import_qt() -> None:
    code = "import sys, bodesk.demo.invoices; print([m for m in sys.modules if m.startswith(('PySide', 'shiboken'))])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
