"""The exception queue and the founder's approvals, driven from the keyboard: resolve (alone and in
bulk), assign, trust new bank details with two people, then approve with separation of duties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableWidgetItem
from sqlalchemy import select

from bodesk.core.people import Role
from bodesk.store import audit, people
from bodesk.store.decide import recheck
from bodesk.store.exceptions import list_exceptions
from bodesk.store.settings import change
from bodesk.store.schema import Invoice, Vendor, VendorIban
from bodesk.store.vendors import save_vendor
from bodesk.ui.approvals import ApprovalsView
from bodesk.ui.context import Changes
from bodesk.ui.exceptions import ExceptionsView
from tests.ui.conftest import add_invoice
from tests.ui.conftest import settled as _saved

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
OLD_IBAN, NEW_IBAN = "DE89370400440532013000", "DE02120300000000202051"


@pytest.fixture
def office(ctx):  # type: ignore[no-untyped-def]
    """Vendors 1–3 known (vendor 1 with a trusted account); no PO required, so checks are about the rest."""
    change(ctx.store, {"rules.po_required": False}, by="Maria")
    for n in (1, 2, 3):
        save_vendor(ctx.store, None, {"name": f"Vendor {n}"}, actor="Maria")
    with ctx.store.session() as session:
        vendor = session.scalar(select(Vendor).where(Vendor.name == "Vendor 1"))
        vendor.ibans.append(VendorIban(iban=OLD_IBAN, trusted_since=vendor.created_at))
    return ctx


def _status(ctx, invoice_id: int) -> str:  # type: ignore[no-untyped-def]
    with ctx.store.session() as session:
        return session.scalar(select(Invoice.status).where(Invoice.id == invoice_id))


def _shown(qtbot, view):  # type: ignore[no-untyped-def]
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()  # shortcuts fire only in the active window
    qtbot.waitUntil(view.isActiveWindow)
    return view


def test_bank_change_needs_two_people_and_the_truster_cannot_approve(qtbot, office, make_invoice, monkeypatch) -> None:
    ctx = office
    inv = make_invoice(status="extracted", iban=NEW_IBAN, pdf=True)
    recheck(ctx.store, [inv])
    assert [r.kind for r in list_exceptions(ctx.store)] == ["bank_details_changed"]

    view = _shown(qtbot, ExceptionsView(ctx))
    monkeypatch.setattr(view, "ask_resolution", lambda rows: ("trust_bank", "Called Vendor 1 on their known number"))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    _saved(qtbot, ctx)
    (row,) = list_exceptions(ctx.store)
    assert row.confirmed_by == "Maria" and "second person must confirm" in view.detail_history.text()

    refused: list[str] = []
    monkeypatch.setattr("bodesk.ui.exceptions.QMessageBox.warning", lambda _w, _t, text: refused.append(text))
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # Maria again: refused
    _saved(qtbot, ctx)
    assert len(list_exceptions(ctx.store)) == 1 and "a second person must confirm" in refused[0]

    people.add(ctx.store, "Tom", [Role.APPROVER], actor="Founder")
    ctx.sign_in("Tom")  # a second person at the desk
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    _saved(qtbot, ctx)
    assert list_exceptions(ctx.store) == [] and view.stack.is_empty
    assert _status(ctx, inv) == "extracted"
    with ctx.store.session() as session:
        trusted = session.scalars(select(VendorIban.iban).where(VendorIban.trusted_since.is_not(None))).all()
    assert NEW_IBAN in trusted

    ctx.sign_in("Maria")  # the invoice is routed to her, but she confirmed the account first
    approvals = _shown(qtbot, ApprovalsView(ctx))
    approvals.setFocus()
    qtbot.keyClick(approvals, Qt.Key.Key_A)
    _saved(qtbot, ctx)
    assert "separation of duties" in approvals.refusal.text() and _status(ctx, inv) == "extracted"

    ctx.sign_in("Founder")
    approvals.setFocus()
    qtbot.keyClick(approvals, Qt.Key.Key_A)
    _saved(qtbot, ctx)
    assert _status(ctx, inv) == "approved"
    with ctx.store.session() as session:
        actions = [(e.actor, e.action) for e in audit.history(session, "invoice", inv)]
    assert actions[-1] == ("Founder", "approved")


def test_bulk_resolve_assign_and_comment_from_the_keyboard(qtbot, office, make_invoice, monkeypatch) -> None:
    ctx = office
    late = date.today() - timedelta(days=9)
    first = make_invoice(status="extracted", due_date=late, iban=OLD_IBAN)
    second = make_invoice(status="extracted", due_date=late)
    recheck(ctx.store, [first, second])
    assert sorted(r.kind for r in list_exceptions(ctx.store)) == ["overdue", "overdue"]

    view = _shown(qtbot, ExceptionsView(ctx))
    view.table.setFocus()
    monkeypatch.setattr(view, "ask_text", lambda *a, **k: "Tom")
    qtbot.keyClick(view.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    _saved(qtbot, ctx)
    assert sorted(str(r.assigned_to) for r in list_exceptions(ctx.store)) == ["None", "Tom"]
    monkeypatch.setattr(view, "ask_text", lambda *a, **k: "Asked the vendor for a credit note")
    qtbot.keyClick(view.table, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    _saved(qtbot, ctx)
    assert "Asked the vendor for a credit note" in view.detail_history.text()

    qtbot.keyClick(view.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert len(view.selected_rows()) == 2
    monkeypatch.setattr(view, "ask_resolution", lambda rows: ("accept", "Late payment agreed"))
    qtbot.keyClick(view.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    _saved(qtbot, ctx)
    assert list_exceptions(ctx.store) == []
    assert _status(ctx, first) == _status(ctx, second) == "extracted"
    resolved = list_exceptions(ctx.store, open_only=False)
    assert {(r.resolved_by, r.action, r.resolution) for r in resolved} == {("Maria", "accept", "Late payment agreed")}


def test_rejecting_from_the_queue_closes_the_invoice(qtbot, office, make_invoice, monkeypatch) -> None:
    ctx = office
    inv = make_invoice(status="extracted", due_date=date.today() - timedelta(days=3), iban=NEW_IBAN)
    recheck(ctx.store, [inv])
    assert sorted(r.kind for r in list_exceptions(ctx.store)) == ["bank_details_changed", "overdue"]
    view = _shown(qtbot, ExceptionsView(ctx))
    monkeypatch.setattr(view, "ask_resolution", lambda rows: ("reject", "Not our vendor's account"))
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    _saved(qtbot, ctx)
    assert list_exceptions(ctx.store) == [] and _status(ctx, inv) == "rejected"


def test_purchasing_dialog_edits_vendors_and_orders(qtbot, office, monkeypatch) -> None:
    from decimal import Decimal

    from bodesk.store.purchasing import list_orders
    from bodesk.store.vendors import list_vendors
    from bodesk.ui.purchasing import PurchasingDialog
    from bodesk.ui.purchasing.forms import OrderDialog, VendorDialog

    ctx = office
    dialog = PurchasingDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.vendor_table.rowCount() == 3
    dialog.vendor_table.selectRow(0)

    def fill_vendor(vendor):  # type: ignore[no-untyped-def]
        form = VendorDialog(vendor, dialog._approvers(), dialog)
        qtbot.addWidget(form)
        form.terms.setValue(14)
        form.iban.setText("DE89 3704 0044 0532 0130 01")  # a wrong check digit
        form.accept()
        assert form.result() == 0 and "check digit" in form.iban_error.text()  # marked, not saved
        form.iban.setText("DE02 1203 0000 0000 2020 51")
        form.accept()
        return form.values()

    monkeypatch.setattr(dialog, "vendor_form", fill_vendor)
    dialog.edit_vendor()
    _saved(qtbot, ctx)
    first = list_vendors(ctx.store)[0]
    assert first.payment_terms_days == 14 and ("DE02120300000000202051", True) in first.ibans
    dialog.vendor_search.setText("DE02 1203")
    assert [r for r in range(3) if not dialog.vendor_table.isRowHidden(r)] == [0]

    def fill_order():  # type: ignore[no-untyped-def]
        form = OrderDialog(dialog.vendor_rows, "EUR", dialog)
        qtbot.addWidget(form)
        form.number.setText("PO-7781")
        for c, text in enumerate(("Toner black", "4", "59,90x")):
            form.lines.setItem(0, c, QTableWidgetItem(text))
        form.accept()
        assert "unit price" in form.error.text() and form.lines.item(0, 2).background().color().name() == "#fdecec"
        form.lines.item(0, 2).setText("59.90")
        form.accept()
        return form.form

    monkeypatch.setattr(dialog, "order_form", fill_order)
    dialog.new_order()
    _saved(qtbot, ctx)
    answers = iter(["3"])
    monkeypatch.setattr(dialog, "ask", lambda *a: next(answers))
    dialog.line_table.setCurrentCell(0, 0)
    dialog.record_receipt()
    _saved(qtbot, ctx)
    dialog.line_table.item(0, 2).setText("61.50")
    _saved(qtbot, ctx)
    (row,) = list_orders(ctx.store)
    (line,) = row.order.lines
    assert (row.po_number, line.description, line.quantity, line.unit_price, line.received) == (
        "PO-7781", "Toner black", Decimal(4), Decimal("61.50"), Decimal(3))
    with ctx.store.session() as session:
        assert [e.field for e in audit.history(session, "po_line", line.id)] == [None, "quantity_received", "unit_price"]


def test_a_vendor_or_order_that_invoices_refer_to_is_not_deleted(qtbot, office, make_invoice, monkeypatch) -> None:
    from bodesk.store.vendors import list_vendors
    from bodesk.ui.purchasing import PurchasingDialog

    ctx = office
    inv = make_invoice(status="extracted", vendor_name="Vendor 2")
    recheck(ctx.store, [inv])
    dialog = PurchasingDialog(ctx)
    qtbot.addWidget(dialog)
    refused: list[str] = []
    monkeypatch.setattr("bodesk.ui.purchasing.QMessageBox.question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr("bodesk.ui.purchasing.QMessageBox.warning", lambda _w, _t, text: refused.append(text))
    names = [v.name for v in dialog.vendor_rows]
    dialog.vendor_table.selectRow(names.index("Vendor 2"))
    dialog.delete_vendor()
    _saved(qtbot, ctx)
    assert refused == ["Vendor 2 cannot be deleted: 1 invoice refers to it, and their history must stay whole."]
    dialog.vendor_table.selectRow(names.index("Vendor 3"))
    dialog.delete_vendor()
    _saved(qtbot, ctx)
    assert [v.name for v in list_vendors(ctx.store)] == ["Vendor 1", "Vendor 2"]


def test_verifying_a_vendor_closes_all_its_unknown_vendor_exceptions(qtbot, office, make_invoice, monkeypatch) -> None:
    ctx = office
    newcomer = [make_invoice(status="extracted", vendor_name="Newcomer GmbH", pdf=True) for _ in range(3)]
    other = make_invoice(status="extracted", vendor_name="Stranger Ltd")
    recheck(ctx.store, [*newcomer, other])
    unknown = [r for r in list_exceptions(ctx.store) if r.kind == "unknown_vendor"]
    assert sorted(r.invoice_id for r in unknown) == sorted([*newcomer, other])

    view = _shown(qtbot, ExceptionsView(ctx))
    view.vendor_filter.setCurrentIndex(view.vendor_filter.findData("Newcomer GmbH"))
    assert view.proxy.rowCount() == 3
    offered: list[str | None] = []

    def ask(rows):  # type: ignore[no-untyped-def]
        from bodesk.ui.exceptions.resolve import ResolveDialog

        dialog = ResolveDialog(rows, view)
        offered.append(dialog.chosen_action())
        offered.append(dialog.ok.text())
        return "verify_vendor", "Checked the trade register and their letterhead"

    monkeypatch.setattr(view, "ask_resolution", ask)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    _saved(qtbot, ctx)
    assert offered == ["verify_vendor", "Verify the vendor"]  # the safe action, named on its button

    left = [r for r in list_exceptions(ctx.store) if r.kind == "unknown_vendor"]
    assert [r.invoice_id for r in left] == [other]  # only the other vendor's is still open
    closed = [r for r in list_exceptions(ctx.store, open_only=False) if r.invoice_id in newcomer and r.kind == "unknown_vendor"]
    assert {(r.resolved_by, r.action) for r in closed} == {("Maria", "verify_vendor")} and len(closed) == 3
    with ctx.store.session() as session:
        assert session.scalar(select(Vendor.verified).where(Vendor.name == "Newcomer GmbH")) is True
        statuses = set(session.scalars(select(Invoice.status).where(Invoice.id.in_(newcomer))))
    assert "needs_review" not in statuses  # re-checked: nothing else holds them
    shown = [view.model.group_at(view.proxy.mapToSource(view.proxy.index(r, 0))) for r in range(view.proxy.rowCount())]
    assert [g.invoice_id for g in shown if "unknown_vendor" in g.kinds] == [other]


def test_resolve_dialog_never_preselects_reject_or_accept(qtbot, office, make_invoice) -> None:
    from bodesk.ui.exceptions.resolve import CORRECT_FIELD, ResolveDialog

    ctx = office
    late = make_invoice(status="extracted", due_date=date.today() - timedelta(days=5), iban=NEW_IBAN)
    unsure = make_invoice(status="extracted", confidence={"total": 0.3})
    recheck(ctx.store, [late, unsure])
    rows = {r.kind: r for r in list_exceptions(ctx.store)}
    for kind in ("bank_details_changed", "overdue"):
        dialog = ResolveDialog(rows[kind])
        qtbot.addWidget(dialog)
        assert dialog.chosen_action() is None and not dialog.ok.isEnabled()
        dialog.buttons["reject"].setChecked(True)
        dialog.reason.setPlainText("Not their account")
        assert dialog.ok.isEnabled() and dialog.ok.text() == "Reject the invoice"
    dialog = ResolveDialog(rows["low_confidence"])
    qtbot.addWidget(dialog)
    assert dialog.chosen_action() == CORRECT_FIELD and dialog.ok.isEnabled()
    assert dialog.ok.text() == "Correct the total" and dialog.answer() == (CORRECT_FIELD, "total")


def test_a_duplicate_is_not_also_overdue_and_a_credit_note_never_is(office, make_invoice) -> None:
    from decimal import Decimal

    ctx = office
    long_ago = date.today() - timedelta(days=40)
    make_invoice(status="extracted", vendor_name="Vendor 1", invoice_number="A-1", due_date=long_ago)
    again = make_invoice(status="extracted", vendor_name="Vendor 1", invoice_number="A-1", due_date=long_ago)
    credit = make_invoice(status="extracted", vendor_name="Vendor 2", total=Decimal("-80.00"), due_date=long_ago)
    recheck(ctx.store, [again, credit])
    kinds = {(r.invoice_id, r.kind) for r in list_exceptions(ctx.store)}
    assert (again, "duplicate") in kinds and (again, "overdue") not in kinds
    assert not [k for i, k in kinds if i == credit]


def test_open_invoice_from_the_queue_shows_it_in_the_inbox_at_the_field(qtbot, window, make_invoice) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    ctx = window.ctx
    inv = add_invoice(ctx.store, 1, status="extracted", pdf=True, confidence={"total": 0.3})
    recheck(ctx.store, [inv])
    ctx.changed.emit(Changes.of("invoices", "exceptions"))
    window.tabs.setCurrentWidget(window.exceptions)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(lambda: window.exceptions.selected_group() is not None)
    window.exceptions.table.setFocus()
    qtbot.keyClick(window.exceptions.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.inbox and window.inbox.current_id == inv
    window.tabs.setCurrentWidget(window.exceptions)
    window.exceptions.open_selected("total")
    assert QApplication.focusWidget() is window.inbox.fields.edits["total"]
