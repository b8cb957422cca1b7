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
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from bodesk.errors import EnvironmentProblem

log = logging.getLogger(__name__)

AUTH_METHODS = ("password", "xoauth2")
FETCH_BATCH = 20
IDLE_RENEW_SECONDS = 25 * 60  # RFC 2177: re-issue IDLE at least every 29 minutes


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

    def __init__(self, settings: MailboxSettings, secret: Callable[[], str | None]) -> None:
        self.settings = settings
        self._secret = secret
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
            context = ssl.create_default_context(cafile=s.cafile) if s.security != "none" else None
            if s.security == "ssl":
                client = IMAPClient(s.host, port=s.port, ssl=True, ssl_context=context, timeout=s.timeout)
            else:
                client = IMAPClient(s.host, port=s.port, ssl=False, timeout=s.timeout)
            try:
                if s.security == "starttls":
                    client.starttls(context)
                if s.auth == "xoauth2":
                    client.oauth2_login(s.user, secret)
                else:
                    client.login(s.user, secret)
                info = client.select_folder(s.folder)
                self.has_idle = b"IDLE" in client.capabilities()
            except BaseException:
                _close(client)
                raise
        except EnvironmentProblem:
            raise
        except (IMAPClientError, OSError, EOFError) as exc:
            raise EnvironmentProblem(describe(exc, s)) from exc
        self.client = client
        self.uidvalidity = int(info[b"UIDVALIDITY"])
        return self.uidvalidity

    def close(self) -> None:
        if self.client is not None:
            _close(self.client)
            self.client = None

    def _call(self, fn: Callable[..., Any], *args: Any) -> Any:
        assert self.client is not None, "open() first"
        try:
            return fn(*args)
        except (IMAPClientError, OSError, EOFError) as exc:
            self.close()
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
        uids = self._call(self.client.search, criteria, "UTF-8" if any(ord(c) > 127 for c in str(criteria)) else None)
        return sorted(int(u) for u in uids if int(u) > after_uid)  # "n:*" always matches the newest mail

    def fetch(self, uids: list[int]) -> Iterator[tuple[int, bytes]]:
        """Raw messages, in batches, without setting \\Seen (BODY.PEEK)."""
        assert self.client is not None
        for start in range(0, len(uids), FETCH_BATCH):
            batch = uids[start : start + FETCH_BATCH]
            data = self._call(self.client.fetch, batch, ["BODY.PEEK[]"])
            for uid in batch:
                raw = data.get(uid, {}).get(b"BODY[]")
                if raw is not None:
                    yield uid, bytes(raw)

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
