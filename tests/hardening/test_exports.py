"""The audit export: outsiders' text never runs as a formula, and a full disk is a sentence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bodesk.cli import main
from bodesk.paths import Workspace
from bodesk.store import open_store
from tests.store.conftest import add_invoice


def test_audit_export_neutralises_formulas_and_keeps_amounts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "ws"
    store = open_store(Workspace.at(home).ensure())
    invoice = add_invoice(store, 1, status="matched", vendor_name='=HYPERLINK("http://evil","x")')
    store.close()
    # People's names come from outside too: a person named like a formula.
    assert main(["--home", str(home), "users", "add", "@Founder", "--role", "founder", "--by", "Founder"]) == 0
    assert main(["--home", str(home), "users", "add", "=cmd|' /C calc'!A0", "--role", "office_manager",
                 "--by", "Founder"]) == 0
    assert main(["--home", str(home), "approve", str(invoice), "--by", "@Founder", "--note", "+1+1"]) == 0
    assert main(["--home", str(home), "invoices", "correct", str(invoice), "--field", "total", "--value", "-12.50",
                 "--by", "=cmd|' /C calc'!A0"]) == 0
    out = tmp_path / "audit.csv"
    assert main(["--home", str(home), "audit", "export", "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [c for row in csv.reader(handle) for c in row]
    assert cells, "the export is empty"
    assert [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not _number(c))] == []
    assert "'@Founder" in cells and "'+1+1" in cells
    assert "-12.50" in cells or "-12.5" in cells  # the corrected total is still a plain number


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_audit_export_to_a_full_disk_is_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "ws"
    store = open_store(Workspace.at(home).ensure())
    add_invoice(store, 1, status="matched")
    store.close()
    # People's names come from outside too: a person named like a formula.
    assert main(["--home", str(home), "users", "add", "@Founder", "--role", "founder", "--by", "Founder"]) == 0
    assert main(["--home", str(home), "users", "add", "=cmd|' /C calc'!A0", "--role", "office_manager",
                 "--by", "Founder"]) == 0
    assert main(["--home", str(home), "approve", "1", "--by", "Founder"]) == 0
    capsys.readouterr()
    assert main(["--home", str(home), "audit", "export", "--out", "/dev/full"]) == 1
    err = capsys.readouterr().err
    assert "disk is full" in err and "unexpected" not in err
