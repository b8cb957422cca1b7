"""Tables for several desks on one shared database: the documents themselves (so every desk can
open every document without another desk's disk) and the leases on intake sources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from bodesk.store.schema import Base


class DocumentBlob(Base):
    """A stored document's bytes, by SHA-256 (filled when the office works on a shared database).

    Kept in the database rather than on a shared folder: one thing to back up and secure, written
    in the same transaction as the document's row, readable by every desk that can reach the
    server, with no file-share permissions or drive letters to set up on each computer."""

    __tablename__ = "document_blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)


class SourceLease(Base):
    """Which desk is reading an intake source, until when (a desk that dies lets its lease expire)."""

    __tablename__ = "source_leases"

    source_id: Mapped[int] = mapped_column(ForeignKey("intake_sources.id", ondelete="CASCADE"), primary_key=True)
    holder: Mapped[str] = mapped_column(String(256))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
