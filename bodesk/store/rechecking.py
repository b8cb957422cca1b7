"""Store operations on vendors, orders and receipts check the waiting invoices again themselves.

An invoice waiting for its PO, its delivery or its vendor's verification goes on as soon as what it
waits for arrives, whoever changed it: the command line, the Purchasing window or an import.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from bodesk.store import audit

F = TypeVar("F", bound=Callable[..., Any])
_depth = threading.local()


def rechecks_waiting(fn: F) -> F:
    """After `fn(store, …, actor=…)` commits, run the checks again on the invoices under review (once,
    for the outermost of nested operations; not when every row of an import failed)."""

    @functools.wraps(fn)
    def wrapper(store: Any, *args: Any, **kwargs: Any) -> Any:
        _depth.n = getattr(_depth, "n", 0) + 1
        try:
            result = fn(store, *args, **kwargs)
        finally:
            _depth.n -= 1
        all_failed = isinstance(result, list) and result and all(getattr(r, "failed", False) for r in result)
        if _depth.n == 0 and not all_failed:
            from bodesk.store.decide import recheck

            recheck(store, actor=kwargs.get("actor", audit.SYSTEM_ACTOR))
        return result

    return wrapper  # type: ignore[return-value]
