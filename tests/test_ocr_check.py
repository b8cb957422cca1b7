"""Tesseract missing: the check says how to install it, and importing a scan records that, not a crash."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytesseract
import pytest

from bodesk import ocr_check
from bodesk.ingest.pipeline import Importer
from bodesk.store import Store
from bodesk.store.invoices import invoice_records
from tests.helpers import make_documents


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> str:
    missing = str(tmp_path / "nowhere" / "tesseract")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", missing)
    return missing


def test_the_installed_tesseract_is_found() -> None:
    status = ocr_check.locate()
    assert status.available and status.path is not None and status.message == ""


def test_a_missing_tesseract_gives_the_sentence_for_this_system(no_tesseract: str) -> None:
    status = ocr_check.locate()
    assert not status.available
    assert status.message == ocr_check.missing_message()
    assert status.message.startswith("Scans cannot be read until Tesseract OCR is installed: ")


@pytest.mark.parametrize(
    ("platform", "hint"),
    [("win32", "UB-Mannheim"), ("darwin", "brew install tesseract"), ("linux", "tesseract-ocr")],
)
def test_the_sentence_says_how_to_install_it_on_each_system(platform: str, hint: str) -> None:
    assert hint in ocr_check.missing_message(platform)


@pytest.mark.skipif(sys.platform == "win32", reason="an executable shell script stands in for tesseract")
def test_a_tesseract_off_path_in_a_usual_place_is_found_and_put_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "Tesseract-OCR" / "tesseract"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setitem(ocr_check._KNOWN_PLACES, "darwin", [tmp_path / "absent" / "tesseract", program])
    status = ocr_check.locate("darwin")
    assert status.path == program
    # Spawned extraction workers inherit the environment, so they find it too.
    assert os.environ["PATH"].split(os.pathsep)[0] == str(program.parent)


def test_importing_a_scan_without_tesseract_records_the_sentence(no_tesseract: str, store: Store, tmp_path: Path) -> None:
    files, truth = make_documents(tmp_path / "in", pdfs=1, pngs=1)
    records = {Path(r.source).name: r for r in Importer(store).import_paths(files)}

    scan = records["scan-1.png"]
    assert scan.status != "error" and scan.invoice_id is not None  # stored and listed, to be read later
    assert ocr_check.missing_message() in scan.errors
    # Text PDFs do not need OCR and are read as usual.
    pdf = records["invoice-1.pdf"]
    assert ocr_check.missing_message() not in pdf.errors
    listed = {rec["source"]: rec for rec in invoice_records(store)}
    assert listed["invoice-1.pdf"]["invoice_number"] == truth[0].truth.invoice_number
