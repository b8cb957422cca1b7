"""The payment proposal on a real workspace: discounts, credit notes, a changed IBAN, two currencies."""

from __future__ import annotations

import json
from decimal import Decimal

from bodesk.cli import main
from bodesk.core.payables import bucket
from bodesk.store import Store
from bodesk.store.payments import glance, make_proposal
from tests.payments.scenario import HORIZON, TODAY, Scenario


def _by_id(proposal):  # type: ignore[no-untyped-def]
    return {line.payable.invoice_id: line for line in proposal.lines}


def test_proposal_pays_exactly_what_it_should(store: Store, scenario: Scenario) -> None:
    proposal = make_proposal(store, HORIZON, today=TODAY, file_format="sepa")
    lines = _by_id(proposal)
    paid = {i: (str(l.amount), str(l.discount), l.pay_on.isoformat()) for i, l in lines.items() if l.paid}
    assert paid == {
        # 2 % Skonto until Saturday 5 December: paid on Friday the 4th, the last banking day that keeps it.
        scenario["skonto"]: ("980.00", "20.00", "2026-12-04"),
        scenario["plain"]: ("500.00", "0.00", "2026-12-04"),  # pulled forward to net the credit note
        scenario["credit"]: ("-150.00", "0.00", "2026-12-04"),
        scenario["overdue"]: ("800.00", "0.00", "2026-12-01"),  # overdue: today
    }
    assert [(t.vendor_name, str(t.amount), t.pay_on.isoformat()) for t in proposal.transfers] == [
        ("Nordlicht Energie AG", "800.00", "2026-12-01"),
        ("Müller Bürobedarf GmbH", "1330.00", "2026-12-04"),
    ]
    assert {(c, d.isoformat()): str(v) for (c, d), v in proposal.totals().items()} == {
        ("EUR", "2026-12-01"): "800.00", ("EUR", "2026-12-04"): "1330.00"}
    assert proposal.savings() == {"EUR": Decimal("20.00")}
    blocked = {i: l.blocked for i, l in lines.items() if l.blocked}
    assert set(blocked) == {scenario[k] for k in ("gbp", "changed", "untrusted", "small", "big_credit", "bad_iban")}
    assert "only EUR" in blocked[scenario["gbp"]]
    assert "after the invoice was approved" in blocked[scenario["changed"]]
    assert "not trusted" in blocked[scenario["untrusted"]]
    assert "exceed its invoices by 150.00 EUR" in blocked[scenario["small"]]
    assert "wrong check digit" in blocked[scenario["bad_iban"]]
    assert scenario["later"] not in lines and scenario["waiting"] not in lines


def test_a_csv_file_carries_the_second_currency(store: Store, scenario: Scenario) -> None:
    proposal = make_proposal(store, HORIZON, today=TODAY, file_format="csv")
    gbp = _by_id(proposal)[scenario["gbp"]]
    assert gbp.paid and str(gbp.amount) == "120.00"
    assert {(c, d.isoformat()): str(v) for (c, d), v in proposal.totals().items()} == {
        ("EUR", "2026-12-01"): "800.00", ("GBP", "2026-12-03"): "120.00", ("EUR", "2026-12-04"): "1330.00"}


def test_unticking_and_moving_change_the_transfers(store: Store, scenario: Scenario) -> None:
    late = HORIZON
    proposal = make_proposal(store, HORIZON, today=TODAY, excluded=frozenset({scenario["credit"]}),
                             pay_on={scenario["skonto"]: late})
    lines = _by_id(proposal)
    assert not lines[scenario["credit"]].paid and lines[scenario["credit"]].blocked is None
    moved = lines[scenario["skonto"]]
    assert moved.pay_on == late and moved.discount == 0 and str(moved.amount) == "1000.00"  # too late for Skonto
    assert str(lines[scenario["plain"]].amount) == "500.00" and lines[scenario["plain"]].pay_on.isoformat() == "2026-12-10"


def test_propose_command_prints_the_contract_records(store: Store, scenario: Scenario, capsys) -> None:  # type: ignore[no-untyped-def]
    home = str(store.workspace.root)
    rc = main(["--home", home, "payments", "propose", "--date", HORIZON.isoformat(), "--today", TODAY.isoformat(),
               "--json", "--summary"])
    assert rc == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    summary = records.pop()["summary"]
    keys = {"invoice_id", "vendor_name", "iban", "currency", "amount", "discount", "due_date", "pay_on", "kind", "blocked"}
    assert all(keys <= set(r) for r in records)
    credit = next(r for r in records if r["invoice_id"] == scenario["credit"])
    assert credit["kind"] == "credit_note" and credit["amount"] == "-150.00"
    assert summary["overdue"] == {"EUR": "800.00"} and summary["overdue_count"] == 1
    assert summary["discounts_expiring"][0]["discount"] == "20.00"
    assert summary["aging"]["1-30"] == {"EUR": "800.00"}


def test_credit_notes_are_never_overdue_and_aging_buckets() -> None:
    from datetime import date, timedelta

    from bodesk.core.checks import overdue_findings
    from bodesk.core.records import ExtractionResult

    credit = ExtractionResult(source="cn.pdf", total=Decimal("-50.00"), due_date=date(2020, 1, 1))
    assert overdue_findings(credit, None, date(2026, 12, 1)) == []
    today = date(2026, 12, 1)
    assert [bucket(today - timedelta(days=d), today) for d in (0, 1, 30, 31, 61, 91)] == [
        "current", "1-30", "1-30", "31-60", "61-90", "90+"]


def test_glance_spend_by_vendor(store: Store, scenario: Scenario) -> None:
    view = glance(store, TODAY)
    spend = {(v, c): a for v, c, a in view.spend_by_vendor}
    assert spend[("Müller Bürobedarf GmbH", "EUR")] == Decimal("1425.00")  # 1000 + 500 − 150 + 75 (approved)
    # Tuesday 1 December: this week runs to Sunday the 6th.
    # EUR 90 (Dec 2) + 200 (Dec 4) + 100 (Dec 5); GBP 120 (Dec 3); next week 300 (Dec 8) + 500 (Dec 10).
    assert view.due_this_week == {"EUR": Decimal("390.00"), "GBP": Decimal("120.00")}
    assert view.due_next_week == {"EUR": Decimal("800.00")}


def test_moving_one_item_of_a_netted_transfer_moves_the_transfer(store: Store, scenario: Scenario) -> None:
    from datetime import date

    proposal = make_proposal(store, HORIZON, today=TODAY, pay_on={scenario["plain"]: date(2026, 12, 9)})
    lines = _by_id(proposal)
    assert {lines[scenario[k]].pay_on for k in ("skonto", "plain", "credit")} == {date(2026, 12, 9)}
    assert lines[scenario["skonto"]].discount == 0  # the Skonto's last day (Dec 5) has passed by then
    (mueller,) = [t for t in proposal.transfers if t.vendor_name.startswith("Müller")]
    assert str(mueller.amount) == "1350.00"
