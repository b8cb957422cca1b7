"""A small IMAP server on 127.0.0.1 that misbehaves on purpose, for the fault tests and the campaign.

It speaks just enough IMAP4rev1 for bodesk's mailbox reader (CAPABILITY, LOGIN, SELECT, UID SEARCH,
UID FETCH, UID STORE, NOOP, LOGOUT) over plain TCP, serving a fixed list of messages, and fails
in one of these ways (`fault`):

- ``None``: behaves;
- ``"drip"``: answers SELECT one byte every `drip_seconds` (each read is quick, the answer never ends);
- ``"huge_literal"``: announces a message body of 99,999,999,999 bytes, then sends a trickle;
- ``"odd_search"``: answers UID SEARCH with ``1:* 2 x`` instead of numbers;
- ``"lying_size"``: reports every mail as small but sends a 200 MB literal for the first one;
- ``"hang_up"``: closes the connection in the middle of the first FETCH.

Messages bigger than a mailbox's cap are served as they are, so the size limit can be seen to hold.
Flags set with UID STORE are kept in `seen`, so a test can tell which mails were left unread.
"""

from __future__ import annotations

import re
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

PASSWORD = "pa55-word"


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, data: bytes) -> None:
        self.wfile.write(data)
        self.wfile.flush()

    def drip(self, data: bytes) -> None:
        for i in range(len(data)):
            if self.server.stopping.is_set():
                return
            self.send(data[i : i + 1])
            time.sleep(self.server.drip_seconds)

    def handle(self) -> None:
        srv = self.server
        srv.connections += 1
        self.send(b"* OK [CAPABILITY IMAP4rev1 UIDPLUS] misbehaving test server ready\r\n")
        try:
            while not srv.stopping.is_set():
                line = self.rfile.readline(65536)
                if not line:
                    return
                self.command(line.decode("ascii", "replace").rstrip("\r\n"))
        except (ConnectionError, OSError):
            return

    def command(self, line: str) -> None:  # noqa: C901 - one branch per command is clearest here
        srv = self.server
        tag, _, rest = line.partition(" ")
        verb = rest.split(" ", 1)[0].upper()
        args = rest[len(verb):].strip()
        if verb == "CAPABILITY":
            self.send(b"* CAPABILITY IMAP4rev1 UIDPLUS\r\n" + tag.encode() + b" OK done\r\n")
        elif verb == "LOGIN":
            ok = PASSWORD in args
            self.send(tag.encode() + (b" OK logged in\r\n" if ok else b" NO [AUTHENTICATIONFAILED] wrong\r\n"))
        elif verb in ("SELECT", "EXAMINE"):
            answer = (f"* {len(srv.messages)} EXISTS\r\n* 0 RECENT\r\n* OK [UIDVALIDITY 7] ok\r\n"
                      f"* OK [UIDNEXT {len(srv.messages) + 1}] ok\r\n* FLAGS (\\Seen \\Flagged)\r\n"
                      f"{tag} OK [READ-WRITE] selected\r\n").encode()
            self.drip(answer) if srv.fault == "drip" else self.send(answer)
        elif verb == "UID":
            self.uid_command(tag, args)
        elif verb == "NOOP":
            self.send(tag.encode() + b" OK noop\r\n")
        elif verb == "LOGOUT":
            self.send(b"* BYE bye\r\n" + tag.encode() + b" OK bye\r\n")
            raise ConnectionError("logged out")
        else:
            self.send(tag.encode() + b" BAD unknown command\r\n")

    def uid_command(self, tag: str, args: str) -> None:
        srv = self.server
        sub, _, rest = args.partition(" ")
        sub = sub.upper()
        if sub == "SEARCH":
            if srv.fault == "odd_search":
                self.send(b"* SEARCH 1:* 2 x\r\n" + tag.encode() + b" OK search\r\n")
                return
            uids = " ".join(str(u) for u in range(1, len(srv.messages) + 1))
            self.send(f"* SEARCH {uids}\r\n{tag} OK search\r\n".encode())
        elif sub == "FETCH":
            wanted = _uids(rest.split(" ", 1)[0], len(srv.messages))
            items = rest.upper()
            for uid in wanted:
                seq = uid
                data = srv.messages[uid - 1]
                if "RFC822.SIZE" in items:
                    size = 1000 if srv.fault == "lying_size" else len(data)
                    self.send(f"* {seq} FETCH (UID {uid} RFC822.SIZE {size})\r\n".encode())
                elif "BODY" in items:
                    if srv.fault == "hang_up":
                        self.send(f"* {seq} FETCH (UID {uid} BODY[] {{{len(data)}}}\r\n".encode() + data[:100])
                        raise ConnectionError("hung up on purpose")
                    if srv.fault == "huge_literal":
                        self.send(f"* {seq} FETCH (UID {uid} BODY[] {{99999999999}}\r\n".encode())
                        self.drip(b"x" * 1000)
                        return
                    if srv.fault == "lying_size" and uid == 1:
                        body = b"x" * (200 * 1000 * 1000)
                        self.send(f"* {seq} FETCH (UID {uid} BODY[] {{{len(body)}}}\r\n".encode())
                        for start in range(0, len(body), 1 << 20):
                            self.send(body[start : start + (1 << 20)])
                        self.send(b")\r\n")
                        continue
                    self.send(f"* {seq} FETCH (UID {uid} BODY[] {{{len(data)}}}\r\n".encode() + data + b")\r\n")
            self.send(tag.encode() + b" OK fetch\r\n")
        elif sub == "STORE":
            for uid in _uids(rest.split(" ", 1)[0], len(srv.messages)):
                if "\\SEEN" in rest.upper():
                    srv.seen.add(uid)
                self.send(f"* {uid} FETCH (UID {uid} FLAGS (\\Seen))\r\n".encode())
            self.send(tag.encode() + b" OK store\r\n")
        else:
            self.send(tag.encode() + b" BAD unknown UID command\r\n")


def _uids(spec: str, count: int) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        m = re.fullmatch(r"(\d+)(?::(\d+|\*))?", part)
        if not m:
            continue
        low = int(m.group(1))
        high = count if m.group(2) == "*" else int(m.group(2) or low)
        out += [u for u in range(low, high + 1) if 1 <= u <= count]
    return out


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, messages: list[bytes], fault: str | None, drip_seconds: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.messages = messages
        self.fault = fault
        self.drip_seconds = drip_seconds
        self.seen: set[int] = set()
        self.connections = 0
        self.stopping = threading.Event()

    @property
    def port(self) -> int:
        return int(self.server_address[1])


@contextmanager
def misbehaving_imap(messages: list[bytes], fault: str | None = None, drip_seconds: float = 0.5) -> Iterator[_Server]:
    """Serve `messages` on 127.0.0.1 (a free port) until the block ends."""
    server = _Server(messages, fault, drip_seconds)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def wait_closed(sock: socket.socket) -> None:  # pragma: no cover - a helper for manual runs
    sock.close()
