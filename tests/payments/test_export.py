"""Batches and bank files: pain.001 valid against the official schema, written once, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sepaxml
from lxml import etree
from sqlalchemy import func, select

from bodesk.cli import main
from bodesk.store import Store
from bodesk.store.schema import AuditEntry, Invoice
from bodesk.store.schema_payments import PaymentBatch
from tests.payments.scenario import HORIZON, MUELLER_IBAN, TODAY, Scenario, set_office

def _run(store: Store, *args: str) -> int:
    return main(["--home", str(store.workspace.root), *args])


def _export(store: Store, out: Path, fmt: str = "sepa", *extra: str) -> int:
    return _run(store, "payments", "export", "--format", fmt, "--out", str(out), "--date", HORIZON.isoformat(),
                "--today", TODAY.isoformat(), "--by", "Ana", *extra)


def _statuses(store: Store) -> dict[int, str]:
    with store.session() as session:
        return dict(session.execute(select(Invoice.id, Invoice.status)).all())


@pytest.mark.parametrize("version", ["pain.001.001.09", "pain.001.001.03"])
def test_sepa_file_is_valid_and_pays_the_proposal(store: Store, scenario: Scenario, tmp_path: Path, version: str) -> None:
    set_office(store, version=version)
    out = tmp_path / "batch.xml"
    assert _export(store, out) == 0
    doc = etree.parse(str(out))
    schema = etree.XMLSchema(etree.parse(str(Path(sepaxml.__file__).parent / "schemas" / f"{version}.xsd")))
    assert schema.validate(doc), schema.error_log
    ns = {"p": f"urn:iso:std:iso:20022:tech:xsd:{version}"}
    txs = doc.findall(".//p:CdtTrfTxInf", ns)
    got = sorted((tx.findtext("p:PmtId/p:EndToEndId", namespaces=ns), tx.findtext("p:Amt/p:InstdAmt", namespaces=ns),
                  tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=ns), tx.findtext("p:RmtInf/p:Ustrd", namespaces=ns))
                 for tx in txs)
    assert got == sorted([
        (f"BODESK-{scenario['overdue']}", "800.00", "DE75512108001245126199", "NE-55012"),
        (f"BODESK-{scenario['skonto']}+2", "1330.00", MUELLER_IBAN, "R-2026-118, R-2026-102 less credit G-2026-007"),
    ])
    assert doc.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=ns) == "2130.00"
    assert doc.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=ns) == "DE02120300000000202051"
    statuses = _statuses(store)
    scheduled = {i for i, s in statuses.items() if s == "scheduled"}
    assert scheduled == {scenario[k] for k in ("skonto", "plain", "credit", "overdue")}
    assert statuses[scenario["gbp"]] == "approved"


def test_the_file_is_written_once_and_again_only_on_purpose(store: Store, scenario: Scenario, tmp_path: Path,
                                                            capsys) -> None:  # type: ignore[no-untyped-def]
    assert _export(store, tmp_path / "a.xml") == 0
    assert _export(store, tmp_path / "b.xml") == 0  # nothing left to pay: no second batch
    assert "Nothing can be paid" in capsys.readouterr().out
    assert not (tmp_path / "b.xml").exists()
    with store.session() as session:
        batch_id = session.scalar(select(PaymentBatch.id))
        assert session.scalar(select(func.count(PaymentBatch.id))) == 1
    assert _run(store, "payments", "export", "--format", "sepa", "--out", str(tmp_path / "c.xml"), "--by", "Ana",
                "--batch", str(batch_id)) == 1
    assert not (tmp_path / "c.xml").exists()
    assert _run(store, "payments", "export", "--format", "sepa", "--out", str(tmp_path / "c.xml"), "--by", "Ana",
                "--batch", str(batch_id), "--again") == 0
    with store.session() as session:
        actions = [a for (a,) in session.execute(select(AuditEntry.action).where(AuditEntry.entity == "payment_batch")
                                                 .order_by(AuditEntry.id))]
    assert actions == ["confirmed", "exported", "re-exported"]
    capsys.readouterr()
    assert _run(store, "payments", "list", "--json") == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["created_by"] == "Ana" and record["written"] == 2 and record["totals"] == {"EUR": "2130.00"}
    assert sorted(i for t in record["transfers"] for i in t["invoice_ids"]) == sorted(
        scenario[k] for k in ("skonto", "plain", "credit", "overdue"))


def test_csv_bank_file_carries_both_currencies(store: Store, scenario: Scenario, tmp_path: Path) -> None:
    out = tmp_path / "batch.csv"
    assert _export(store, out, "csv") == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "execution_date,payee,iban,bic,amount,currency,remittance,end_to_end_id"
    assert sorted(r.split(",")[4] + " " + r.split(",")[5] for r in rows[1:]) == ["120.00 GBP", "1330.00 EUR", "800.00 EUR"]


def test_missing_office_iban_is_a_sentence_and_records_nothing(store: Store, scenario: Scenario, tmp_path: Path,
                                                               capsys) -> None:  # type: ignore[no-untyped-def]
    set_office(store, iban="")
    before = _statuses(store)
    assert _export(store, tmp_path / "x.xml") == 1
    assert "office.iban" in capsys.readouterr().err
    assert _statuses(store) == before and not (tmp_path / "x.xml").exists()
    with store.session() as session:
        assert session.scalar(select(func.count(PaymentBatch.id))) == 0


def test_unwritable_file_leaves_the_invoices_approved(store: Store, scenario: Scenario, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = _statuses(store)
    assert _export(store, tmp_path / "no-such-folder" / "x.xml") == 1
    assert "Could not write the bank file" in capsys.readouterr().err
    assert _statuses(store) == before


def test_only_the_office_manager_founder_or_admin_confirm_a_batch(store: Store, scenario: Scenario, tmp_path: Path,
                                                                  capsys) -> None:  # type: ignore[no-untyped-def]
    before = _statuses(store)
    assert _run(store, "payments", "export", "--format", "sepa", "--out", str(tmp_path / "x.xml"), "--date",
                HORIZON.isoformat(), "--today", TODAY.isoformat(), "--by", "Sam") == 1
    assert "Sam may not confirm payments" in capsys.readouterr().err
    assert _run(store, "payments", "export", "--format", "sepa", "--out", str(tmp_path / "x.xml"), "--by", "Nobody") == 1
    assert "not one of the office's people" in capsys.readouterr().err
    assert _statuses(store) == before and not (tmp_path / "x.xml").exists()
