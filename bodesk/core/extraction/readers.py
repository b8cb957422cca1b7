"""Readers: turn a PDF or an image into pages of positioned words.

Every reader returns the same thing, a list of `Page`s holding `Word`s with a bbox from the
page's top-left corner: PDF points for PDFs (also for OCR'd PDF pages, scaled back from
pixels), pixels for images. PDFs are read with pypdfium2 alone: its text layer where a page
has one, else the page rendered and OCR'd (see `ocr`). Problems a person can act on
raise `UnreadableDocument` with the sentence to show; smaller ones (pages skipped because
of a cap) are collected in `Reading.notes`.
"""

from __future__ import annotations

import logging
import re
import warnings
from pathlib import Path

from bodesk.errors import UnreadableDocument

from . import ocr, pdfstreams, scaled
from .options import Limits
from .pages import Deadline, Page, Reading, Word

__all__ = ["Deadline", "Page", "Reading", "Word", "read_image", "read_pdf", "sniff"]

log = logging.getLogger(__name__)

#: Image formats Pillow may open for us; anything else is refused before decoding.
IMAGE_FORMATS = frozenset({"PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP"})


def sniff(path: Path) -> str:
    """The kind of a file from its first bytes: "pdf", "xml", "image" or "unknown"."""
    with path.open("rb") as fh:
        head = fh.read(1024)
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<?xml") or stripped.startswith(b"<") or _utf16_markup(head):
        return "xml"
    for magic in (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8", b"RIFF"):
        if head.startswith(magic):
            return "image"
    return "unknown"


def _utf16_markup(head: bytes) -> bool:
    """Whether `head` is markup written in UTF-16 (with a byte-order mark, or without one and starting
    with "<" or white space, each character two bytes); the XML parser then reads its declaration."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, body = ("utf-16-le" if head[0] == 0xFF else "utf-16-be"), head[2:]
    elif len(head) > 1 and head[1] == 0 and head[0] in b"< \t\r\n":
        encoding, body = "utf-16-le", head
    elif len(head) > 1 and head[0] == 0 and head[1] in b"< \t\r\n":
        encoding, body = "utf-16-be", head
    else:
        return False
    return body[: len(body) // 2 * 2].decode(encoding, "replace").lstrip(" \t\r\n").startswith("<")


# ---------------------------------------------------------------------------------------- PDF


def open_pdfium(path: Path):  # -> pypdfium2.PdfDocument
    """Open a PDF with pdfium, turning its failures into sentences (one that unpacks to more than any
    invoice needs is refused before pdfium reads it)."""
    import pypdfium2 as pdfium

    pdfstreams.check(path)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise UnreadableDocument(
                "The PDF is password-protected; open it, save an unprotected copy and import that."
            ) from exc
        raise UnreadableDocument(
            "The PDF is damaged and cannot be read; ask the sender for a new copy."
        ) from exc


def read_pdf(path: Path, limits: Limits, deadline: Deadline) -> Reading:
    """Read the words of a PDF: the text layer where there is one, OCR elsewhere."""
    import pypdfium2 as pdfium

    pdf = open_pdfium(path)
    reading = Reading()
    try:
        reading.page_count = len(pdf)
        if reading.page_count == 0:
            raise UnreadableDocument("The PDF has no pages.")
        wanted = min(reading.page_count, limits.max_pages)
        if reading.page_count > wanted:
            reading.notes.append(
                f"The PDF has {reading.page_count} pages; only the first {wanted} were read."
            )
        for index in range(wanted):
            if deadline.passed():
                reading.notes.append(_timeout_note(deadline, index))
                break
            page = pdf[index]
            try:
                width, height = page.get_size()
                try:
                    words = _text_layer_words(page, index + 1)
                except pdfium.PdfiumError as exc:
                    log.warning("text layer of %s page %d unreadable: %s", path, index + 1, exc)
                    words = []
                if _usable(words):
                    reading.pages.append(Page(index + 1, width, height, words, "text"))
                    continue
                scanned = _ocr_pdf_page(page, index, limits, deadline)
            finally:
                page.close()
            if scanned is None:
                reading.notes.append(_timeout_note(deadline, index))
                break
            reading.pages.append(scanned)
    finally:
        pdf.close()
    return reading


_WORD_RE = re.compile(r"[^\s\x00-\x1f]+")


def _text_layer_words(page, number: int) -> list[Word]:
    """The words of a page's text layer, read with pdfium.

    pdfium's text page gives the page's text in reading order with one character per char
    index, so a word's box needs only its first and last characters: ~2 ms a page against
    ~25 ms for pdfplumber's per-character objects. The vertical extent comes from the loose
    (font-ascent) boxes so every word on a line has the same height whatever its letters.
    """
    from ctypes import c_double

    from pypdfium2.raw import FPDFText_GetCharBox, FPDFText_GetLooseCharBox, FS_RECTF

    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count)
        if len(text) != count:  # characters outside the BMP: rebuild the text index by index
            text = "".join((textpage.get_text_range(i, 1) or " ")[:1] for i in range(count))
        height = page.get_height()
        words: list[Word] = []
        # pdfium's own calls, into the same numbers every time: `get_charbox` makes new ones at each call,
        # which costs more than the call itself.
        head, tail = [c_double() for _ in range(4)], [c_double() for _ in range(4)]  # left, right, bottom, top
        loose_head, loose_tail = FS_RECTF(), FS_RECTF()
        for m in _WORD_RE.finditer(text):
            first, last = m.start(), m.end() - 1
            if not (
                FPDFText_GetCharBox(textpage.raw, first, *head)
                and FPDFText_GetCharBox(textpage.raw, last, *tail)
                and FPDFText_GetLooseCharBox(textpage.raw, first, loose_head)
                and FPDFText_GetLooseCharBox(textpage.raw, last, loose_tail)
            ):
                continue
            x0, x1 = head[0].value, tail[1].value
            top = height - max(loose_head.top, loose_tail.top)
            bottom = height - min(loose_head.bottom, loose_tail.bottom)
            if x1 <= x0 or bottom <= top:
                continue  # an invisible or degenerate glyph run
            words.append(Word(m.group(), x0, top, x1, bottom, number))
        return words
    finally:
        textpage.close()


def _usable(words: list[Word]) -> bool:
    """A text layer worth reading: some words, and not mostly glyphs without a character
    (fonts without a ToUnicode map come out as U+FFFD; such a page is OCR'd instead)."""
    if len(words) < 3:
        return False
    garbled = sum(1 for w in words if "\ufffd" in w.text)
    return garbled < len(words) / 3


def _ocr_pdf_page(page, index: int, limits: Limits, deadline: Deadline) -> Page | None:
    """Render one page with pdfium and OCR it; word boxes are scaled back to PDF points."""
    width, height = page.get_size()
    scale = limits.ocr_dpi / 72.0
    pixels = width * height * scale * scale
    most = min(limits.max_pixels, scaled.OCR_PIXELS)
    if pixels > most:  # an oversized page: render at the largest size OCR takes
        scale *= (most / pixels) ** 0.5
    image = page.render(scale=scale, grayscale=True).to_pil()
    readings = ocr.read_words(image, index + 1, limits, deadline, unit=1.0 / scale)
    if readings is None:
        return None
    return Page(index + 1, width, height, readings[0], "ocr", readings[1:])


def _timeout_note(deadline: Deadline, index: int) -> str:
    return (
        f"Reading stopped after {deadline.seconds:g} seconds; "
        f"only the first {index} page{'s' if index != 1 else ''} were read."
    )


# -------------------------------------------------------------------------------------- images


def read_image(path: Path, limits: Limits, deadline: Deadline) -> Reading:
    """OCR an image file (every frame of a multi-page TIFF, up to `max_pages`)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    reading = Reading()
    try:
        with warnings.catch_warnings():
            # We enforce our own pixel cap below; Pillow's warning would be an error under pytest.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except Image.DecompressionBombError as exc:
        raise UnreadableDocument(_too_big_sentence(None, limits)) from exc
    except UnidentifiedImageError as exc:
        raise UnreadableDocument(
            "The file is not an image bodesk can read; import a PDF, PNG, JPEG or TIFF."
        ) from exc
    with image:
        if image.format not in IMAGE_FORMATS:
            raise UnreadableDocument(
                f"{image.format} images are not supported; import a PDF, PNG, JPEG or TIFF."
            )
        reading.page_count = getattr(image, "n_frames", 1)
        wanted = min(reading.page_count, limits.max_pages)
        if reading.page_count > wanted:
            reading.notes.append(
                f"The image has {reading.page_count} pages; only the first {wanted} were read."
            )
        for index, frame in enumerate(ImageSequence.Iterator(image)):
            if index >= wanted:
                break
            if deadline.passed():
                reading.notes.append(_timeout_note(deadline, index))
                break
            w, h = frame.size
            if w * h > limits.max_pixels:
                raise UnreadableDocument(_too_big_sentence((w, h), limits))
            try:
                page_image, unit = scaled.for_ocr(frame, path)
                readings = ocr.read_words(page_image, index + 1, limits, deadline, unit=unit)
            except (OSError, SyntaxError, ValueError) as exc:  # truncated or corrupt pixel data
                raise UnreadableDocument(
                    "The image is damaged or incomplete and cannot be read; ask for a new copy."
                ) from exc
            if readings is None:
                reading.notes.append(_timeout_note(deadline, index))
                break
            reading.pages.append(Page(index + 1, float(w), float(h), readings[0], "ocr", readings[1:]))
    return reading


def _too_big_sentence(size: tuple[int, int] | None, limits: Limits) -> str:
    dims = f" ({size[0]} x {size[1]} pixels)" if size else ""
    return (
        f"The image is too large to read{dims}; the limit is "
        f"{limits.max_pixels / 1e6:g} million pixels. Scan it again at 300 dpi."
    )
