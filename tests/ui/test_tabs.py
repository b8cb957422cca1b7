"""The Exceptions, Approvals, Onboarding and Metrics tabs: empty states, content, and their actions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from bodesk.core.metrics import week_of
from bodesk.store import audit
from bodesk.store.exceptions import list_exceptions
from bodesk.store.schema import Invoice
from bodesk.ui.approvals import ApprovalsView
from bodesk.ui.context import Changes
from bodesk.ui.exceptions import ExceptionsView
from bodesk.ui.metrics import MetricsView, period_range
from bodesk.ui.onboarding import OnboardingView
from tests.ui.conftest import settled

# The offscreen platform warns whenever a window's size constraints change; that is not a defect.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

VIEWS = [ExceptionsView, ApprovalsView, OnboardingView, MetricsView]


def _shown(qtbot, view: QWidget) -> QWidget:
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.parametrize("view_class", VIEWS, ids=lambda c: c.__name__)
def test_empty_workspace_shows_empty_state(qtbot, ctx, view_class) -> None:
    view = _shown(qtbot, view_class(ctx))
    if isinstance(view, MetricsView):
        qtbot.waitUntil(lambda: not view.loading)
    assert view.stack.is_empty
    assert view.empty.isVisible() and view.empty.title.text()


def test_exceptions_listed_and_resolved(qtbot, ctx, make_invoice, monkeypatch) -> None:
    from bodesk.store.settings import change
    from bodesk.store.vendors import save_vendor

    # Resolving runs the checks again: a workspace where these invoices pass the other checks.
    change(ctx.store, {"rules.po_required": False}, by="Maria")
    for name in ("Acme Ltd", "Vendor 2"):
        save_vendor(ctx.store, None, {"name": name}, actor="Maria")
    first = make_invoice(status="needs_review", exceptions=("missing_field",), vendor_name="Acme Ltd")
    make_invoice(status="matched", exceptions=("price_variance",))
    make_invoice(status="extracted")
    view = _shown(qtbot, ExceptionsView(ctx))
    assert not view.stack.is_empty and view.proxy.rowCount() == 2
    assert view.summary.text().startswith("2 open on 2 invoices")

    view.kind_filter.setCurrentIndex(view.kind_filter.findData("missing_field"))
    assert view.proxy.rowCount() == 1
    assert view.selected().invoice_id == first and "Acme Ltd" in view.detail_kind.text()

    monkeypatch.setattr(view, "ask_resolution", lambda rows: ("accept", "Date filled in from the e-mail"))
    seen: list[Changes] = []
    ctx.changed.connect(seen.append)
    view.resolve_button.click()
    settled(qtbot, ctx)

    assert [r.kind for r in list_exceptions(ctx.store)] == ["price_variance"]
    assert seen and seen[-1].concerns("exceptions") and first in seen[-1].ids
    assert view.kind_filter.currentData() is None and view.proxy.rowCount() == 1  # the kind is gone
    with ctx.store.session() as session:
        (entry,) = audit.history(session, "exception", list_exceptions(ctx.store, open_only=False)[0].id)
        assert (entry.actor, entry.action) == ("Maria", "resolved")

    monkeypatch.setattr(view, "ask_resolution", lambda rows: ("accept", "Price agreed"))
    view.resolve_selected()
    settled(qtbot, ctx)
    assert view.stack.is_empty


def test_exceptions_sort_by_amount(qtbot, ctx, make_invoice) -> None:
    for total in ("50.00", "1200.00", "300.00"):
        make_invoice(exceptions=("no_po",), total=total)
    view = _shown(qtbot, ExceptionsView(ctx))
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    shown = [view.proxy.index(r, 3).data() for r in range(3)]
    assert shown == [ctx.fmt.money(Decimal(t), "EUR") for t in ("1200.00", "300.00", "50.00")]


def test_approve_with_key_a(qtbot, ctx, make_invoice) -> None:
    older = make_invoice(status="matched", pdf=True, vendor_name="Acme Office Supply", po_number="PO-7781")
    newer = make_invoice(status="extracted", pdf=True)
    make_invoice(status="needs_review", exceptions=("missing_field",))
    view = _shown(qtbot, ApprovalsView(ctx))
    view.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)

    assert view.counter.text() == "1 of 2 waiting"
    assert view.summary.vendor.text() == "Acme Office Supply" and "PO-7781" in view.summary.reference.text()
    assert view.summary.total.text() == ctx.fmt.money(Decimal("101.00"), "EUR") and view.summary.lines.rowCount() == 1
    qtbot.waitUntil(lambda: view.preview.currentWidget() is view.preview.pdf_view)  # checked off the GUI thread first
    assert view.preview.pdf.pageCount() == 1

    qtbot.keyClick(view, Qt.Key.Key_A)
    settled(qtbot, ctx)

    with ctx.store.session() as session:
        assert session.scalar(select(Invoice.status).where(Invoice.id == older)) == "approved"
        (entry,) = audit.history(session, "invoice", older)
    assert (entry.actor, entry.action, entry.old_value, entry.new_value) == ("Maria", "approved", "matched", "approved")
    assert view.current_id == newer and view.counter.text() == "1 of 1 waiting"

    assert view.toast.isVisible() and view.toast.button.text() == "Undo" and "Acme Office Supply" in view.toast.label.text()
    qtbot.mouseClick(view.toast.button, Qt.MouseButton.LeftButton)
    settled(qtbot, ctx)
    with ctx.store.session() as session:
        assert session.scalar(select(Invoice.status).where(Invoice.id == older)) == "matched"
        last = audit.history(session, "invoice", older)[-1]
    assert (last.actor, last.action, last.old_value, last.new_value) == ("Maria", "undone", "approved", "matched")
    assert not view.toast.isVisible() and view.counter.text().endswith("of 2 waiting")


def test_typing_a_note_does_not_approve_and_reject_needs_it(qtbot, ctx, make_invoice, monkeypatch) -> None:
    first = make_invoice(status="extracted")
    second = make_invoice(status="extracted")
    view = _shown(qtbot, ApprovalsView(ctx))
    view.note.setFocus()
    qtbot.waitUntil(view.note.hasFocus)
    qtbot.keyClicks(view.note, "Ask about the delivery date")
    assert view.note.text() == "Ask about the delivery date" and view.current_id == first

    view.note.clear()
    monkeypatch.setattr(view, "ask_note", lambda: None)  # the person cancels the question
    view.reject_current()
    settled(qtbot, ctx)
    assert view.current_id == first

    view.skip()
    assert view.current_id == second and view.counter.text() == "2 of 2 waiting"
    view.note.setText("Not our order")
    view.reject_current()
    settled(qtbot, ctx)
    with ctx.store.session() as session:
        assert session.scalar(select(Invoice.status).where(Invoice.id == second)) == "rejected"
        assert audit.history(session, "invoice", second)[0].note == "Not our order"
    assert view.current_id == first and view.note.text() == ""


def test_metrics_cards(qtbot, ctx, make_invoice) -> None:
    # Monday to Thursday of one week three weeks back: the weekly chart holds them in one point
    # whatever day the test runs (received "the last weeks" fell across two weeks on some days).
    monday = week_of(date.today()) - timedelta(weeks=3)
    days = iter(datetime.combine(monday + timedelta(days=i), time(9)) for i in range(4))
    make_invoice(status="approved", received_at=next(days))
    make_invoice(status="extracted", received_at=next(days))
    make_invoice(status="needs_review", exceptions=("missing_field",), received_at=next(days))
    make_invoice(status="extracted", received_at=next(days))
    view = _shown(qtbot, MetricsView(ctx))
    view.period.setCurrentText("All time")
    qtbot.waitUntil(lambda: not view.loading and view.figures is not None and view.figures.metrics.received == 4)
    assert not view.stack.is_empty
    assert view.cards["received"].value.text() == "4"
    assert view.cards["touchless"].value.text() == "75%"
    assert view.cards["exceptions"].value.text() == "25%"
    assert view.cards["hours"].value.text() == "0.4 h"  # 3 × 8 min
    assert sum(p.received for p in view.figures.points) == 4
    # The charts show the same figures: one flagged invoice of four read, by kind.
    assert view.charts["kinds"].values() == {"missing field": 1.0}
    rates = view.charts["rates"].values()
    assert set(rates) == {"Touchless", "Exceptions"} and 25.0 in rates["Exceptions"]


def test_period_ranges() -> None:
    today = date(2026, 3, 18)
    assert period_range("This month", today) == (date(2026, 3, 1), today)
    assert period_range("Last 30 days", today) == (date(2026, 2, 17), today)
    assert period_range("All time", today) == (None, None)
    assert period_range("Last month", today) == (date(2026, 2, 1), date(2026, 2, 28))
    assert period_range("This quarter", today) == (date(2026, 1, 1), today)
    assert period_range("This year", today) == (date(2026, 1, 1), today)


def test_scan_is_shown_beside_the_invoice(qtbot, ctx, make_invoice) -> None:
    from PySide6.QtGui import QColor, QImage
    from sqlalchemy import update

    from bodesk.store.schema import Document

    invoice_id = make_invoice(status="extracted")
    scan = QImage(600, 850, QImage.Format.Format_RGB32)
    scan.fill(QColor("white"))
    target = ctx.workspace.documents / "scans" / "scan-1.png"
    target.parent.mkdir(parents=True)
    assert scan.save(str(target))
    with ctx.store.session() as session:
        doc_id = session.scalar(select(Invoice.document_id).where(Invoice.id == invoice_id))
        session.execute(update(Document).where(Document.id == doc_id).values(kind="image", stored_path="scans/scan-1.png"))

    view = _shown(qtbot, ApprovalsView(ctx))
    preview = view.preview
    qtbot.waitUntil(lambda: preview.currentWidget() is preview.image_area)
    pixmap = preview.image.pixmap()
    assert not pixmap.isNull() and pixmap.width() <= preview.image_area.viewport().width()


def test_missing_document_says_so(qtbot, ctx, make_invoice) -> None:
    make_invoice(status="extracted")  # no file written
    view = _shown(qtbot, ApprovalsView(ctx))
    assert view.preview.currentWidget() is view.preview.message
    assert "missing" in view.preview.message.text()
