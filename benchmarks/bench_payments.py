"""Payments speed on a real SQLite workspace: a proposal and its SEPA file for 5,000 approved invoices from
500 vendors (discounts, credit notes, a few untrusted accounts), the batch confirmed and written, then a
camt.053 statement of 10,000 lines (every transfer's debit, the rest other bookings) reconciled.

Targets: proposal + SEPA file under 2 s; statement of 10,000 lines reconciled under 5 s. Wall-clock and CPU
time are both printed: on a machine shared with other work the CPU time is the steadier figure. Best of three for
the proposal (it changes nothing); the statement is imported once into the confirmed batch, then again
(which must change nothing). Not a timed assert: `make bench-payments` prints the figures.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from schwifty import IBAN
from sqlalchemy import func, insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bodesk.core import bankfiles  # noqa: E402
from bodesk.core.terms import parse_terms  # noqa: E402
from bodesk.paths import Workspace  # noqa: E402
from bodesk.store import open_store  # noqa: E402
from bodesk.store.bank import import_statement  # noqa: E402
from bodesk.store.payments import confirm, make_proposal, office_from  # noqa: E402
from bodesk.store.settings import change  # noqa: E402
from bodesk.store.schema import AuditEntry, Document, Invoice, Vendor, VendorIban  # noqa: E402
from bodesk.store.schema_payments import PaymentTransfer  # noqa: E402
from tests.payments.bankdata import Booking, camt053  # noqa: E402

TODAY = date(2026, 12, 1)
HORIZON = date(2026, 12, 14)
VENDORS, INVOICES, STATEMENT_LINES = 500, 5000, 10_000
SKONTO = parse_terms("2 % Skonto bei Zahlung innerhalb von 10 Tagen, 30 Tage netto").to_json()


def fill(store, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 20)
    with store.session() as session:
        session.execute(insert(Vendor), [{"id": v, "name": f"Vendor {v:03d} GmbH", "verified": True, "created_at": now}
                                         for v in range(1, VENDORS + 1)])
        session.execute(insert(VendorIban), [{
            "vendor_id": v, "iban": str(IBAN.generate("DE", bank_code="37040044", account_code=f"{v:010d}")),
            "trusted_since": None if v % 97 == 0 else now} for v in range(1, VENDORS + 1)])
        ibans = dict(session.execute(select(VendorIban.vendor_id, VendorIban.iban)).all())
        session.execute(insert(Document), [{
            "id": n, "sha256": f"{n:064x}", "original_name": f"inv-{n}.pdf", "stored_path": f"x/{n}.pdf", "size": 1,
            "kind": "pdf", "source_kind": "cli", "source_ref": f"inv-{n}.pdf", "received_at": now}
            for n in range(1, INVOICES + 1)])
        rows = []
        for n in range(1, INVOICES + 1):
            vendor = n % VENDORS + 1
            credit = n % 50 == 0
            total = Decimal(-rng.randint(1000, 5000)) / 100 if credit else Decimal(rng.randint(5000, 500000)) / 100
            invoice_date = TODAY - timedelta(days=rng.randint(0, 40))
            skonto = not credit and n % 4 == 0
            rows.append({
                "id": n, "document_id": n, "vendor_id": vendor, "status": "approved",
                "vendor_name": f"Vendor {vendor:03d} GmbH", "iban": ibans[vendor], "invoice_number": f"R-{n:06d}",
                "invoice_date": invoice_date, "due_date": None if credit else invoice_date + timedelta(days=30),
                "currency": "EUR", "total": total, "document_type": "credit_note" if credit else "invoice",
                "payment_terms": SKONTO if skonto else None,
                "discount_until": invoice_date + timedelta(days=10) if skonto else None,
                "discount_amount": (total * 2 / 100).quantize(Decimal("0.01")) if skonto else None,
                "search_text": "", "confidence": {}, "evidence": {}, "errors": [], "created_at": now, "updated_at": now,
            })
        session.execute(insert(Invoice), rows)
        session.add_all(AuditEntry(at=now, actor="Founder", action="approved", entity="invoice", entity_id=n,
                                   field="status", old_value="extracted", new_value="approved")
                        for n in range(1, INVOICES + 1))
        from bodesk.store.audit import record

        record(session, actor="bench", action="filled", entity="workspace", entity_id=0)


def statement(store, rng: random.Random) -> bytes:  # type: ignore[no-untyped-def]
    with store.session() as session:
        transfers = session.execute(select(PaymentTransfer.end_to_end_id, PaymentTransfer.amount, PaymentTransfer.iban,
                                           PaymentTransfer.remittance)).all()
    bookings = [Booking(-Decimal(a), end_to_end_id=e, iban=i, remittance=r) for e, a, i, r in transfers]
    while len(bookings) < STATEMENT_LINES:
        n = len(bookings)
        amount = Decimal(rng.randint(100, 900000)) / 100
        bookings.append(Booking(amount if n % 3 == 0 else -amount, iban=f"DE{n:020d}", name=f"Other {n}",
                                remittance=f"Ref {n}"))
    rng.shuffle(bookings)
    return camt053(bookings)


def main() -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace.at(Path(tmp) / "ws").ensure()
        store = open_store(workspace)
        settings = change(store, {"office.name": "Bench GmbH", "office.iban": "DE02120300000000202051",
                                  "office.bic": "BYLADEM1001"}, by="bench")
        fill(store, rng)

        times, cpu = [], []
        for _ in range(3):
            start, start_cpu = time.perf_counter(), time.process_time()
            proposal = make_proposal(store, HORIZON, today=TODAY, file_format="sepa")
            xml = bankfiles.sepa_xml(proposal.transfers, office_from(settings))
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        paid = sum(1 for line in proposal.lines if line.paid)
        print(f"proposal + SEPA file: {INVOICES} approved invoices, {VENDORS} vendors -> {paid} items paid in "
              f"{len(proposal.transfers)} transfers, {len(proposal.blocked)} blocked, {len(xml) // 1024} KB pain.001: "
              f"best {min(times):.2f} s, {min(cpu):.2f} s of CPU (runs: {', '.join(f'{t:.2f}' for t in times)}; target < 2 s)")

        start = time.perf_counter()
        result = confirm(store, proposal, by="bench", file_format="sepa", out=Path(tmp) / "batch.xml")
        print(f"batch confirmed and written (invoices scheduled, audited): {time.perf_counter() - start:.2f} s "
              f"({result.transfers} transfers, {result.invoices} items)")

        path = Path(tmp) / "statement.xml"
        path.write_bytes(statement(store, rng))
        start, start_cpu = time.perf_counter(), time.process_time()
        imported = import_statement(store, path, by="bench")
        took, took_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        settled = sum(1 for r in imported.records if r.outcome == "paid")
        print(f"statement of {len(imported.records)} lines reconciled: {took:.2f} s, {took_cpu:.2f} s of CPU ({settled} transfers paid, "
              f"{len(imported.paid_invoices)} invoices marked paid; target < 5 s)")
        with store.session() as session:
            audits = session.scalar(select(func.count(AuditEntry.id)))
        start = time.perf_counter()
        again = import_statement(store, path, by="bench")
        took = time.perf_counter() - start
        with store.session() as session:
            unchanged = session.scalar(select(func.count(AuditEntry.id))) == audits
        print(f"same statement again: {took:.2f} s, {sum(r.new for r in again.records)} new lines, "
              f"audit trail {'unchanged' if unchanged else 'CHANGED'}")
        store.close()


if __name__ == "__main__":
    main()
