"""Fixtures for the tab tests: an AppContext on an isolated workspace, and invoices put in directly."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import pytest

from bodesk.core.people import Role
from bodesk.jobs.runner import JobRunner
from bodesk.paths import Workspace
from bodesk.store import Store, people
from bodesk.store.settings import change
from bodesk.ui.context import AppContext
from tests.factories import recent_invoice, write_pdf

__all__ = ["add_invoice", "settled", "write_pdf"]


def settled(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    """A decision runs on the store lane: wait until it has, and its answer is back on the GUI thread."""
    qtbot.waitUntil(lambda: not ctx.runner.active, timeout=30_000)


@pytest.fixture
def ctx(qapp, workspace: Workspace, store: Store) -> Iterator[AppContext]:
    runner = JobRunner()
    change(store, {"desk.user_name": "Maria"}, by="Maria")
    # The desk's person: the window opens signed in as Maria, and records her actions under her name.
    people.add(store, "Maria", [Role.OFFICE_MANAGER, Role.APPROVER], actor="Founder")
    change(store, {"rules.default_approver": "Maria"}, by="Founder")  # invoices are routed to her
    context = AppContext(workspace, store, runner)
    yield context
    runner.shutdown()


def add_invoice(store: Store, n: int, **kw: Any) -> int:
    """The factory as the window's tests use it (`tests.factories.recent_invoice`)."""
    return recent_invoice(store, n, **kw)


@pytest.fixture
def make_invoice(store: Store) -> Callable[..., int]:
    """`make_invoice(status=..., exceptions=(kinds...), pdf=True, **fields)` → invoice id."""
    numbers = count(1)
    return lambda **kw: add_invoice(store, next(numbers), **kw)


@pytest.fixture
def preview(qtbot, ctx: AppContext):  # type: ignore[no-untyped-def]
    """The document preview the Inbox and Approvals show, on its own at 500×400."""
    from bodesk.ui.document import DocumentPreview

    view = DocumentPreview(ctx.runner)
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def window(qtbot, workspace: Workspace):  # type: ignore[no-untyped-def]
    """The main window on an empty workspace, shown; closed down in the right order afterwards."""
    from bodesk.ui.app import open_context
    from bodesk.ui.mainwindow import MainWindow

    context = open_context(workspace)
    win = MainWindow(context)
    win.show()
    qtbot.waitExposed(win)
    yield win
    close_down(qtbot, win, context)


def close_down(qtbot, window, context) -> None:  # type: ignore[no-untyped-def]
    """The window goes first, while the runner it used still runs; then the runner and the store.
    Destroying a main window after its runner was shut down crashed Qt now and then."""
    window.close()
    window.deleteLater()
    qtbot.wait(20)
    context.runner.shutdown()
    context.store.close()
