"""The SMTP conversation: connect (TLS with the certificate checked, or STARTTLS), log in, send.

Every network step has a timeout. Failures become sentences, split by what they mean for the
outbox: `ServerProblem` (unreachable, wrong password, went away mid-send: try every message again
later) and `MessageRefused` (the server will not take this one message; `permanent` for a 5xx
answer, which trying again would not change).
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bodesk.errors import BodeskError

SECURITY = ("ssl", "starttls", "none")
DEFAULT_PORTS = {"ssl": 465, "starttls": 587, "none": 25}
TIMEOUT = 30.0  # seconds for each network step


class ServerProblem(BodeskError):
    """The mail server could not be used just now; nothing was sent in the failing step."""


class MessageRefused(BodeskError):
    """The server refused one message."""

    def __init__(self, sentence: str, *, permanent: bool) -> None:
        super().__init__(sentence)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpAccount:
    """Where and how to send; the password is handed in separately, from the keyring."""

    host: str
    port: int
    user: str
    sender: str
    security: str = "starttls"
    cafile: str | None = None

    @property
    def label(self) -> str:
        return f"{self.host}:{self.port}"


def _tls_context(account: SmtpAccount) -> ssl.SSLContext:
    context = ssl.create_default_context()  # certificate and host name checked
    if account.cafile:
        try:
            context.load_verify_locations(cafile=account.cafile)
        except (OSError, ssl.SSLError) as exc:
            raise ServerProblem(f"The certificate file {account.cafile} cannot be read ({exc}).") from exc
    return context


@contextmanager
def connection(account: SmtpAccount, password: str | None, timeout: float = TIMEOUT) -> Iterator[smtplib.SMTP]:
    """An open, logged-in SMTP connection; closed when the block ends."""
    client: smtplib.SMTP | None = None
    try:
        if account.security == "ssl":
            client = smtplib.SMTP_SSL(account.host, account.port, timeout=timeout, context=_tls_context(account))
        else:
            client = smtplib.SMTP(account.host, account.port, timeout=timeout)
        client.ehlo()
        if account.security == "starttls":
            if not client.has_extn("starttls"):
                raise ServerProblem(f"The mail server {account.label} does not offer STARTTLS; choose ssl, or none if you mean it.")
            client.starttls(context=_tls_context(account))
            client.ehlo()
        if password:
            client.login(account.user, password)
    except BodeskError:
        _close(client)
        raise
    except smtplib.SMTPAuthenticationError as exc:
        _close(client)
        raise ServerProblem(f"The mail server {account.label} refused the user name or password for {account.user}; "
                            "run bodesk mail setup again with the right password.") from exc
    except ssl.SSLCertVerificationError as exc:
        _close(client)
        raise ServerProblem(f"The certificate of the mail server {account.label} could not be verified "
                            f"({exc.verify_message}); check the host name, or give the server's certificate with --cafile.") from exc
    except (smtplib.SMTPException, OSError) as exc:
        _close(client)
        raise ServerProblem(f"Could not reach the mail server {account.label}: {_reason(exc)}.") from exc
    try:
        yield client
    finally:
        _close(client)


def send(client: smtplib.SMTP, account: SmtpAccount, recipients: list[str], message: str) -> None:
    """Send one message on an open connection."""
    try:
        refused = client.sendmail(account.sender, recipients, message.encode("utf-8"))
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        raise MessageRefused(f"The mail server refused every recipient ({', '.join(exc.recipients)}).",
                             permanent=all(c >= 500 for c in codes)) from exc
    except smtplib.SMTPServerDisconnected as exc:
        raise ServerProblem(f"The mail server {account.label} closed the connection while sending; "
                            "the mail stays in the outbox and is sent on the next run.") from exc
    except smtplib.SMTPSenderRefused as exc:
        raise ServerProblem(f"The mail server {account.label} refused the sender {account.sender} "
                            f"({exc.smtp_code} {_text(exc.smtp_error)}).") from exc
    except smtplib.SMTPResponseException as exc:
        raise MessageRefused(f"The mail server refused the mail ({exc.smtp_code} {_text(exc.smtp_error)}).",
                             permanent=exc.smtp_code >= 500) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise ServerProblem(f"Sending through {account.label} failed: {_reason(exc)}; "
                            "the mail stays in the outbox and is sent on the next run.") from exc
    if refused:
        # Some recipients took it; sending again would duplicate it for them. Say who was missed.
        raise MessageRefused(f"The mail reached some recipients but not {', '.join(refused)}.", permanent=True)


def try_connection(account: SmtpAccount, password: str | None, timeout: float = TIMEOUT) -> str:
    """Connect and log in once, as `bodesk mail setup` does before saving."""
    with connection(account, password, timeout) as client:
        client.noop()
    return f"Connected to {account.label} as {account.user or 'an anonymous sender'}."


def _close(client: smtplib.SMTP | None) -> None:
    if client is None:
        return
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout | TimeoutError):
        return "no answer in time"
    if isinstance(exc, ConnectionRefusedError):
        return "the connection was refused (is the host and port right?)"
    if isinstance(exc, socket.gaierror):
        return "the host name is not known"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return str(exc) or type(exc).__name__
