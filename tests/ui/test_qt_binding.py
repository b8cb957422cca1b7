"""Guards against a known fault of the Qt binding that would crash the app after a while.

PySide6 6.12.0 drops a reference to None on every Qt call that returns nothing; on Python 3.11 the
process then dies after some thousands of clicks. pyproject.toml picks a binding without the fault.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_qt_calls_do_not_leak_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(2_000):
        label.setEnabled(bool(i % 2))
        label.setText("x")
    assert sys.getrefcount(None) >= before - 50
