"""A mail on disk made small enough to parse: its large parts decoded, a piece at a time, into files.

Python's email parser holds a message several times over (the text, its lines, each part's encoded and
decoded payload): a 45 MB mail took ~410 MB to parse. Here the message file is read once, line by line,
following its MIME structure (multipart boundaries, forwarded messages); the body of every part larger
than `SPOOL_BYTES` (every part's, once the copy holds `COPY_BYTES`) is decoded (base64,
quoted-printable, or as it is) into a file of its own and left out of the copy that the email parser
then reads, which keeps the part's headers and a header naming the file. The header's name carries a
random token, so a mail cannot name a file itself.
"""

from __future__ import annotations

import binascii
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import BinaryIO

#: A part's body larger than this goes to a file of its own.
SPOOL_BYTES = 64 * 1024
#: Once the small copy holds this much, every further part's body goes to a file (a mail of a thousand
#: small parts stays small to parse too).
COPY_BYTES = 4 * 1024 * 1024
#: A part's headers are read up to this much (a part whose headers never end: the rest is its body).
HEADER_BYTES = 256 * 1024
#: Lines are read at most this long (a body without line breaks comes in pieces).
_PIECE = 64 * 1024
_BLANK = (b"\r\n", b"\n", b"\r")


@dataclass
class Spooled:
    """The small copy of a mail and the files its large parts were decoded into."""

    header: str  # the header that names a part's file in the small copy: "<header>: <index>"
    files: list[Path] = field(default_factory=list)

    def file_of(self, part: Message) -> Path | None:
        value = part.get(self.header)
        try:
            return self.files[int(str(value).strip())] if value is not None else None
        except (ValueError, IndexError):
            return None


class _Lines:
    """A message's lines, each at most `_PIECE` bytes and with whether it began at the start of a line
    (only such a line can be a boundary), with one line of push-back."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh
        self.back: tuple[bytes, bool] | None = None
        self.at_start = True

    def next(self) -> tuple[bytes, bool]:
        if self.back is not None:
            line, self.back = self.back, None
            return line
        starts = self.at_start
        line = self.fh.readline(_PIECE)
        self.at_start = line.endswith(b"\n")
        return line, starts

    def push(self, line: bytes, starts: bool) -> None:
        self.back = (line, starts)


def reduce_mail(source: BinaryIO, out: BinaryIO, folder: Path) -> Spooled:
    """Copy the message in `source` to `out`, each part's body over `SPOOL_BYTES` decoded into a file
    in `folder` instead (see the module docstring)."""
    spooled = Spooled(f"X-Bodesk-Part-{secrets.token_hex(8)}")
    _entity(_Lines(source), out, [], folder, spooled)
    return spooled


def _boundary(line: bytes, starts: bool, boundaries: list[bytes]) -> bytes | None:
    """The boundary `line` is a delimiter of (with "--" at its end when it closes), or None."""
    if not starts or not line.startswith(b"--"):
        return None
    text = line[2:].rstrip(b" \t\r\n")
    for boundary in reversed(boundaries):
        if text == boundary or text == boundary + b"--":
            return text
    return None


def _part_lines(lines: _Lines, boundaries: list[bytes]) -> Iterator[tuple[bytes, bool]]:
    """(line, whether it starts a line) up to the next delimiter of `boundaries`, which is left unread."""
    while True:
        line, starts = lines.next()
        if not line:
            return
        if _boundary(line, starts, boundaries) is not None:
            lines.push(line, starts)
            return
        yield line, starts


def _entity(lines: _Lines, out: BinaryIO, boundaries: list[bytes], folder: Path, spooled: Spooled) -> None:
    """One entity (headers, then its body) up to the next delimiter of `boundaries`, left unread."""
    head: list[bytes] = []
    size = 0
    for line, starts in _part_lines(lines, boundaries):
        head.append(line)
        size += len(line)
        if (starts and line in _BLANK) or size > HEADER_BYTES:  # end of the headers (or no end: the rest is body)
            break
    headers = BytesHeaderParser(policy=compat32).parsebytes(b"".join(head))
    ctype = headers.get_content_type()
    boundary = headers.get_param("boundary") if ctype.startswith("multipart/") else None
    encoding = str(headers.get("Content-Transfer-Encoding", "7bit")).strip().lower()
    if isinstance(boundary, str) and boundary:
        out.write(b"".join(head))
        _multipart(lines, out, [*boundaries, boundary.encode("ascii", "replace")], folder, spooled)
    elif ctype == "message/rfc822" and encoding in ("7bit", "8bit", "binary"):
        out.write(b"".join(head))
        _entity(lines, out, boundaries, folder, spooled)
    else:
        _leaf(lines, out, head, encoding, boundaries, folder, spooled)


def _multipart(lines: _Lines, out: BinaryIO, boundaries: list[bytes], folder: Path, spooled: Spooled) -> None:
    own = boundaries[-1]
    kept = 0
    while True:  # the preamble, then part after part until the closing delimiter
        line, starts = lines.next()
        if not line:
            return
        found = _boundary(line, starts, boundaries)
        if found is None:
            kept += len(line)
            if kept <= SPOOL_BYTES:  # a preamble or epilogue is never read; a huge one is dropped
                out.write(line)
            continue
        if found not in (own, own + b"--"):  # an enclosing part's delimiter: this one ends
            lines.push(line, starts)
            return
        out.write(line)
        if found == own:
            _entity(lines, out, boundaries, folder, spooled)
        else:
            _epilogue(lines, out, boundaries[:-1])
            return


def _epilogue(lines: _Lines, out: BinaryIO, boundaries: list[bytes]) -> None:
    kept = 0
    for line, _starts in _part_lines(lines, boundaries):
        kept += len(line)
        if kept <= SPOOL_BYTES:
            out.write(line)


def _leaf(lines: _Lines, out: BinaryIO, head: list[bytes], encoding: str, boundaries: list[bytes], folder: Path,
          spooled: Spooled) -> None:
    body: list[bytes] = []
    size = 0
    sink: BinaryIO | None = None
    decoder = _Decoder(encoding)
    try:
        for line, _starts in _part_lines(lines, boundaries):
            if sink is None:
                body.append(line)
                size += len(line)
                if size > SPOOL_BYTES or out.tell() + size > COPY_BYTES:
                    path = folder / f"part-{len(spooled.files)}"
                    sink = path.open("wb")
                    spooled.files.append(path)
                    for kept in body:
                        sink.write(decoder.feed(kept))
                    body = []
            else:
                sink.write(decoder.feed(line))
        if sink is not None:
            sink.write(decoder.end())
    finally:
        if sink is not None:
            sink.close()
    if sink is None:
        out.write(b"".join(head) + b"".join(body))
        return
    fields = head[:-1] if head and head[-1] in _BLANK else head
    out.write(b"".join(fields) + f"{spooled.header}: {len(spooled.files) - 1}\r\n\r\n".encode())


class _Decoder:
    """A part's body decoded line by line as its Content-Transfer-Encoding says."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.pending = b""  # base64 characters not yet a multiple of four
        self.held = b""  # the last line's break

    def feed(self, line: bytes) -> bytes:
        if self.encoding == "base64":
            chars = self.pending + line.translate(None, b" \t\r\n")
            cut = len(chars) // 4 * 4
            self.pending = chars[cut:]
            try:
                return binascii.a2b_base64(chars[:cut])
            except binascii.Error:
                return b""
        data = binascii.a2b_qp(line) if self.encoding == "quoted-printable" else line
        # The line break before the next boundary belongs to the boundary: each line's is held back
        # until another line follows.
        body = data.rstrip(b"\r\n")
        data, self.held = self.held + body, data[len(body):]
        return data

    def end(self) -> bytes:
        if self.encoding == "base64" and self.pending:
            try:
                return binascii.a2b_base64(self.pending + b"=" * (-len(self.pending) % 4))
            except binascii.Error:
                return b""
        return b""
