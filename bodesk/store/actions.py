"""The desk's decisions as operations for the store lane: each does the store's work and says what changed.

The window runs these on the job runner's single store thread (`JobRunner.run_op`), never on the GUI
thread, and announces the `Changes` they return; the store function's own answer (the new status,
the exceptions closed, the fields saved) rides along as `Changes.value`. A refusal is the store's
own BodeskError, unchanged, so the person reads the same sentence as before.
"""

from __future__ import annotations

from typing import Any

from bodesk.core.changes import Changes
from bodesk.core.vocabulary import Change, Resolution
from bodesk.errors import ConcurrentChange
from bodesk.store import Store, approvals, exceptions
from bodesk.store.invoices import correct_fields

#: Resolutions that re-check every waiting invoice of the vendor, not only the one resolved.
VENDOR_WIDE = (Resolution.VERIFY_VENDOR, Resolution.TRUST_BANK)


def approve(store: Store, invoice_id: int, by: str, note: str | None = None) -> Changes:
    """Approve (or take one step of a chain); `value` is the store's outcome ("approved", or the step)."""
    outcome = approvals.approve(store, invoice_id, by=by, note=note)
    return Changes.of(Change.INVOICES, ids=(invoice_id,), value=outcome)


def reject(store: Store, invoice_id: int, by: str, note: str) -> Changes:
    """Turn an invoice down (its open exceptions close with it)."""
    outcome = approvals.reject(store, invoice_id, by=by, note=note)
    return Changes.of(Change.INVOICES, Change.EXCEPTIONS, ids=(invoice_id,), value=outcome)


def undo_approval(store: Store, invoice_id: int, by: str) -> Changes:
    """Take back an approval just given; `value` is the status the invoice is back in."""
    back = approvals.undo_approval(store, invoice_id, by=by)
    return Changes.of(Change.INVOICES, ids=(invoice_id,), value=back)


def resolve(store: Store, exception_ids: list[int], reason: str, actor: str, action: str) -> Changes:
    """Close exceptions, each on its own; `value` is (rows resolved, a sentence per one that was not)."""
    done, problems = exceptions.resolve_many(store, exception_ids, reason, actor, action)
    ids = () if action in VENDOR_WIDE else tuple({r.invoice_id for r in done})
    return Changes.of(Change.EXCEPTIONS, Change.INVOICES, Change.VENDORS, ids=ids, value=(done, problems))


def assign(store: Store, exception_ids: list[int], person: str, actor: str) -> Changes:
    exceptions.assign(store, exception_ids, person, actor=actor)
    return Changes.of(Change.EXCEPTIONS, value=len(exception_ids))


def comment(store: Store, exception_id: int, text: str, actor: str) -> Changes:
    """A remark on an exception: only its notes change, no list does."""
    exceptions.comment(store, exception_id, text, actor=actor)
    return Changes.of(value=exception_id)


def correct(store: Store, invoice_id: int, changes: dict[str, str], actor: str) -> Changes:
    """Save a person's corrections of several fields together or not at all (`correct_fields`);
    `value` is {field: (old, new)}."""
    try:
        result: dict[str, tuple[Any, Any]] = correct_fields(store, invoice_id, changes, actor=actor)
    except ConcurrentChange:
        if store.shared:
            raise
        # On one desk the other writer was bodesk's own background work on this invoice: the
        # person's corrections still stand, so they are saved on the row as it is now.
        result = correct_fields(store, invoice_id, changes, actor=actor)
    return Changes.of(Change.INVOICES, Change.EXCEPTIONS, ids=(invoice_id,), value=result)
