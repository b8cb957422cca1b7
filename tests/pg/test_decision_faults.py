"""A connection the server drops while an approval or a rejection is being written: recorded fully
or not at all, the person gets a sentence, and trying again records it once."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk.errors import EnvironmentProblem
from bodesk.paths import Workspace
from bodesk.store import approvals, open_store
from bodesk.store.audit_chain import verify
from bodesk.store.schema import AuditEntry, ExceptionItem, Invoice
from bodesk.store.schema_desks import DocumentBlob
from tests.pg.faults import connection_dropped_at
from tests.pg.server import PgServer
from tests.store.conftest import add_invoice

#: Each statement of an approval's transaction, in the order it runs, and the commit's notification.
CUTS = [r"^SELECT .*\sFROM invoices", r"^UPDATE invoices SET status", r"^INSERT INTO audit_entries",
        r"^UPDATE audit_entries SET seal", r"^COMMIT$"]


def _trail(session, invoice: int) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(e.action, e.new_value) for e in session.scalars(
        select(AuditEntry).where(AuditEntry.entity == "invoice", AuditEntry.entity_id == invoice).order_by(AuditEntry.id))]


@pytest.mark.parametrize("cut", CUTS, ids=["reading", "status", "audit", "seal", "committing"])
def test_an_approval_cut_off_is_recorded_wholly_or_not_at_all_and_a_retry_records_it_once(
        tmp_path: Path, pg_server: PgServer, pg_url: str, cut: str) -> None:
    store = open_store(Workspace.at(tmp_path / "desk", pg_url))
    try:
        with store.session() as session:
            session.add(DocumentBlob(sha256=f"{1:064x}", content=b"%PDF"))
        invoice = add_invoice(store, 1, status="matched")
        with connection_dropped_at(store, pg_server, cut) as dropped:
            with pytest.raises(EnvironmentProblem, match="connection to the office database was lost"):
                approvals.approve(store, invoice, by="Founder")
        assert dropped
        with store.session() as session:
            assert session.get_one(Invoice, invoice).status == "matched"
            assert ("approved", "approved") not in _trail(session, invoice)
        assert approvals.approve(store, invoice, by="Founder") == "approved"
        with store.session() as session:
            row = session.get_one(Invoice, invoice)
            assert (row.status, row.version) == ("approved", 2)
            assert _trail(session, invoice).count(("approved", "approved")) == 1
        with store.engine.connect() as conn:
            assert verify(conn).intact
    finally:
        store.close()


def test_a_rejection_cut_off_closes_no_exception_and_a_retry_closes_them_with_it(
        tmp_path: Path, pg_server: PgServer, pg_url: str) -> None:
    store = open_store(Workspace.at(tmp_path / "desk", pg_url))
    try:
        with store.session() as session:
            session.add(DocumentBlob(sha256=f"{1:064x}", content=b"%PDF"))
        invoice = add_invoice(store, 1, status="needs_review", exceptions=("price_mismatch", "no_po"))
        # The invoice's status is written first, then its two exceptions are closed: cut there.
        with connection_dropped_at(store, pg_server, r"^UPDATE exceptions SET"):
            with pytest.raises(EnvironmentProblem):
                approvals.reject(store, invoice, by="Founder", note="Not ours")
        with store.session() as session:
            assert session.get_one(Invoice, invoice).status == "needs_review"
            assert set(session.scalars(select(ExceptionItem.status).where(ExceptionItem.invoice_id == invoice))) == {"open"}
        approvals.reject(store, invoice, by="Founder", note="Not ours")
        with store.session() as session:
            assert session.get_one(Invoice, invoice).status == "rejected"
            assert set(session.scalars(select(ExceptionItem.status).where(ExceptionItem.invoice_id == invoice))) == {"resolved"}
            assert _trail(session, invoice).count(("rejected", "rejected")) == 1
    finally:
        store.close()
