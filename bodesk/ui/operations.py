"""User actions that run in the background, each returning what it changed."""

from __future__ import annotations

from pathlib import Path

from bodesk.ingest.pipeline import Importer, ImportSummary
from bodesk.jobs.runner import Job
from bodesk.store import Store


def import_job(job: Job, store: Store, paths: list[Path], pool, source_kind: str,  # type: ignore[no-untyped-def]
               entered_by: str | None = None) -> ImportSummary:
    """Runs on a worker thread: store, extract (in `pool`) and save every file under `paths`."""
    importer = Importer(store, source_kind=source_kind, executor=pool, entered_by=entered_by)
    summary = ImportSummary()
    for progress in importer.run(paths, cancel=lambda: job.cancelled):
        if progress.record is not None:
            summary.records.append(progress.record)
            job.emit(progress.record)
        job.report(progress.done, progress.total, Path(progress.record.source).name if progress.record else "")
    summary.cancelled = job.cancelled
    return summary


def resume_job(job: Job, store: Store, pool) -> ImportSummary:  # type: ignore[no-untyped-def]
    """Runs on a worker thread at start-up: finish what an interrupted import left half done."""
    importer = Importer(store, source_kind="drop", executor=pool)
    return ImportSummary(records=importer.resume())
