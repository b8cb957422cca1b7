"""OCR of one page image: grayscale, deskew, then tesseract's words with their boxes.

Tesseract runs with `--psm 4` (one column of text of varying sizes) and `OMP_THREAD_LIMIT=1`
(we already run one process per core; tesseract's own threads only make that slower). On
our generated office scans `--psm 6` (one uniform block) lost the labels inside boxed
tables and large titles: 86 % of header fields right against 93 % with `--psm 4`, at the
same speed once the page is binarized (benchmarks/bench_extract.py, 36 scans). Deskewing uses Pillow alone: the
angle whose horizontal projection profile is sharpest, searched on a thumbnail.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from bodesk.errors import UnreadableDocument

if TYPE_CHECKING:
    from PIL.Image import Image

    from .options import Limits
    from .readers import Deadline, Word

log = logging.getLogger(__name__)

TESSERACT_CONFIG = "--psm 4"
#: Skew angles (degrees) tried when deskewing; scans from a feeder are rarely off by more.
_COARSE_ANGLES = [a / 2 for a in range(-10, 11)]
_MIN_CORRECTION = 0.2


def read_words(
    image: Image, page: int, limits: Limits, deadline: Deadline, *, unit: float, dpi: float | None = None
) -> list[Word] | None:
    """The words tesseract reads on `image`, boxes multiplied by `unit`; None on timeout.

    `dpi` is the image's resolution if known. Images under 250 dpi are enlarged to ~300 dpi
    first: tesseract misreads the small glyphs of 200 dpi office scans far more often.
    """
    import pytesseract
    from PIL import Image as PILImage

    from .readers import Word

    gray = deskew(to_gray(image))
    resolution = dpi or gray.width / 8.5  # unknown: assume a page about 8.5 inches wide
    scale = min(2.0, limits.ocr_dpi / resolution) if resolution < 250 and os.environ.get("X_UP") == "1" else 1.0
    if scale > 1.0 and gray.width * gray.height * scale * scale <= limits.max_pixels:
        gray = gray.resize((round(gray.width * scale), round(gray.height * scale)), PILImage.Resampling.BICUBIC)
        unit /= scale
    gray = binarize(gray)
    remaining = deadline.remaining()
    if remaining <= 0:
        return None
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(
            gray,
            lang=limits.ocr_lang,
            config=TESSERACT_CONFIG,
            output_type=pytesseract.Output.DICT,
            timeout=max(1, int(remaining)),
        )
    except pytesseract.TesseractNotFoundError as exc:
        raise UnreadableDocument(
            "This document is a scan, and reading scans needs Tesseract OCR, "
            "which is not installed on this computer."
        ) from exc
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            return None
        raise
    words: list[Word] = []
    for text, left, top, width, height, conf in zip(
        data["text"], data["left"], data["top"], data["width"], data["height"], data["conf"]
    ):
        text = text.strip()
        conf = float(conf)
        if not text or conf < 0:
            continue
        words.append(
            Word(
                text,
                left * unit,
                top * unit,
                (left + width) * unit,
                (top + height) * unit,
                page,
                min(1.0, conf / 100.0),
            )
        )
    return words


def to_gray(image: Image) -> Image:
    """An 8-bit grayscale copy; transparent areas become white, not black."""
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = PILImage.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        return background.convert("L")
    if image.mode == "L":
        return image
    return image.convert("L")


def skew_angle(gray: Image) -> float:
    """The rotation (degrees, counter-clockwise) that makes the text lines horizontal."""
    from PIL import Image as PILImage

    thumb_width = 600
    if gray.width > thumb_width:
        thumb = gray.resize(
            (thumb_width, max(1, round(gray.height * thumb_width / gray.width))),
            PILImage.Resampling.BOX,
        )
    else:
        thumb = gray
    ink = thumb.point(lambda p: 255 if p < 160 else 0)

    def sharpness(angle: float) -> float:
        rotated = ink.rotate(angle, resample=PILImage.Resampling.BILINEAR, fillcolor=0)
        # Averaging each row down to one pixel gives the projection profile without numpy.
        profile = rotated.resize((1, rotated.height), PILImage.Resampling.BOX).tobytes()
        return sum((a - b) ** 2 for a, b in zip(profile, profile[1:]))

    best = max(_COARSE_ANGLES, key=sharpness)
    fine = [best + step / 10 for step in range(-4, 5)]
    return max(fine, key=sharpness)


def binarize(gray: Image) -> Image:
    """Black text on white: a 3x3 median (removes scanner speckles), then Otsu's threshold.

    Tesseract thresholds internally too, but a clean binary page reads ~40 % faster and
    at least as well on office scans.
    """
    from PIL import ImageFilter

    smooth = gray.filter(ImageFilter.MedianFilter(3)) if os.environ.get("X_MED", "1") == "1" else gray
    threshold = otsu_threshold(smooth.histogram())
    return smooth.point(lambda v: 255 if v > threshold else 0)


def otsu_threshold(histogram: list[int]) -> int:
    """The gray level that best separates ink from paper (Otsu 1979)."""
    total = sum(histogram)
    sum_all = sum(i * n for i, n in enumerate(histogram))
    weight_bg = sum_bg = 0
    best_var, best_t = -1.0, 127
    for t, n in enumerate(histogram):
        weight_bg += n
        if weight_bg == 0:
            continue
        weight_fg = total - weight_bg
        if weight_fg == 0:
            break
        sum_bg += t * n
        diff = sum_bg / weight_bg - (sum_all - sum_bg) / weight_fg
        variance = weight_bg * weight_fg * diff * diff
        if variance > best_var:
            best_var, best_t = variance, t
    return best_t


def deskew(gray: Image) -> Image:
    """`gray` rotated so its text lines are horizontal (unchanged if already nearly so)."""
    from PIL import Image as PILImage

    angle = skew_angle(gray)
    if abs(angle) < _MIN_CORRECTION:
        return gray
    log.debug("deskewing by %.1f degrees", angle)
    return gray.rotate(angle, resample=PILImage.Resampling.BICUBIC, fillcolor=255)
