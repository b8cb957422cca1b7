"""The Metrics tab's Processes page: scoring a process in its dialog and seeing it ranked."""

from __future__ import annotations

import pytest

from bodesk.ui.metrics import MetricsView
from bodesk.ui.metrics.processes import ProcessDialog


def _fill(dialog: ProcessDialog, name: str, volume: float, minutes: float, error_cost: int, ease: int, pain: int) -> int:
    dialog.name.setText(name)
    dialog.volume.setValue(volume)
    dialog.minutes.setValue(minutes)
    for key, value in (("error_cost", error_cost), ("ease", ease), ("pain", pain)):
        dialog.scores[key].setValue(value)
    dialog._accept()
    return dialog.result()


def test_a_scored_process_is_ranked_beside_invoice_processing(qtbot, ctx, monkeypatch) -> None:
    view = MetricsView(ctx)
    qtbot.addWidget(view)
    view.resize(1366, 700)
    view.show()
    view.pages.setCurrentWidget(view.processes)
    page = view.processes
    qtbot.waitUntil(lambda: not page.loading and page.table.rowCount() == 1)
    assert page.table.item(0, 1).text().startswith("Invoice processing")

    monkeypatch.setattr(ProcessDialog, "exec", lambda self: _fill(self, "Expense claims", 400, 20, 3, 4, 5))
    page.add()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    # 400 a month (4) + 20 min (4) + 3 + 4 + 5 = 20, above invoice processing in an empty workspace (17).
    assert page.table.item(0, 1).text() == "Expense claims"
    assert page.table.item(0, 9).text() == "20 / 25"

    page.table.selectRow(0)
    page.remove()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1)


def test_the_dialog_refuses_a_process_without_a_name(qtbot) -> None:
    dialog = ProcessDialog()
    qtbot.addWidget(dialog)
    assert _fill(dialog, "  ", 10, 5, 3, 3, 3) == 0
    assert "needs a name" in dialog.error.text() and dialog.process is None
