"""The AP commands headless: CSV imports with per-row sentences, exceptions list, approve/reject, audit export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bodesk.cli import main


def _csv(path: Path, rows: list[list[str]]) -> str:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return str(path)


def test_imports_report_each_row_and_exit_1_on_bad_rows(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    home = str(tmp_path / "ws")
    vendors = _csv(tmp_path / "v.csv", [["name", "tax_id", "iban", "payment_terms_days"],
                                        ["Acme Ltd", "GB123", "GB33BUKB20201555555555", "30"], ["Bad Co", "", "", "soon"]])
    assert main(["--home", home, "vendors", "import", vendors, "--json"]) == 1
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["status"] == "created" and second["status"] == "error"
    assert second["errors"] == ['Row 3: The payment terms "soon" is not a whole number.']

    pos = _csv(tmp_path / "po.csv", [["po_number", "vendor_name", "line_no", "description", "quantity", "unit_price", "currency"],
                                     ["PO-1", "Acme Ltd", "1", "Toner", "4", "59.90", "GBP"],
                                     ["PO-2", "Nobody", "1", "Paper", "x", "1", "GBP"]])
    assert main(["--home", home, "po", "import", pos, "--json"]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["status"] == "created"
    assert out[1]["errors"] == ['Row 3: Quantity "x" is not a number: write it like 1234.50.',
                                "Row 3: “Nobody” is not among your vendors; import or add it first."]
    receipts = _csv(tmp_path / "gr.csv", [["po_number", "line_no", "quantity_received", "received_at"],
                                          ["PO-1", "1", "4", "2026-03-01"], ["PO-1", "2", "1", "2026-03-01"]])
    assert main(["--home", home, "receipts", "import", receipts, "--json"]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["status"] == "created" and out[1]["errors"] == ["Row 3: PO PO-1 has no line 2."]


def test_approve_reject_exceptions_and_audit_export(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from bodesk.paths import Workspace
    from bodesk.store import open_store
    from tests.store.conftest import add_invoice

    home = tmp_path / "ws"
    store = open_store(Workspace.at(home).ensure())
    clean = add_invoice(store, 1, status="matched")
    other = add_invoice(store, 2, status="needs_review", exceptions=("no_po",))
    store.close()
    assert main(["--home", str(home), "approve", str(clean), "--by", "Founder", "--note", "ok"]) == 0
    assert main(["--home", str(home), "approve", str(other), "--by", "Founder"]) == 1
    assert "needs review, not waiting for approval" in capsys.readouterr().err
    assert main(["--home", str(home), "reject", str(other), "--by", "Founder", "--note", "Not ours"]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "exceptions", "list", "--open", "--json"]) == 0
    assert capsys.readouterr().out == ""  # the rejected invoice's exception closed with it
    assert main(["--home", str(home), "exceptions", "list", "--json"]) == 0
    (rec,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert set(rec) == {"id", "invoice_id", "kind", "detail", "status", "created_at"}
    assert (rec["kind"], rec["status"]) == ("no_po", "resolved")
    out = tmp_path / "audit.csv"
    assert main(["--home", str(home), "audit", "export", "--out", str(out), "--invoice", str(clean)]) == 0
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["actor"], r["action"], r["old_value"], r["new_value"], r["note"]) for r in rows] == [
        ("Founder", "approved", "matched", "approved", "ok")]
