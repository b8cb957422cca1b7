"""The import pipeline: files → the document store → extraction → invoices in the database.

`Importer.run` is a plain generator that yields progress and checks a cancel flag, so the
command line runs it directly and the window runs it on a worker thread. Extraction, which is
CPU-bound, goes to the executor it is given (a process pool in the app).

Crash safety: a document's stored copy is complete (renamed into place) before its row is
committed; an invoice left in status `received` by a crash is extracted again by `resume()`.
"""

from __future__ import annotations

import logging
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bodesk.core.decisions import Rules
from bodesk.core.records import HEADER_FIELDS, ExtractionResult
from bodesk.core.terms import PaymentTerms, terms_from_document
from bodesk.core.vocabulary import AuditAction
from bodesk.errors import BodeskError
from bodesk.ingest.docstore import DocumentStore
from bodesk.ingest.worker import KnownVendorRow, extract_file
from bodesk.store import Store
from bodesk.store import audit
from bodesk.store.decide import decide_invoice, load_rules
from bodesk.store.payments import apply_terms
from bodesk.store.schema import Document, Invoice, InvoiceLine, InvoiceStatus, Vendor

log = logging.getLogger(__name__)

KINDS = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
    ".xml": "xml",
    ".eml": "email",  # a mail whose body is the invoice (bodesk.ingest.mail)
}
_IGNORED_NAMES = {"thumbs.db", ".ds_store", "desktop.ini"}
_IGNORED_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".lock", "~")


def is_ignored(path: Path) -> bool:
    """Hidden, temporary and lock files that are never documents."""
    name = path.name.lower()
    return name.startswith((".", "~$")) or name in _IGNORED_NAMES or name.endswith(_IGNORED_SUFFIXES)


@dataclass
class ImportRecord:
    """What happened to one input; the JSON shape of `bodesk import --json`."""

    source: str
    document_id: int | None = None
    invoice_id: int | None = None
    status: str = "error"
    duplicate_of: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.status == "error"

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "document_id": self.document_id,
            "invoice_id": self.invoice_id,
            "status": self.status,
            "duplicate_of": self.duplicate_of,
            "errors": list(self.errors),
        }


@dataclass
class ImportProgress:
    done: int
    total: int
    record: ImportRecord | None = None


@dataclass
class ImportSummary:
    """What an import did, in numbers and in one sentence for the status bar."""

    records: list[ImportRecord] = field(default_factory=list)
    cancelled: bool = False

    def counts(self) -> Counter[str]:
        return Counter(r.status for r in self.records)

    @property
    def invoice_ids(self) -> tuple[int, ...]:
        return tuple(r.invoice_id for r in self.records if r.invoice_id is not None)

    def sentence(self) -> str:
        c = self.counts()
        new = sum(n for s, n in c.items() if s not in ("duplicate", "error"))
        parts = [f"Imported {new} new document{'s' if new != 1 else ''}"]
        if c[InvoiceStatus.NEEDS_REVIEW]:
            parts.append(f"{c[InvoiceStatus.NEEDS_REVIEW]} need review")
        if c[InvoiceStatus.FAILED]:
            parts.append(f"{c[InvoiceStatus.FAILED]} unreadable")
        if c["duplicate"]:
            parts.append(f"{c['duplicate']} already in the inbox (duplicates, not stored again)")
        if c["error"]:
            parts.append(f"{c['error']} could not be imported")
        text = ", ".join(parts) + "."
        if self.cancelled:
            text = "Import cancelled. " + text
        return text


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[ImportRecord]]:
    """Expand folders (recursively) into importable files; report what cannot be imported."""
    files: list[Path] = []
    problems: list[ImportRecord] = []
    seen: set[Path] = set()

    def add(path: Path, explicit: bool) -> None:
        if path in seen:
            return
        seen.add(path)
        if is_ignored(path) and not explicit:
            return
        if path.suffix.lower() not in KINDS:
            if explicit:
                problems.append(
                    ImportRecord(
                        str(path),
                        errors=[f"{path.name} is not a document bodesk reads (PDF, PNG, JPEG, TIFF or XML)."],
                    )
                )
            return
        files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                children = sorted(p for p in path.rglob("*") if p.is_file())
            except OSError as exc:
                problems.append(ImportRecord(str(path), errors=[f"The folder {path} cannot be read: {exc.strerror}."]))
                continue
            for child in children:
                if not any(is_ignored(Path(part)) for part in child.relative_to(path).parts[:-1]):
                    add(child, explicit=False)
        elif path.is_file():
            add(path, explicit=True)
        else:
            problems.append(ImportRecord(str(path), errors=[f"{path} does not exist."]))
    return files, problems


class Importer:
    """Imports files into one workspace."""

    def __init__(
        self,
        store: Store,
        *,
        source_kind: str = "cli",
        executor: Executor | None = None,
        rules: Rules | None = None,
    ) -> None:
        self.store = store
        self.docstore = DocumentStore(store.workspace.documents)
        self.source_kind = source_kind
        self.executor = executor
        self.rules = rules or load_rules(store)  # the workspace's settings: thresholds, tolerances
        self.window = max(2, 2 * (os.cpu_count() or 1))

    # -- the whole run -------------------------------------------------------------------------
    def run(self, paths: Iterable[Path], cancel: Callable[[], bool] = lambda: False) -> Iterator[ImportProgress]:
        files, problems = collect_files(paths)
        total = len(files) + len(problems)
        done = 0
        for record in problems:
            done += 1
            yield ImportProgress(done, total, record)
        yield ImportProgress(done, total)
        known = self.known_vendors()
        pending: deque[tuple[ImportRecord, Future[dict[str, Any]] | dict[str, Any]]] = deque()
        for path in files:
            if cancel():
                break
            record, stored = self.receive(path)
            if stored is None:
                done += 1
                yield ImportProgress(done, total, record)
                continue
            pending.append((record, self._extract(stored, path.name, known)))
            while len(pending) >= self.window or (pending and _ready(pending[0][1])):
                done += 1
                yield ImportProgress(done, total, self._finish(*pending.popleft()))
        while pending:
            record, job = pending.popleft()
            if cancel() and isinstance(job, Future):
                job.cancel()
            done += 1
            yield ImportProgress(done, total, self._finish(record, job))

    def import_paths(self, paths: Iterable[Path]) -> list[ImportRecord]:
        return [p.record for p in self.run(paths) if p.record is not None]

    # -- steps -----------------------------------------------------------------------------------
    def receive(
        self,
        path: Path,
        *,
        source_ref: str | None = None,
        mark: Callable[[Session, ImportRecord], None] | None = None,
    ) -> tuple[ImportRecord, Path | None]:
        """Store the file and commit its document row; returns the stored path when it is new.

        `mark(session, record)` runs inside the transaction that commits the document (or finds
        it already there): intake sources record the item as taken in that same transaction."""
        record = ImportRecord(source_ref or str(path))
        try:
            stored = self.docstore.put(path)
        except BodeskError as exc:
            record.errors.append(str(exc))
            return record, None
        with self.store.session() as session:
            existing = session.scalar(select(Document).where(Document.sha256 == stored.sha256))
            if existing is not None:
                record.status = "duplicate"
                record.document_id = existing.id
                record.duplicate_of = existing.invoice.id if existing.invoice else None
                if mark is not None:
                    mark(session, record)
                return record, None
            now = datetime.now()
            doc = Document(
                sha256=stored.sha256,
                original_name=path.name,
                stored_path=stored.relative_path,
                size=stored.size,
                kind=KINDS.get(path.suffix.lower(), "other"),
                source_kind=self.source_kind,
                source_ref=source_ref or str(path),
                received_at=now,
            )
            invoice = Invoice(document=doc, status=InvoiceStatus.RECEIVED, created_at=now, updated_at=now)
            invoice.refresh_search_text()
            session.add_all([doc, invoice])
            session.flush()
            audit.record(
                session,
                actor=audit.SYSTEM_ACTOR,
                action=AuditAction.RECEIVED,
                entity="invoice",
                entity_id=invoice.id,
                note=f"{path.name} from {self.source_kind}",
            )
            record.document_id, record.invoice_id, record.status = doc.id, invoice.id, InvoiceStatus.RECEIVED
            if mark is not None:
                mark(session, record)
        return record, self.docstore.path_of(stored.relative_path)

    def resume(self) -> list[ImportRecord]:
        """Extract again what a crash left in status `received`."""
        with self.store.session() as session:
            rows = session.execute(
                select(Invoice.id, Document.id, Document.stored_path, Document.original_name)
                .join(Document)
                .where(Invoice.status == InvoiceStatus.RECEIVED)
            ).all()
        known = self.known_vendors()
        results = []
        for invoice_id, document_id, stored_path, name in rows:
            record = ImportRecord(name, document_id, invoice_id, InvoiceStatus.RECEIVED)
            results.append(self._finish(record, self._extract(self.docstore.path_of(stored_path), name, known)))
        return results

    def known_vendors(self) -> list[KnownVendorRow]:
        with self.store.session() as session:
            vendors = session.scalars(select(Vendor)).all()
            return [KnownVendorRow(v.name, v.tax_id, tuple(i.iban for i in v.ibans)) for v in vendors]

    def _extract(self, stored: Path, name: str, known: list[KnownVendorRow]) -> Future[dict[str, Any]] | dict[str, Any]:
        if self.executor is None:
            return extract_file(str(stored), name, known)
        return self.executor.submit(extract_file, str(stored), name, known)

    def _finish(self, record: ImportRecord, job: Future[dict[str, Any]] | dict[str, Any]) -> ImportRecord:
        try:
            data = job.result() if isinstance(job, Future) else job
        except Exception as exc:  # a crashed worker process, or a bug in extraction
            log.exception("extraction of %s failed", record.source)
            data = ExtractionResult(
                source=Path(record.source).name,
                errors=[f"bodesk could not read this document ({type(exc).__name__}); details are in the log."],
            ).to_record()
        result = ExtractionResult.from_record(data)
        assert record.invoice_id is not None
        status = save_extraction(self.store, record.invoice_id, result, rules=self.rules)
        record.status = status
        record.errors.extend(result.errors)
        return record


    # Intake sources receive items one by one and read them through the same two steps.
    extract_async = _extract
    finish = _finish


def _ready(job: Future[dict[str, Any]] | dict[str, Any]) -> bool:
    return not isinstance(job, Future) or job.done()


def save_extraction(store: Store, invoice_id: int, result: ExtractionResult, *, rules: Rules | None = None) -> str:
    """Write an extraction result onto its invoice, then run the decision step on it; returns the status."""
    found_anything = any(getattr(result, name) is not None for name in HEADER_FIELDS)
    status = InvoiceStatus.FAILED if result.errors and not found_anything else InvoiceStatus.EXTRACTED
    with store.session() as session:
        invoice = session.get_one(Invoice, invoice_id)
        for name in HEADER_FIELDS:
            setattr(invoice, name, getattr(result, name))
        invoice.refresh_search_text()
        invoice.method = result.method
        invoice.confidence = dict(result.confidence)
        invoice.evidence = {k: ev.to_json() for k, ev in result.evidence.items()}
        invoice.errors = list(result.errors)
        invoice.lines = [
            InvoiceLine(
                line_no=i, description=li.description, quantity=li.quantity, unit_price=li.unit_price, amount=li.amount
            )
            for i, li in enumerate(result.line_items, start=1)
        ]
        invoice.status = status
        invoice.updated_at = datetime.now()
        audit.record(
            session,
            actor=audit.SYSTEM_ACTOR,
            action=AuditAction.EXTRACTED,
            entity="invoice",
            entity_id=invoice_id,
            field="status",
            old=InvoiceStatus.RECEIVED,
            new=status,
            note="; ".join(result.errors) or f"read by {result.method}",
        )
        invoice.document_type = result.document_type
        if status != InvoiceStatus.FAILED:
            session.flush()
            decision = decide_invoice(session, invoice_id, rules or load_rules(store))
            status = decision.status if decision else status
            apply_terms(session, invoice, _printed_terms(store, invoice))
    return status


def _printed_terms(store: Store, invoice: Invoice) -> PaymentTerms | None:
    """The payment terms printed on the invoice's document (or in its e-invoice XML), if they can be read."""
    try:
        return terms_from_document(store.workspace.documents / invoice.document.stored_path)
    except Exception:  # terms are a bonus: an odd file must not fail the import, but the cause is logged
        log.warning("payment terms of invoice %s could not be read", invoice.id, exc_info=True)
        return None
