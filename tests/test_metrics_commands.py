"""`bodesk metrics report|export` and `bodesk processes add|rank` on a real workspace."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

import pypdfium2

from bodesk.cli import main
from bodesk.store import open_store
from bodesk.paths import Workspace
from tests.store.conftest import add_invoice


def _workspace(tmp_path: Path) -> str:
    home = tmp_path / "office"
    store = open_store(Workspace.at(str(home)))
    try:
        for n in range(1, 6):
            add_invoice(store, n, exceptions=("no_po",) if n % 2 else (),
                        received_at=datetime.now() - timedelta(days=n))
    finally:
        store.close()
    return str(home)


def test_report_is_one_page_holding_the_figures(tmp_path: Path, capsys) -> None:
    home = _workspace(tmp_path)
    out = tmp_path / "report.pdf"
    assert main(["--home", home, "metrics", "report", "--out", str(out)]) == 0
    pdf = pypdfium2.PdfDocument(out)
    try:
        assert len(pdf) == 1
        text = pdf[0].get_textpage().get_text_range()
    finally:
        pdf.close()
    assert "5 invoices" in text and "Exception rate" in text and "60%" in text  # 3 of 5 flagged
    assert "no po" in text  # the most frequent exception is named among the things to look at


def test_export_writes_the_figures_as_csv(tmp_path: Path) -> None:
    home = _workspace(tmp_path)
    out = tmp_path / "figures.csv"
    assert main(["--home", home, "metrics", "export", "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = {r[0]: r[1] for r in csv.reader(handle) if len(r) >= 2}
    assert rows["invoices_received"] == "5" and rows["exception_rate"] == "0.6"
    assert rows["exceptions_by_kind.no_po"] == "3"


def test_report_to_a_folder_that_does_not_exist_is_a_sentence(tmp_path: Path, capsys) -> None:
    home = _workspace(tmp_path)
    assert main(["--home", home, "metrics", "report", "--out", str(tmp_path / "no" / "r.pdf")]) == 1
    assert "Could not write" in capsys.readouterr().err


def test_processes_are_ranked_with_invoice_processing_measured(tmp_path: Path, capsys) -> None:
    home = _workspace(tmp_path)
    assert main(["--home", home, "processes", "add", "Expense claims", "--volume", "40", "--minutes", "12",
                 "--error-cost", "3", "--ease", "4", "--pain", "5"]) == 0
    assert main(["--home", home, "processes", "add", "Filing", "--volume", "5", "--minutes", "1",
                 "--error-cost", "1", "--ease", "2", "--pain", "1"]) == 0
    capsys.readouterr()
    assert main(["--home", home, "processes", "rank", "--json"]) == 0
    ranked = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Invoice processing (5 a month, 8 min: 1 + 3 + 4 + 5 + 4) ties with expense claims at 17; claims
    # cost more hours a month, so they rank first.
    assert [r["name"] for r in ranked] == ["Expense claims", "Invoice processing", "Filing"]
    invoices = ranked[1]
    assert invoices["measured"] and invoices["volume_per_month"] == 5.0 and invoices["total"] == 17
    assert ranked[1]["total"] == 17 and ranked[2]["total"] == 1 + 1 + 1 + 2 + 1


def test_a_bad_score_exits_2_with_a_sentence(tmp_path: Path, capsys) -> None:
    home = _workspace(tmp_path)
    try:
        main(["--home", home, "processes", "add", "X", "--volume", "1", "--minutes", "1",
              "--error-cost", "7", "--ease", "1", "--pain", "1"])
    except SystemExit as exc:
        assert exc.code == 2
    assert "from 1 (low) to 5 (high)" in capsys.readouterr().err
