"""Bank statements: camt.053, MT940 and CSV mark exactly the paid invoices paid; twice changes nothing."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bodesk.cli import main
from bodesk.store import Store
from bodesk.store.schema import AuditEntry, Invoice
from bodesk.store.schema_payments import BankStatementLine, PaymentTransfer
from tests.payments.bankdata import Booking, camt053, csv_statement, mt940
from tests.payments.scenario import HORIZON, MUELLER_IBAN, NORDLICHT_IBAN, TODAY, Scenario

BOOKED = date(2026, 12, 5)


def _run(store: Store, *args: str) -> int:
    return main(["--home", str(store.workspace.root), *args])


@pytest.fixture
def batch(store: Store, scenario: Scenario, tmp_path: Path) -> Scenario:
    assert _run(store, "payments", "export", "--format", "sepa", "--out", str(tmp_path / "batch.xml"), "--date",
                HORIZON.isoformat(), "--today", TODAY.isoformat(), "--by", "Ana") == 0
    return scenario


def _bookings(scenario: Scenario) -> list[Booking]:
    return [
        Booking(Decimal("-1330.00"), end_to_end_id=f"BODESK-{scenario['skonto']}+2", iban=MUELLER_IBAN,
                name="Mueller Buerobedarf GmbH", remittance="R-2026-118, R-2026-102 less credit G-2026-007"),
        Booking(Decimal("-800.00"), iban=NORDLICHT_IBAN, name="Nordlicht Energie AG", remittance="NE-55012",
                booked=date(2026, 12, 2)),  # the bank dropped the EndToEndId: amount + IBAN + remittance
        Booking(Decimal("-45.90"), iban="DE44500105175407324931", name="Stadtwerke", remittance="Abschlag 12/2026"),
        Booking(Decimal("2500.00"), iban="DE12500105170648489890", name="Kunde AG", remittance="RE 2026-77"),
        Booking(Decimal("-800.00"), currency="USD", end_to_end_id=f"BODESK-{scenario['overdue']}"),
    ]


def _state(store: Store) -> tuple[dict[int, tuple[str, date | None]], int, int]:
    with store.session() as session:
        invoices = {i: (s, d) for i, s, d in session.execute(select(Invoice.id, Invoice.status, Invoice.paid_on))}
        audits = session.scalar(select(func.count(AuditEntry.id))) or 0
        lines = session.scalar(select(func.count(BankStatementLine.id))) or 0
    return invoices, audits, lines


def _import(store: Store, path: Path, capsys) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    capsys.readouterr()
    assert _run(store, "bank", "import", str(path), "--json", "--by", "Ana") == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_camt053_marks_exactly_the_paid_invoices_paid_and_twice_changes_nothing(
        store: Store, batch: Scenario, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "statement.xml"
    path.write_bytes(camt053(_bookings(batch)))
    records = _import(store, path, capsys)
    assert [(r["amount"], r["invoice_id"], r["matched_by"], r["outcome"]) for r in records] == [
        ("-1330.00", batch["skonto"], "end_to_end_id", "paid"),
        ("-800.00", batch["overdue"], "amount_iban_remittance", "paid"),
        ("-45.90", None, None, "unmatched"),
        ("2500.00", None, None, "not_a_payment"),
        ("-800.00", None, None, "unmatched"),
    ]
    assert "scheduled in EUR" in records[4]["note"]
    invoices, audits, lines = _state(store)
    paid = {i: d for i, (s, d) in invoices.items() if s == "paid"}
    assert paid == {batch["skonto"]: BOOKED, batch["plain"]: BOOKED, batch["credit"]: BOOKED,
                    batch["overdue"]: date(2026, 12, 2)}
    assert lines == 5

    capsys.readouterr()
    assert _run(store, "bank", "lines", "--open", "--json") == 0
    open_lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["amount"] for r in open_lines) == ["-45.90", "-800.00"]  # the unknown debit, the USD one

    again = _import(store, path, capsys)
    assert [r["new"] for r in again] == [False] * 5
    assert [(r["invoice_id"], r["outcome"]) for r in again] == [(r["invoice_id"], r["outcome"]) for r in records]
    assert _state(store) == (invoices, audits, lines)


def test_a_partial_payment_is_listed_and_the_rest_completes_it(store: Store, batch: Scenario, tmp_path: Path,
                                                               capsys) -> None:  # type: ignore[no-untyped-def]
    e2e = f"BODESK-{batch['skonto']}+2"
    first = tmp_path / "s1.xml"
    first.write_bytes(camt053([Booking(Decimal("-1000.00"), end_to_end_id=e2e)], statement_id="S1"))
    (record,) = _import(store, first, capsys)
    assert record["outcome"] == "partial" and "330.00 still open" in record["note"]
    invoices, _, _ = _state(store)
    assert invoices[batch["skonto"]][0] == "scheduled"
    second = tmp_path / "s2.xml"
    second.write_bytes(camt053([Booking(Decimal("-330.00"), booked=date(2026, 12, 7), end_to_end_id=e2e)], statement_id="S2"))
    (record,) = _import(store, second, capsys)
    assert record["outcome"] == "paid"
    invoices, _, _ = _state(store)
    assert invoices[batch["plain"]] == ("paid", date(2026, 12, 7))
    with store.session() as session:
        assert session.scalar(select(PaymentTransfer.paid_amount).where(PaymentTransfer.end_to_end_id == e2e)) == Decimal("1330.00")


@pytest.mark.parametrize("writer", [mt940, csv_statement], ids=["mt940", "csv"])
def test_mt940_and_csv_statements_reconcile_alike(store: Store, batch: Scenario, tmp_path: Path, capsys, writer) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "statement.txt"
    path.write_bytes(writer(_bookings(batch)[:3]))
    records = _import(store, path, capsys)
    assert [(r["amount"], r["invoice_id"], r["outcome"]) for r in records] == [
        ("-1330.00", batch["skonto"], "paid"), ("-800.00", batch["overdue"], "paid"), ("-45.90", None, "unmatched")]
    again = _import(store, path, capsys)
    assert not any(r["new"] for r in again)


HOSTILE = {
    "entity expansion": b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">
        <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&c;</Document>""",
    "external entity": b"""<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&x;</BkToCstmrStmt></Document>""",
    "not XML": b"<Document><BkToCstmrStmt><Stmt>",
    "other XML": b"<?xml version='1.0'?><Invoice xmlns='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'/>",
    "unknown format": b"%PDF-1.7 this is a PDF\n",
    "binary": b"\x00\x01\x02\x03garbage",
    "bad UTF-16": b"\xff\xfe\x00\xd8",
    "CSV without amounts": b"date;who\n01.12.2026;x\n",
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_bad_statements_are_a_sentence_and_record_nothing(store: Store, batch: Scenario, tmp_path: Path, capsys,
                                                          content: bytes) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "statement.dat"
    path.write_bytes(content)
    before = _state(store)
    capsys.readouterr()
    assert _run(store, "bank", "import", str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith("bodesk: ") and "Traceback" not in err and "root:" not in err
    assert _state(store) == before
