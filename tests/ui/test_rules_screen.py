"""Settings › Rules: fields from the schema, checked as typed, and the preview of re-routed invoices."""

from __future__ import annotations

from decimal import Decimal

from bodesk.core.people import Role
from bodesk.store import audit, people
from bodesk.store.authority import reroutes
from bodesk.store.decide import recheck
from bodesk.store.settings import change
from bodesk.store.vendors import save_vendor
from bodesk.ui.context import AppContext
from bodesk.ui.people.rules import RulesDialog


def _routed(ctx: AppContext, make_invoice, vendor: str, total: str, approver: str = "") -> int:  # type: ignore[no-untyped-def]
    save_vendor(ctx.store, None, {"name": vendor, "default_approver": approver}, actor="Founder")
    invoice_id = make_invoice(status="extracted", vendor_name=vendor, total=Decimal(total))
    recheck(ctx.store, [invoice_id])
    return invoice_id


def test_preview_lists_exactly_the_invoices_whose_route_changes(qtbot, ctx: AppContext, make_invoice) -> None:  # type: ignore[no-untyped-def]
    people.add(ctx.store, "Ben", [Role.APPROVER], limit=Decimal("5000"), actor="Founder")
    people.change(ctx.store, "Maria", limit=Decimal("1000"), actor="Founder")
    change(ctx.store, {"rules.po_required": False}, by="Founder")
    small = _routed(ctx, make_invoice, "Small Ltd", "400.00")  # Maria's, stays hers
    middle = _routed(ctx, make_invoice, "Middle Ltd", "2000.00")  # over Maria's limit: Founder
    big = _routed(ctx, make_invoice, "Big Ltd", "3000.00")  # over the founder's limit: Founder
    bens = _routed(ctx, make_invoice, "Ben's Ltd", "800.00", approver="Ben")  # Ben's own vendor
    dialog = RulesDialog(ctx)
    qtbot.addWidget(dialog)

    # Typing checks each field; a wrong value is a sentence beside it, and nothing is saved.
    dialog.fields["rules.founder_limit"].setText("lots")
    dialog.fields["rules.founder_limit"].textEdited.emit("lots")
    assert not dialog.errors["rules.founder_limit"].isHidden() and dialog.errors["rules.founder_limit"].text()
    assert dialog.preview() is None and "cannot be saved as typed" in dialog.summary.text()

    # The founder's limit goes up to 5,000 and the default approver becomes Ben.
    dialog.fields["rules.founder_limit"].setText("5000")
    dialog.fields["rules.default_approver"].setText("Ben")
    dialog.fields["rules.default_approver"].textEdited.emit("Ben")
    moved = dialog.preview()
    assert moved is not None
    assert {(r.invoice_id, r.before, r.after) for r in moved} == {
        (small, "Maria", "Ben"), (middle, "Founder", "Ben"), (big, "Founder", "Ben")}
    assert bens not in {r.invoice_id for r in moved}
    assert dialog.summary.text() == "2 changes. These 3 waiting invoices would now be routed differently:"
    assert dialog.preview_list.rowCount() == 3 and dialog.preview_list.item(0, 3).text().endswith("(was Maria)")

    with qtbot.waitSignal(dialog.accepted):
        dialog.save()  # the list was shown: saving applies it
    assert ctx.settings["rules.default_approver"] == "Ben" and ctx.settings["rules.founder_limit"] == Decimal("5000.00")
    assert reroutes(ctx.store, ctx.settings) == []
    with ctx.store.session() as session:
        entries = [(e.actor, e.field, e.old_value, e.new_value) for e in audit.history(session, "setting", 0)]
        from bodesk.store.schema import Invoice

        assert session.get(Invoice, big).approver == "Ben"
    assert ("Maria", "rules.founder_limit", "2500.00", "5000.00") in entries


def test_rates_are_a_table_and_a_stale_or_zero_rate_is_caught(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    change(ctx.store, {"rates.USD": "0.92 2026-01-02", "rates.GBP": "1.17"}, by="Founder")
    dialog = RulesDialog(ctx)
    qtbot.addWidget(dialog)
    rates = dialog.tables["rates.*"]
    notes = {rates.item(r, 0).text(): rates.item(r, 2).text() for r in range(rates.rowCount())}
    assert notes["USD"].startswith("⚠ set 2026-01-02: older than 30 days") and "older" not in notes["GBP"]
    rates.add_row("IDR", "0")
    assert dialog.preview() is None and "an exchange rate must be more than 0" in dialog.summary.text()
    assert ctx.settings.get("rates.IDR") is None
