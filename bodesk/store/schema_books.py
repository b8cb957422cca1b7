"""The bookkeeping tables: the chart of accounts, the booking of each invoice and line, the exports.

An invoice's booking is a row with `line_id` NULL; a line booked differently from its invoice has
its own row. `source` says who decided: a person, or bodesk from the vendor's history or the line
text (`basis` is the sentence shown with it). Each export is a row, and each invoice it carried a
row in `export_items`: an invoice that has one is not exported again unless on purpose.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class LedgerAccount(Base):
    """An account of the office's chart of accounts."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(256))
    tax_code: Mapped[str | None] = mapped_column(String(16))


class Booking(Base):
    """Where an invoice (line_id NULL) or one of its lines goes in the books."""

    __tablename__ = "bookings"
    __table_args__ = (UniqueConstraint("invoice_id", "line_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    line_id: Mapped[int | None] = mapped_column(ForeignKey("invoice_lines.id", ondelete="CASCADE"), index=True)
    account: Mapped[str] = mapped_column(String(16))
    cost_centre: Mapped[str | None] = mapped_column(String(64))
    tax_code: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(16))  # person | vendor_history | line_text
    basis: Mapped[str | None] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(String(128))
    set_at: Mapped[datetime] = mapped_column(DateTime)


class CreditorAccount(Base):
    """The personal (creditor) account a vendor is booked against in DATEV, given once and kept."""

    __tablename__ = "creditor_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_key: Mapped[str] = mapped_column(String(300), unique=True)  # "vendor:<id>" or "name:<lower name>"
    number: Mapped[int] = mapped_column(Integer, unique=True)


class Export(Base):
    """One export file handed to the accountant's software."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    format: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    created_by: Mapped[str] = mapped_column(String(128))
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    again: Mapped[bool] = mapped_column(Boolean, default=False)
    invoice_count: Mapped[int] = mapped_column(Integer, default=0)


class ExportItem(Base):
    """An invoice carried by an export."""

    __tablename__ = "export_items"
    __table_args__ = (UniqueConstraint("export_id", "invoice_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("exports.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    exported_at: Mapped[datetime] = mapped_column(DateTime)
