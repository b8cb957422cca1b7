"""Tesseract inside the process, through the C API of its library, instead of one `tesseract` command a reading.

The command loads its language models each time it starts: with bodesk's six languages that is ~0.5 s of CPU
before the first word is read, about half of what reading a 200-dpi page then costs. Here the models are loaded
once per thread and kept for every page and every reading after; the page goes over as raw pixels (no PNG
written and decoded again), and the words come back as the command's TSV. It is the same library with the same
parameters, so the reading is the same word for word (checked on generated scans: identical TSV).

Only where the library loads (libtesseract 4 or 5, found where the system keeps libraries) and the `tesseract`
program is installed too (that is what the app checks and tells the user to install); otherwise `engine()` is
None and the caller runs the command (pytesseract). A reading past its deadline is cut short by tesseract's own
monitor and reported as None, as the command's timeout is.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

log = logging.getLogger(__name__)

#: The columns of tesseract's TSV (the command prints them as a first line; the API does not).
COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num",
           "left", "top", "width", "height", "conf", "text")
_LIBRARY_NAMES = ("tesseract", "libtesseract-5", "tesseract50")
#: leptonica's L_SEVERITY_NONE: print no message.
_LEPTONICA_SILENT = 6

_lock = threading.Lock()
_library: list[Any] = []  # [the CDLL, or None once it proved missing]
_local = threading.local()
_engines: list[Engine] = []


class Engine:
    """One TessBaseAPI with `lang` loaded; used by one thread at a time."""

    def __init__(self, lib: Any, lang: str) -> None:
        self._lib = lib
        self.lang = lang
        self._api = lib.TessBaseAPICreate()
        # Tesseract's notes ("Estimating resolution as 240") would go to the terminal: the command's went to a pipe.
        lib.TessBaseAPISetVariable(self._api, b"debug_file", os.devnull.encode())
        if lib.TessBaseAPIInit3(self._api, None, lang.encode()) != 0:
            lib.TessBaseAPIDelete(self._api)
            self._api = None
            raise OSError(f"tesseract could not load the languages {lang}")

    def read(self, gray: Image, psm: int, seconds: float) -> dict[str, list] | None:
        """`pytesseract.image_to_data(gray, config=f"--psm {psm}", output_type=DICT)`'s result, or None when
        `seconds` ran out first."""
        lib, api = self._lib, self._api
        if gray.mode != "L":
            gray = gray.convert("L")
        pixels = gray.tobytes()
        end = time.monotonic() + seconds
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(seconds * 1000)))
            lib.TessBaseAPISetPageSegMode(api, psm)
            lib.TessBaseAPISetImage(api, pixels, gray.width, gray.height, 1, gray.width)
            failed = lib.TessBaseAPIRecognize(api, monitor)
            if time.monotonic() >= end:
                return None
            if failed:
                raise RuntimeError("tesseract could not read the page")
            text = lib.TessBaseAPIGetTsvText(api, 0)
            try:
                tsv = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
            finally:
                lib.TessDeleteText(text)
        finally:
            lib.TessMonitorDelete(monitor)
            lib.TessBaseAPIClear(api)  # the page's results; the models stay
        return parse_tsv(tsv)

    def close(self) -> None:
        if self._api is not None:
            self._lib.TessBaseAPIEnd(self._api)
            self._lib.TessBaseAPIDelete(self._api)
            self._api = None


def parse_tsv(tsv: str) -> dict[str, list]:
    """The TSV rows as pytesseract's `Output.DICT`: a list per column, numbers as ints, the text as it is."""
    data: dict[str, list] = {name: [] for name in COLUMNS}
    last = len(COLUMNS) - 1
    for row in tsv.split("\n"):
        cells = row.split("\t")
        if len(cells) < last:
            continue
        cells += [""] * (len(COLUMNS) - len(cells))
        for i, name in enumerate(COLUMNS):
            data[name].append(cells[i] if i == last else int(float(cells[i])))
    return data


def engine(lang: str) -> Engine | None:
    """This thread's tesseract with `lang` loaded (made on first use), or None where the library is not there."""
    current = getattr(_local, "engine", None)
    if current is not None and current.lang == lang:
        return current
    lib = _load()
    if lib is None:
        return None
    try:
        made = Engine(lib, lang)
    except OSError as exc:  # a language not installed: the command says which, in its own words
        log.debug("%s", exc)
        return None
    if current is not None:
        current.close()
        _engines.remove(current)
    _local.engine = made
    _engines.append(made)
    return made


def release() -> None:
    """Free this thread's engine and its language models (~100 MB): for a process that reads a page now and
    then (the app studying a corrected document), not for a worker that reads one scan after another."""
    current = getattr(_local, "engine", None)
    if current is not None:
        _local.engine = None
        _engines.remove(current)
        current.close()


def _load() -> Any:
    with _lock:
        if not _library:
            _library.append(_open())
        return _library[0]


def _open() -> Any:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # read by the OpenMP runtime when the library loads
    for name in _LIBRARY_NAMES:
        path = ctypes.util.find_library(name)
        if not path:
            continue
        try:
            lib = ctypes.CDLL(path)
            lib.TessVersion.restype = ctypes.c_char_p
            version = lib.TessVersion().decode()
        except (OSError, AttributeError) as exc:
            log.debug("tesseract library %s unusable: %s", path, exc)
            continue
        if version.split(".")[0] in ("4", "5"):
            _declare(lib)
            _quiet(lib)
            return lib
    log.debug("no tesseract library: the tesseract command reads the pages")
    return None


def _declare(lib: Any) -> None:
    p, i, s = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
    for name, restype, argtypes in (
        ("TessBaseAPICreate", p, []),
        ("TessBaseAPIInit3", i, [p, s, s]),
        ("TessBaseAPISetVariable", i, [p, s, s]),
        ("TessBaseAPISetPageSegMode", None, [p, i]),
        ("TessBaseAPISetImage", None, [p, s, i, i, i, i]),
        ("TessBaseAPIRecognize", i, [p, p]),
        ("TessBaseAPIGetTsvText", p, [p, i]),
        ("TessDeleteText", None, [p]),
        ("TessBaseAPIClear", None, [p]),
        ("TessBaseAPIEnd", None, [p]),
        ("TessBaseAPIDelete", None, [p]),
        ("TessMonitorCreate", p, []),
        ("TessMonitorSetDeadlineMSecs", None, [p, i]),
        ("TessMonitorDelete", None, [p]),
    ):
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes


def _quiet(lib: Any) -> None:
    """Leptonica, the image library under tesseract, prints its complaints to the terminal ("Error in
    boxClipToRectangle: box outside rectangle" on some receipts read as one block); the command's went
    to a pipe. They say nothing a person can act on: silenced (L_SEVERITY_NONE)."""
    try:
        lib.setMsgSeverity.argtypes, lib.setMsgSeverity.restype = [ctypes.c_int], ctypes.c_int
        lib.setMsgSeverity(_LEPTONICA_SILENT)
    except AttributeError:  # a leptonica built without it
        log.debug("leptonica's messages cannot be silenced")


@atexit.register
def _close_all() -> None:
    """End every engine before the library's own clean-up runs (it warns of models still held otherwise)."""
    while _engines:
        _engines.pop().close()
