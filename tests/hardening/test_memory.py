"""Memory per document: a very large scan is read without being held whole at full colour, a page
larger than any paper is rendered no larger than OCR needs, and a PDF whose streams unpack to a
gigabyte is refused before pdfium inflates it. Each document is read as the pool reads it (a fresh
process under the worker's limits) and its peak resident memory, with the tesseract it started, is
what the kernel reports when it exits."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from bodesk.core.extraction.scaled import png_gray, to_gray
from tests.hardening.hostile import bloated_ubl, curves_pdf, facturx_bomb_pdf, flate_bomb_pdf
from tests.hardening.peak import READ, peak_of
from tests.helpers import make_documents

BUDGET_MB = 300  # what one document may take, the worker and its tesseract together

def read_in_worker(path: Path) -> tuple[dict, int]:
    """The record of `path` read as an extraction worker reads it, and the peak resident MB of that
    process and everything it started."""
    code, lines, errors, peak = peak_of(READ, str(path))
    assert code == 0, f"the worker died ({code}): {errors[-1000:]}"
    return json.loads(lines[-1]), peak


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Image.Image, Decimal]:
    """A 200-dpi scan of a generated invoice, and its total."""
    files, invoices = make_documents(tmp_path_factory.mktemp("scan"), pdfs=0, pngs=1)
    with Image.open(files[0]) as image:
        return image.convert("RGB"), invoices[0].truth.total


def test_a_59_megapixel_colour_png_is_read_within_the_budget(scan, tmp_path: Path) -> None:
    image, total = scan
    big = tmp_path / "scan-59mp.png"
    image.resize((6300, 9400), Image.Resampling.BICUBIC).save(big, compress_level=1)
    record, peak = read_in_worker(big)
    assert Decimal(record["total"]) == total, record
    assert peak < BUDGET_MB, f"reading a 59-megapixel PNG took {peak} MB"


def test_a_page_larger_than_paper_is_rendered_no_larger_than_ocr_needs(scan, tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    image, total = scan
    png = tmp_path / "scan.png"
    image.save(png)
    pdf = tmp_path / "poster.pdf"  # 33 x 44 inches: 131 megapixels at 300 dpi
    page = canvas.Canvas(str(pdf), pagesize=(2400, 3200))
    page.drawImage(str(png), 0, 0, 2400, 3200)
    page.save()
    record, peak = read_in_worker(pdf)
    assert Decimal(record["total"]) == total, record
    assert peak < BUDGET_MB, f"reading a poster-sized scanned page took {peak} MB"


def test_a_flate_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    record, peak = read_in_worker(flate_bomb_pdf(tmp_path / "bomb.pdf", inflated=1 << 30))
    assert record["total"] is None
    assert any("unpacks to more than 32 MB" in e for e in record["errors"]), record["errors"]
    assert peak < 150, f"refusing a 1 MB file took {peak} MB"


def test_a_page_of_five_million_curves_is_refused_before_it_is_drawn(tmp_path: Path) -> None:
    record, peak = read_in_worker(curves_pdf(tmp_path / "curves.pdf"))  # 100 MB of drawing operators
    assert any("unpacks to more than 32 MB" in e for e in record["errors"]), record["errors"]
    assert peak < 150, f"refusing it took {peak} MB"


def test_the_same_curves_split_over_four_streams_are_refused_too(tmp_path: Path) -> None:
    record, peak = read_in_worker(curves_pdf(tmp_path / "curves.pdf", streams=4))  # 4 x 25 MB
    assert any("together unpack to more than 32 MB" in e for e in record["errors"]), record["errors"]
    assert peak < 150, f"refusing it took {peak} MB"


@pytest.mark.parametrize("attachments", [1, 6])
def test_a_factur_x_whose_xml_unpacks_to_70_mb_is_read_from_its_page(tmp_path: Path, attachments: int) -> None:
    pdf = facturx_bomb_pdf(tmp_path / "bomb.pdf", inflated=70_000_000, attachments=attachments)
    assert pdf.stat().st_size < 1_100_000
    record, peak = read_in_worker(pdf)  # the worker lives: no "memory" failure, no crash
    assert record["total"] is None and not any("internal error" in e for e in record["errors"]), record
    assert peak < BUDGET_MB, f"a Factur-X with {attachments} attachments of 70 MB took {peak} MB"


def test_an_xml_of_70_mb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    record, peak = read_in_worker(bloated_ubl(tmp_path / "big.xml", 70_000_000))
    assert record["errors"] == ["The XML file is 70 MB, more than any e-invoice bodesk reads (20 MB); ask the sender "
                                "for the invoice as a PDF."]
    assert peak < 150, f"refusing a 70 MB XML took {peak} MB"


def test_a_colour_image_too_large_to_decode_whole_is_refused_with_a_sentence(scan, tmp_path: Path) -> None:
    from bodesk.core.extraction import extract

    big = tmp_path / "scan-59mp.tiff"  # TIFF has no band decoding: whole, it would be 236 MB of pixels
    scan[0].resize((6300, 9400), Image.Resampling.NEAREST).save(big, compression="tiff_lzw")
    result = extract(big)
    assert result.total is None
    assert result.errors == ["The image is too large to read in colour (6300 x 9400 pixels); scan it again at "
                             "300 dpi, or save it as PNG or JPEG."]


def _kinds(base: Image.Image) -> dict[str, Image.Image]:
    ImageDraw.Draw(base).rectangle((10, 10, 300, 200), fill=(200, 30, 40))
    faded = base.convert("RGBA")
    faded.putalpha(Image.linear_gradient("L").resize(base.size))
    palette = base.convert("P", palette=Image.Palette.ADAPTIVE)
    clear = palette.copy()
    clear.info["transparency"] = 0
    return {"RGB": base, "L": base.convert("L"), "RGBA": faded, "LA": base.convert("LA"), "P": palette,
            "P+transparency": clear}


@pytest.mark.parametrize("reduce", [1, 2, 3])
def test_a_png_read_in_bands_is_the_png_read_whole(scan, tmp_path: Path, reduce: int) -> None:
    for name, image in _kinds(scan[0].crop((0, 0, 1001, 779))).items():  # odd sizes: partial last boxes
        for options in ({}, {"optimize": True}, {"compress_level": 1}):  # different row filters and blocks
            path = tmp_path / f"{name}.png"
            image.save(path, **options)
            with Image.open(path) as whole, Image.open(path) as frame:
                want = to_gray(whole)
                want = want.reduce(reduce) if reduce > 1 else want
                got = png_gray(frame, path, reduce)
                assert got is not None, name
                assert got.size == want.size and got.tobytes() == want.tobytes(), (name, options)


def test_a_truncated_png_is_damaged_not_half_read(scan, tmp_path: Path) -> None:
    from bodesk.core.extraction import extract

    path = tmp_path / "cut.png"
    scan[0].resize((6300, 9400)).save(path, compress_level=1)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    result = extract(path)
    assert result.total is None
    assert result.errors == ["The image is damaged or incomplete and cannot be read; ask for a new copy."]
