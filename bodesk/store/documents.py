"""The database half of importing: a stored file's document and invoice rows, and what was read from it.

`register` commits a new document with its invoice (status `received`) or finds the same file already
there; `save_extraction` writes what extraction read and runs the decision step on it. The file half
(the document store, extraction in a process pool) is `bodesk.ingest.pipeline`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bodesk.core.decisions import Rules
from bodesk.core.records import HEADER_FIELDS, ExtractionResult
from bodesk.core.terms import PaymentTerms
from bodesk.core.validate import FIRST_YEAR, LAST_YEAR
from bodesk.core.vocabulary import AuditAction, DocumentType, InvoiceStatus
from bodesk.store import Store, audit
from bodesk.store.decide import decide_invoice, load_rules
from bodesk.store.payments import apply_terms, link_credited_invoice
from bodesk.store.schema import Document, Invoice, InvoiceLine, Vendor

log = logging.getLogger(__name__)


@dataclass
class Registered:
    """A file's rows: new (`duplicate_of` unset, `is_new`) or the document already holding the same bytes."""

    document_id: int
    invoice_id: int | None
    is_new: bool
    duplicate_of: int | None = None


@dataclass(frozen=True)
class VendorNames:
    """What extraction needs to recognise a known vendor, with what corrections taught about its documents."""

    name: str
    tax_id: str | None
    ibans: tuple[str, ...]
    profile: Any = None


@dataclass(frozen=True)
class Waiting:
    """A document received but not read yet (a crash came between)."""

    invoice_id: int
    document_id: int
    stored_path: str
    original_name: str


def register(store: Store, *, sha256: str, name: str, stored_path: str, kind: str, size: int, source_kind: str,
             source_ref: str, mark: Callable[[Any, Registered], None] | None = None,
             entered_by: str | None = None) -> Registered:
    """Commit a stored file's document and its invoice (`received`), or find the document with the same
    bytes. `mark(session, registered)` runs in the same transaction (intake sources' ledger)."""
    try:
        return _register(store, sha256, name, stored_path, kind, size, source_kind, source_ref, mark, entered_by)
    except IntegrityError:
        # Another process (a window, a scheduled sync) committed the same content a moment ago:
        # the unique checksum decided, and this copy becomes a duplicate of the winner's.
        return _register(store, sha256, name, stored_path, kind, size, source_kind, source_ref, mark, entered_by)


def _register(store: Store, sha256: str, name: str, stored_path: str, kind: str, size: int, source_kind: str,
              source_ref: str, mark: Callable[[Any, Registered], None] | None, entered_by: str | None = None) -> Registered:
    with store.session() as session:
        existing = session.scalar(select(Document).where(Document.sha256 == sha256))
        if existing is not None:
            found = Registered(existing.id, None, False, existing.invoice.id if existing.invoice else None)
            if mark is not None:
                mark(session, found)
            return found
        now = datetime.now()
        doc = Document(sha256=sha256, original_name=name, stored_path=stored_path, size=size,
                       kind=kind, source_kind=source_kind, source_ref=source_ref, received_at=now)
        invoice = Invoice(document=doc, status=InvoiceStatus.RECEIVED, created_at=now, updated_at=now,
                          entered_by=entered_by)
        invoice.refresh_search_text()
        session.add_all([doc, invoice])
        session.flush()
        audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.RECEIVED, entity="invoice",
                     entity_id=invoice.id, note=f"{name} from {source_kind}" + (f", brought in by {entered_by}" if entered_by else ""))
        new = Registered(doc.id, invoice.id, True)
        if mark is not None:
            mark(session, new)
        return new


def waiting_for_extraction(store: Store) -> list[Waiting]:
    """Documents left in status `received` (by a crash): `Importer.resume` reads them again."""
    with store.session() as session:
        rows = session.execute(
            select(Invoice.id, Document.id, Document.stored_path, Document.original_name)
            .join(Document)
            .where(Invoice.status == InvoiceStatus.RECEIVED)
        ).all()
    return [Waiting(*row) for row in rows]


def known_vendors(store: Store) -> list[VendorNames]:
    """The workspace's vendors, and the names corrections taught that are no vendor row yet."""
    from bodesk.store.learning import profiles

    learned = {name.lower(): profile for name, profile in profiles(store).items()}  # "ACME LTD" is "Acme Ltd"
    with store.session() as session:
        rows = [VendorNames(v.name, v.tax_id, tuple(i.iban for i in v.ibans), learned.pop(v.name.lower(), None))
                for v in session.scalars(select(Vendor))]
    return rows + [VendorNames(p["name"], None, (), p) for p in learned.values()]


def current_status(store: Store, invoice_id: int) -> str:
    with store.session() as session:
        return session.get_one(Invoice, invoice_id).status


def mark_failed(store: Store, invoice_id: int, sentence: str) -> None:
    """Mark an invoice `failed` with the sentence why, so that no resume takes it up again."""
    with store.session() as session:
        invoice = session.get_one(Invoice, invoice_id)
        old = invoice.status
        if old != InvoiceStatus.RECEIVED:
            return  # read meanwhile at another desk: what it found stands
        invoice.status = InvoiceStatus.FAILED
        invoice.errors = [*(invoice.errors or []), sentence]
        invoice.updated_at = datetime.now()
        audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.EXTRACTED, entity="invoice",
                     entity_id=invoice_id, field="status", old=old, new=InvoiceStatus.FAILED, note=sentence)


def save_extraction(store: Store, invoice_id: int, result: ExtractionResult, *, rules: Rules | None = None,
                    printed: PaymentTerms | None = None, references: list[str] | None = None) -> str:
    """Write an extraction result onto its invoice, then run the decision step on it; returns the status.

    `printed`: the payment terms the worker read on the document (never read here, in the app's process);
    `references`: on a credit note, the document numbers it mentions (one of them may be the invoice it credits)."""
    found_anything = any(getattr(result, name) is not None for name in HEADER_FIELDS)
    status = InvoiceStatus.FAILED if result.errors and not found_anything else InvoiceStatus.EXTRACTED
    with store.session() as session:
        invoice = session.get_one(Invoice, invoice_id)
        if invoice.status != InvoiceStatus.RECEIVED:
            # Another desk read it first (its import, or its resume of what looked left over): one reading
            # is kept. Two desks saving at the same instant are told apart by the invoice's version.
            return invoice.status
        for name in HEADER_FIELDS:
            setattr(invoice, name, getattr(result, name))
        invoice.refresh_search_text()
        invoice.method = result.method
        invoice.confidence = dict(result.confidence)
        invoice.evidence = {k: ev.to_json() for k, ev in result.evidence.items()}
        invoice.errors = list(result.errors)
        invoice.lines = [
            InvoiceLine(line_no=i, description=li.description, quantity=li.quantity, unit_price=li.unit_price,
                        amount=li.amount)
            for i, li in enumerate(result.line_items, start=1)
        ]
        invoice.status = status
        invoice.updated_at = datetime.now()
        audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.EXTRACTED, entity="invoice",
                     entity_id=invoice_id, field="status", old=InvoiceStatus.RECEIVED, new=status,
                     note="; ".join(result.errors) or f"read by {result.method}")
        invoice.document_type = result.document_type
        if status != InvoiceStatus.FAILED:
            session.flush()
            decision = decide_invoice(session, invoice_id, rules or load_rules(store))
            status = decision.status if decision else status
            apply_terms(session, invoice, printed)
            if invoice.document_type == DocumentType.CREDIT_NOTE and references:
                link_credited_invoice(session, invoice, references)
            if invoice.due_date is not None and not FIRST_YEAR <= invoice.due_date.year <= LAST_YEAR:
                invoice.due_date = None  # printed terms whose due date cannot be true
    return status
