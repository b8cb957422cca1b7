"""Tables of payments: batches of transfers, the invoices each transfer settles, imported bank statements
and their lines. The payment columns of `invoices` (document type, terms, discount, paid date) are on
`Invoice` in `schema.py`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bodesk.core.vocabulary import TransferStatus
from bodesk.store.schema import Base
from bodesk.store.types import Amount


class PaymentBatch(Base):
    """A confirmed payment proposal: who confirmed it, and the bank file written from it (once)."""

    __tablename__ = "payment_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(128))
    horizon: Mapped[date] = mapped_column(Date)
    file_format: Mapped[str] = mapped_column(String(16))  # sepa | csv
    sepa_version: Mapped[str | None] = mapped_column(String(32))
    file_name: Mapped[str | None] = mapped_column(String(512))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    written_at: Mapped[datetime | None] = mapped_column(DateTime)
    write_count: Mapped[int] = mapped_column(Integer, default=0)

    transfers: Mapped[list[PaymentTransfer]] = relationship(
        back_populates="batch", cascade="all, delete-orphan", order_by="PaymentTransfer.id"
    )


class PaymentTransfer(Base):
    """One transfer of a batch: a vendor, an account, a currency, an execution date."""

    __tablename__ = "payment_transfers"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("payment_batches.id", ondelete="CASCADE"), index=True)
    vendor_name: Mapped[str] = mapped_column(String(256))
    iban: Mapped[str] = mapped_column(String(34), index=True)
    bic: Mapped[str | None] = mapped_column(String(11))
    currency: Mapped[str] = mapped_column(String(3))
    amount: Mapped[object] = mapped_column(Amount())
    pay_on: Mapped[date] = mapped_column(Date)
    end_to_end_id: Mapped[str] = mapped_column(String(35), unique=True)
    remittance: Mapped[str] = mapped_column(String(140))
    status: Mapped[str] = mapped_column(String(16), default=TransferStatus.SCHEDULED, index=True)  # scheduled | partial | paid
    paid_amount: Mapped[object] = mapped_column(Amount(), default=0)
    paid_on: Mapped[date | None] = mapped_column(Date)

    batch: Mapped[PaymentBatch] = relationship(back_populates="transfers")
    items: Mapped[list[PaymentItem]] = relationship(back_populates="transfer", cascade="all, delete-orphan")


class PaymentItem(Base):
    """An invoice or credit note settled by a transfer, with what was paid for it and the discount taken."""

    __tablename__ = "payment_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("payment_transfers.id", ondelete="CASCADE"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="RESTRICT"), index=True)
    amount: Mapped[object] = mapped_column(Amount())
    discount: Mapped[object] = mapped_column(Amount(), default=0)

    transfer: Mapped[PaymentTransfer] = relationship(back_populates="items")


class BankStatement(Base):
    """An imported statement file."""

    __tablename__ = "bank_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[str] = mapped_column(String(512))
    file_format: Mapped[str] = mapped_column(String(16))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(128))
    line_count: Mapped[int] = mapped_column(Integer, default=0)


class BankStatementLine(Base):
    """One booking of a statement, once (`line_key`), with what it was matched to."""

    __tablename__ = "bank_statement_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("bank_statements.id", ondelete="CASCADE"), index=True)
    line_key: Mapped[str] = mapped_column(String(64), unique=True)
    booking_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[object] = mapped_column(Amount())
    currency: Mapped[str] = mapped_column(String(3))
    end_to_end_id: Mapped[str | None] = mapped_column(String(64))
    counterparty_iban: Mapped[str | None] = mapped_column(String(34))
    counterparty_name: Mapped[str | None] = mapped_column(String(256))
    remittance: Mapped[str] = mapped_column(Text, default="")
    transfer_id: Mapped[int | None] = mapped_column(ForeignKey("payment_transfers.id", ondelete="SET NULL"), index=True)
    matched_by: Mapped[str | None] = mapped_column(String(32))
    outcome: Mapped[str] = mapped_column(String(16), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
