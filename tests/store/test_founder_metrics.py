"""Every figure of the Metrics tab against values worked out by hand for a seeded workspace:
corrections, exceptions of several kinds, approvals and payments at known times."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from bodesk.settings import Settings
from bodesk.store import Store, audit
from bodesk.store.metrics import gather_facts
from bodesk.store.reporting import founder_figures
from bodesk.store.schema import ExceptionItem

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
SETTINGS = Settings({"metrics.minutes_per_manual_invoice": 10, "metrics.hourly_cost": 30, "metrics.minutes_per_touch": 6,
                     "metrics.monthly_cost": Decimal("100"), "office.name": "Test office"})


def _at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 3, day, hour)


def _log(store: Store, invoice: int, action: str, at: datetime, actor: str = "bodesk", field: str | None = None) -> None:
    with store.session() as session:
        audit.record(session, actor=actor, action=action, entity="invoice", entity_id=invoice, field=field, at=at)


def _pay(store: Store, invoice: int, discount: Decimal) -> None:
    from bodesk.store.schema_payments import PaymentBatch, PaymentItem, PaymentTransfer

    with store.session() as session:
        batch = PaymentBatch(created_at=_at(9), created_by="Olga", horizon=date(2026, 3, 31), file_format="sepa")
        session.add(batch)
        session.flush()
        transfer = PaymentTransfer(batch_id=batch.id, vendor_name="V", iban="DE89370400440532013000", currency="EUR",
                                   amount=Decimal("100"), pay_on=_at(9).date(), end_to_end_id=f"E2E-{invoice}",
                                   remittance="INV", status="paid", paid_amount=Decimal("100"))
        session.add(transfer)
        session.flush()
        session.add(PaymentItem(transfer_id=transfer.id, invoice_id=invoice, amount=Decimal("100"), discount=discount))


@pytest.fixture
def seeded(store: Store, make_invoice) -> Store:
    a = make_invoice(received_at=_at(2), status="paid", due_date=date(2026, 3, 12), paid_on=date(2026, 3, 10))
    _log(store, a, "approved", _at(2, 19))  # 10 h, by bodesk
    _pay(store, a, Decimal("2.50"))  # paid within its discount window
    b = make_invoice(received_at=_at(3), status="paid", due_date=date(2026, 3, 15), paid_on=date(2026, 3, 20))
    _log(store, b, "approved", _at(4), actor="Sam")  # 24 h; a person's decision is not an intervention
    _pay(store, b, Decimal(0))  # 5 days late
    c = make_invoice(received_at=_at(4), status="approved")
    for name in ("invoice_number", "total"):
        _log(store, c, "corrected", _at(5), actor="Maria", field=name)
    _log(store, c, "approved", _at(6))  # 48 h
    d = make_invoice(received_at=_at(5), status="approved", exceptions=("no_po", "price_variance"))
    with store.session() as session:
        item = session.query(ExceptionItem).filter_by(invoice_id=d, kind="price_variance").one()
        item.status, item.action, item.resolved_by = "resolved", "accept", "Maria"
    _log(store, d, "approved", _at(9))  # 96 h
    make_invoice(received_at=_at(6), status="needs_review", exceptions=("duplicate",))
    make_invoice(received_at=_at(7), status="received")  # not read yet
    g = make_invoice(received_at=_at(8), status="extracted")
    for name in ("vendor_name", "invoice_number", "invoice_date"):
        _log(store, g, "corrected", _at(8, 12), actor="Maria", field=name)  # three key fields re-typed
    h = make_invoice(received_at=datetime(2026, 2, 1, 9), status="approved", exceptions=("no_po",))
    _log(store, h, "approved", datetime(2026, 2, 2, 9))
    return store


def test_every_figure_matches_the_hand_count(seeded: Store) -> None:
    r = founder_figures(seeded, *MARCH, settings=SETTINGS).to_json()
    assert r["invoices_received"] == 7 and r["invoices_read"] == 6
    assert r["invoices_by_source"] == {"cli": 7}
    assert r["touchless"] == 2 and r["touchless_rate"] == round(2 / 6, 4)
    assert r["exception_rate"] == round(2 / 6, 4)
    assert r["exceptions_by_kind"] == {"no_po": 1, "price_variance": 1, "duplicate": 1}
    assert r["manual_intervention_rate"] == round(4 / 6, 4)  # C and G corrected, D and E flagged
    assert r["rework_rate"] == round(2 / 6, 4)
    assert r["corrected_fields"] == {"invoice_number": 2, "total": 1, "vendor_name": 1, "invoice_date": 1}
    # Received → approved: 10, 24, 48, 96 h; median (24 + 48) / 2; 90th percentile 48 + 0.7 × 48.
    assert (r["approved"], r["median_cycle_hours"], r["p90_cycle_hours"]) == (4, 36.0, 81.6)
    # Received → paid: 183 h and 399 h.
    assert (r["paid"], r["median_cycle_to_paid_hours"], r["p90_cycle_to_paid_hours"]) == (2, 291.0, 377.4)
    assert (r["paid_on_time_rate"], r["late_payment_days"]) == (0.5, 5)
    assert r["discounts_captured"] == "2.50"
    # Saved: 2 touchless × 10 min = 20 min = 10.00 at 30 an hour; 4 touched × 6 min = 0.4 h of office time.
    assert (r["hours_saved"], r["money_saved"]) == (0.33, "10.00")
    assert (r["office_hours"], r["invoices_per_office_hour"]) == (0.4, 15.0)
    assert r["fte_saved"] == round((20 / 60) / (40 * 31 / 7), 3)
    # bodesk's cost: 100 a month × 31 / 30.4375 days = 101.85; per invoice (101.85 + 0.4 h × 30) / 6.
    assert r["running_cost"] == "101.85" and r["cost_per_invoice"] == "18.98"
    assert r["roi"] == round((10 - 101.85) / 101.85, 4)
    assert (r["overrides"], r["retyped_invoices"]) == (1, 1)


def test_trend_and_first_month(seeded: Store) -> None:
    r = founder_figures(seeded, *MARCH, settings=SETTINGS).to_json()
    weeks = {p["start"]: p for p in r["trend"]}
    assert list(weeks) == ["2026-02-23", "2026-03-02", "2026-03-09", "2026-03-16", "2026-03-23", "2026-03-30"]
    first = weeks["2026-03-02"]  # A–G were all received in the week of 2 March
    assert first["received"] == 7 and first["exception_rate"] == round(2 / 6, 4)
    assert weeks["2026-03-09"]["received"] == 0 and weeks["2026-03-09"]["touchless_rate"] is None
    # The first 30 days (1 Feb – 2 Mar): H (flagged) and A (touchless).
    moves = r["since_first_month"]
    assert moves["exception_rate"] == {"baseline": 0.5, "now": round(2 / 6, 4), "improved": True}
    assert moves["touchless_rate"] == {"baseline": 0.5, "now": round(2 / 6, 4), "improved": False}
    assert any("Touchless rate 50% → 33%" in line for line in r["look_at"])


def test_a_year_is_shown_month_by_month(seeded: Store) -> None:
    r = founder_figures(seeded, date(2026, 1, 1), date(2026, 12, 31), settings=SETTINGS).to_json()
    assert [p["start"] for p in r["trend"]][:3] == ["2026-01-01", "2026-02-01", "2026-03-01"]
    assert len(r["trend"]) == 12 and r["trend"][2]["received"] == 7


def test_no_roi_without_a_cost(seeded: Store) -> None:
    free = SETTINGS.replace({"metrics.monthly_cost": Decimal(0)})
    r = founder_figures(seeded, *MARCH, settings=free).to_json()
    assert r["roi"] is None and r["cost_per_invoice"] == "2.00"  # only the office's time: 0.4 h × 30 / 6
    assert any("monthly cost" in line for line in r["look_at"]) or len(r["look_at"]) == 3


def test_facts_of_an_unread_invoice_stay_out_of_the_rates(seeded: Store) -> None:
    facts = {f.status: f for f in gather_facts(seeded, *MARCH)}
    assert not facts["received"].read and facts["paid"].paid_at == date(2026, 3, 20)
    assert facts["paid"].days_late == 5 and facts["paid"].cycle_to_paid == timedelta(hours=399)
