"""The headless contract: `bodesk --version`, `extract`, `import`, `invoices list`, exit statuses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import bodesk
from tests.helpers import make_documents


def bodesk_cmd(*args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if home is not None:
        env["BODESK_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "bodesk", *args], capture_output=True, text=True, env=env, timeout=300)


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_version() -> None:
    result = bodesk_cmd("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"bodesk {bodesk.__version__}"


def test_usage_error_exits_2() -> None:
    result = bodesk_cmd("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_extract_prints_the_contract_record(tmp_path: Path) -> None:
    files, truth = make_documents(tmp_path, pdfs=1, pngs=0)
    result = bodesk_cmd("extract", str(files[0]), "--json")
    assert result.returncode == 0, result.stderr
    (rec,) = _lines(result.stdout)
    expected_keys = {
        "source", "method", "document_type", "vendor_name", "vendor_tax_id", "iban", "invoice_number", "invoice_date", "due_date",
        "currency", "subtotal", "tax", "total", "po_number", "line_items", "confidence", "evidence", "errors",
    }
    assert set(rec) == expected_keys
    assert rec["method"] == "text"
    assert rec["document_type"] == "invoice"
    assert rec["invoice_number"] == truth[0].truth.invoice_number
    assert rec["total"] == format(truth[0].truth.total, "f") and isinstance(rec["total"], str)
    assert rec["evidence"]["total"]["page"] == 1 and len(rec["evidence"]["total"]["bbox"]) == 4


def test_extract_reports_a_bad_file_and_goes_on(tmp_path: Path) -> None:
    files, _ = make_documents(tmp_path, pdfs=1, pngs=0)
    bad = tmp_path / "zero.pdf"
    bad.write_bytes(b"")
    result = bodesk_cmd("extract", str(bad), str(files[0]), "--json")
    assert result.returncode == 1
    first, second = _lines(result.stdout)
    assert first["errors"] and "Traceback" not in result.stdout + result.stderr
    assert second["errors"] == [] and second["total"] is not None


def test_import_then_list_then_reimport(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    files, truth = make_documents(tmp_path / "docs", pdfs=2, pngs=0)
    first = bodesk_cmd("--home", str(home), "import", str(tmp_path / "docs"), "--json")
    assert first.returncode == 0, first.stderr
    recs = _lines(first.stdout)
    assert len(recs) == 2 and {r["duplicate_of"] for r in recs} == {None}
    assert set(recs[0]) == {"source", "document_id", "invoice_id", "status", "duplicate_of", "errors"}

    listed = _lines(bodesk_cmd("invoices", "list", "--json", home=home).stdout)
    assert sorted(r["invoice_number"] for r in listed) == sorted(inv.truth.invoice_number for inv in truth)
    assert all("exceptions" in r and "status" in r and r["source"].endswith(".pdf") for r in listed)

    again = _lines(bodesk_cmd("--home", str(home), "import", str(files[0]), "--json").stdout)
    assert again[0]["status"] == "duplicate" and again[0]["duplicate_of"] is not None
    assert len(_lines(bodesk_cmd("invoices", "list", "--json", home=home).stdout)) == 2


def test_import_of_a_missing_path_exits_1_with_a_sentence(tmp_path: Path) -> None:
    result = bodesk_cmd("--home", str(tmp_path / "ws"), "import", str(tmp_path / "nope.pdf"))
    assert result.returncode == 1
    assert "does not exist" in result.stdout


def test_a_correction_from_the_command_line_rechecks_the_invoice(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    files, truth = make_documents(tmp_path / "docs", pdfs=1, pngs=0)
    bodesk_cmd("--home", str(home), "import", str(files[0]), "--json")
    bodesk_cmd("--home", str(home), "users", "add", "Ana", "--role", "office_manager")
    (before,) = _lines(bodesk_cmd("invoices", "list", "--json", home=home).stdout)
    result = bodesk_cmd("--home", str(home), "invoices", "correct", str(before["id"]), "--field", "total",
                        "--value", "1.00", "--by", "Ana")
    assert result.returncode == 0, result.stderr
    (after,) = _lines(bodesk_cmd("invoices", "list", "--json", home=home).stdout)
    assert after["total"] == "1.00" and after["confidence"]["total"] == 1.0
    assert "totals_mismatch" in after["exceptions"], "subtotal + tax no longer add up to the corrected total"
    bad = bodesk_cmd("--home", str(home), "invoices", "correct", str(before["id"]), "--field", "invoice_date",
                     "--value", "31/02/2026", "--by", "Ana")
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr


def test_exceptions_resolve_from_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    files, _ = make_documents(tmp_path / "docs", pdfs=1, pngs=0)
    bodesk_cmd("--home", str(home), "import", str(files[0]), "--json")
    bodesk_cmd("--home", str(home), "users", "add", "Ana", "--role", "office_manager")
    open_before = _lines(bodesk_cmd("exceptions", "list", "--open", "--json", home=home).stdout)
    assert open_before, "an unknown vendor at least"
    first = next(e for e in open_before if e["kind"] == "unknown_vendor")
    assert bodesk_cmd("--home", str(home), "exceptions", "comment", str(first["id"]), "--by", "Ana", "--text", "calling them").returncode == 0
    done = bodesk_cmd("--home", str(home), "exceptions", "resolve", str(first["id"]), "--by", "Ana",
                      "--reason", "checked by phone", "--action", "verify_vendor")
    assert done.returncode == 0, done.stderr
    open_after = _lines(bodesk_cmd("exceptions", "list", "--open", "--json", home=home).stdout)
    assert first["id"] not in {e["id"] for e in open_after}
