"""The reminders ledger: what was sent to whom at which level, so nothing is sent twice; and the
record of each unattended run (`bodesk service status` says when each last ran and what it did)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class ReminderSent(Base):
    """One reminder (a thing, a person, a level) queued for mail in a digest."""

    __tablename__ = "reminder_ledger"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(256), unique=True)  # kind:subject:level:person
    person: Mapped[str] = mapped_column(String(128), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    due: Mapped[date] = mapped_column(Date)
    digest_key: Mapped[str] = mapped_column(String(256))  # the outbox message that carries it
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ServiceRun(Base):
    """One run of `bodesk sync` or `bodesk remind` (from the scheduler, a script or the window)."""

    __tablename__ = "service_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(16), index=True)  # sync | remind
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(Text)  # a sentence: what it did, or why it stopped
