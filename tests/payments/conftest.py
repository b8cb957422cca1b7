"""A workspace holding the payables scenario of `scenario.py`."""

from __future__ import annotations

import pytest

from bodesk.store import Store
from tests.payments.scenario import Scenario, build, set_office


@pytest.fixture
def scenario(store: Store) -> Scenario:
    from bodesk.core.people import Role
    from bodesk.store import people

    set_office(store)
    people.add(store, "Ana", [Role.OFFICE_MANAGER], actor="admin")
    people.add(store, "Sam", [Role.STAFF], actor="admin")
    return build(store)
