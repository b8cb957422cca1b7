"""The limits on one IMAP connection: how long a whole command may take and how large an answer may be.

They are kept by the reads themselves (no watchdog thread): inside a command's deadline every read of
the socket, and the TLS handshake, waits at most what is left of the command's time, so a server that
drips one byte at a time is stopped when the whole answer is late; a literal larger than any mail
bodesk takes is refused before a byte of it is allocated.
"""

from __future__ import annotations

import imaplib
import io
import secrets
import select
import socket
import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from imapclient import IMAPClient, imap4, tls
from imapclient.exceptions import IMAPClientError

CALL_DEADLINE_FACTOR = 4  # a whole command may take this many read timeouts (a server dripping bytes)
SLOWEST_BYTES_PER_SECOND = 50_000  # a fetch may take longer by its size at this rate
SPOOL_LITERAL = 256 * 1024  # a literal larger than this goes to a file while a mail is fetched


class LiteralTooLarge(imaplib.IMAP4.abort):
    """The server announced more bytes than any mail bodesk takes (a broken or hostile server)."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"the server announced {size} bytes, over the limit of {limit}")
        self.size, self.limit = size, limit


class CommandTimedOut(TimeoutError):
    """One IMAP command took longer than its deadline as a whole (each read may have been quick)."""


class SpooledLiteral(bytes):
    """What imaplib gets in place of a literal written to a file: a few bytes that say the literal's
    length (imapclient checks it) and carry the file. A server can send bytes, never one of these."""

    path: Path
    size: int

    def __len__(self) -> int:
        return self.size


class LiteralSink:
    """Literals (a mail's bytes) written to files in `folder` as they arrive instead of into memory."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []

    def take(self, reader: io.BufferedReader, size: int) -> SpooledLiteral:
        path = self.folder / f"literal-{secrets.token_hex(8)}.eml"
        self.files.append(path)
        with path.open("wb") as fh:
            left = size
            while left:
                chunk = reader.read(min(left, 1 << 20))
                if not chunk:
                    raise imaplib.IMAP4.abort("the connection closed in the middle of a mail")
                fh.write(chunk)
                left -= len(chunk)
        literal = SpooledLiteral(b"spooled")
        literal.path, literal.size = path, size
        return literal


class Guard:
    """Time and size limits on one connection, kept by the reads themselves (no watchdog thread).

    Inside `deadline()` every read of the socket may wait at most what is left of the command's
    time (and never longer than the read timeout), so a server that drips one byte at a time is
    stopped when the whole answer is late, not only when one read is."""

    def __init__(self, read_timeout: float, max_literal: int) -> None:
        self.read_timeout = read_timeout
        self.max_literal = max_literal
        self.ends_at: float | None = None
        self.seconds = 0.0
        self.expired = False
        self.sink: LiteralSink | None = None  # where large literals go, while a mail is fetched

    @contextmanager
    def deadline(self, extra_bytes: int = 0) -> Iterator[None]:
        seconds = self.read_timeout * CALL_DEADLINE_FACTOR + extra_bytes / SLOWEST_BYTES_PER_SECOND
        outer = self.ends_at, self.seconds
        self.ends_at, self.seconds, self.expired = time.monotonic() + seconds, seconds, False
        try:
            yield
        except (IMAPClientError, OSError, EOFError) as exc:
            if self.expired and not isinstance(exc, CommandTimedOut):
                raise CommandTimedOut(self._late()) from exc
            raise
        finally:
            self.ends_at, self.seconds = outer

    def _late(self) -> str:
        return f"no complete answer within {self.seconds:.0f} seconds"

    def wait_time(self) -> float:
        """How long the next read may wait: the read timeout, or what is left of the command's time."""
        if self.ends_at is None:
            return self.read_timeout
        left = self.ends_at - time.monotonic()
        if left <= 0:
            self.expired = True
            raise CommandTimedOut(self._late())
        return min(self.read_timeout, left)

    def recv_into(self, sock: socket.socket, buffer: Any) -> int:
        if sock.gettimeout() != 0.0:  # IDLE polls a non-blocking socket itself: left as it is
            sock.settimeout(self.wait_time())
        try:
            return sock.recv_into(buffer)
        except TimeoutError:
            if self.ends_at is not None and time.monotonic() >= self.ends_at:
                self.expired = True
                raise CommandTimedOut(self._late()) from None
            raise


class GuardedReader(io.RawIOBase):
    """One socket's bytes as imaplib reads them, each read kept within the guard's limits."""

    def __init__(self, guard: Guard, sock: socket.socket) -> None:
        super().__init__()
        self.guard, self.sock = guard, sock

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        try:
            return self.guard.recv_into(self.sock, buffer)
        except BlockingIOError:  # a non-blocking socket with nothing yet, as socket.makefile says it
            return None


class GuardedTLSSocket(ssl.SSLSocket):
    """A TLS socket whose handshake keeps to the guard's deadline too (a server may drip it)."""

    guard: Guard

    def do_handshake(self, block: bool = False) -> None:
        timeout = self.gettimeout()
        self.settimeout(0.0)
        try:
            while True:
                try:
                    super().do_handshake()
                    return
                except ssl.SSLWantReadError:
                    ready = select.select([self], [], [], self.guard.wait_time())[0]
                except ssl.SSLWantWriteError:
                    ready = select.select([], [self], [], self.guard.wait_time())[1]
                if not ready:
                    raise TimeoutError("the TLS handshake was not answered in time")
        finally:
            self.settimeout(timeout)


def guarded_context(guard: Guard, context: ssl.SSLContext) -> ssl.SSLContext:
    """`context`, whose sockets' handshakes keep to `guard`'s deadline."""
    context.sslsocket_class = type("GuardedTLSSocket", (GuardedTLSSocket,), {"guard": guard})
    return context


class GuardedMixin:
    """imaplib reading through the guard, with literals capped before a byte is allocated."""

    guard: Guard
    sock: socket.socket
    _reader: io.BufferedReader | None = None

    def _guarded(self) -> io.BufferedReader:
        # A new reader whenever the socket changes (after STARTTLS the same connection is a TLS socket).
        if self._reader is None or self._reader.raw.sock is not self.sock:  # type: ignore[attr-defined]
            self._reader = io.BufferedReader(GuardedReader(self.guard, self.sock))
        return self._reader

    def read(self, size: int) -> bytes:
        if size > self.guard.max_literal:
            raise LiteralTooLarge(size, self.guard.max_literal)
        if self.guard.sink is not None and size > SPOOL_LITERAL:
            return self.guard.sink.take(self._guarded(), size)
        return self._guarded().read(size)

    def readline(self) -> bytes:
        line = self._guarded().readline(imaplib._MAXLINE + 1)
        if len(line) > imaplib._MAXLINE:
            raise imaplib.IMAP4.error(f"got more than {imaplib._MAXLINE} bytes")
        return line


class GuardedClient(IMAPClient):
    """IMAPClient whose connection is guarded (`Guard`)."""

    def __init__(self, guard: Guard, *args: Any, **kwargs: Any) -> None:
        self.guard = guard
        with guard.deadline():
            super().__init__(*args, **kwargs)

    def _create_IMAP4(self) -> imaplib.IMAP4:  # noqa: N802 - imapclient's name
        connect_timeout = getattr(self._timeout, "connect", None)
        if self.ssl:
            cls = type("GuardedTLS", (GuardedMixin, tls.IMAP4_TLS), {"guard": self.guard})
            return cls(self.host, self.port, self.ssl_context, connect_timeout)
        cls = type("GuardedIMAP4", (GuardedMixin, imap4.IMAP4WithTimeout), {"guard": self.guard})
        return cls(self.host, self.port, connect_timeout)

