"""The Approvals tab by person: what waits for the signed-in person first, the rest read-only, refusals in words."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import Qt

from bodesk.core.people import Role
from bodesk.store import people
from bodesk.store.decide import recheck
from bodesk.store.settings import change
from bodesk.store.vendors import save_vendor
from bodesk.ui.approvals import ApprovalsView
from bodesk.ui.context import AppContext
from tests.ui.conftest import settled


def _routed(ctx: AppContext, make_invoice, vendor: str, total: str, approver: str) -> int:  # type: ignore[no-untyped-def]
    save_vendor(ctx.store, None, {"name": vendor, "default_approver": approver}, actor="Founder")
    invoice_id = make_invoice(status="extracted", vendor_name=vendor, total=Decimal(total))
    recheck(ctx.store, [invoice_id])
    return invoice_id


def test_mine_first_the_rest_read_only_and_a_refusal_in_words(qtbot, ctx: AppContext, make_invoice) -> None:  # type: ignore[no-untyped-def]
    people.add(ctx.store, "Ben", [Role.APPROVER], limit=Decimal("300"), actor="Founder")
    people.change(ctx.store, "Maria", limit=Decimal("1000"), actor="Founder")
    change(ctx.store, {"rules.po_required": False}, by="Founder")
    bens = _routed(ctx, make_invoice, "Bürobedarf Ben", "120.00", "Ben")
    marias = _routed(ctx, make_invoice, "Acme Maria", "240.00", "Maria")
    view = ApprovalsView(ctx)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    assert view.current_id == marias and view.whose.text() == "Waits for you · 1 of 2 for you"
    assert view.approve_button.isEnabled()
    view.skip()
    assert view.current_id == bens and view.whose.text().startswith("Waits for Ben: shown read-only")
    assert not view.approve_button.isEnabled() and not view.reject_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_A)  # read-only: nothing happens
    settled(qtbot, ctx)
    assert view.current_id == bens

    # Ben goes away with Maria standing in: his invoice is hers to decide now.
    people.set_away(ctx.store, "Ben", date.today() + timedelta(days=2), "Maria", actor="Founder")
    view.refresh()
    assert view.whose.text().startswith("Waits for Ben; you stand in") and view.approve_button.isEnabled()

    # Her limit is lowered after routing: approving is refused with the rule's sentence, not a crash.
    view.skip()
    assert view.current_id == marias
    people.change(ctx.store, "Maria", limit=Decimal("200"), actor="Founder")
    view.approve_current()
    settled(qtbot, ctx)
    assert view.refusal.isVisibleTo(view)
    assert view.refusal.text() == f"Maria's limit is 200.00 EUR; invoice {marias} is 240.00 EUR and goes to Founder."
