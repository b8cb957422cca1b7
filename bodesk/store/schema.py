"""The tables of a workspace, as typed SQLAlchemy 2 models.

Alembic owns the schema (see `migrations/`); a change here needs a migration.
Names follow the office's words: a `Document` is a stored file, an `Invoice` is what was read from it.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bodesk.core.vocabulary import ExceptionStatus, InvoiceStatus
from bodesk.store.types import Amount



class Base(DeclarativeBase):
    pass


class Document(Base):
    """A file in the content-addressed document store (stored once per SHA-256)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(512), index=True)
    stored_path: Mapped[str] = mapped_column(String(512))  # relative to the workspace's documents folder
    size: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # pdf, image, xml, email
    source_kind: Mapped[str] = mapped_column(String(16))  # drop, cli, folder, imap, demo
    source_ref: Mapped[str] = mapped_column(String(1024))  # where it came from (path or mail)
    received_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    invoice: Mapped[Invoice | None] = relationship(back_populates="document", uselist=False)


class Vendor(Base):
    """A supplier; `verified` is false for vendors first seen on an invoice."""

    __tablename__ = "vendors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    tax_id: Mapped[str | None] = mapped_column(String(64), index=True)
    payment_terms_days: Mapped[int | None] = mapped_column(Integer)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # AP decisions (issue 5): who approves this vendor's invoices by default, and its category
    # (approval rules can be overridden per vendor or per category).
    default_approver: Mapped[str | None] = mapped_column(String(128))
    category: Mapped[str | None] = mapped_column(String(64))

    ibans: Mapped[list[VendorIban]] = relationship(back_populates="vendor", cascade="all, delete-orphan")
    aliases: Mapped[list[VendorAlias]] = relationship(back_populates="vendor", cascade="all, delete-orphan")


class VendorIban(Base):
    """A bank account of a vendor and since when it is trusted (None: not trusted)."""

    __tablename__ = "vendor_ibans"
    __table_args__ = (UniqueConstraint("vendor_id", "iban"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"))
    iban: Mapped[str] = mapped_column(String(34), index=True)
    trusted_since: Mapped[datetime | None] = mapped_column(DateTime)

    vendor: Mapped[Vendor] = relationship(back_populates="ibans")


class Invoice(Base):
    """What was read from a document, as corrected by people; one per document."""

    __tablename__ = "invoices"
    __table_args__ = (
        Index("ix_invoices_vendor_name", "vendor_name"),
        Index("ix_invoices_invoice_number", "invoice_number"),
        Index("ix_invoices_invoice_date", "invoice_date"),
        Index("ix_invoices_due_date", "due_date"),
        Index("ix_invoices_total", "total"),
        Index("ix_invoices_status", "status"),
        Index("ix_invoices_currency", "currency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="RESTRICT"), unique=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(String(16), default=InvoiceStatus.RECEIVED)
    method: Mapped[str | None] = mapped_column(String(16))

    vendor_name: Mapped[str | None] = mapped_column(String(256))
    vendor_tax_id: Mapped[str | None] = mapped_column(String(64))
    iban: Mapped[str | None] = mapped_column(String(34))
    invoice_number: Mapped[str | None] = mapped_column(String(128))
    invoice_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    currency: Mapped[str | None] = mapped_column(String(3))
    subtotal: Mapped[Decimal | None] = mapped_column(Amount())
    tax: Mapped[Decimal | None] = mapped_column(Amount())
    total: Mapped[Decimal | None] = mapped_column(Amount())
    po_number: Mapped[str | None] = mapped_column(String(128))
    # AP decisions (issue 5): the purchase order it was matched to, and who it is routed to for approval.
    po_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id", ondelete="SET NULL"), index=True)
    approver: Mapped[str | None] = mapped_column(String(128))
    entered_by: Mapped[str | None] = mapped_column(String(128))  # the person who brought it in (None: bodesk's intake)
    # Payments: a credit note is stored with negative amounts and, when it names one, the invoice it
    # credits; the payment terms read from the document or the vendor's record, the best early-payment
    # discount (last day, amount saved) and the day the bank paid it.
    document_type: Mapped[str] = mapped_column(String(16), default="invoice", server_default="invoice")
    credited_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    payment_terms: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    discount_until: Mapped[date | None] = mapped_column(Date)
    discount_amount: Mapped[Decimal | None] = mapped_column(Amount())
    paid_on: Mapped[date | None] = mapped_column(Date)
    # Lower-cased vendor, number, PO and file name in one column: the inbox's search scans one
    # short string per row instead of four columns across a join.
    search_text: Mapped[str] = mapped_column(Text, default="")

    confidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    errors: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Optimistic concurrency (several desks): every change checks the row still has the version it
    # read, so of two desks changing one invoice at the same moment one wins and the other is told.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    document: Mapped[Document] = relationship(back_populates="invoice")
    lines: Mapped[list[InvoiceLine]] = relationship(
        back_populates="invoice", cascade="all, delete-orphan", order_by="InvoiceLine.line_no"
    )

    def refresh_search_text(self) -> None:
        parts = (self.vendor_name, self.invoice_number, self.po_number, self.document.original_name)
        self.search_text = " | ".join(p for p in parts if p).lower()


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    line_no: Mapped[int] = mapped_column(Integer)
    description: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[Decimal | None] = mapped_column(Amount(0))
    unit_price: Mapped[Decimal | None] = mapped_column(Amount())
    amount: Mapped[Decimal | None] = mapped_column(Amount())
    # AP decisions (issue 5): the PO line it bills; billed quantities are carried forward through it.
    po_line_id: Mapped[int | None] = mapped_column(ForeignKey("po_lines.id", ondelete="SET NULL"), index=True)

    invoice: Mapped[Invoice] = relationship(back_populates="lines")


class PurchaseOrder(Base):
    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    po_number: Mapped[str] = mapped_column(String(128), unique=True)
    vendor_id: Mapped[int | None] = mapped_column(ForeignKey("vendors.id", ondelete="SET NULL"), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    ordered_at: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")

    lines: Mapped[list[PurchaseOrderLine]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="PurchaseOrderLine.line_no"
    )


class PurchaseOrderLine(Base):
    __tablename__ = "po_lines"
    __table_args__ = (UniqueConstraint("po_id", "line_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    po_id: Mapped[int] = mapped_column(ForeignKey("purchase_orders.id", ondelete="CASCADE"))
    line_no: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal] = mapped_column(Amount(0))
    unit_price: Mapped[Decimal] = mapped_column(Amount())

    order: Mapped[PurchaseOrder] = relationship(back_populates="lines")


class GoodsReceipt(Base):
    __tablename__ = "goods_receipts"

    id: Mapped[int] = mapped_column(primary_key=True)
    po_line_id: Mapped[int] = mapped_column(ForeignKey("po_lines.id", ondelete="CASCADE"), index=True)
    quantity_received: Mapped[Decimal] = mapped_column(Amount(0))
    received_at: Mapped[date] = mapped_column(Date)


class ExceptionItem(Base):
    """Something about an invoice that a person has to look at (kinds: shared contracts)."""

    __tablename__ = "exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    detail: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=ExceptionStatus.OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(128))
    resolution: Mapped[str | None] = mapped_column(Text)
    # AP decisions (issue 5): who is looking at it; how it was resolved (accept, reject, update_po,
    # trust_bank, verify_vendor); the first of two people when a resolution needs a second one.
    assigned_to: Mapped[str | None] = mapped_column(String(128))
    action: Mapped[str | None] = mapped_column(String(32))
    confirmed_by: Mapped[str | None] = mapped_column(String(128))


class AuditEntry(Base):
    """One automated or human decision or change. Append-only: triggers refuse UPDATE and DELETE."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(128))  # a person's name, or "bodesk" for automation
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    seal: Mapped[str | None] = mapped_column(String(64))  # hash chain, see store/audit_chain.py

    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class OnboardingTemplate(Base):
    """A checklist for a role: what has to happen when someone joins (or leaves)."""

    __tablename__ = "onboarding_templates"
    __table_args__ = (UniqueConstraint("role", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16), default="onboarding")  # onboarding | offboarding
    tasks: Mapped[list[OnboardingTemplateTask]] = relationship(
        back_populates="template", cascade="all, delete-orphan",
        order_by="OnboardingTemplateTask.position",
    )


class OnboardingTemplateTask(Base):
    __tablename__ = "onboarding_template_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("onboarding_templates.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(256))
    offset_days: Mapped[int] = mapped_column(Integer)  # relative to the start (or last) day
    owner: Mapped[str | None] = mapped_column(String(128))  # manager | hire | office_manager | it | a person's name
    position: Mapped[int | None] = mapped_column(Integer)  # the office's order in the editor
    category: Mapped[str | None] = mapped_column(String(32))
    blocks_day_one: Mapped[bool | None] = mapped_column(Boolean)
    meeting_time: Mapped[str | None] = mapped_column(String(5))  # HH:MM
    meeting_minutes: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[str | None] = mapped_column(String(256))  # a document the task needs
    certificate: Mapped[str | None] = mapped_column(String(256))  # a training: the certificate it records
    valid_months: Mapped[int | None] = mapped_column(Integer)

    template: Mapped[OnboardingTemplate] = relationship(back_populates="tasks")


class Hire(Base):
    """A person joining or leaving, with the day it happens."""

    __tablename__ = "hires"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16), default="onboarding")
    start_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    email: Mapped[str | None] = mapped_column(String(256))
    manager: Mapped[str | None] = mapped_column(String(128))  # a person's name

    tasks: Mapped[list[OnboardingTask]] = relationship(
        back_populates="hire", cascade="all, delete-orphan", order_by="OnboardingTask.due_date"
    )


class OnboardingTask(Base):
    __tablename__ = "onboarding_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    hire_id: Mapped[int] = mapped_column(ForeignKey("hires.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(256))
    due_date: Mapped[date] = mapped_column(Date)
    owner: Mapped[str | None] = mapped_column(String(128))
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_by: Mapped[str | None] = mapped_column(String(128))
    owner_role: Mapped[str | None] = mapped_column(String(128))  # the template's owner (manager, it, …)
    category: Mapped[str | None] = mapped_column(String(32))
    blocks_day_one: Mapped[bool | None] = mapped_column(Boolean)
    meeting_time: Mapped[str | None] = mapped_column(String(5))
    meeting_minutes: Mapped[int | None] = mapped_column(Integer)
    document: Mapped[str | None] = mapped_column(String(256))
    certificate: Mapped[str | None] = mapped_column(String(256))
    valid_months: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    hire: Mapped[Hire] = relationship(back_populates="tasks")


# --- AP decisions (issue 5) ---


class VendorAlias(Base):
    """Another name a vendor's invoices go by ("ACME Ltd" for "Acme Office Supply Ltd")."""

    __tablename__ = "vendor_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    vendor_id: Mapped[int] = mapped_column(ForeignKey("vendors.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)

    vendor: Mapped[Vendor] = relationship(back_populates="aliases")


# --- intake sources (issue 4) ---
class IntakeSource(Base):
    """A watched folder or a mailbox that bodesk collects invoices from, with its last known state.

    `settings` holds what the user chose (path, host, filters…) and, for a mailbox, only the
    *name* of its keyring entry (`secret_ref`); the password itself lives in the OS keyring."""

    __tablename__ = "intake_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # folder | imap
    name: Mapped[str] = mapped_column(String(256))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    last_check_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    imported_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    # Mailboxes: the folder's UIDVALIDITY and the highest UID looked at under it.
    uidvalidity: Mapped[int | None] = mapped_column(Integer)
    last_uid: Mapped[int] = mapped_column(Integer, default=0)
    # The process checking it now (one at a time) and until when its claim holds unless renewed.
    claimed_by: Mapped[str | None] = mapped_column(String(128))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)


class IntakeItem(Base):
    """The ledger of items a source has taken: a file (by relative path) or a mail (by UIDVALIDITY:UID).

    A row is written in the same transaction as the item's document row, so an item is never
    marked taken before its document is committed. `status`: `stored` (document committed, the
    after-action on the original still to do), `done`, or `skipped` (nothing in it to import)."""

    __tablename__ = "intake_items"
    __table_args__ = (UniqueConstraint("source_id", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("intake_sources.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(1024))
    fingerprint: Mapped[str] = mapped_column(String(256), default="")  # size:mtime of a file, Message-ID of a mail
    status: Mapped[str] = mapped_column(String(16))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    detail: Mapped[str | None] = mapped_column(Text)
    taken_at: Mapped[datetime] = mapped_column(DateTime)


# The payment tables live in their own module; importing it here keeps the metadata complete.
import bodesk.store.schema_payments  # noqa: E402,F401
import bodesk.store.schema_learning  # noqa: E402,F401
import bodesk.store.schema_metrics  # noqa: E402,F401
