"""Tesseract read inside the process (libtesseract's C API): the same words as the `tesseract` command,
the deadline kept, the language models loaded once and freed where asked."""

from __future__ import annotations

import random
from pathlib import Path

import pytesseract
import pytest
from PIL import Image

from bodesk.core.extraction import Limits, ocr, tessapi
from bodesk.core.extraction.pages import Deadline
from bodesk.demo.invoices import make_invoice, render_scan

pytestmark = pytest.mark.skipif(tessapi.engine("eng") is None, reason="no tesseract library to load here")


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Image.Image:
    """A generated German invoice scanned at 200 dpi, cut to black and white as OCR reads it."""
    inv = make_invoice(random.Random("tessapi"), locale="de_DE", layout="classic")
    path = render_scan(inv, tmp_path_factory.mktemp("scan") / "scan.png", dpi=200, quality="office")
    with Image.open(path) as image:
        return ocr._cut(ocr.deskew(image.convert("L")))


def test_the_library_reads_the_page_word_for_word_as_the_command(page: Image.Image) -> None:
    lang = ocr.ocr_languages()
    inside = tessapi.engine(lang).read(page, ocr.TESSERACT_PSM, 60)
    command = pytesseract.image_to_data(page, lang=lang, config=f"--psm {ocr.TESSERACT_PSM}",
                                        output_type=pytesseract.Output.DICT)
    assert inside is not None
    assert {k: inside[k] for k in command} == command
    assert any("ü" in word or "ä" in word or "ö" in word for word in inside["text"])  # German read with its accents


def test_the_models_stay_loaded_between_readings_and_are_freed_on_release(page: Image.Image) -> None:
    first = tessapi.engine("eng")
    first.read(page, ocr.SPARSE_PSM, 60)
    assert tessapi.engine("eng") is first  # the next reading does not load the languages again
    tessapi.release()
    assert tessapi.engine("eng") is not first


def test_a_reading_past_its_deadline_gives_nothing(page: Image.Image) -> None:
    assert tessapi.engine(ocr.ocr_languages()).read(page, ocr.TESSERACT_PSM, 0.001) is None
    assert ocr._tesseract(page, Limits(), Deadline(0.0)) is None


def test_without_the_tesseract_program_the_scan_is_not_read_in_process(page: Image.Image, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """What the app checks and tells the user to install is the program; the library alone does not stand in."""
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "nowhere" / "tesseract"))
    with pytest.raises(Exception, match="Tesseract OCR is installed"):
        ocr._tesseract(page, Limits(), Deadline(60))
