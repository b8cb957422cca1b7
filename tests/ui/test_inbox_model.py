"""The inbox follows an import without the window querying the database: new invoices appear once
the background query is back, and a slower background query never undoes a newer one."""

from __future__ import annotations

from decimal import Decimal

from bodesk.core import formatting
from bodesk.core.formatting import OfficeFormat
from bodesk.ui.inbox.model import COLUMNS, InboxModel
from tests.ui.conftest import settled


def test_a_background_reload_lists_new_invoices_and_never_undoes_a_newer_one(qtbot, ctx, make_invoice) -> None:  # type: ignore[no-untyped-def]
    make_invoice(vendor_name="Acme Ltd")
    model = InboxModel(ctx.store)
    model.reload()
    assert model.rowCount() == 1

    make_invoice(vendor_name="Kestrel Werkzeugbau", status="needs_review")
    model.reload_in_background(ctx.runner)
    assert model.rowCount() == 1  # the window did not wait for the query
    settled(qtbot, ctx)
    assert model.rowCount() == 2 and model.total == 2

    model.reload_in_background(ctx.runner)
    model.set_filter(status="needs_review")  # the person filters before the background query is back
    settled(qtbot, ctx)
    assert [r.vendor_name for r in model.rows] == ["Kestrel Werkzeugbau"]


def test_cells_follow_the_office_format_when_it_changes(qtbot, ctx, make_invoice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    make_invoice(total=Decimal("1234.50"))
    model = InboxModel(ctx.store)
    model.reload()
    total = model.index(0, [key for key, _ in COLUMNS].index("total"))
    monkeypatch.setattr(formatting, "_default", OfficeFormat("en_US", "USD"))
    assert model.data(total) == "1,234.50"
    monkeypatch.setattr(formatting, "_default", OfficeFormat("de_DE", "EUR"))
    assert model.data(total) == "1.234,50"


def test_a_repaint_asks_each_cell_once_and_gets_what_data_says(qtbot, ctx, make_invoice) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelRoleData, QModelRoleDataSpan, Qt

    make_invoice(vendor_name="Acme Ltd", total=Decimal("240.00"))
    model = InboxModel(ctx.store)
    model.reload()
    keys = [key for key, _ in COLUMNS]
    alignment = QModelRoleData(int(Qt.ItemDataRole.TextAlignmentRole))
    span = QModelRoleDataSpan(alignment)  # a delegate reuses one span for every cell it paints
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    model.multiData(model.index(0, keys.index("total")), span)
    assert alignment.data() == right
    model.multiData(model.index(0, keys.index("vendor_name")), span)
    assert alignment.data() is None  # not the amount's alignment left over: names read from the left
    display = QModelRoleData(int(Qt.ItemDataRole.DisplayRole))
    model.multiData(model.index(0, keys.index("vendor_name")), QModelRoleDataSpan(display))
    assert display.data() == model.data(model.index(0, keys.index("vendor_name"))) == "Acme Ltd"
