"""The sending account and the outbox, in the database.

A message is queued once per idempotency key (queuing the same key again returns the first
message), claimed before it is sent (so two running bodesks never send it both), and marked sent
in the one transaction that records the server's acceptance. A claim older than `STALE_CLAIM`
is taken to be the leftover of a run that died mid-send: that message goes out again, with the
same Message-ID, so the receiving side can tell it is the same mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.schema_mail import MailAccount, OutboxMessage

PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
STALE_CLAIM = timedelta(minutes=15)


@dataclass(frozen=True)
class AccountRow:
    """The sending account as stored: no password, only the name of its keyring entry."""

    host: str
    port: int
    user: str
    sender: str
    security: str
    cafile: str | None
    secret_ref: str


@dataclass(frozen=True)
class OutboxRow:
    """One message of the outbox, detached from the database."""

    id: int
    key: str
    recipients: tuple[str, ...]
    subject: str
    message: str
    status: str
    created_at: datetime
    attempts: int
    last_error: str | None
    sent_at: datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id, "key": self.key, "to": list(self.recipients), "subject": self.subject,
            "status": self.status, "attempts": self.attempts, "last_error": self.last_error,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "sent_at": self.sent_at.isoformat(timespec="seconds") if self.sent_at else None,
        }


def _row(m: OutboxMessage) -> OutboxRow:
    return OutboxRow(
        m.id, m.key, tuple(a for a in m.recipients.split(",") if a), m.subject, m.message, m.status,
        m.created_at, m.attempts, m.last_error, m.sent_at,
    )


def save_account(store: Store, account: AccountRow, *, actor: str = audit.SYSTEM_ACTOR) -> None:
    """Set (or replace) the account bodesk sends from."""
    with store.session() as session:
        row = session.get(MailAccount, 1)
        old = f"{row.user}@{row.host}:{row.port}" if row else None
        if row is None:
            row = MailAccount(id=1)
            session.add(row)
        for name, value in vars(account).items():
            setattr(row, name, value)
        row.updated_at = datetime.now()
        audit.record(session, actor=actor, action=AuditAction.MAIL_ACCOUNT_SET, entity="mail_account", entity_id=1,
                     old=old, new=f"{account.user}@{account.host}:{account.port}", note=account.sender)


def load_account(store: Store) -> AccountRow | None:
    with store.session() as session:
        row = session.get(MailAccount, 1)
        if row is None:
            return None
        return AccountRow(row.host, row.port, row.user, row.sender, row.security, row.cafile, row.secret_ref)


def enqueue(store: Store, key: str, recipients: list[str], subject: str, message: str) -> tuple[OutboxRow, bool]:
    """Queue a message under `key`; returns it and whether it is new (False: that key was queued before)."""
    with store.session() as session:
        return enqueue_in(session, key, recipients, subject, message)


def enqueue_in(session: Session, key: str, recipients: list[str], subject: str, message: str) -> tuple[OutboxRow, bool]:
    """`enqueue` inside the caller's transaction (so a message and what records it commit together)."""
    if not recipients:
        raise BodeskError(f"The mail “{subject}” has no recipient.")
    existing = session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))
    if existing is not None:
        return _row(existing), False
    row = OutboxMessage(
        key=key, recipients=",".join(recipients), subject=subject, message=message, status=PENDING,
        created_at=datetime.now(), attempts=0,
    )
    session.add(row)
    session.flush()
    audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.MAIL_QUEUED, entity="outbox", entity_id=row.id,
                 new=row.recipients, note=subject)
    return _row(row), True


def claim(store: Store, message_id: int, now: datetime | None = None) -> bool:
    """Take a pending (or stale) message for sending; False when another run has it or it is done."""
    now = now or datetime.now()
    with store.session() as session:
        result = session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id == message_id,
                or_(
                    OutboxMessage.status == PENDING,
                    (OutboxMessage.status == SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM),
                ),
            )
            .values(status=SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]


def sendable(store: Store, now: datetime | None = None) -> list[OutboxRow]:
    """Messages to try now, oldest first: pending ones and stale claims."""
    now = now or datetime.now()
    stmt = (
        select(OutboxMessage)
        .where(or_(
            OutboxMessage.status == PENDING,
            (OutboxMessage.status == SENDING) & (OutboxMessage.claimed_at < now - STALE_CLAIM),
        ))
        .order_by(OutboxMessage.id)
    )
    with store.session() as session:
        return [_row(m) for m in session.scalars(stmt)]


def mark_sent(store: Store, message_id: int, now: datetime | None = None) -> None:
    """Record the server's acceptance (the one step that says a message went out)."""
    with store.session() as session:
        row = session.get(OutboxMessage, message_id)
        if row is None:
            return
        row.status, row.sent_at, row.last_error, row.claimed_at = SENT, now or datetime.now(), None, None
        audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.MAIL_SENT, entity="outbox", entity_id=row.id,
                     new=row.recipients, note=row.subject)


def release(store: Store, message_id: int, error: str, *, permanent: bool = False) -> None:
    """A send that did not happen: back to pending (tried again next run) or, when the server
    refused it for good, failed (kept, shown, and sent again only when a person asks)."""
    with store.session() as session:
        row = session.get(OutboxMessage, message_id)
        if row is None:
            return
        row.status, row.last_error, row.claimed_at = (FAILED if permanent else PENDING), error, None
        if permanent:
            audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.MAIL_FAILED, entity="outbox",
                         entity_id=row.id, new=row.recipients, note=error)


def retry_failed(store: Store, *, actor: str) -> int:
    """Put every failed message back in the queue; returns how many."""
    with store.session() as session:
        rows = list(session.scalars(select(OutboxMessage).where(OutboxMessage.status == FAILED)))
        for row in rows:
            row.status = PENDING
            audit.record(session, actor=actor, action=AuditAction.MAIL_RETRY, entity="outbox", entity_id=row.id, note=row.subject)
        return len(rows)


def messages(store: Store, status: str | None = None) -> list[OutboxRow]:
    stmt = select(OutboxMessage).order_by(OutboxMessage.id)
    if status:
        stmt = stmt.where(OutboxMessage.status == status)
    with store.session() as session:
        return [_row(m) for m in session.scalars(stmt)]
