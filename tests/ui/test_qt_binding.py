"""Guards against a known fault of the Qt binding that would crash the app after a while.

PySide6 6.12.0 drops a reference to None on every Qt call that returns nothing; on Python 3.11 the
process then dies after some thousands of clicks. From Python 3.12 None is immortal, so the fault is
harmless there; pyproject.toml picks 6.11 for 3.11. The leak cannot be measured on 3.12 (None's
reference count no longer moves), so this checks that the combination that crashes is not installed.
"""

from __future__ import annotations

import sys

import PySide6


def test_the_faulty_binding_is_not_paired_with_a_python_it_crashes() -> None:
    faulty = PySide6.__version__.startswith("6.12.") and sys.version_info < (3, 12)
    assert not faulty, f"PySide6 {PySide6.__version__} on Python {sys.version.split()[0]} leaks references to None"
