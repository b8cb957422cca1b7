"""Corrections remembered per vendor: record them, study their documents, give the profiles.

A correction is recorded at once (a row, no reading); the document behind it is studied later,
off the window's thread: when the next import starts (`profiles`) or when a person asks what
bodesk has learned. A vendor's lessons can be listed and reset.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bodesk.core.vocabulary import AuditAction
from bodesk.store import audit
from bodesk.store.db import Store
from bodesk.store.schema import Invoice
from bodesk.store.schema_learning import VendorLesson

log = logging.getLogger(__name__)

#: Fields a correction teaches something about.
LEARNABLE = frozenset({
    "vendor_name", "vendor_tax_id", "iban", "invoice_number", "invoice_date", "due_date", "currency",
    "subtotal", "tax", "total", "po_number",
})


def record_lessons(session: Session, invoice: Invoice, changes: dict[str, Any], *, actor: str, at: datetime) -> None:
    """Remember the corrected fields of `invoice` for its vendor (the corrected name, if that changed).

    Earlier lessons of the same invoice move to the new vendor name when the name is corrected."""
    vendor = invoice.vendor_name
    if not vendor:
        return
    if "vendor_name" in changes:
        for row in session.scalars(select(VendorLesson).where(VendorLesson.invoice_id == invoice.id)):
            if row.vendor_name != vendor:
                row.vendor_name, row.lesson = vendor, None
    for field, value in changes.items():
        if field not in LEARNABLE or value is None:
            continue
        for row in session.scalars(
            select(VendorLesson).where(VendorLesson.invoice_id == invoice.id, VendorLesson.field == field)
        ):
            session.delete(row)  # a field corrected twice on one invoice: the last word counts
        session.add(VendorLesson(
            vendor_name=vendor, field=field, value=str(value), invoice_id=invoice.id,
            document_id=invoice.document_id, lesson=None, created_by=actor, created_at=at,
        ))


def _typed(field: str, text: str | None) -> Any:
    if text is None:
        return None
    if field in ("invoice_date", "due_date"):
        return date.fromisoformat(text)
    if field in ("subtotal", "tax", "total"):
        return Decimal(text)
    return text


def study_pending(store: Store) -> int:
    """Read the documents of lessons not yet studied; returns how many lessons were studied."""
    from bodesk.core.extraction.engine import study

    with store.session() as session:
        rows = session.scalars(select(VendorLesson).where(VendorLesson.lesson.is_(None))).all()
        by_document: dict[tuple[int | None, str], list[VendorLesson]] = {}
        for row in rows:
            by_document.setdefault((row.document_id, row.vendor_name), []).append(row)
        for (document_id, vendor), lessons in by_document.items():
            path = _document_path(store, session, document_id)
            taught: list[dict[str, Any]] = [{} for _ in lessons]
            if path is not None and path.exists():
                try:
                    taught = study(path, [(r.field, _typed(r.field, r.value)) for r in lessons], vendor)
                except Exception:  # an unreadable document teaches nothing; the correction itself stands
                    log.exception("could not study %s", path)
            for row, lesson in zip(lessons, taught):
                row.lesson = lesson
        return len(rows)


def _document_path(store: Store, session: Session, document_id: int | None):  # type: ignore[no-untyped-def]
    from bodesk.store.schema import Document

    if document_id is None:
        return None
    doc = session.get(Document, document_id)
    return None if doc is None else store.document_file(doc.stored_path)


def profiles(store: Store) -> dict[str, dict[str, Any]]:
    """Every vendor's learned profile (`VendorProfile.to_json`), by vendor name."""
    from bodesk.core.extraction.learned import VendorProfile

    study_pending(store)
    with store.session() as session:
        rows = session.scalars(select(VendorLesson).order_by(VendorLesson.id)).all()
        grouped: dict[str, list[tuple[str, Any, dict[str, Any]]]] = {}
        for row in rows:
            grouped.setdefault(row.vendor_name, []).append((row.field, row.value, row.lesson or {}))
    return {name: VendorProfile.from_lessons(name, lessons).to_json() for name, lessons in grouped.items()}


@dataclass
class Learned:
    """One line of "what bodesk has learned" about a vendor."""

    field: str
    value: str | None
    how: str
    invoice_id: int | None
    by: str
    at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "how": self.how, "invoice_id": self.invoice_id,
                "by": self.by, "at": self.at.isoformat(timespec="seconds")}


def learned(store: Store, vendor_name: str, *, study: bool = True) -> list[Learned]:
    """What bodesk has learned about one vendor, a sentence per corrected field. `study=False`
    reads no document (for the window's thread): lessons not yet studied say so."""
    if study:
        study_pending(store)
    with store.session() as session:
        rows = session.scalars(
            select(VendorLesson).where(func.lower(VendorLesson.vendor_name) == vendor_name.lower()).order_by(VendorLesson.id)
        ).all()
        return [Learned(r.field, r.value, describe(r.field, r.lesson) if r.lesson is not None
                        else "learned from the next import on", r.invoice_id, r.created_by, r.created_at)
                for r in rows]


def describe(field: str, lesson: dict[str, Any]) -> str:
    """How a lesson is used, in a sentence."""
    if field == "vendor_name":
        words = {"name": "printed name", "iban": "IBAN", "tax_id": "tax id"}
        kinds = [words[k] for k in words if any(kind == k for kind, _ in lesson.get("marks") or [])]
        return "its invoices recognised by " + ", ".join(kinds) if kinds else "its name"
    if field == "currency":
        return "always this currency"
    parts = []
    if lesson.get("label"):
        parts.append(f"read {'right of' if lesson.get('where') == 'right' else 'below'} “{lesson['label']}”")
    if lesson.get("page"):
        parts.append(f"at its place on page {lesson['page']}")
    text = ", else ".join(parts) if parts else "not found printed on the document"
    if lesson.get("date_order"):
        text += "; dates " + {"DMY": "day first", "MDY": "month first"}[lesson["date_order"]]
    return text


def reset(store: Store, vendor_name: str, *, actor: str) -> int:
    """Forget everything learned about a vendor; returns how many lessons were dropped."""
    with store.session() as session:
        same = func.lower(VendorLesson.vendor_name) == vendor_name.lower()
        ids = session.scalars(select(VendorLesson.id).where(same)).all()
        session.execute(delete(VendorLesson).where(same))
        if ids:
            audit.record(session, actor=actor, action=AuditAction.FORGOTTEN, entity="vendor_lessons", entity_id=0,
                         field="vendor_name", old=vendor_name, new=None, note=f"{len(ids)} lessons forgotten")
        return len(ids)
