"""Telling a desk whose change lost a race who changed the invoice a moment before it."""

from __future__ import annotations

from datetime import datetime

from bodesk.core.vocabulary import AuditAction
from bodesk.store import Store, audit
from bodesk.store.transitions import who_changed


def test_the_person_is_named_even_when_bodesks_recheck_came_after_them(store: Store, make_invoice) -> None:  # type: ignore[no-untyped-def]
    invoice = make_invoice(status="matched")
    now = datetime.now()
    with store.session() as session:
        audit.record(session, actor="Ben", action=AuditAction.CORRECTED, entity="invoice", entity_id=invoice,
                     field="total", old="100.00", new="999.00", at=now)
        # the re-check bodesk runs after every correction, in the same moment
        audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.RECHECKED, entity="invoice",
                     entity_id=invoice, field="status", old="matched", new="needs_review", at=now)
    with store.session() as session:
        raced = who_changed(session, invoice, raced=True)
        checked = who_changed(session, invoice)
    assert raced is not None and str(raced).startswith("Ben corrected the total of this invoice a moment ago")
    assert checked is None  # a status read later (not a lost race): bodesk's own re-check is the newest news
