"""The demo workspace: every tab has something to show, built through the real pipeline."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import func, select

from bodesk.demo.workspace import build_demo, is_populated
from bodesk.store import Store, approvals, exceptions, onboarding
from bodesk.store.invoices import invoice_records
from bodesk.store.metrics import gather_facts
from bodesk.store.payments import make_proposal, office_from
from bodesk.store.schema import InvoiceStatus, PurchaseOrder, Vendor


def test_demo_fills_every_tab(store: Store) -> None:
    assert not is_populated(store)
    summary = build_demo(store)
    assert is_populated(store)
    records = invoice_records(store)
    assert len(records) == len(summary.records) >= 15
    methods = Counter(r["method"] for r in records)
    assert methods["text"] >= 12 and methods["ocr"] >= 3
    kinds = {e.kind for e in exceptions.list_exceptions(store)}
    assert {"unknown_vendor", "bank_details_changed", "duplicate"} <= kinds
    statuses = Counter(r["status"] for r in records)
    assert statuses[InvoiceStatus.APPROVED] >= 3, "some history for the metrics"
    assert approvals.waiting_count(store) >= 1, "something for the founder to approve"
    assert onboarding.hires(store), "a new hire with a checklist"
    assert len(gather_facts(store)) == len(records)
    with store.session() as session:
        assert session.scalar(select(func.count(Vendor.id))) >= 6
        assert session.scalar(select(func.count(PurchaseOrder.id))) >= 8
    proposal = make_proposal(store, date.today() + timedelta(days=60))
    assert proposal.transfers, "something for the Payables tab to pay"
    assert office_from(store.settings).check() is None, "the demo office can write a bank file"


def test_a_stranger_is_not_taken_for_a_known_vendor(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import random

    from bodesk.core.extraction import KnownVendor, extract
    from bodesk.demo.invoices import DEMO_VENDORS, make_invoice, make_vendor, render_pdf

    rng = random.Random(4)
    known = [KnownVendor(v.name, tax_id=v.tax_id, iban=v.iban) for v in DEMO_VENDORS]
    for i in range(12):
        inv = make_invoice(rng, vendor=make_vendor(rng, "en_GB"), layout="classic")
        result = extract(render_pdf(inv, tmp_path / f"{i}.pdf"), known_vendors=known)
        assert result.vendor_name == inv.truth.vendor_name
