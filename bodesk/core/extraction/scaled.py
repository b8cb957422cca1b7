"""A large scan made small for OCR without ever holding it whole at full colour.

Pillow decodes an image whole before it can shrink it: a 59-megapixel colour PNG is 236 MB of
pixels (four bytes each) before it is turned grey and scaled down, and a worker reading it peaked
at ~350 MB. Here a PNG is decoded in bands of rows instead: the compressed stream is inflated as it
goes, each band of rows goes through Pillow's own PNG decoder (fed the last row of the band before
it, unfiltered, so the row filters that refer to it come out right), is turned grey, reduced, and
dropped. What stays is the grey, reduced page: the same pixels a whole decode would give.

JPEG decodes at a fraction of its size, or straight to grey, through Pillow's `draft`. Other formats,
and PNGs this cannot take (interlaced, animated, 1, 2, 4 or 16 bits a sample), are decoded whole, up
to `DECODE_BYTES` of pixels (a larger one is refused with a sentence); the worker's memory is capped
by the pool besides.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from typing import Any

from bodesk.errors import UnreadableDocument

#: Pixels OCR gets at most: an A4 page at 400 dpi.
OCR_PIXELS = 15e6
#: Pixels an image decoded whole may take (Pillow keeps colour at four bytes a pixel): a colour A4 page at
#: 600 dpi fits; with the grey copy and the scaled one a worker stays under ~300 MB.
DECODE_BYTES = 160 * 1024**2
_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2}
#: Rows decoded at a time: ~2.5 MB of colour pixels for a 6,000-pixel-wide scan.
BAND_ROWS = 128
#: PNG raw modes decoded in bands: eight bits a sample, so one row's raw bytes come back exactly
#: from the decoded pixels (`tobytes` in the same raw mode).
_BAND_RAWMODES = {"L": 1, "LA": 2, "P": 1, "RGB": 3, "RGBA": 4}


def for_ocr(frame: Any, path: Path | None = None) -> tuple[Any, float]:
    """The frame as OCR reads it (grey when it had to be scaled down), and the factor from its pixels
    back to the original's."""
    from PIL import Image as PILImage

    w, h = frame.size
    if w * h <= OCR_PIXELS:
        frame.load()
        return frame, 1.0
    factor = (OCR_PIXELS / (w * h)) ** 0.5
    target = (max(1, int(w * factor)), max(1, int(h * factor)))
    small = png_gray(frame, path, int(1 / factor)) if path is not None and frame.format == "PNG" else None
    if small is None:
        if frame.format == "JPEG":
            frame.draft("L", target)  # JPEG decodes at a fraction of its size, or straight to grey
        decoded = frame.size[0] * frame.size[1] * _BYTES_PER_PIXEL.get(frame.mode, 4)
        if decoded > DECODE_BYTES:
            raise UnreadableDocument(
                f"The image is too large to read in colour ({w} x {h} pixels); scan it again at 300 dpi, "
                "or save it as PNG or JPEG."
            )
        small = to_gray(frame)
    if small.size != target:
        small = small.resize(target, PILImage.Resampling.LANCZOS, reducing_gap=2.0)
    return small, w / target[0]


def to_gray(image: Any) -> Any:
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


def png_gray(frame: Any, path: Path, reduce: int = 1) -> Any | None:
    """The PNG `frame` (opened from `path`, not yet loaded) in grey, reduced `reduce` times in each
    direction (a box average), decoded a band of rows at a time; None when this PNG is not one that
    can be read in bands (the caller decodes it whole)."""
    from PIL import Image as PILImage

    tile = frame.tile[0] if len(frame.tile) == 1 else None
    rawmode = tile.args if tile is not None and isinstance(tile.args, str) else None
    if (rawmode not in _BAND_RAWMODES or rawmode != frame.mode or frame.info.get("interlace")
            or getattr(frame, "n_frames", 1) != 1 or tuple(tile.extents) != (0, 0, *frame.size)):
        return None
    reduce = max(1, reduce)
    width, height = frame.size
    stride = 1 + width * _BAND_RAWMODES[rawmode]  # a filter-type byte, then the row's bytes
    rows = BAND_ROWS * reduce
    out = PILImage.new("L", (-(-width // reduce), -(-height // reduce)), 255)
    previous = b""  # the last row of the band before, unfiltered
    done = 0
    with path.open("rb") as fh:
        for raw in _rows(fh, tile.offset, stride, rows):
            count = min(len(raw) // stride, height - done)
            if count <= 0:
                break
            lead = b"\0" + previous if previous else b""  # filter "none": the row as it is
            band = PILImage.frombytes(frame.mode, (width, count + bool(previous)),
                                      zlib.compress(lead + raw[: count * stride], 0), "zip", rawmode)
            if frame.mode == "P":
                band.putpalette(frame.palette)
                if "transparency" in frame.info:
                    band.info["transparency"] = frame.info["transparency"]
            previous = band.crop((0, band.height - 1, width, band.height)).tobytes("raw", rawmode)
            if lead:
                band = band.crop((0, 1, width, band.height))
            gray = to_gray(band)
            out.paste(gray.reduce(reduce) if reduce > 1 else gray, (0, done // reduce))
            done += count
            if done >= height:
                break
    if done < height:
        raise OSError("image file is truncated")
    return out


def _rows(fh: Any, offset: int, stride: int, rows: int) -> Any:
    """The inflated image data after `offset` (the first IDAT's data), `rows` rows of `stride` bytes at
    a time (the last piece may be shorter); never more than that is held inflated."""
    inflater = zlib.decompressobj()
    want = rows * stride
    pending = bytearray()
    fh.seek(offset - 8)
    while True:
        head = fh.read(8)
        if len(head) < 8:
            break
        length, kind = struct.unpack(">I4s", head)
        if kind != b"IDAT":
            break
        data = fh.read(length)
        fh.read(4)  # the chunk's CRC
        while data:
            pending += inflater.decompress(data, want - len(pending))
            data = inflater.unconsumed_tail
            if len(pending) >= want:
                yield bytes(pending[:want])
                del pending[:want]
        if inflater.eof:
            break
    if pending:
        yield bytes(pending)
