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
import stat
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bodesk.core.decisions import Rules
from bodesk.core.filetypes import KINDS, is_ignored
from bodesk.core.records import ExtractionResult
from bodesk.core.terms import PaymentTerms
from bodesk.core.validate import clean_record
from bodesk.core.vocabulary import ImportOutcome, InvoiceStatus
from bodesk.errors import BodeskError, ConcurrentChange, EnvironmentProblem
from bodesk.ingest.docstore import DocumentStore, display_name, safe_text
from bodesk.ingest.worker import REFERENCES_KEY, TERMS_KEY, KnownVendorRow, extract_file
from bodesk.jobs.pool import DocumentTimedOut, WorkerDied
from bodesk.store import Store
from bodesk.store import documents as db
from bodesk.store.decide import load_rules

log = logging.getLogger(__name__)

@dataclass
class ImportRecord:
    """What happened to one input; the JSON shape of `bodesk import --json`."""

    source: str
    document_id: int | None = None
    invoice_id: int | None = None
    status: str = ImportOutcome.ERROR
    duplicate_of: int | None = None
    errors: list[str] = field(default_factory=list)
    sha256: str | None = None  # of the stored copy; not part of the JSON record
    environment: bool = False  # failed because of the machine (disk full…), not the document

    @property
    def failed(self) -> bool:
        return self.status == ImportOutcome.ERROR

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
        new = sum(n for s, n in c.items() if s not in (ImportOutcome.DUPLICATE, ImportOutcome.ERROR))
        parts = [f"Imported {new} new document{'s' if new != 1 else ''}"]
        if c[InvoiceStatus.NEEDS_REVIEW]:
            parts.append(f"{c[InvoiceStatus.NEEDS_REVIEW]} need review")
        if c[InvoiceStatus.FAILED]:
            parts.append(f"{c[InvoiceStatus.FAILED]} unreadable")
        if c[ImportOutcome.DUPLICATE]:
            parts.append(f"{c[ImportOutcome.DUPLICATE]} already in the inbox (duplicates, not stored again)")
        if c[ImportOutcome.ERROR]:
            parts.append(f"{c[ImportOutcome.ERROR]} could not be imported")
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
            for child, problem in _walk_folder(path):
                if problem is not None:
                    problems.append(ImportRecord(safe_text(str(child)), errors=[problem]))
                elif not any(is_ignored(Path(part)) for part in child.relative_to(path).parts[:-1]):
                    add(child, explicit=False)
        elif path.is_file():
            add(path, explicit=True)
        elif path.exists():
            problems.append(ImportRecord(safe_text(str(path)), errors=[
                f"{display_name(path)} is not a regular file (a pipe or a device) and was not imported."]))
        else:
            problems.append(ImportRecord(safe_text(str(path)), errors=[f"{safe_text(str(path))} does not exist."]))
    return files, problems


def _walk_folder(root: Path) -> Iterator[tuple[Path, str | None]]:
    """The regular files under `root`, sorted, with a sentence instead for what is not taken: a link
    that leads out of the folder (`/etc/shadow`), a pipe or device, a subfolder that cannot be read."""
    real_root = os.path.realpath(root)
    for folder, dirs, names in os.walk(root, onerror=None, followlinks=False):
        dirs.sort()
        for name in sorted(names):
            child = Path(folder) / name
            try:
                if child.is_symlink() and not Path(os.path.realpath(child)).is_relative_to(real_root):
                    yield child, f"{display_name(child)} is a link to a file outside the folder and was not imported."
                    continue
                mode = child.stat().st_mode
            except OSError:
                continue  # gone, or a broken link
            if stat.S_ISREG(mode):
                yield child, None
            elif not is_ignored(child):
                yield child, f"{display_name(child)} is not a regular file (a pipe or a device) and was not imported."


class Importer:
    """Imports files into one workspace."""

    def __init__(
        self,
        store: Store,
        *,
        source_kind: str = "cli",
        executor: Executor | None = None,
        rules: Rules | None = None,
        entered_by: str | None = None,
    ) -> None:
        self.store = store
        self.entered_by = entered_by  # the person importing (they may not approve what they brought in)
        self.docstore = DocumentStore(store.workspace.documents)
        self.source_kind = source_kind
        self.executor = executor
        self.rules = rules or load_rules(store)  # the workspace's settings: thresholds, tolerances
        self.window = max(2, 2 * (os.cpu_count() or 1))
        try:
            self.docstore.sweep_incomplete()  # copies a crash left half-way, once they are old
        except OSError as exc:
            log.info("could not sweep the document store: %s", exc)

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
        mark: Callable[[Any, ImportRecord], None] | None = None,
    ) -> tuple[ImportRecord, Path | None]:
        """Store the file and commit its document row; returns the stored path when it is new.

        `mark(session, record)` runs inside the transaction that commits the document (or finds
        it already there): intake sources record the item as taken in that same transaction."""
        source_ref = safe_text(source_ref or str(path))
        name = display_name(path)
        record = ImportRecord(source_ref)
        try:
            stored = self.docstore.put(path)
        except BodeskError as exc:
            record.errors.append(str(exc))
            record.environment = isinstance(exc, EnvironmentProblem)
            return record, None
        record.sha256 = stored.sha256

        def marked(session: Any, found: db.Registered) -> None:
            record.document_id, record.invoice_id = found.document_id, found.invoice_id
            if found.is_new:
                record.status = InvoiceStatus.RECEIVED
            else:
                record.status, record.duplicate_of = ImportOutcome.DUPLICATE, found.duplicate_of
            if mark is not None:
                mark(session, record)

        found = db.register(self.store, entered_by=self.entered_by, sha256=stored.sha256, name=name, stored_path=stored.relative_path,
                            kind=KINDS.get(path.suffix.lower(), "other"), size=stored.size,
                            source_kind=self.source_kind, source_ref=source_ref, mark=marked)
        if not found.is_new:
            return record, None
        return record, self.docstore.path_of(stored.relative_path)

    def resume(self) -> list[ImportRecord]:
        """Extract again what a crash left in status `received`."""
        known = self.known_vendors()
        results = []
        for w in db.waiting_for_extraction(self.store):
            record = ImportRecord(w.original_name, w.document_id, w.invoice_id, InvoiceStatus.RECEIVED)
            results.append(self._finish(record, self._extract(self.store.document_file(w.stored_path), w.original_name, known)))
        return results

    def known_vendors(self) -> list[KnownVendorRow]:
        """The workspace's vendors, with what corrections taught about their documents."""
        return [KnownVendorRow(v.name, v.tax_id, v.ibans, v.profile) for v in db.known_vendors(self.store)]

    def _extract(self, stored: Path, name: str, known: list[KnownVendorRow]) -> Future[dict[str, Any]] | dict[str, Any]:
        if self.executor is None:
            return extract_file(str(stored), name, known)
        return self.executor.submit(extract_file, str(stored), name, known)

    def _finish(self, record: ImportRecord, job: Future[dict[str, Any]] | dict[str, Any]) -> ImportRecord:
        assert record.invoice_id is not None
        printed, references = None, None
        try:
            data = job.result() if isinstance(job, Future) else job
            result = ExtractionResult.from_record(data)
            printed = PaymentTerms.from_json(data[TERMS_KEY]) if data.get(TERMS_KEY) else None
            references = data.get(REFERENCES_KEY)
        except DocumentTimedOut:
            result = self._unread(record, "Reading this document took too long and was stopped; it may be damaged "
                                          "or far more complex than an invoice. Open it to check it.")
        except WorkerDied:
            result = self._unread(record, "Reading this document used more memory than bodesk allows (or crashed "
                                          "the reader); it may be damaged or a decompression bomb.")
        except Exception as exc:  # a bug in extraction, or a record that does not parse
            log.exception("extraction of %s failed", record.source)
            result = self._unread(record, f"bodesk could not read this document ({type(exc).__name__}); "
                                          "details are in the log.")
        clean_record(result)
        try:
            record.status = db.save_extraction(self.store, record.invoice_id, result, rules=self.rules, printed=printed,
                                               references=references)
        except EnvironmentProblem:
            raise
        except ConcurrentChange:  # another desk saved its reading of the same document a moment before
            record.status = db.current_status(self.store, record.invoice_id)
            return record
        except Exception as exc:  # one document's values must never block the others (nor the next resume)
            log.exception("saving the extraction of invoice %s failed", record.invoice_id)
            sentence = (f"bodesk could not check this document's values ({type(exc).__name__}); it is marked unreadable, "
                        "the details are in the log.")
            db.mark_failed(self.store, record.invoice_id, sentence)
            result.errors.append(sentence)
            record.status = InvoiceStatus.FAILED
        record.errors.extend(result.errors)
        return record

    @staticmethod
    def _unread(record: ImportRecord, sentence: str) -> ExtractionResult:
        return ExtractionResult(source=Path(record.source).name, errors=[sentence])

    # Intake sources receive items one by one and read them through the same two steps.
    extract_async = _extract
    finish = _finish


def _ready(job: Future[dict[str, Any]] | dict[str, Any]) -> bool:
    return not isinstance(job, Future) or job.done()
