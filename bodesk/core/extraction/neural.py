"""A second OCR engine for small doubtful images (till receipts, a photo's crop): PP-OCR's text detector
and recogniser, run by ONNX Runtime through `rapidocr_onnxruntime`, whose wheel ships the models (nothing
is downloaded at run time).

Tesseract reads a till's thin dot-matrix digits with misreadings no preparation of the page mends: the
same "16/02/2018" read "15/02" or "13/02" by every reading of it, "2.10" read "2.18". PP-OCR, trained on
photographed and printed text lines, misreads other characters, so its reading joins tesseract's and the
fields are voted on across them (`vote`, `ranker`). It reads a text line at a time and seldom writes a
space; the places it gives each character part the line into words where the gap is wide (`_words`).
Where it still glues two words ("KEDAIMAJU") the vote, which compares names by their letters and digits,
still counts it as agreeing.

The library is optional: where it is not installed (or its models fail to load) bodesk reads with
tesseract alone, as before. The engine is loaded once per process, one thread (bodesk runs one reading
process per core), and released with tesseract's (`release`).
"""

from __future__ import annotations

import logging
import os
import re
from typing import TYPE_CHECKING, Any

from .pages import Word

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger(__name__)

#: A date with a four-digit year and the time glued to it: "16/02/201812:04:58", "2018-02-1612:04".
_DATE_TIME_RE = re.compile(r"(\b\d{1,2}[./-]\d{1,2}[./-]\d{4}|\b\d{4}[./-]\d{1,2}[./-]\d{1,2})(?=\d{1,2}:\d{2})")

#: The gap between two characters, as a share of the line's height, taken for a space.
GAP = 0.4

#: What importing OpenCV sets in the environment.
_QT_VARIABLES = ("QT_QPA_PLATFORM_PLUGIN_PATH", "QT_QPA_FONTDIR")

_engine: list[Any] = []  # [engine] once loaded, [None] when the library is missing or broken


def _load() -> Any:
    if not _engine:
        # OpenCV's wheel points Qt at its own Qt 5 plugins when it is imported: the app's Qt 6, and the tests'
        # window made after a receipt was read, must not look there.
        saved = {key: os.environ.get(key) for key in _QT_VARIABLES}
        try:
            from rapidocr_onnxruntime import RapidOCR

            # Upright pages only (a turned page is turned before it gets here): no angle classifier.
            _engine.append(RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False))
        except Exception as exc:  # not installed, or its native parts do not load here
            log.info("PP-OCR is not available (%s); images are read with tesseract alone", exc)
            _engine.append(None)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return _engine[0]


def available() -> bool:
    return _load() is not None


def release() -> None:
    """Drop the loaded models (the app's own process keeps none between documents)."""
    _engine.clear()


def read_lines(gray: Image, page: int, unit: float) -> list[Word] | None:
    """The words PP-OCR reads on the grey image `gray`, boxes multiplied by `unit`; None where it cannot
    read (the library missing, or failing on this image)."""
    engine = _load()
    if engine is None:
        return None
    import numpy as np

    try:
        found, _ = engine(np.asarray(gray.convert("RGB")), use_cls=False, return_word_box=True)
    except Exception:  # a model or image error is not worth losing tesseract's readings over
        log.warning("PP-OCR could not read page %d", page, exc_info=True)
        return None
    words: list[Word] = []
    for line in found or []:
        words.extend(_words(line, page, unit))
    return words


def _words(line: Any, page: int, unit: float) -> list[Word]:
    """One text line's words: its characters, in their boxes, parted where the gap between two is wide.

    The recogniser rarely writes a space ("TOTALRM12.40", "Coffee2x3.507.00"), but it places each character
    in the line, to a cell of its own grid (about half the line's height): a gap of more than `GAP` of the
    line's height between two characters is taken for a space. A single space between two words is often no
    wider than the grid's slack between two letters of one word (0.3 of the height on a clean slip) and stays
    unseen ("KEDAIMAJU"); the columns of a till slip, a label and its amount, are wider. A date glued to the
    time after it is parted too."""
    box, text, conf = line[0], line[1], float(line[2])
    char_boxes, chars, confs = (line[3], line[4], line[5]) if len(line) >= 6 else ([], [], [])
    if not char_boxes or not len(char_boxes) == len(chars) == len(confs):
        # no places: the line as one piece, parted at its own spaces
        char_boxes, chars, confs = [box] * len(text), list(text), [conf] * len(text)
    top, bottom = min(p[1] for p in box), max(p[1] for p in box)
    height = bottom - top
    pieces: list[list[tuple[str, Any, float]]] = [[]]
    previous_right = None
    for char, where, sure in zip(chars, char_boxes, confs):
        left, right = min(p[0] for p in where), max(p[0] for p in where)
        if char.isspace() or (previous_right is not None and left - previous_right > GAP * height):
            pieces.append([])
        if not char.isspace():
            pieces[-1].append((char, where, float(sure)))
        previous_right = right
    words: list[Word] = []
    for piece in pieces:
        for part in _DATE_TIME_RE.sub(r"\1 ", "".join(c for c, _, _ in piece)).split():
            taken, piece = piece[: len(part)], piece[len(part):]
            left = min(p[0] for _, where, _ in taken for p in where)
            right = max(p[0] for _, where, _ in taken for p in where)
            sure = min(1.0, max(0.0, min(s for _, _, s in taken)))  # as sure as its least sure character
            words.append(Word(part, left * unit, top * unit, right * unit, bottom * unit, page, sure))
    return words
