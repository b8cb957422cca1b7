"""How far a PDF's compressed streams unpack, measured before pdfium is given the file.

pdfium inflates a page's streams whole: a 1 MB PDF whose content stream unpacks to a gigabyte of
spaces took a worker to its memory cap (~700 MB) before it died. Each Flate stream is inflated
here first, a piece at a time, counting the bytes and keeping none, and a PDF with an image past
`STREAM_BYTES`, or other streams past `CONTENT_BYTES` (one alone, or all together: a page's operators
split over several streams), is refused with a sentence. A colour A4 page scanned at 600 dpi and
stored with Flate (~105 MB of pixels) still passes. Streams behind another filter first (ASCII85,
hex) are not measured: the worker's memory cap still holds them.
"""

from __future__ import annotations

import functools
import mmap
import re
import zlib
from pathlib import Path

from bodesk.errors import UnreadableDocument

STREAM_BYTES = 128 * 1024**2
#: Any other stream (a page's drawing operators, a font, a form) is held to less: a page of five million
#: tiny curves, 100 MB of operators, took a worker to its memory cap; a detailed map is a few MB.
CONTENT_BYTES = 32 * 1024**2
_PIECE = 1 << 20
#: Streams allowed `STREAM_BYTES`: images, and attached files (only XML ones are ever unpacked, see `attachments`).
_LARGE = re.compile(rb"/Subtype\s*/Image\b|/Type\s*/EmbeddedFile\b")

_STREAM = re.compile(rb">>\s*stream\r?\n")
#: The stream's Flate filter, first in its chain: `/Filter /FlateDecode` or `/Filter [/FlateDecode ...]`.
_FLATE_FIRST = re.compile(rb"/Filter\s*\[?\s*/(?:FlateDecode|Fl)\b")


def check(path: Path) -> None:
    """Raise `UnreadableDocument` when the PDF at `path` unpacks past what any invoice needs: an image or
    attached file past `STREAM_BYTES`, its other streams past `CONTENT_BYTES`."""
    stat = path.stat()
    sentence = _verdict(str(path), stat.st_size, stat.st_mtime_ns)
    if sentence:
        raise UnreadableDocument(sentence)


@functools.lru_cache(maxsize=8)  # one document is opened several times in a row (fields, attachments, terms)
def _verdict(path: str, size: int, mtime_ns: int) -> str | None:
    if size == 0:
        return None
    content = 0  # the drawing operators, fonts and forms of all pages together
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for match in _STREAM.finditer(data):
            head = data[max(0, match.start() - 4096) : match.start()]
            head = head[head.rfind(b"obj") + 1 :]  # the stream's own dictionary, after `N 0 obj`
            if not _FLATE_FIRST.search(head):
                continue
            large = bool(_LARGE.search(head))
            limit = STREAM_BYTES if large else CONTENT_BYTES - content
            size = _unpacked(data, match.end(), limit)
            if size > limit:
                what = "a compressed part that unpacks" if large or not content else "compressed parts that together unpack"
                return (f"The PDF holds {what} to more than {(STREAM_BYTES if large else CONTENT_BYTES) // 1024**2} MB, "
                        "more than any invoice needs; bodesk does not open it. Ask the sender for a new copy.")
            if not large:
                content += size
    return None


def _unpacked(data: mmap.mmap, start: int, limit: int) -> int:
    """How many bytes the zlib stream at `start` inflates to, counted up to just past `limit` (a damaged
    one stops early)."""
    inflater = zlib.decompressobj()
    size, at = 0, start
    try:
        while size <= limit and not inflater.eof:
            piece = inflater.unconsumed_tail
            if not piece:
                piece = data[at : at + _PIECE]
                at += len(piece)
                if not piece:
                    break
            size += len(inflater.decompress(piece, _PIECE))
    except zlib.error:
        pass
    return size
