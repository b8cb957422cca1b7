"""Bad input never raises: each problem is one sentence a person can act on."""

from __future__ import annotations

import pickle
import struct
import zlib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

from bodesk.core.extraction import Limits, extract


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    r = extract(path)
    assert r.errors == ["The file is empty (0 bytes); it may not have finished copying."]
    assert r.total is None and r.line_items == []


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "does not exist" in extract(tmp_path / "nope.pdf").errors[0]
    assert extract(tmp_path).errors == [f"{tmp_path.name} is a folder, not a document."]


def test_password_protected_pdf(pdf_factory) -> None:
    path = pdf_factory([[(50, 60, "Invoice No. 1", 10)]], encrypt="secret")
    r = extract(path)
    assert r.errors == [
        "The PDF is password-protected; open it, save an unprotected copy and import that."
    ]


def test_pdf_encrypted_with_pypdf(pdf_factory, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(pdf_factory([[(50, 60, "Invoice No. 1", 10)]])))
    writer.encrypt("user-pw", "owner-pw", algorithm="AES-128")
    path = tmp_path / "aes.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert "password-protected" in extract(path).errors[0]


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\nthis is not a pdf\n")
    assert extract(path).errors == ["The PDF is damaged and cannot be read; ask the sender for a new copy."]


def test_unsupported_file_type(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04 a zip file, not a document we read")
    assert "not supported" in extract(path).errors[0]


def test_not_an_invoice(pdf_factory) -> None:
    path = pdf_factory([[(50, 60, "Minutes of the staff meeting", 14), (50, 90, "We discussed the summer party.", 10)]])
    r = extract(path)
    assert r.errors == ["This does not look like an invoice: no invoice number, date or total was found."]


def test_png_decompression_bomb_is_refused_before_decoding(tmp_path: Path) -> None:
    # A valid PNG header claiming 100,000 x 100,000 pixels (10 gigapixels), with almost no data.
    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 0, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(b"\0" * 64))
    path = tmp_path / "bomb.png"
    path.write_bytes(data + _png_chunk(b"IEND", b""))
    r = extract(path)
    assert len(r.errors) == 1 and r.errors[0].startswith("The image is too large to read")


def test_image_over_our_pixel_cap(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("L", (4000, 3000), 255).save(path)
    r = extract(path, limits=Limits(max_pixels=10e6))
    assert r.errors == [
        "The image is too large to read (4000 x 3000 pixels); the limit is 10 million pixels. "
        "Scan it again at 300 dpi."
    ]


def test_truncated_image(tmp_path: Path) -> None:
    full = tmp_path / "full.png"
    Image.effect_noise((600, 400), 60).save(full)
    path = tmp_path / "cut.png"
    path.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    assert extract(path).errors == [
        "The image is damaged or incomplete and cannot be read; ask for a new copy."
    ]


def test_page_cap_and_time_cap(pdf_factory) -> None:
    pages = [[(50, 60, f"Invoice No. {n}", 10), (50, 80, "Total 10.00", 10)] for n in range(1, 61)]
    path = pdf_factory(pages)
    capped = extract(path, limits=Limits(max_pages=5))
    assert capped.pages == 60
    assert "The PDF has 60 pages; only the first 5 were read." in capped.errors
    assert capped.invoice_number == "1"
    timed_out = extract(path, limits=Limits(max_seconds=0))
    assert any(e.startswith("Reading stopped after 0 seconds") for e in timed_out.errors)


def test_extract_runs_in_a_process_pool(pdf_factory) -> None:
    path = pdf_factory([[(50, 60, "Invoice No. 77", 10), (50, 80, "Total 10.00", 10)]])
    pickle.dumps(extract)
    with ProcessPoolExecutor(max_workers=1) as pool:
        result = pool.submit(extract, path, limits=Limits(max_pages=3)).result(timeout=60)
    assert result.invoice_number == "77"
