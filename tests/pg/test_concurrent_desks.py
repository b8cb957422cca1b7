"""Two desks deciding the same invoice at the same moment, on a real PostgreSQL server: exactly one
decision is recorded, the other desk is told who did it, the audit trail holds each decision once
and its hash chain stays whole."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bodesk.errors import BodeskError
from bodesk.paths import Workspace
from bodesk.store import Store, approvals, exceptions, open_store
from bodesk.store.audit_chain import verify
from bodesk.store.invoices import correct_field
from bodesk.store.schema import AuditEntry, ExceptionItem, Invoice
from bodesk.store.schema_desks import DocumentBlob
from tests.store.conftest import add_invoice

ROUNDS = 8


@pytest.fixture
def desks(tmp_path: Path, pg_url: str):  # type: ignore[no-untyped-def]
    from bodesk.core.people import Role
    from bodesk.store import people

    ana = open_store(Workspace.at(tmp_path / "ana", pg_url))
    ben = open_store(Workspace.at(tmp_path / "ben", pg_url))
    for name in ("Ana", "Ben"):
        people.add(ana, name, [Role.FOUNDER, Role.OFFICE_MANAGER], actor="Founder")  # both may approve anything
    yield ana, ben
    ana.close()
    ben.close()


def _invoices(store: Store, count: int, **kw: Any) -> list[int]:
    ids = []
    for n in range(1, count + 1):
        with store.session() as session:  # add_invoice writes the file only: give the database its bytes
            session.add(DocumentBlob(sha256=f"{n:064x}", content=b"%PDF"))
        ids.append(add_invoice(store, n, **kw))
    return ids


def _at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls on threads released together; each result is its return value or its exception."""
    gate = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        gate.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:  # noqa: BLE001  (the outcome under test)
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _audit(store: Store, action: str) -> Counter[int]:
    with store.session() as session:
        return Counter(session.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == action)))


def _chain_whole(store: Store) -> None:
    with store.engine.connect() as conn:
        verdict = verify(conn)
    assert verdict.intact, verdict.problem


def test_two_desks_approving_one_invoice_at_once_record_one_approval(desks: tuple[Store, Store]) -> None:
    ana, ben = desks
    ids = _invoices(ana, ROUNDS, status="matched")
    for invoice in ids:
        results = _at_once(lambda: approvals.approve(ana, invoice, by="Ana"),
                           lambda: approvals.approve(ben, invoice, by="Ben"))
        won = [r for r in results if r == "approved"]
        lost = [r for r in results if isinstance(r, BodeskError)]
        assert len(won) == 1 and len(lost) == 1, results
        winner = "Ana" if results[0] == "approved" else "Ben"
        assert f"{winner} approved this invoice a moment ago" in str(lost[0])
    assert _audit(ana, "approved") == Counter({i: 1 for i in ids}), "one approval entry per invoice"
    _chain_whole(ana)


def test_approving_and_rejecting_at_once_one_decision_stands(desks: tuple[Store, Store]) -> None:
    ana, ben = desks
    ids = _invoices(ana, ROUNDS, status="extracted")
    for invoice in ids:
        results = _at_once(lambda: approvals.approve(ana, invoice, by="Ana"),
                           lambda: approvals.reject(ben, invoice, by="Ben", note="Not ours"))
        assert sum(isinstance(r, str) for r in results) == 1, results
        loser = next(r for r in results if isinstance(r, BodeskError))
        assert "approved this invoice a moment ago" in str(loser) or "rejected this invoice a moment ago" in str(loser)
    with ana.session() as session:
        statuses = Counter(session.scalars(select(Invoice.status).where(Invoice.id.in_(ids))))
    decided = _audit(ana, "approved") + _audit(ana, "rejected")
    assert decided == Counter({i: 1 for i in ids}) and sum(statuses.values()) == ROUNDS
    _chain_whole(ana)


def test_correcting_while_another_desk_approves_one_wins_and_the_other_is_told(desks: tuple[Store, Store]) -> None:
    ana, ben = desks
    ids = _invoices(ana, ROUNDS, status="matched")
    for invoice in ids:
        results = _at_once(lambda: approvals.approve(ana, invoice, by="Ana"),
                           lambda: correct_field(ben, invoice, "total", "999.00", actor="Ben"))
        for r in results:
            if isinstance(r, Exception):
                assert isinstance(r, BodeskError), repr(r)
                assert "a moment ago" in str(r) and ("Ana approved" in str(r) or "Ben corrected" in str(r)), str(r)
    with ana.session() as session:
        rows = session.execute(select(Invoice.id, Invoice.status, Invoice.total).where(Invoice.id.in_(ids))).all()
        corrected = Counter(session.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "corrected")))
    approved = _audit(ana, "approved")
    for invoice, status, total in rows:  # no lost update: what the trail says happened is what the row holds
        assert approved[invoice] <= 1 and corrected[invoice] <= 1
        assert (total == 999) == (corrected[invoice] == 1)
        assert (status == "approved") == (approved[invoice] == 1)
    _chain_whole(ana)


def test_two_desks_resolving_one_exception_at_once_close_it_once(desks: tuple[Store, Store]) -> None:
    ana, ben = desks
    ids = _invoices(ana, ROUNDS, status="needs_review", exceptions=("price_mismatch",))
    with ana.session() as session:
        items = list(session.scalars(select(ExceptionItem.id).where(ExceptionItem.invoice_id.in_(ids))))
    for item in items:
        results = _at_once(lambda: exceptions.resolve(ana, item, "Agreed by phone", "Ana"),
                           lambda: exceptions.resolve(ben, item, "Price confirmed", "Ben"))
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(lost) == 1, results
        assert isinstance(lost[0], BodeskError) and "already resolved by" in str(lost[0]), repr(lost[0])
    with ana.session() as session:
        resolved = Counter(session.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.action == "resolved", AuditEntry.entity == "exception")))
        still_open = session.scalar(select(func.count()).where(ExceptionItem.id.in_(items),
                                                               ExceptionItem.status == "open"))
    assert resolved == Counter({i: 1 for i in items}) and still_open == 0
    _chain_whole(ana)


def test_two_desks_correcting_one_invoice_at_once_one_correction_stands(desks: tuple[Store, Store]) -> None:
    ana, ben = desks
    ids = _invoices(ana, ROUNDS, status="needs_review")
    for invoice in ids:
        results = _at_once(lambda: correct_field(ana, invoice, "invoice_number", "A-1", actor="Ana"),
                           lambda: correct_field(ben, invoice, "invoice_number", "B-2", actor="Ben"))
        lost = [r for r in results if isinstance(r, Exception)]
        assert len(lost) <= 1, results
        with ana.session() as session:
            number = session.get_one(Invoice, invoice).invoice_number
            trail = list(session.scalars(select(AuditEntry.actor).where(
                AuditEntry.action == "corrected", AuditEntry.entity_id == invoice).order_by(AuditEntry.id)))
        if lost:  # both at once: the first saved stands, the other desk is told whose it is
            winner = "Ana" if number == "A-1" else "Ben"
            assert f"{winner} corrected the invoice number of this invoice a moment ago" in str(lost[0]), str(lost[0])
            assert trail == [winner]
        else:  # one after the other: both saved, in order, the last one stands
            assert len(trail) == 2 and number == ("A-1" if trail[-1] == "Ana" else "B-2")
    _chain_whole(ana)


def test_two_desks_opening_a_new_office_database_at_once_set_it_up_once(tmp_path: Path, pg_url: str) -> None:
    from bodesk.store.schema_people import User

    results = _at_once(lambda: open_store(Workspace.at(tmp_path / "ana", pg_url)),
                       lambda: open_store(Workspace.at(tmp_path / "ben", pg_url)))
    assert all(isinstance(r, Store) for r in results), results
    try:
        with results[0].session() as session:
            assert session.scalar(select(func.count()).select_from(User)) == 1
    finally:
        for store in results:
            store.close()


def test_a_desk_kept_waiting_too_long_for_another_desks_change_is_told_the_database_is_busy(
        desks: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    from bodesk.store import serial

    ana, ben = desks
    invoice = _invoices(ana, 1, status="matched")[0]
    monkeypatch.setattr(serial, "WAIT", "300ms")
    with ana.session() as session:  # Ana's desk is in the middle of a change (holds the writer's turn)
        session.get_one(Invoice, invoice).approver = "Ana"
        session.flush()
        with pytest.raises(BodeskError, match="busy with another desk's change"):
            approvals.approve(ben, invoice, by="Ben")
    with ana.session() as session:
        assert session.get_one(Invoice, invoice).status == "matched"
