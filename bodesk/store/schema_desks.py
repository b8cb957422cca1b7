"""Tables for several desks on one shared database: the documents themselves, so every desk can
open every document without another desk's disk. (Intake sources are leased on their own row:
`intake_sources.claimed_by` / `claimed_until`.)"""

from __future__ import annotations

from sqlalchemy import LargeBinary, String
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
