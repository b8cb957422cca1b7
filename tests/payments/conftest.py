"""A workspace holding the payables scenario of `scenario.py`."""

from __future__ import annotations

import pytest

from bodesk.store import Store
from tests.payments.scenario import Scenario, build, set_office


@pytest.fixture
def scenario(store: Store) -> Scenario:
    set_office(store)
    return build(store)
