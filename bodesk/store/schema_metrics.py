"""Tables kept for the metrics: each invoice's contribution to the figures, the invoices whose
contribution must be worked out again, and the definition the kept contributions were worked out by.

The contributions are derived data, never the office's own: the database marks an invoice for a
fresh look (triggers on every table its facts are read from, see `facts_marks`) whenever something
about it changes, and the metrics bring the marked ones up to date before reading.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class InvoiceContribution(Base):
    """One invoice's share of the figures (see `bodesk.core.summary.contribution`)."""

    __tablename__ = "invoice_facts"
    #: Summing by day and source walks this index in order (no sorting).
    __table_args__ = (Index("ix_invoice_facts_day_source", "day", "source"),)

    invoice_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day: Mapped[int] = mapped_column(Integer)  # the day received, as a proleptic ordinal
    source: Mapped[str] = mapped_column(String(16))
    kinds: Mapped[str | None] = mapped_column(Text)  # exception kinds counted, comma-separated
    fields: Mapped[str | None] = mapped_column(Text)  # corrected fields counted, comma-separated
    received: Mapped[int] = mapped_column(SmallInteger)
    read: Mapped[int] = mapped_column(SmallInteger)
    touchless: Mapped[int] = mapped_column(SmallInteger)
    with_exceptions: Mapped[int] = mapped_column(SmallInteger)
    manual: Mapped[int] = mapped_column(SmallInteger)
    reworked: Mapped[int] = mapped_column(SmallInteger)
    overrides: Mapped[int] = mapped_column(Integer)
    retyped: Mapped[int] = mapped_column(SmallInteger)
    paid: Mapped[int] = mapped_column(SmallInteger)
    paid_on_time: Mapped[int] = mapped_column(SmallInteger)
    late_days: Mapped[int] = mapped_column(Integer)
    discount: Mapped[int] = mapped_column(BigInteger)  # scaled like every amount (types.SCALE_DIGITS)
    cycle_us: Mapped[int | None] = mapped_column(BigInteger)
    to_paid_us: Mapped[int | None] = mapped_column(BigInteger)


class StaleContribution(Base):
    """An invoice whose contribution must be worked out again (written by the database's triggers)."""

    __tablename__ = "invoice_facts_dirty"

    invoice_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class ContributionDefinition(Base):
    """The definition (`bodesk.core.summary.fingerprint`) the kept contributions were worked out by."""

    __tablename__ = "invoice_facts_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    definition: Mapped[str] = mapped_column(String(64))
