"""Corrections never vanish: several fields save together or not at all, a bad value is marked on
its own field, leaving an invoice with unsaved edits asks, and Tab goes from field to field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from bodesk.core import formatting
from bodesk.core.formatting import OfficeFormat
from bodesk.core.records import HEADER_FIELDS
from bodesk.store import audit
from bodesk.store.invoices import load_invoice
from bodesk.ui.inbox import InboxView
from tests.ui.conftest import settled

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


@pytest.fixture
def inbox(qtbot, ctx, monkeypatch):  # type: ignore[no-untyped-def]
    """The inbox of a German office (dates as 26.11.2026, amounts as 1.234,50)."""
    ctx.fmt = OfficeFormat("de_DE", "EUR")
    monkeypatch.setattr(formatting, "_default", ctx.fmt)
    views = []

    def open_view() -> InboxView:
        view = InboxView(ctx)
        qtbot.addWidget(view)
        view.resize(1366, 720)
        view.show()
        qtbot.waitExposed(view)
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow)
        views.append(view)
        return view

    return open_view


def _type(view: InboxView, field: str, text: str) -> None:
    edit = view.fields.edits[field]
    edit.setText(text)
    edit.textEdited.emit(text)


def _corrections(ctx, invoice_id: int) -> list[audit.AuditEntry]:  # type: ignore[no-untyped-def]
    with ctx.store.session() as session:
        return [e for e in audit.history(session, "invoice", invoice_id) if e.action == "corrected"]


def test_three_fields_one_bad_nothing_saved_until_fixed_then_one_batch(qtbot, ctx, make_invoice, inbox) -> None:
    invoice_id = make_invoice(status="needs_review", invoice_number="INV-1", total=Decimal("100.00"))
    view = inbox()
    view.select_invoice(invoice_id)
    assert view.fields.edits["total"].text() == "100,00"  # the office's own format

    _type(view, "invoice_number", "INV-0042")
    _type(view, "invoice_date", "31.02.2026")  # no such day
    _type(view, "total", "1.234,50")
    qtbot.keyClick(view.fields.edits["total"], Qt.Key.Key_Return)
    settled(qtbot, ctx)

    date_row = view.fields.rows["invoice_date"]
    assert date_row.error.isVisible() and "not a date" in date_row.error.text() and "26.11.2026" in date_row.error.text()
    assert view.fields.edits["invoice_number"].text() == "INV-0042"  # the good ones keep what was typed
    assert view.fields.edits["total"].text() == "1.234,50"
    assert not view.fields.rows["total"].error.isVisible()
    assert "Nothing was saved" in view.fields.save_note.text()
    assert _corrections(ctx, invoice_id) == []
    assert load_invoice(ctx.store, invoice_id).invoice_number == "INV-1"

    _type(view, "invoice_date", "26.11.2026")
    assert not date_row.error.isVisible()  # the mark goes as soon as the value reads
    qtbot.keyClick(view.fields, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settled(qtbot, ctx)

    saved = load_invoice(ctx.store, invoice_id)
    assert (saved.invoice_number, saved.invoice_date, saved.total) == ("INV-0042", date(2026, 11, 26), Decimal("1234.50"))
    entries = _corrections(ctx, invoice_id)
    assert sorted(e.field for e in entries) == ["invoice_date", "invoice_number", "total"]
    assert len({e.at for e in entries}) == 1  # one batch
    assert not view.fields.is_dirty() and view.fields.edits["total"].text() == "1.234,50"


def test_a_value_the_store_refuses_is_marked_on_its_field(qtbot, ctx, make_invoice, inbox) -> None:
    invoice_id = make_invoice(status="needs_review")
    view = inbox()
    view.select_invoice(invoice_id)
    _type(view, "po_number", "PO-7781")
    _type(view, "currency", "EURO")
    view.fields.save_button.click()
    settled(qtbot, ctx)
    assert "three letters" in view.fields.rows["currency"].error.text()
    assert view.fields.edits["po_number"].text() == "PO-7781"
    assert _corrections(ctx, invoice_id) == [] and load_invoice(ctx.store, invoice_id).po_number is None


def test_switching_invoices_with_unsaved_edits_asks(qtbot, ctx, make_invoice, inbox, monkeypatch) -> None:
    first = make_invoice(status="needs_review")
    second = make_invoice(status="needs_review")
    view = inbox()
    view.select_invoice(first)
    _type(view, "po_number", "PO-1")
    answers = ["cancel"]
    asked: list[int | None] = []

    def ask() -> str:
        asked.append(view.current_id)
        return answers.pop(0)

    monkeypatch.setattr(view, "ask_unsaved", ask)
    view.select_invoice(second)
    settled(qtbot, ctx)
    assert asked == [first]
    assert view.current_id == first and view.fields.edits["po_number"].text() == "PO-1"
    assert view.table.selectionModel().selectedRows()[0].data(Qt.ItemDataRole.UserRole + 1) == first

    answers.append("save")
    view.select_invoice(second)
    settled(qtbot, ctx)
    assert view.current_id == second and load_invoice(ctx.store, first).po_number == "PO-1"

    _type(view, "po_number", "PO-2")
    answers.append("discard")
    view.select_invoice(first)
    assert view.current_id == first and load_invoice(ctx.store, second).po_number is None
    assert len(asked) == 3

    view.select_invoice(second)  # nothing typed: no question
    assert len(asked) == 3 and view.current_id == second


def test_tab_visits_the_fields_in_order(qtbot, ctx, make_invoice, inbox) -> None:
    invoice_id = make_invoice(status="needs_review", pdf=True)
    view = inbox()
    view.select_invoice(invoice_id)
    view.fields.edits[HEADER_FIELDS[0]].setFocus()
    visited = []
    for _ in HEADER_FIELDS:
        focused = QApplication.focusWidget()
        visited.append(focused.objectName())
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert visited == [f"field_{name}" for name in HEADER_FIELDS]
    assert not isinstance(QApplication.focusWidget(), QToolButton)  # never a badge or calendar button
