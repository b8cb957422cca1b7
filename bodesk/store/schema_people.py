"""The office's people: who may act in bodesk, with their roles, approval limit, manager and stand-in.

A person is never deleted (the audit trail names them); removing one makes them inactive.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base
from bodesk.store.types import Amount


class User(Base):
    """One person of the office. `name_key` (the name cleaned and without case) is unique, so
    "Alice", "ALICE" and "Alice" with a zero-width space are one person."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    name_key: Mapped[str] = mapped_column(String(128), unique=True)
    email: Mapped[str | None] = mapped_column(String(256))
    roles: Mapped[str] = mapped_column(String(128), default="")  # comma-separated `core.people.Role` values
    approval_limit: Mapped[Decimal | None] = mapped_column(Amount())  # in the office currency
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    away_until: Mapped[date | None] = mapped_column(Date)
    delegate_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    password_hash: Mapped[str | None] = mapped_column(String(256))  # argon2; never the password itself
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ApprovalStep(Base):
    """One person's approval of one step of an invoice's route (the two-step chain has two). The rows
    of an invoice sent back for approval (its amount or bank details changed) are removed; the audit
    trail keeps them."""

    __tablename__ = "approval_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    step: Mapped[int] = mapped_column(Integer)  # 0, 1, …
    approver: Mapped[str] = mapped_column(String(128))
    on_behalf_of: Mapped[str | None] = mapped_column(String(128))  # the person they stood in for
    amount_office: Mapped[Decimal | None] = mapped_column(Amount())  # the total in the office currency then
    at: Mapped[datetime] = mapped_column(DateTime)
