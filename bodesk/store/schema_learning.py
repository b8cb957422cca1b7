"""What bodesk learns from corrections: one lesson per corrected field, per vendor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class VendorLesson(Base):
    """A person's correction of one field, kept for the vendor so its next documents come in right.

    `lesson` is what the document taught (where the value is printed and how it is labelled, the
    vendor's marks; see `bodesk.core.extraction.learned`); None until the document has been studied,
    {} when it taught nothing."""

    __tablename__ = "vendor_lessons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vendor_name: Mapped[str] = mapped_column(String(256), index=True)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id", ondelete="SET NULL"))
    lesson: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime)
