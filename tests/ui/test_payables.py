"""The Payables tab on a workspace with the payables scenario: the proposal shown, ticked, moved, confirmed;
a bank statement imported from the window."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from sqlalchemy import select

from bodesk.store import Store
from bodesk.store.schema import Invoice
from bodesk.ui.context import AppContext
from bodesk.ui.payables import PayablesView
from tests.payments.bankdata import Booking, camt053
from tests.payments.scenario import build, set_office

TODAY = date(2026, 12, 1)


@pytest.fixture
def view(qtbot, ctx: AppContext, store: Store, monkeypatch: pytest.MonkeyPatch) -> PayablesView:  # type: ignore[no-untyped-def]
    import bodesk.store.payments as payments

    # The tab, like the scenario, sees the scenario's today, whatever day the tests run.
    proposal, overview = payments.make_proposal, payments.glance
    monkeypatch.setattr("bodesk.ui.payables.make_proposal",
                        lambda *a, **kw: proposal(*a, **{**kw, "today": TODAY}))
    monkeypatch.setattr("bodesk.ui.payables.glance", lambda *a, **kw: overview(*a, **{**kw, "today": TODAY}))
    set_office(store)
    scenario = build(store)
    widget = PayablesView(ctx)
    qtbot.addWidget(widget)
    widget.horizon.setDate(QDate(2026, 12, 14))
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.proposal is not None and not widget.loading, timeout=20_000)
    widget.scenario = scenario  # type: ignore[attr-defined]
    return widget


def _rows(view: PayablesView) -> dict[str, tuple[bool, str, str]]:
    model = view.model
    out = {}
    for row in range(model.rowCount()):
        line = model.lines[row]
        checked = model.data(model.index(row, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        out[line.payable.invoice_number] = (checked, model.data(model.index(row, 6)), model.data(model.index(row, 8)))
    return out


def test_the_tab_shows_the_proposal_with_what_is_held_back(view: PayablesView) -> None:
    rows = _rows(view)
    assert {n for n, (paid, _, _) in rows.items() if paid} == {"R-2026-118", "R-2026-102", "G-2026-007", "NE-55012"}
    assert "980" in rows["R-2026-118"][1] and "Discount until" in rows["R-2026-118"][2]
    assert "not trusted" in rows["2026-311"][2] and "approved again" in rows["F-7781"][2]
    assert "Pays 2 transfers" in view.totals.text() and "1,330.00" in view.totals.text()
    assert "6 items held back" in view.totals.text()
    assert "800.00" in view.glance_values["overdue"].text()


def test_unticking_a_credit_note_and_moving_a_day_change_the_totals(qtbot, view: PayablesView) -> None:  # type: ignore[no-untyped-def]
    model = view.model
    row = next(r for r, l in enumerate(model.lines) if l.payable.invoice_number == "G-2026-007")
    assert model.setData(model.index(row, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    # Without the credit note the 500.00 invoice waits for its own due date: three transfers.
    qtbot.waitUntil(lambda: not view.loading and "Pays 3 transfers" in view.totals.text(), timeout=20_000)
    assert "500.00" in view.totals.text() and not _rows(view)["G-2026-007"][0]
    view.set_pay_on([view.scenario["overdue"]], date(2026, 12, 9))  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not view.loading and any(
        l.payable.invoice_number == "NE-55012" and l.pay_on == date(2026, 12, 9) for l in view.model.lines), timeout=20_000)
    assert _rows(view)["NE-55012"][0] and not _rows(view)["G-2026-007"][0]  # the untick is kept


def test_confirm_writes_the_batch_and_a_statement_marks_it_paid(qtbot, view: PayablesView, store: Store,
                                                                 tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "batch.xml"
    view.confirm_batch(out)
    qtbot.waitUntil(lambda: out.exists() and not view.loading and view.batches.rowCount() == 1, timeout=20_000)
    assert not any(l.paid for l in view.model.lines)  # everything payable is scheduled now
    with store.session() as session:
        statuses = dict(session.execute(select(Invoice.id, Invoice.status)).all())
    assert statuses[view.scenario["overdue"]] == "scheduled"  # type: ignore[attr-defined]
    statement = tmp_path / "statement.xml"
    statement.write_bytes(camt053([Booking(Decimal("-800.00"), end_to_end_id=f"BODESK-{view.scenario['overdue']}"),  # type: ignore[attr-defined]
                                   Booking(Decimal("-45.90"), iban="DE44500105175407324931", name="Stadtwerke")]))
    view.import_statement(statement)
    qtbot.waitUntil(lambda: hasattr(view, "last_statement"), timeout=20_000)
    with store.session() as session:
        assert session.scalar(select(Invoice.status).where(Invoice.id == view.scenario["overdue"])) == "paid"  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.batches.item(0, 4).text() == "partly paid", timeout=20_000)
    assert view.open_lines.rowCount() == 1 and "Stadtwerke" in view.open_lines.item(0, 2).text()
    assert "No scheduled payment matches" in view.open_lines.item(0, 4).text()

