"""Fixtures for the repository tests: invoices (with their documents) put straight into the store.

Every test here runs twice: on a workspace's own SQLite database and on a shared PostgreSQL one
(a real server, started once for the session)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

import pytest

from bodesk.paths import Workspace
from bodesk.store import Store, open_store
from tests.factories import add_invoice
from tests.pg.server import pg_server  # noqa: F401  (the session's PostgreSQL server)

__all__ = ["add_invoice"]  # the factory, for the tests that import it from here

MakeInvoice = Callable[..., int]


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, workspace: Workspace):  # type: ignore[no-untyped-def]
    """The workspace's store: its own SQLite database, or a new database on the shared server."""
    if request.param == "postgresql":  # this desk connected to the office database, as `db connect` does
        from bodesk.paths import remember_database
        from bodesk.secrets import set_secret
        from bodesk.store.db import database_secret_ref
        from tests.pg.server import PASSWORD

        request.getfixturevalue("file_keyring")
        server = request.getfixturevalue("pg_server")
        url = server.url(server.new_database(), password=None)
        set_secret(database_secret_ref(url), PASSWORD)
        remember_database(workspace.root, url)
        workspace = Workspace.at(workspace.root)
    s: Store = open_store(workspace)
    yield s
    s.close()


@pytest.fixture
def make_invoice(store: Store) -> MakeInvoice:
    """`make_invoice(status=..., exceptions=(kinds...), received_at=..., **fields)` → invoice id."""
    numbers = count(1)
    return lambda **kw: add_invoice(store, next(numbers), **kw)


@pytest.fixture
def office_people(store: Store) -> None:
    """The people these tests act as: Sam approves (the office's default approver), Maria keeps the books."""
    from bodesk.core.people import Role
    from bodesk.store import people
    from bodesk.store.settings import change

    people.add(store, "Sam", [Role.APPROVER], actor="Founder")
    people.add(store, "Maria", [Role.OFFICE_MANAGER], actor="Founder")
    change(store, {"rules.default_approver": "Sam"}, by="Founder")
