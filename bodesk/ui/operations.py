"""User actions that run in the background, each returning what it changed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bodesk.ingest.pipeline import Importer, ImportRecord
from bodesk.jobs.runner import Job
from bodesk.store import Store
from bodesk.store.schema import InvoiceStatus


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


def import_job(job: Job, store: Store, paths: list[Path], pool, source_kind: str, low_confidence: float) -> ImportSummary:  # type: ignore[no-untyped-def]
    """Runs on a worker thread: store, extract (in `pool`) and save every file under `paths`."""
    importer = Importer(store, source_kind=source_kind, executor=pool, low_confidence=low_confidence)
    summary = ImportSummary()
    for progress in importer.run(paths, cancel=lambda: job.cancelled):
        if progress.record is not None:
            summary.records.append(progress.record)
            job.emit(progress.record)
        job.report(progress.done, progress.total, Path(progress.record.source).name if progress.record else "")
    summary.cancelled = job.cancelled
    return summary
