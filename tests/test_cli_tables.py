"""The command line for a person: aligned tables with a header, `invoices show`, `vendors list`,
`po list`, known statuses only, and no complaint when the output is piped into `head`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from bodesk.cli import main
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.invoices import correct_field
from bodesk.store.vendors import save_vendor
from tests.ui.conftest import add_invoice


def _workspace(home: Path) -> None:
    store = open_store(Workspace.at(home).ensure())
    try:
        save_vendor(store, None, {"name": "Acme Office Supply Ltd", "payment_terms_days": "30"}, actor="Maria")
        for n in range(1, 4):
            add_invoice(store, n, status="needs_review", exceptions=("no_po",), total=Decimal("1234.50") * n)
        correct_field(store, 2, "po_number", "PO-7781", actor="Maria")
    finally:
        store.close()


def test_invoices_list_is_a_table_with_a_header_and_aligned_columns(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _workspace(tmp_path)
    assert main(["--home", str(tmp_path), "invoices", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["ID", "Status", "Vendor", "Number"]
    total_end = lines[0].index("Total") + len("Total")
    assert [line[:total_end].rstrip()[-7:] for line in lines[1:]] == ["1234.50", "2469.00", "3703.50"]  # right-aligned
    vendor_at = lines[0].index("Vendor")
    assert {line[vendor_at:].split("  ")[0] for line in lines[1:]} == {"Vendor 1", "Vendor 2", "Vendor 3"}


def test_an_unknown_status_exits_2_naming_the_known_ones(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    try:
        main(["--home", str(tmp_path), "invoices", "list", "--status", "pending"])
    except SystemExit as exc:
        assert exc.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'pending'" in err and "needs_review" in err and "approved" in err


def test_invoices_show_tells_the_whole_story(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _workspace(tmp_path)
    assert main(["--home", str(tmp_path), "invoices", "show", "2", "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["id"] == 2 and rec["po_number"] == "PO-7781" and rec["total"] == "2469.00"
    assert [e["kind"] for e in rec["exceptions"]][:1] == ["no_po"]
    assert any(h["action"] == "corrected" and h["new"] == "PO-7781" and h["actor"] == "Maria" for h in rec["history"])
    assert rec["approvals"] == [] and rec["payments"] == []
    assert main(["--home", str(tmp_path), "invoices", "show", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Invoice #2 · Vendor 2 · INV-0002") and "Line items:" in out and "PO-7781" in out
    assert main(["--home", str(tmp_path), "invoices", "show", "99"]) == 1
    assert "There is no invoice 99" in capsys.readouterr().err


def test_vendors_and_purchase_orders_are_listed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _workspace(tmp_path)
    orders = tmp_path / "po.csv"
    orders.write_text("po_number,vendor_name,line_no,description,quantity,unit_price,currency\n"
                      "PO-7781,Acme Office Supply Ltd,1,Toner black,4,59.90,EUR\n", encoding="utf-8")
    assert main(["--home", str(tmp_path), "po", "import", str(orders)]) == 0
    capsys.readouterr()
    assert main(["--home", str(tmp_path), "vendors", "list", "--json"]) == 0
    names = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert "Acme Office Supply Ltd" in names
    assert main(["--home", str(tmp_path), "po", "list"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header.split()[:3] == ["ID", "PO", "number"] and "PO-7781" in row and row.rstrip().endswith("239.60  EUR")


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error(tmp_path: Path) -> None:
    _workspace(tmp_path)
    env = dict(os.environ, BODESK_HOME=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-m", "bodesk", "invoices", "list", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `head` does once it has read enough
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0
    assert "BrokenPipe" not in err and "Traceback" not in err and err == ""
