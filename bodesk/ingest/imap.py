"""Mailboxes over IMAP (imapclient): connecting safely, finding new mail, and marking it afterwards.

Security is SSL/TLS or STARTTLS; a plain connection only when the user chose `none` explicitly.
New mail is found by UID above the last one looked at, under the folder's UIDVALIDITY (when the
server renumbers a folder, bodesk starts over, and the document store's SHA-256 check keeps that
from importing anything twice). The password, or an OAuth2 access token for XOAUTH2 (Gmail,
Microsoft 365), comes from the OS keyring at connect time and is held nowhere else.

Every failure becomes an `EnvironmentProblem` with a sentence (`describe`), never a traceback.
"""

from __future__ import annotations

import logging
import socket
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from bodesk.errors import EnvironmentProblem
from bodesk.ingest.imap_guard import (CommandTimedOut, Guard, GuardedClient, LiteralSink, LiteralTooLarge,
                                     SpooledLiteral, guarded_context)

log = logging.getLogger(__name__)

AUTH_METHODS = ("password", "xoauth2")
FETCH_BATCH = 20
FETCH_BYTES = 8 * 1000 * 1000  # mails fetched together add up to at most this (a larger one comes alone)
IDLE_RENEW_SECONDS = 25 * 60  # RFC 2177: re-issue IDLE at least every 29 minutes
MAX_MAIL_BYTES = 50 * 1000 * 1000  # the default of the setting intake.max_mail_mb


@dataclass(frozen=True)
class MailboxSettings:
    """What the user chose for one mailbox; `secret_ref` names its keyring entry, it is not the secret."""

    host: str
    port: int
    user: str
    security: str = "ssl"  # ssl | starttls | none
    folder: str = "INBOX"
    after: str = "seen"  # seen | flag | move:FOLDER
    filters: dict[str, str] = field(default_factory=dict)
    poll_seconds: float = 120.0
    auth: str = "password"  # password | xoauth2 (the keyring then holds an access token)
    secret_ref: str = ""
    cafile: str | None = None  # a certificate authority to trust besides the system's (self-signed servers)
    timeout: float = 30.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MailboxSettings:
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in names})

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def label(self) -> str:
        return f"{self.user}@{self.host}"


def describe(exc: BaseException, settings: MailboxSettings) -> str:
    """A sentence a person can act on for anything that went wrong talking to the server."""
    where = f"{settings.host}:{settings.port}"
    if isinstance(exc, LiteralTooLarge):
        return (f"The mail server {where} announced {exc.size:,} bytes in one answer, more than bodesk takes "
                f"({exc.limit:,}); bodesk stopped reading and will try again later.")
    if isinstance(exc, CommandTimedOut):
        return f"The mail server {where} answered too slowly ({exc}); bodesk stopped waiting and will try again."
    if isinstance(exc, LoginError):
        return f"The mail server refused the user name or password for {settings.label}; check them (or the app password)."
    if isinstance(exc, ssl.SSLCertVerificationError):
        return (f"The certificate of {where} could not be verified ({exc.verify_message or exc.reason}); "
                "bodesk did not connect. Check the server name, or ask for the server's certificate.")
    if isinstance(exc, ssl.SSLError):
        return (f"The secure connection to {where} failed ({exc.reason or exc}); check that the security "
                "setting (SSL/TLS or STARTTLS) and the port belong together.")
    if isinstance(exc, ConnectionRefusedError):
        return f"Cannot connect to {where}: the server refused the connection. Is it running, and is the port right?"
    if isinstance(exc, socket.gaierror):
        return f"The mail server {settings.host} was not found; check its name and the network connection."
    if isinstance(exc, (TimeoutError, socket.timeout)):
        return f"The mail server {where} did not answer within {settings.timeout:.0f} seconds."
    if isinstance(exc, IMAPClientAbortError) or isinstance(exc, (ConnectionError, EOFError)):
        return f"The connection to {where} was lost; bodesk will try again."
    if isinstance(exc, OSError):
        return f"Cannot talk to {where}: {exc.strerror or exc}."
    text = str(exc)
    if isinstance(exc, IMAPClientError) and ("NONEXISTENT" in text or "doesn't exist" in text.lower() or "not exist" in text.lower()):
        return f"The mail folder “{settings.folder}” does not exist on {settings.host} (any more); choose another folder."
    if "STARTTLS" in text:
        return f"{where} does not offer STARTTLS; choose SSL/TLS (usually port 993) or ask the provider."
    return f"The mail server {where} answered with an error: {text[:200]}"


class Mailbox:
    """One logged-in connection to one folder of a mailbox."""

    def __init__(self, settings: MailboxSettings, secret: Callable[[], str | None], *,
                 max_bytes: int = MAX_MAIL_BYTES) -> None:
        self.settings = settings
        self._secret = secret
        self.max_bytes = max_bytes
        self.guard = Guard(settings.timeout, max_bytes + 64 * 1024)
        self.client: IMAPClient | None = None
        self.uidvalidity: int | None = None
        self.has_idle = False

    # -- connecting ------------------------------------------------------------------------------
    def open(self) -> int:
        """Connect, log in and select the folder; returns its UIDVALIDITY."""
        s = self.settings
        secret = self._secret()
        if not secret:
            raise EnvironmentProblem(f"No password for {s.label} is in the keyring; enter it again in the source's settings.")
        try:
            context = guarded_context(self.guard, ssl.create_default_context(cafile=s.cafile)) if s.security != "none" else None
            if s.security == "ssl":
                client = GuardedClient(self.guard, s.host, port=s.port, ssl=True, ssl_context=context, timeout=s.timeout)
            else:
                client = GuardedClient(self.guard, s.host, port=s.port, ssl=False, timeout=s.timeout)
            try:
                with self.guard.deadline():
                    if s.security == "starttls":
                        client.starttls(context)
                    if s.auth == "xoauth2":
                        client.oauth2_login(s.user, secret)
                    else:
                        client.login(s.user, secret)
                with self.guard.deadline():
                    info = client.select_folder(s.folder)
                    self.has_idle = b"IDLE" in client.capabilities()
            except BaseException:
                try:
                    client.shutdown()
                except (IMAPClientError, OSError, EOFError):
                    pass
                raise
        except EnvironmentProblem:
            raise
        except (IMAPClientError, OSError, EOFError) as exc:
            raise EnvironmentProblem(describe(exc, s)) from exc
        self.client = client
        try:
            self.uidvalidity = int(info[b"UIDVALIDITY"])
        except (KeyError, TypeError, ValueError):
            self.close()
            raise EnvironmentProblem(f"The mail server {s.host} did not say the folder's UIDVALIDITY; "
                                     "bodesk cannot tell new mail from old there.") from None
        return self.uidvalidity

    def close(self, *, polite: bool = True) -> None:
        """Log out (`polite`) or, after a fault, just drop the connection: a server that misbehaved
        is not asked for anything more."""
        if self.client is not None:
            client, self.client = self.client, None
            if polite:
                try:
                    with self.guard.deadline():
                        _close(client)
                    return
                except (IMAPClientError, OSError, EOFError):
                    pass
            try:
                client.shutdown()
            except (IMAPClientError, OSError, EOFError):
                pass

    def _call(self, fn: Callable[..., Any], *args: Any, extra_bytes: int = 0) -> Any:
        assert self.client is not None, "open() first"
        try:
            with self.guard.deadline(extra_bytes):
                return fn(*args)
        except (IMAPClientError, OSError, EOFError) as exc:
            self.close(polite=False)
            raise EnvironmentProblem(describe(exc, self.settings)) from exc

    # -- reading ---------------------------------------------------------------------------------
    def new_uids(self, after_uid: int) -> list[int]:
        """UIDs above `after_uid`, oldest first (sender and subject filters are applied by the server too)."""
        assert self.client is not None
        criteria: list[Any] = ["UID", f"{after_uid + 1}:*"]
        filters = self.settings.filters or {}
        if filters.get("sender"):
            criteria += ["FROM", filters["sender"]]
        if filters.get("subject"):
            criteria += ["SUBJECT", filters["subject"]]
        try:
            uids = self._call(self.client.search, criteria, "UTF-8" if any(ord(c) > 127 for c in str(criteria)) else None)
        except ValueError as exc:  # an answer imapclient cannot parse ("1:*" where numbers belong)
            self.close(polite=False)
            raise EnvironmentProblem(f"The mail server {self.settings.host} answered the search for new mail in a way "
                                     "bodesk does not understand; it will try again later.") from exc
        found = []
        for u in uids:  # only whole numbers above the last one: "n:*" always matches the newest mail
            try:
                uid = int(u)
            except (TypeError, ValueError):
                log.info("ignoring %r in a UID SEARCH answer", u)
                continue
            if uid > after_uid:
                found.append(uid)
        return sorted(set(found))

    def fetch(self, uids: list[int], folder: Path) -> Iterator[tuple[int, Path | None, int]]:
        """(uid, the message's file, size) in batches, without setting \\Seen (BODY.PEEK). Each message is
        written to a file in `folder` as it arrives, never held whole in memory; the caller removes the
        file when done with it. A mail over the size cap is not downloaded: its file is None (it stays
        unread on the server)."""
        assert self.client is not None
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            sizes = self._call(self.client.fetch, batch, ["RFC822.SIZE"])
            size_of = {uid: _int(sizes.get(uid, {}).get(b"RFC822.SIZE")) for uid in batch}
            wanted = [uid for uid in batch if size_of[uid] <= self.max_bytes]
            for uid in batch:
                if size_of[uid] > self.max_bytes:
                    yield uid, None, size_of[uid]
            for group in _by_size(wanted, size_of, FETCH_BYTES):  # a few MB at a time, small mails together
                sink = self.guard.sink = LiteralSink(folder)
                try:
                    data = self._call(self.client.fetch, group, ["BODY.PEEK[]"],
                                      extra_bytes=sum(size_of[uid] for uid in group))
                finally:
                    self.guard.sink = None
                for uid in group:
                    raw = data.get(uid, {}).get(b"BODY[]")
                    if raw is None:
                        continue
                    if isinstance(raw, SpooledLiteral):
                        path = raw.path
                    else:  # a small mail, read into memory
                        path = folder / f"mail-{uid}.eml"
                        path.write_bytes(bytes(raw))
                    yield uid, path, size_of[uid]
                for path in sink.files:  # literals that were not a mail's body (none, from a sound server)
                    path.unlink(missing_ok=True)

    # -- afterwards ------------------------------------------------------------------------------
    def after(self, uids: list[int]) -> None:
        """Mark seen, flag, or move to a folder, as the source says. Only for committed documents."""
        if not uids:
            return
        assert self.client is not None
        action = self.settings.after
        if action == "seen":
            self._call(self.client.add_flags, uids, [b"\\Seen"])
        elif action == "flag":
            self._call(self.client.add_flags, uids, [b"\\Flagged"])
        elif action.startswith("move:"):
            target = self._server_name(action.split(":", 1)[1])
            if not self._call(self.client.folder_exists, target):
                self._call(self.client.create_folder, target)
            if self.client.has_capability("MOVE"):
                self._call(self.client.move, uids, target)
            else:
                self._call(self.client.copy, uids, target)
                self._call(self.client.delete_messages, uids)
                self._call(self.client.uid_expunge if self.client.has_capability("UIDPLUS") else self.client.expunge, uids)

    def _server_name(self, folder: str) -> str:
        """A folder path written with "/" in the server's own hierarchy delimiter (often ".")."""
        assert self.client is not None
        listed = self._call(self.client.list_folders, "", "INBOX")
        delimiter = listed[0][1] if listed and listed[0][1] else b"/"
        delimiter = delimiter.decode() if isinstance(delimiter, bytes) else delimiter
        return folder.replace("/", delimiter)

    # -- waiting ---------------------------------------------------------------------------------
    def wait(self, seconds: float, cancel: Callable[[], bool]) -> bool:
        """Wait up to `seconds` for new mail with IDLE (True when the server announced some).

        Without IDLE this returns at once (False): the caller sleeps for the poll interval."""
        if not self.has_idle or self.client is None:
            return False
        deadline = time.monotonic() + min(seconds, IDLE_RENEW_SECONDS)
        self._call(self.client.idle)
        news = False
        try:
            while not news and not cancel() and time.monotonic() < deadline:
                responses = self._call(self.client.idle_check, 1)
                news = any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses)
        finally:
            if self.client is not None:
                self._call(self.client.idle_done)
        return news


def _by_size(uids: list[int], size_of: dict[int, int], budget: int) -> Iterator[list[int]]:
    """`uids` in groups whose sizes add up to at most `budget` (a larger mail alone)."""
    group: list[int] = []
    total = 0
    for uid in uids:
        if group and total + size_of[uid] > budget:
            yield group
            group, total = [], 0
        group.append(uid)
        total += size_of[uid]
    if group:
        yield group


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def try_connection(settings: MailboxSettings, secret: str | None) -> str:
    """Log in and look at the folder; returns a sentence saying what was found. Raises EnvironmentProblem."""
    box = Mailbox(settings, lambda: secret)
    box.open()
    try:
        assert box.client is not None
        status = box._call(box.client.folder_status, settings.folder, [b"MESSAGES", b"UNSEEN"])
        idle = "; it announces new mail at once (IDLE)" if box.has_idle else ""
        return (f"Connected to {settings.host} as {settings.user}: “{settings.folder}” holds "
                f"{status.get(b'MESSAGES', 0)} mails, {status.get(b'UNSEEN', 0)} unread{idle}.")
    finally:
        box.close()


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except (IMAPClientError, OSError, EOFError):
        try:
            client.shutdown()
        except OSError:
            pass  # the socket is already gone: nothing more to release
