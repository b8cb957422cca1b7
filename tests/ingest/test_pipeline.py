"""The import pipeline, end to end with real documents, real extraction and a real SQLite store."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from bodesk.ingest.docstore import DocumentStore
from bodesk.ingest.pipeline import Importer, collect_files
from bodesk.store import Store
from bodesk.store.invoices import invoice_records
from bodesk.store.schema import Document, ExceptionItem, Invoice, InvoiceStatus
from tests.helpers import make_documents


def _count(store: Store, model) -> int:  # type: ignore[no-untyped-def]
    with store.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_import_reads_invoices_and_recognises_duplicates(store: Store, tmp_path: Path) -> None:
    files, truth = make_documents(tmp_path / "in", pdfs=2, pngs=1)
    records = Importer(store).import_paths(files)
    assert [r.status for r in records if r.status in ("duplicate", "error")] == []
    assert {r.invoice_id for r in records} == {1, 2, 3}
    listed = {rec["source"]: rec for rec in invoice_records(store)}
    assert listed[files[2].name]["method"] == "ocr" and listed[files[2].name]["total"] is not None
    for path, inv in zip(files[:2], truth):  # text PDFs: read exactly
        rec = listed[path.name]
        assert rec["invoice_number"] == inv.truth.invoice_number
        assert rec["total"] == format(inv.truth.total, "f")
        assert rec["vendor_name"] == inv.truth.vendor_name

    # The same files again, one of them under another name and inside a folder.
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(files[0], again / "renamed-copy.pdf")
    second = Importer(store).import_paths([again, *files[1:]])
    assert [r.status for r in second] == ["duplicate"] * 3
    assert all(r.duplicate_of in {1, 2, 3} for r in second)
    assert _count(store, Document) == _count(store, Invoice) == 3
    assert DocumentStore(store.workspace.documents).file_count() == 3


def test_bad_inputs_are_reported_and_the_rest_imported(store: Store, tmp_path: Path) -> None:
    files, _ = make_documents(tmp_path / "in", pdfs=1, pngs=0)
    corrupt = tmp_path / "in" / "broken.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n this is not really a pdf")
    empty = tmp_path / "in" / "empty.png"
    empty.write_bytes(b"")
    notes = tmp_path / "in" / "notes.docx"
    notes.write_bytes(b"PK\x03\x04")
    records = {Path(r.source).name: r for r in Importer(store).import_paths([*files, corrupt, empty, notes, tmp_path / "gone.pdf"])}
    assert records[files[0].name].status in (InvoiceStatus.EXTRACTED, InvoiceStatus.NEEDS_REVIEW)
    assert records["broken.pdf"].status == InvoiceStatus.FAILED and records["broken.pdf"].errors
    assert records["empty.png"].status == "error" and "is empty (0 bytes)" in records["empty.png"].errors[0]
    assert records["notes.docx"].status == "error" and "not a document bodesk reads" in records["notes.docx"].errors[0]
    assert records["gone.pdf"].status == "error" and "does not exist" in records["gone.pdf"].errors[0]
    # Unreadable documents are kept (nothing is lost) and visible in the inbox; an empty file holds nothing to keep.
    assert _count(store, Invoice) == 2


def test_folders_skip_temporary_and_hidden_files(tmp_path: Path) -> None:
    folder = tmp_path / "scans"
    (folder / ".sync").mkdir(parents=True)
    for name in ("a.pdf", "b.PNG", "~$lock.pdf", ".hidden.pdf", "c.pdf.part", "Thumbs.db", "readme.txt"):
        (folder / name).write_bytes(b"x")
    (folder / ".sync" / "d.pdf").write_bytes(b"x")
    files, problems = collect_files([folder])
    assert sorted(f.name for f in files) == ["a.pdf", "b.PNG"]
    assert problems == []


def test_interrupted_extraction_is_resumed(store: Store, tmp_path: Path) -> None:
    files, truth = make_documents(tmp_path / "in", pdfs=1, pngs=0)
    importer = Importer(store)
    record, stored = importer.receive(files[0])  # as if the process died right after storing
    assert stored is not None and record.status == InvoiceStatus.RECEIVED
    resumed = Importer(store).resume()
    assert [r.invoice_id for r in resumed] == [record.invoice_id]
    assert invoice_records(store)[0]["invoice_number"] == truth[0].truth.invoice_number


def test_findings_become_exceptions(store: Store, tmp_path: Path) -> None:
    files, _ = make_documents(tmp_path / "in", pdfs=1, pngs=0)
    Importer(store).import_paths(files)
    with store.session() as session:
        kinds = set(session.scalars(select(ExceptionItem.kind)))
    # Nobody set up any vendor in this workspace yet.
    assert "unknown_vendor" in kinds
