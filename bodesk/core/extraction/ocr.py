"""OCR of one page image: grayscale, deskew, dark edge bands cleared, binarize (`prepare`), then
tesseract's words with their boxes.

Tesseract runs with `--psm 4` (one column of text of varying sizes) and `OMP_THREAD_LIMIT=1`
(we already run one process per core; tesseract's own threads only make that slower). On
our generated office scans `--psm 6` (one uniform block) lost the labels inside boxed
tables and large titles: 88 % of header fields and 78 % of line items right, against 96 %
and 94 % with `--psm 4`, at the same speed once the page is binarized
(benchmarks/bench_extract.py --only scans --scans 54 --seed 99). It reads inside the process
(`tessapi`: the language models loaded once per worker, the page handed over as pixels) where its
library loads, else as the `tesseract` command. Deskewing uses Pillow alone: the angle whose
horizontal projection profile is sharpest, searched on a thumbnail (`skew_angle`). A page that reads
as almost nothing is turned by tesseract's orientation detection and read again; its word boxes are
then those of the turned page. A page read well but for a few doubtful words with a letter or a digit
(two columns whose lines do not line up: an address beside the invoice's details) is read again as
scattered words (`--psm 11`), and the surer reading of each place kept (`_fill_in`); a table's rules
read as ":" or "|" do not count. Boxes of a deskewed page are those of the straightened page (the same
size as the original, a fraction of a degree apart).

A page drawn as a grid of boxes (at least three rules down and three across, each a twenty-fifth of the
page long) has its thin rules painted white before it is read (`prepare.clear_rules`): tesseract reads a
rule beside a figure as "|" or ")" and can drop a boxed row's words. Dev side of the benchmark: real
invoices scanned (visual-scans) 52 -> 54/60 key fields and 76 -> 78/84 other fields, boxed tax summaries'
totals among them; zugferd pages scanned 222 -> 221/229 header fields; generated scans and receipts
as before (receipts, small images, are never cleared: the total's model was trained on their readings).
It costs ~0.2 s of CPU on a 200-dpi page it clears, ~0.4 s at 300 dpi, 0.1-0.25 s on a page without a grid.

Speed, on one core (bench_extract.py --only scans --scans 10 --workers 1: generated A4 scans at 200
and 300 dpi; four runs at a load of ~3): a median 0.97-1.20 s of CPU a page, tesseract's included,
against 2.0 s when each reading started the command, which loaded the six languages again (~0.5 s),
the skew was searched by turning the thumbnail 30 times (~0.25 s), and a table's rules set off the
second reading on a third of the pages. Nearly all of what is left is tesseract reading: ~0.6-0.7 s a
200-dpi page, ~1.0 s at 300 dpi (six languages; English alone ~1/3 less), and ~0.2 s turning a skewed
page straight (bicubic: bilinear lost 0.5 and 1.8 points of header fields on the two generated sets
below; reading 300-dpi pages at 240-250 dpi lost 0.3-0.9 points on the layout families). The fields
read on 48 generated scans (bench_extract.py --only family-scans,scans --family-scans 30 --scans 18)
are the same as before.

A page whose words tesseract doubts (median confidence under 85, or under 95 on a small image: a
till receipt, a photo's crop, up to a quarter of the pixels OCR takes) is read more than one way:
cut to black and white, left grey for tesseract's own thresholding, and a small one at twice its
size and as one uniform block of text (`--psm 6`). All readings are returned and each header field
is voted on across them (`vote`), the total chosen over them by the learned model (`ranker`): they
misread different digits. On the development side of the corpus's receipts the first three readings
took the total from 75.7 to 84.3 % right, the date from 77.1 to 82.9 %, the vendor from 81.4 to
84.3 %, at ~45 % more CPU per receipt; the block reading then found the total where no other reading
had it on 4 of the 8 receipts where none did (the model's cross-validated total 82.9 -> 85.7 %, the
date 82.9 -> 88.6 %), at ~1.5 s more CPU per receipt. Generated A4 scans are not small and read as before.
Last, such a small image is read by another engine, PP-OCR (`neural`), whose misreadings are not
tesseract's (every reading of tesseract gave "2.18" for a till's 2.10, or a date without its separators).
With its reading among the others (and the total's model trained again with it), the development receipts'
total, cross-validated by receipt, went from 63 to 65 of 70, and by shop (each shop's receipts chosen by a
model that saw none of them) from 64 to 66; read by `bodesk extract`, the total from 65 to 66 and the date
from 61 to 64 of 70 (held-out receipts, never tuned on: total 21 -> 25, date 26 -> 28 of 30). It costs
~4-6 s of CPU per receipt and ~0.5 GB of memory in the worker that reads it.

A till slip laid on a flatbed scanner comes as a large page (A4 at 200 or 600 dpi) whose text is a narrow
column: read as a page it was read once, its rules cleared, and no other engine saw it. Where the words read
surely on a large page fill a column at most half its width (`_slip`; the receipts scanned so: a third of
the width, every real invoice page scanned: three quarters or more) and hold nearly all the words read at
all (a faint second column is not cut away), the column and a margin of two lines are cut out and read as a
small image; the words are put back at their places on the page. Development receipts (7 of 70 scanned
so): total 66 -> 67, vendor 64 -> 65, date 64 -> 65 of 70; the total's model trained again with their new
readings (cross-validated by receipt 65 -> 67, by shop 66 -> 67); held-out receipts as before; generated
till receipts' total 98 -> 97 of 100 (one total's amount before rounding now preferred, as an earlier model
did). The first reading of the whole page, which finds the column, is the cost: ~3-5 s at 600 dpi.

With English data alone accents are lost ("Büromarkt" reads "Biiromarkt"); `Limits.ocr_lang`
"auto" uses every installed language of the locales bodesk reads (`make` installs them). The languages
cost time: a receipt is read 2-4 times faster in English alone (each doubtful word is tried in every
model), but the models also vote word by word: read in English first and again in another language only
where the page's words showed it, the development receipts' total fell from 65 to 56 of 70, the vendor
from 64 to 56, the date from 61 to 55, and the layout-family scans from 97.3 to 95.8 % of header fields.
"""

from __future__ import annotations

import logging
import os
import shutil
from typing import TYPE_CHECKING

from bodesk.errors import UnreadableDocument

from . import neural, tessapi
from .pages import Deadline, Word
from .prepare import binarize, clear_edges, clear_rules, deskew, flatten
from .scaled import OCR_PIXELS, to_gray

if TYPE_CHECKING:
    from PIL.Image import Image

    from .options import Limits

log = logging.getLogger(__name__)

#: Tesseract's page segmentation mode: one column of text of varying sizes.
TESSERACT_PSM = 4
#: A small doubtful page (a till receipt) is also read as one uniform block of text.
BLOCK_PSM = 6
#: The second reading of a page with doubtful words: every word found on its own ("sparse text").
SPARSE_PSM = 11
DOUBTFUL_WORDS_FOR_SPARSE_READ = 3
#: A large page whose surely read words fill a column no wider than this share of it holds a till slip.
SLIP_WIDTH = 0.5
#: ... and no more than this share of the words read at all (a stamp, a note in the margin) lie outside it.
SLIP_STRAYS = 0.1


def read_words(
    image: Image, page: int, limits: Limits, deadline: Deadline, *, unit: float
) -> list[list[Word]] | None:
    """The readings tesseract gives of `image`, boxes multiplied by `unit`: the most readable first, then
    the other preparations of a doubtful page (for the fields to be voted on); None on timeout.

    A page that reads as almost nothing may be sideways or upside down: tesseract's
    orientation detection (`--psm 0`) then says how to turn it, and it is read again.
    """
    straight = clear_edges(deskew(to_gray(image)))
    if _small(*straight.size):  # a receipt's rules stay: the total's model learned from its readings as they are
        return _read(straight, page, limits, deadline, unit, small=True)
    unruled = clear_rules(straight)
    gray = _cut(unruled)
    data = _tesseract(gray, limits, deadline)
    slip = _slip(data, straight) if data is not None else None
    if slip is not None:
        # A till slip laid on a scanner's glass: its text a narrow column on a large white page. Read as the
        # small image it is, and its words put back in their places on the page.
        readings = _read(straight.crop(slip), page, limits, deadline, unit, small=True)
        if readings is None:
            return None
        left, top = slip[0] * unit, slip[1] * unit
        return [
            [w._replace(x0=w.x0 + left, top=w.top + top, x1=w.x1 + left, bottom=w.bottom + top) for w in reading]
            for reading in readings
        ]
    return _read(unruled, page, limits, deadline, unit, small=False, first=(gray, data))


def _read(
    straight: Image, page: int, limits: Limits, deadline: Deadline, unit: float, *, small: bool,
    first: tuple[Image, dict | None] | None = None,
) -> list[list[Word]] | None:
    """`read_words` of a straightened page (`first`: its cut and the reading of it, where already read)."""
    if first is None:
        gray = _cut(straight)
        data = _tesseract(gray, limits, deadline)
    else:
        gray, data = first
    confs = _confidences(data) if data is not None else []
    others: list[tuple[dict, float]] = []
    extra: list[list[Word]] = []  # readings by another engine, as words already
    median = confs[len(confs) // 2] if confs else 0.0
    if data is not None and not _looks_unreadable(confs) and (median < 85 or (small and median < 95)):
        # Doubtful words (a photo, faint thermal print): tesseract's own thresholding of the grey page
        # may keep what one cut for the whole page lost. Both readings are kept: where they disagree on
        # a field, the fields are voted on (`engine.analyse`).
        second = _tesseract(straight, limits, deadline)
        if second is not None:
            if _readable_words(second) > _readable_words(data):
                data, second = second, data
            others.append((second, 1.0))
        if small:
            from PIL import Image as PILImage

            # A small image (a receipt, a photo's crop) read at twice its size: tesseract misreads other digits.
            large = straight.resize((straight.width * 2, straight.height * 2), PILImage.Resampling.LANCZOS)
            third = _tesseract(_cut(large), limits, deadline)
            if third is not None:
                others.append((third, 0.5))
            # And the grey page read as one uniform block of text, which a till slip is: the one-column
            # reading splits or drops lines printed in another size (a large TOTAL line).
            block = _tesseract(straight, limits, deadline, BLOCK_PSM)
            if block is not None:
                others.append((block, 1.0))
            # And another engine's reading (`neural`): PP-OCR misreads other characters than tesseract.
            if deadline.remaining() > 0:
                lines = neural.read_lines(straight, page, unit)
                if lines:
                    extra.append(lines)
    elif data is not None and _looks_unreadable(confs):
        turn = _orientation(gray, deadline)
        if turn:
            log.debug("page %d turned by %d degrees", page, turn)
            gray = gray.rotate(-turn, expand=True, fillcolor=255)
            data = _tesseract(gray, limits, deadline)
        else:
            # A photo, a dark or coloured background, faint print: even out the light first.
            second = _tesseract(binarize(flatten(straight)), limits, deadline)
            if second is not None and _readable_words(second) > _readable_words(data):
                data = second
    elif data is not None and _doubtful_words(data) >= DOUBTFUL_WORDS_FOR_SPARSE_READ:
        # A page read well but for a few words tesseract doubts: often two columns whose lines do
        # not line up (an address beside the invoice's details), which one-column reading mixes.
        # Read as scattered words, each is found alone; the surer reading of each place is kept.
        sparse = _tesseract(gray, limits, deadline, SPARSE_PSM)
        if sparse is not None:
            data = _fill_in(data, sparse)
    if data is None:
        return None
    return [_words(d, page, unit * scale) for d, scale in [(data, 1.0), *others]] + extra


def _small(width: int, height: int) -> bool:
    """An image this size is a till receipt or a photo's crop: up to a quarter of the pixels OCR takes."""
    return width * height * 4 <= OCR_PIXELS


def _slip(data: dict, page: Image) -> tuple[int, int, int, int] | None:
    """Where a till slip lies on a large page, as a box to crop (left, top, right, bottom): the words read
    surely fill a column at most `SLIP_WIDTH` of the page wide, a margin of two lines around them small
    enough to be read as a receipt, and nearly all words read at all inside it (none of a page's text is
    lost by the cut). None for a page whose text spans it (every A4 invoice)."""
    words = [
        (left, top, left + width, top + height, float(conf))
        for text, left, top, width, height, conf in _entries(data)
        if sum(ch.isalnum() for ch in str(text)) >= 2
    ]
    boxes = [w[:4] for w in words if w[4] >= 60]
    if len(boxes) < 15:
        return None
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    if x1 - x0 > SLIP_WIDTH * page.width:
        return None
    margin = 2 * sorted(b[3] - b[1] for b in boxes)[len(boxes) // 2]
    box = (max(0, x0 - margin), max(0, y0 - margin), min(page.width, x1 + margin), min(page.height, y1 + margin))
    outside = sum(1 for w in words if w[0] < box[0] or w[1] < box[1] or w[2] > box[2] or w[3] > box[3])
    if outside > SLIP_STRAYS * len(words) or not _small(box[2] - box[0], box[3] - box[1]):
        return None  # text beside the column (a faint second column of a letter), or too many pixels
    return box


def _cut(straight: Image) -> Image:
    """The grey page cut to black and white; evened out first where a single cut makes too much ink."""
    gray = binarize(straight)
    histogram = gray.histogram()
    if histogram[0] > 0.25 * (histogram[0] + histogram[255]):
        # More ink than a page holds: a shadow, a gradient or a coloured band was cut as ink.
        gray = binarize(flatten(straight))
    return gray


def _words(data: dict, page: int, unit: float) -> list[Word]:
    """tesseract's `image_to_data` as words, boxes multiplied by `unit`."""
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


OCR_LANGUAGES = ("eng", "deu", "fra", "spa", "nld", "ind")


_languages: list[str] = []


def ocr_languages() -> str:
    """The installed ones among bodesk's OCR languages, as tesseract's `-l` value (asked once per process
    once tesseract answers: one installed while bodesk runs is used with all its languages)."""
    import pytesseract

    if not _languages:
        try:
            installed = set(pytesseract.get_languages(config=""))
        except Exception:  # tesseract missing or broken: the OCR call itself reports it
            return "eng"
        _languages.append("+".join(lang for lang in OCR_LANGUAGES if lang in installed) or "eng")
    return _languages[0]


def _tesseract(gray: Image, limits: Limits, deadline: Deadline, psm: int = TESSERACT_PSM) -> dict | None:
    """tesseract's `image_to_data` for one page, or None when time is up: read in this process where
    the library loads (`tessapi`: the language models stay loaded), else by the `tesseract` command."""
    import pytesseract

    remaining = deadline.remaining()
    if remaining <= 0:
        return None
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    lang = ocr_languages() if limits.ocr_lang == "auto" else limits.ocr_lang
    if shutil.which(pytesseract.pytesseract.tesseract_cmd):  # installed: the app reads scans only then
        engine = tessapi.engine(lang)
        if engine is not None:
            return engine.read(gray, psm, remaining)
    try:
        return pytesseract.image_to_data(
            gray,
            lang=lang,
            config=f"--psm {psm}",
            output_type=pytesseract.Output.DICT,
            timeout=max(1, int(remaining)),
        )
    except pytesseract.TesseractNotFoundError as exc:
        from bodesk.ocr_check import missing_message

        raise UnreadableDocument(missing_message()) from exc
    except RuntimeError as exc:  # pytesseract's timeout
        if "timeout" in str(exc).lower():
            return None
        raise


def _confidences(data: dict) -> list[float]:
    """tesseract's confidence in each word it read, lowest first."""
    return sorted(float(c) for c, t in zip(data["conf"], data["text"]) if t.strip() and float(c) >= 0)


def _looks_unreadable(confs: list[float]) -> bool:
    """Few words, or words tesseract itself doubts: what a sideways page gives."""
    return len(confs) < 15 or confs[len(confs) // 2] < 60


def _readable_words(data: dict) -> int:
    return sum(1 for c, t in zip(data["conf"], data["text"]) if t.strip() and float(c) >= 60)


def _doubtful_words(data: dict) -> int:
    """Words tesseract doubts that hold a letter or a digit: a table's rules and stray marks read as
    ":", "|" or "—" are not words a second reading could mend."""
    return sum(1 for c, t in zip(data["conf"], data["text"]) if 0 <= float(c) < 60 and any(ch.isalnum() for ch in t))


_KEYS = ("text", "left", "top", "width", "height", "conf")


def _entries(data: dict) -> list[tuple]:
    """tesseract's words that hold text, as (text, left, top, width, height, conf) rows."""
    return [w for w in zip(*(data[k] for k in _KEYS)) if str(w[0]).strip() and float(w[5]) >= 0]


def _fill_in(first: dict, sparse: dict) -> dict:
    """`first`'s words, where the sparse reading read a word more surely over the same place its
    word instead (doubtful ones included), and its confident words where `first` found none."""
    def overlap(a: tuple, b: tuple) -> bool:
        w = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
        h = min(a[2] + a[4], b[2] + b[4]) - max(a[2], b[2])
        return w > 0 and h > 0 and w * h > 0.3 * min(a[3] * a[4], b[3] * b[4])

    def covers(a: tuple, b: tuple) -> bool:  # a spans b and is not a piece of it ("BAKERI" of "BAKERIES")
        spans = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) >= 0.8 * b[3]
        return spans and not (len(str(b[0])) > len(str(a[0])) and str(a[0]).strip(".,:;") in str(b[0]))

    def surer(a: tuple, b: tuple) -> bool:  # read more surely, or as surely and more of it ("24-03-18")
        return float(a[5]) > float(b[5]) or (float(a[5]) == float(b[5]) and len(str(a[0])) > len(str(b[0]))
                                              and str(b[0]) in str(a[0]))

    words = _entries(first)
    for new in _entries(sparse):
        if float(new[5]) < 60:
            continue
        under = [w for w in words if overlap(new, w)]
        if all(covers(new, w) and surer(new, w) for w in under):
            words = [w for w in words if w not in under] + [new]
    return {k: [w[i] for w in words] for i, k in enumerate(_KEYS)}


def _orientation(gray: Image, deadline: Deadline) -> int:
    """Degrees (clockwise) to turn the page upright, per tesseract's OSD; 0 if unsure."""
    import pytesseract

    remaining = deadline.remaining()
    if remaining <= 1:
        return 0
    try:
        osd = pytesseract.image_to_osd(
            gray, config="--psm 0", output_type=pytesseract.Output.DICT, timeout=max(1, int(remaining))
        )
    except (pytesseract.TesseractError, RuntimeError) as exc:  # blank page, too few letters, timeout
        log.debug("no orientation: %s", exc)
        return 0
    turn = int(osd.get("rotate", 0))
    return turn if turn in (90, 180, 270) and float(osd.get("orientation_conf", 0)) >= 1.0 else 0
