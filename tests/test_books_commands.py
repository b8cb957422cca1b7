"""The bookkeeping commands headless: accounts import, invoices code, export (once, then nothing new)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from bodesk.cli import main


def test_chart_booking_and_export_from_the_command_line(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from bodesk.paths import Workspace
    from bodesk.store import open_store
    from tests.store.conftest import add_invoice

    home = tmp_path / "ws"
    store = open_store(Workspace.at(home).ensure())
    invoice = add_invoice(store, 1, status="approved", vendor_name="Paper Co", invoice_date=date(2026, 3, 5),
                          subtotal=Decimal("100.00"), tax=Decimal("20.00"), total=Decimal("120.00"))
    store.close()
    assert main(["--home", str(home), "users", "add", "Ana", "--role", "office_manager"]) == 0
    chart = tmp_path / "chart.csv"
    chart.write_text("number,name,tax_code\n710,Office supplies,VAT20\n720,Postage,NONE\nx1,Bad,\n", encoding="utf-8")
    assert main(["--home", str(home), "accounts", "import", str(chart), "--by", "Ana"]) == 1
    assert "Row 4: account number “x1” must be digits only" in capsys.readouterr().err
    chart.write_text("number,name,tax_code\n710,Office supplies,VAT20\n720,Postage,NONE\n", encoding="utf-8")
    assert main(["--home", str(home), "accounts", "import", str(chart), "--by", "Ana"]) == 0
    assert capsys.readouterr().out == "The chart of accounts now has 2 accounts.\n"

    out = tmp_path / "bills.csv"
    args = ["--home", str(home), "export", "--format", "xero", "--out", str(out), "--by", "Ana", "--json"]
    assert main(args) == 1  # not booked yet: held back with a sentence
    record = json.loads(capsys.readouterr().out)
    assert record["file"] is None and record["held"][0]["invoice_id"] == invoice

    assert main(["--home", str(home), "invoices", "code", str(invoice), "--account", "999", "--by", "Ana"]) == 1
    assert "Account 999 is not in the chart of accounts" in capsys.readouterr().err
    assert main(["--home", str(home), "invoices", "code", str(invoice), "--account", "710", "--cost-centre", "Sales", "--by", "Ana"]) == 0
    assert capsys.readouterr().out == f"Invoice {invoice} booked to 710 Office supplies · cost centre Sales · VAT20.\n"

    assert main(args) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["invoice_ids"] == [invoice] and record["message"] == "Exported 1 invoice to bills.csv."
    assert out.read_text(encoding="utf-8").startswith("*ContactName,")
    assert main(args[:-1]) == 0
    assert capsys.readouterr().out.strip() == "Nothing new to export: every approved invoice of the period has been exported already."

    datev = ["--home", str(home), "export", "--format", "datev", "--out", str(tmp_path / "EXTF_x.csv"), "--again"]
    assert main(datev) == 1
    assert "consultant number" in capsys.readouterr().err
    assert main([*datev, "--datev-consultant", "29098", "--datev-client", "55003"]) == 0
    assert (tmp_path / "EXTF_x.csv").read_bytes().startswith(b'"EXTF";700;21;"Buchungsstapel";13;')
    capsys.readouterr()

    assert main(["--home", str(home), "invoices", "show", str(invoice), "--json"]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["booking"] == {"account": "710", "cost_centre": "Sales", "tax_code": "VAT20", "source": "person",
                              "basis": None, "suggested": False, "set_by": "Ana", "lines": []}
    assert [(e["format"], e["file"]) for e in rec["exports"]] == [("datev", "EXTF_x.csv"), ("xero", "bills.csv")]
    assert main(["--home", str(home), "invoices", "show", str(invoice)]) == 0
    text = capsys.readouterr().out
    assert "  Booking       710 · Sales · VAT20 (by Ana)" in text and "(datev, EXTF_x.csv)" in text
