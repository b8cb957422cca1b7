"""PP-OCR, the second engine that reads small doubtful images (`extraction.neural`): its words and their
places, its reading joining tesseract's, bodesk without it, and an extraction worker loading it under its cap."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from bodesk.core.extraction import extract, neural, ocr
from bodesk.core.extraction.options import Limits
from bodesk.core.extraction.pages import Deadline

ROOT = Path(__file__).resolve().parents[3]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core, a package `make` installs
SLIP = ["KEDAI MAJU JAYA", "Date: 16/02/2018 12:04:58", "Coffee   2 x 3.50    7.00", "TOTAL RM     12.40",
        "CASH    20.00"]


def _slip() -> Image.Image:
    """A till slip's lines, printed clean: 70 pixels apart, from (30, 30)."""
    image = Image.new("L", (520, 420), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 22)
    for i, text in enumerate(SLIP):
        draw.text((30, 30 + 70 * i), text, font=font, fill=0)
    return image


def _doubtful_receipt(tmp_path: Path, seed: int = 3) -> tuple[Path, dict]:
    """A generated till receipt, scanned poorly at 200 dpi: small and doubtful, so read more than one way."""
    from benchmarks.tills import till, pdf
    from bodesk.demo.scans import scan_pdf
    import random

    rng = random.Random("till:neural")
    rows, total, day = till(rng)
    path = scan_pdf(pdf(rows, rng), tmp_path / "till.jpg", dpi=200, seed=seed, quality="poor")
    return Path(path), {"total": total, "invoice_date": day}


def test_a_slip_is_read_in_words_at_their_places() -> None:
    words = neural.read_lines(_slip(), 1, 0.5)
    assert words is not None
    texts = [w.text for w in words]
    # the recogniser writes no space between the label, the currency and the amount: the gaps part them
    assert ["TOTAL", "RM", "12.40"] == texts[texts.index("TOTAL"):texts.index("TOTAL") + 3], texts
    assert "7.00" in texts and "20.00" in texts
    assert "12:04:58" in texts and any(t.endswith("16/02/2018") for t in texts), "the date parted from its time"
    total = words[texts.index("12.40")]
    # boxes come back multiplied by the unit given (0.5): the amount printed right of the label on the 4th line
    assert 12 <= total.top <= 20 + 70 * 3 // 2 and total.x0 > words[texts.index("TOTAL")].x1
    assert 0.5 < total.conf <= 1.0


def test_a_date_glued_to_its_time_is_parted() -> None:
    text = "Date:16/02/201812:04:58"
    # characters in contiguous boxes, as the recogniser places them when it sees no gap
    boxes = [[[10 * i, 0], [10 * i + 10, 0], [10 * i + 10, 20], [10 * i, 20]] for i in range(len(text))]
    line = [[[0, 0], [10 * len(text), 0], [10 * len(text), 20], [0, 20]], text, 0.9, boxes, list(text),
            [0.9] * len(text)]
    words = neural._words(line, 1, 1.0)
    assert [w.text for w in words] == ["Date:16/02/2018", "12:04:58"]
    assert words[1].x0 == 150 and words[1].x1 == 230  # the time's own characters' places


def test_a_doubtful_receipt_is_read_by_both_engines_and_by_tesseract_alone_without_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, truth = _doubtful_receipt(tmp_path)
    image = Image.open(path)
    both = ocr.read_words(image, 1, Limits(), Deadline(120), unit=1.0)
    assert both is not None and len(both) >= 2
    assert extract(path).total == truth["total"]

    monkeypatch.setattr(neural, "_engine", [None])  # as where the library is not installed
    alone = ocr.read_words(image, 1, Limits(), Deadline(120), unit=1.0)
    assert alone is not None and len(alone) == len(both) - 1
    assert [w.text for w in both[-1]] != [w.text for w in alone[-1]], "the last reading was PP-OCR's"
    without = extract(path)
    assert without.errors == [] and without.total == truth["total"], "tesseract alone still reads the slip"


def test_a_slip_scanned_on_a_large_page_is_read_as_a_receipt(tmp_path: Path) -> None:
    """A till slip laid on an A4 scanner's glass: a narrow column of text on a page too large to count as a
    small image. It is cut out and read as a receipt is (several readings, PP-OCR's among them), and its words
    come back at their places on the page."""
    path, truth = _doubtful_receipt(tmp_path, seed=1)
    page = Image.new("L", (1654, 2339), 255)  # A4 at 200 dpi
    page.paste(Image.open(path).convert("L"), (900, 300))
    page.save(tmp_path / "glass.png")

    readings = ocr.read_words(page, 1, Limits(), Deadline(300), unit=0.5)
    assert readings is not None and len(readings) >= 3, "read several ways, as a receipt"
    totals = [w for reading in readings for w in reading if w.text == str(truth["total"])]
    assert totals, "the total read"
    assert all(450 <= w.x0 and 150 <= w.top and w.x1 <= 827 for w in totals), "at its place on the page (unit 0.5)"
    result = extract(tmp_path / "glass.png")
    assert (result.total, result.invoice_date) == (truth["total"], truth["invoice_date"])


def _reading(words: list[tuple[str, int, int, int]]) -> dict:
    """tesseract's `image_to_data` of words (text, left, top, conf), each 80 x 20 pixels."""
    return {"text": [w[0] for w in words], "left": [w[1] for w in words], "top": [w[2] for w in words],
            "width": [80] * len(words), "height": [20] * len(words), "conf": [w[3] for w in words]}


def test_a_column_is_cut_out_only_when_no_text_lies_beside_it() -> None:
    """A narrow column of sure words on an A4 page is a slip, a stamp beside it or not; a column read surely
    beside a second one read poorly (a faint letter) is not cut out: the poorly read text would be lost."""
    page = Image.new("L", (1654, 2339), 255)
    column = [(f"WORD{i}", 900 + 100 * (i % 4), 300 + 40 * i, 90) for i in range(30)]
    assert ocr._slip(_reading(column + [("PAID", 100, 900, 40)]), page) == (860, 260, 1320, 1520)
    faint = [(f"faint{i}", 100 + 100 * (i % 3), 300 + 40 * i, 40) for i in range(10)]
    assert ocr._slip(_reading(column + faint), page) is None
    assert ocr._slip(_reading([(t, x - 800, y, c) for t, x, y, c in column] + column), page) is None, "too wide"


WORKER = """
import json, sys
from bodesk.jobs.pool import WORKER_MEMORY_BYTES, _worker_init
_worker_init(WORKER_MEMORY_BYTES)
from PIL import Image
from bodesk.core.extraction import neural
words = neural.read_lines(Image.open(sys.argv[1]), 1, 1.0)
import os
print(json.dumps([None if words is None else [w.text for w in words], os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")]))
"""


def test_an_extraction_worker_loads_pp_ocr_within_its_memory_cap(tmp_path: Path) -> None:
    """The pool caps each worker's address space; PP-OCR's models and ONNX Runtime must fit under it, or
    the app's imports would read receipts with tesseract alone while the command line reads them with both.
    Loading it leaves the environment's Qt settings as they were (OpenCV's import sets them)."""
    _slip().save(tmp_path / "slip.png")
    done = subprocess.run([sys.executable, "-c", WORKER, str(tmp_path / "slip.png")], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1",
                                                                 "PATH": "/usr/bin:/bin"})
    words, qt_plugins = json.loads(done.stdout.strip().splitlines()[-1])
    assert words is not None, done.stderr
    assert "12.40" in words
    assert qt_plugins is None, "OpenCV's Qt 5 plugins must not become the app's"


def test_check_ocr_says_which_engines_read_scans(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from bodesk.cli import main

    assert main(["--check-ocr"]) == 0
    out = capsys.readouterr().out
    assert "Tesseract OCR: " in out and "missing" not in out
    assert "PP-OCR (receipts and photos): ready" in out

    monkeypatch.setattr(neural, "_engine", [None])
    assert main(["--check-ocr"]) == 0  # tesseract alone still reads scans
    assert "PP-OCR (receipts and photos): not available" in capsys.readouterr().out
