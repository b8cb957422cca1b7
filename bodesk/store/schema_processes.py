"""The office's processes, scored for "what to automate next" (see `bodesk.core.processes`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class ProcessRow(Base):
    """One process with its figures and 1–5 scores; invoice processing is measured, not stored."""

    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    volume_per_month: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    minutes: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    error_cost: Mapped[int] = mapped_column(Integer)
    ease: Mapped[int] = mapped_column(Integer)
    pain: Mapped[int] = mapped_column(Integer)
    started_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
