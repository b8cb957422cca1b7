"""CSV imports: any common encoding, bad rows reported by number with the rest imported, IBANs checked,
one trusted account per vendor and file, and large files saved in batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bodesk.cli import main
from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.schema import PurchaseOrderLine, Vendor, VendorIban
from tests.hardening.conftest import assert_sound

ROWS = ("name,tax_id,iban,payment_terms_days\n"
        "Müller Bürobedarf GmbH,DE123,DE89 3704 0044 0532 0130 00,30\n"
        "Café Crème SARL,,,14\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])
def test_vendors_in_any_common_encoding(encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vendors.csv"
    path.write_bytes(ROWS.encode(encoding))
    home = str(tmp_path / "ws")
    assert main(["--home", home, "vendors", "import", str(path), "--json"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["key"] for r in out] == ["Müller Bürobedarf GmbH", "Café Crème SARL"]


def test_bad_rows_are_reported_by_number_and_the_rest_imported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vendors.csv"
    path.write_text("name,iban,payment_terms_days\n"
                    "Good One,,30\n"
                    "Superscript,,³⁰\n"
                    "Huge Terms,,12345678901234567890123\n"
                    "Bad Checksum,DE89370400440532013001,\n"
                    "Nowhere,XX89370400440532013000,\n"
                    "Acme,GB33BUKB20201555555555,\n"
                    "Acme,DE89370400440532013000,\n"
                    "Acme,FR1420041010050500013M02606,\n"
                    "Good Two,,\n", encoding="utf-8")
    home = str(tmp_path / "ws")
    assert main(["--home", home, "vendors", "import", str(path), "--json"]) == 1
    out = {r["row"]: r for r in (json.loads(line) for line in capsys.readouterr().out.splitlines())}
    assert [n for n, r in out.items() if r["status"] != "error"] == [2, 7, 10]
    for row in (3, 4, 5, 6, 8, 9):
        assert out[row]["errors"] and out[row]["errors"][0].startswith(f"Row {row}"), out[row]
    assert "check digit" in out[5]["errors"][0] and "country code" in out[6]["errors"][0]
    assert "another IBAN in row 7" in out[8]["errors"][0]
    workspace = Workspace.at(home)
    store = open_store(workspace)
    try:
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(Vendor)) == 3
            trusted = list(session.scalars(select(VendorIban.iban).where(VendorIban.trusted_since.is_not(None))))
        assert trusted == ["GB33BUKB20201555555555"], "one account per vendor from one file, and only a valid one"
    finally:
        store.close()
    assert_sound(workspace, files=False)


def test_one_bad_order_row_does_not_roll_back_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    home = str(tmp_path / "ws")
    vendors = tmp_path / "v.csv"
    vendors.write_text("name\nAcme Ltd\n", encoding="utf-8")
    assert main(["--home", home, "vendors", "import", str(vendors)]) == 0
    orders = tmp_path / "po.csv"
    orders.write_text("po_number,vendor_name,line_no,description,quantity,unit_price,currency\n"
                      "PO-1,Acme Ltd,1,Toner,4,59.90,EUR\n"
                      "PO-1,Acme Ltd,2,Paper,1e30,1,EUR\n"
                      "PO-1,Acme Ltd,³,Pens,1,1,EUR\n"
                      "PO-2,Acme Ltd,1,Chairs,2,120.00,EUR\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["--home", home, "po", "import", str(orders), "--json"]) == 1
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert "unexpected" not in captured.err
    assert [r["status"] for r in out] == ["created", "error", "error", "created"]
    assert "too large" in out[1]["errors"][0] and "whole number" in out[2]["errors"][0]
    workspace = Workspace.at(home)
    store = open_store(workspace)
    try:
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(PurchaseOrderLine)) == 2
    finally:
        store.close()
    assert_sound(workspace, files=False)


def test_a_large_vendor_file_is_saved_in_batches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vendors.csv"
    path.write_text("name,payment_terms_days\n" + "".join(f"Vendor {i:05d},30\n" for i in range(1200)), encoding="utf-8")
    home = str(tmp_path / "ws")
    assert main(["--home", home, "vendors", "import", str(path)]) == 0
    store = open_store(Workspace.at(home))
    try:
        with store.session() as session:
            assert session.scalar(select(func.count()).select_from(Vendor)) == 1200
    finally:
        store.close()


def test_a_binary_file_is_a_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "vendors.csv"
    path.write_bytes(b"\x00\x81\x8d\x8f\x90\x9d" * 100)
    assert main(["--home", str(tmp_path / "ws"), "vendors", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "CSV UTF-8" in err or "lacks the column" in err, err
    assert "unexpected" not in err
