"""Queueing mail in the outbox and delivering it through the account set with `bodesk mail setup`.

`queue_mail` composes the message (its Message-ID derived from the caller's idempotency key) and
stores it; `deliver` sends what is waiting over one connection. A message is marked sent right
after the server accepts it; one that could not be sent stays queued with the reason, so nothing
is lost and nothing goes out twice.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from email.parser import Parser
from email.policy import SMTP
from email.utils import formatdate
from typing import Any

from bodesk.errors import BodeskError
from bodesk.mail.smtp import MessageRefused, ServerProblem, SmtpAccount, connection, send
from bodesk.store import Store
from bodesk.store import outbox
from bodesk.store.outbox import AccountRow, OutboxRow

log = logging.getLogger(__name__)

UNSET_SENDER = "bodesk <bodesk@localhost>"  # replaced by the account's address when the mail goes out


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"


@dataclass
class DeliveryReport:
    """What one delivery run did."""

    sent: list[OutboxRow] = field(default_factory=list)
    failed: list[tuple[OutboxRow, str]] = field(default_factory=list)  # refused for good
    waiting: int = 0  # still queued for a later run
    error: str | None = None  # why the run stopped early, if it did

    def sentence(self) -> str:
        parts = [f"{len(self.sent)} mail(s) sent"]
        if self.failed:
            parts.append(f"{len(self.failed)} refused by the server")
        if self.waiting:
            parts.append(f"{self.waiting} still waiting in the outbox")
        text = ", ".join(parts) + "."
        return f"{text} {self.error}" if self.error else text


def message_id(key: str) -> str:
    return f"<{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@bodesk>"


def compose(
    *,
    key: str,
    to: list[str],
    subject: str,
    body: str,
    html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    cc: list[str] | None = None,
) -> tuple[list[str], str]:
    """The message as it will go out (plain text, with an HTML alternative when given) and its
    recipients; its Message-ID comes from `key`, so the same key always makes the same message."""
    to = [a.strip() for a in to if a and a.strip()]
    cc = [a.strip() for a in cc or [] if a and a.strip()]
    if not to:
        raise BodeskError(f"The mail “{subject}” has no address to go to.")
    msg = EmailMessage(policy=SMTP)
    msg["From"] = UNSET_SENDER
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id(key)
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for a in attachments:
        maintype, _, subtype = a.mime_type.partition("/")
        msg.add_attachment(a.content, maintype=maintype, subtype=subtype or "octet-stream", filename=a.filename)
    return to + cc, msg.as_string()


def queue_mail(store: Store, *, key: str, subject: str, **message: Any) -> tuple[OutboxRow, bool]:
    """Put a message in the outbox under `key` (the rest as for `compose`); a key queued before is
    not queued again. Returns the message and whether it is new."""
    recipients, text = compose(key=key, subject=subject, **message)
    return outbox.enqueue(store, key, recipients, subject, text)


def smtp_account(row: AccountRow) -> SmtpAccount:
    return SmtpAccount(row.host, row.port, row.user, row.sender, row.security, row.cafile)


def _with_sender(message: str, sender: str) -> str:
    msg = Parser(policy=SMTP).parsestr(message)
    msg.replace_header("From", sender)
    return msg.as_string()


def deliver(store: Store, *, password: str | None = None, now: datetime | None = None, timeout: float | None = None) -> DeliveryReport:
    """Send every message waiting in the outbox; returns what happened. Never raises for a server
    problem: the report says it, and the messages wait for the next run."""
    report = DeliveryReport()
    waiting = outbox.sendable(store, now)
    if not waiting:
        return report
    row = outbox.load_account(store)
    if row is None:
        report.waiting, report.error = len(waiting), "No mail account is set up; run bodesk mail setup."
        return report
    account = smtp_account(row)
    if password is None and row.user:
        from bodesk.secrets import get_secret

        password = get_secret(row.secret_ref)
    kwargs = {"timeout": timeout} if timeout else {}
    try:
        with connection(account, password, **kwargs) as client:
            for i, message in enumerate(waiting):
                if not outbox.claim(store, message.id, now):
                    continue  # another run took it
                try:
                    send(client, account, list(message.recipients), _with_sender(message.message, account.sender))
                except MessageRefused as exc:
                    outbox.release(store, message.id, str(exc), permanent=exc.permanent)
                    if exc.permanent:
                        report.failed.append((message, str(exc)))
                    else:
                        report.waiting += 1
                    continue
                except ServerProblem as exc:
                    outbox.release(store, message.id, str(exc))
                    report.waiting += len(waiting) - i
                    raise
                outbox.mark_sent(store, message.id)
                report.sent.append(message)
    except ServerProblem as exc:
        log.warning("mail delivery stopped: %s", exc)
        report.error = str(exc)
        if not report.sent and not report.failed and not report.waiting:
            report.waiting = len(waiting)
    return report
