"""Tables for outgoing mail: the account bodesk sends from, and the outbox of messages to send.

The account row holds no secret, only the name of its keyring entry. An outbox message is the
whole RFC 5322 message as it will go out, with a unique `key` chosen by whoever queued it, so the
same notice queued twice is one message.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class MailAccount(Base):
    """The one account bodesk sends mail from (`bodesk mail setup`); id is always 1."""

    __tablename__ = "mail_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(256))
    port: Mapped[int] = mapped_column(Integer)
    user: Mapped[str] = mapped_column(String(256))
    sender: Mapped[str] = mapped_column(String(256))
    security: Mapped[str] = mapped_column(String(16))  # ssl | starttls | none
    cafile: Mapped[str | None] = mapped_column(Text)
    secret_ref: Mapped[str] = mapped_column(String(512))
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class OutboxMessage(Base):
    """A message waiting to be sent, being sent, sent, or refused by the server for good."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(256), unique=True)  # idempotency key given by the sender
    recipients: Mapped[str] = mapped_column(Text)  # comma-separated addresses
    subject: Mapped[str] = mapped_column(String(512))
    message: Mapped[str] = mapped_column(Text)  # the full message, headers and attachments included
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending | sending | sent | failed
    created_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
