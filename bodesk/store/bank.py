"""Bank statements imported into the workspace: each debit that pays a scheduled transfer marks its invoices
`paid` with the booking date; partial payments and lines that match nothing are kept for a person.
A booking is recorded once (by its fingerprint), so importing the same statement again changes nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from bodesk.core.reconcile import Match, OpenTransfer, reconcile
from bodesk.core.statements import StatementLine, read_statement
from bodesk.errors import BodeskError, describe_os_error
from bodesk.store import Store, audit
from bodesk.store.payments import status_audits, set_status
from bodesk.core.vocabulary import AuditAction, InvoiceStatus, StatementOutcome, TransferStatus
from bodesk.store.schema import AuditEntry, Invoice
from bodesk.store.schema_payments import BankStatement, BankStatementLine, PaymentItem, PaymentTransfer

CHUNK = 500


@dataclass(frozen=True)
class LineRecord:
    """What became of one statement line (the JSON record of `bodesk bank import`)."""

    booking_date: str
    amount: Decimal
    currency: str
    invoice_ids: tuple[int, ...]
    matched_by: str | None
    outcome: str
    note: str
    new: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "booking_date": self.booking_date, "amount": str(self.amount), "currency": self.currency,
            "invoice_id": self.invoice_ids[0] if self.invoice_ids else None, "invoice_ids": list(self.invoice_ids),
            "matched_by": self.matched_by, "outcome": self.outcome, "note": self.note, "new": self.new,
        }


@dataclass(frozen=True)
class StatementResult:
    file_format: str
    records: list[LineRecord]
    statement_id: int | None  # None when every line had been imported before

    @property
    def paid_invoices(self) -> list[int]:
        return sorted({i for r in self.records if r.new and r.outcome == StatementOutcome.PAID for i in r.invoice_ids})


def _open_transfers(session: Session) -> dict[int, OpenTransfer]:
    rows = list(session.scalars(select(PaymentTransfer).where(PaymentTransfer.status.in_((TransferStatus.SCHEDULED, TransferStatus.PARTIAL)))
                                .options(selectinload(PaymentTransfer.items))))
    all_ids = [i.invoice_id for t in rows for i in t.items]
    numbers: dict[int, str | None] = {}
    for start in range(0, len(all_ids), CHUNK):
        numbers.update(session.execute(select(Invoice.id, Invoice.invoice_number)
                                       .where(Invoice.id.in_(all_ids[start:start + CHUNK]))).all())
    out = {}
    for t in rows:
        ids = tuple(sorted(i.invoice_id for i in t.items))
        out[t.id] = OpenTransfer(t.id, t.end_to_end_id, t.iban, t.currency, Decimal(t.amount), ids,  # type: ignore[arg-type]
                                 tuple(numbers.get(i) or "" for i in ids), paid=Decimal(t.paid_amount))  # type: ignore[arg-type]
    return out


def _known(session: Session, keys: list[str]) -> dict[str, tuple[int | None, str | None, str, str]]:
    """Lines imported before, by key: (transfer id, matched by, outcome, note)."""
    known = {}
    for start in range(0, len(keys), CHUNK):
        for key, *rest in session.execute(
            select(BankStatementLine.line_key, BankStatementLine.transfer_id, BankStatementLine.matched_by,
                   BankStatementLine.outcome, BankStatementLine.note)
            .where(BankStatementLine.line_key.in_(keys[start:start + CHUNK]))
        ):
            known[key] = tuple(rest)
    return known  # type: ignore[return-value]


def import_statement(store: Store, path: Path, *, by: str) -> StatementResult:
    """Read a statement (camt.053, MT940 or CSV) and settle what it pays; a file that cannot be read changes
    nothing and raises `BodeskError` with a sentence."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise BodeskError(describe_os_error(exc, f"read {path}")) from exc
    file_format, lines = read_statement(data, Path(path).name)
    occurrences: Counter[tuple[Any, ...]] = Counter()
    keyed: list[tuple[str, StatementLine]] = []
    for line in lines:
        signature = (line.account, line.booking_date, line.amount, line.currency, line.end_to_end_id,
                     line.counterparty_iban, line.remittance, line.reference)
        occurrences[signature] += 1
        keyed.append((line.key(occurrences[signature]), line))
    now = datetime.now()
    with store.session() as session:
        known = _known(session, [k for k, _ in keyed])
        fresh = [(k, line) for k, line in keyed if k not in known]
        transfers = _open_transfers(session) if fresh else {}
        matches = dict(zip((k for k, _ in fresh), reconcile([l for _, l in fresh], list(transfers.values())), strict=True))
        statement_id = None
        if fresh:
            statement = BankStatement(sha256=hashlib.sha256(data).hexdigest(), file_name=Path(path).name,
                                      file_format=file_format, imported_at=now, imported_by=by, line_count=len(fresh))
            session.add(statement)
            session.flush()
            statement_id = statement.id
            _record(session, statement, matches, transfers, by, now)
        old_transfers = _items_of(session, [row[0] for row in known.values() if row[0]])
        records = []
        for key, line in keyed:
            if key in known:
                transfer_id, matched_by, outcome, note = known[key]
                records.append(LineRecord(line.booking_date.isoformat(), line.amount, line.currency,
                                          old_transfers.get(transfer_id or -1, ()), matched_by, outcome, note, False))
            else:
                m = matches[key]
                records.append(LineRecord(line.booking_date.isoformat(), line.amount, line.currency, m.invoice_ids,
                                          m.matched_by, m.outcome, m.note, True))
        return StatementResult(file_format, records, statement_id)


def _items_of(session: Session, transfer_ids: list[int]) -> dict[int, tuple[int, ...]]:
    items: dict[int, list[int]] = {}
    unique = sorted(set(transfer_ids))
    for start in range(0, len(unique), CHUNK):
        for transfer_id, invoice_id in session.execute(
            select(PaymentItem.transfer_id, PaymentItem.invoice_id).where(PaymentItem.transfer_id.in_(unique[start:start + CHUNK]))
        ):
            items.setdefault(transfer_id, []).append(invoice_id)
    return {t: tuple(sorted(ids)) for t, ids in items.items()}


def _record(session: Session, statement: BankStatement, matches: dict[str, Match], transfers: dict[int, OpenTransfer],
            by: str, now: datetime) -> None:
    session.execute(BankStatementLine.__table__.insert(), [{
        "statement_id": statement.id, "line_key": key, "booking_date": m.line.booking_date, "amount": m.line.amount,
        "currency": m.line.currency, "end_to_end_id": m.line.end_to_end_id, "counterparty_iban": m.line.counterparty_iban,
        "counterparty_name": m.line.counterparty_name, "remittance": m.line.remittance,
        "transfer_id": m.transfer.transfer_id if m.transfer else None, "matched_by": m.matched_by, "outcome": m.outcome,
        "note": m.note} for key, m in matches.items()])
    settled: dict[int, Match] = {}
    for m in matches.values():
        if m.transfer is not None:
            settled[m.transfer.transfer_id] = m  # the last line touching a transfer carries its final state
    changes, paid_by_day, audits = [], {}, []
    for transfer_id, m in settled.items():
        done = transfers[transfer_id].remaining <= 0
        changes.append({"id": transfer_id, "paid_amount": transfers[transfer_id].paid,
                        "status": TransferStatus.PAID if done else TransferStatus.PARTIAL, "paid_on": m.line.booking_date if done else None})
        if done:
            paid_by_day.setdefault(m.line.booking_date, []).extend(m.invoice_ids)
            audits += status_audits(list(m.invoice_ids), by, now, InvoiceStatus.SCHEDULED, InvoiceStatus.PAID,
                              f"paid {m.line.booking_date.isoformat()} ({m.transfer.end_to_end_id}, "  # type: ignore[union-attr]
                              f"matched by {m.matched_by})")
    if changes:
        session.execute(update(PaymentTransfer), changes)
    for day, ids in paid_by_day.items():
        set_status(session, ids, InvoiceStatus.PAID, now, paid_on=day)
    if audits:
        session.execute(AuditEntry.__table__.insert(), audits)
    counts = Counter(m.outcome for m in matches.values())
    audit.record(session, actor=by, action=AuditAction.IMPORTED, entity="bank_statement", entity_id=statement.id,
                 note=f"{statement.file_name} ({statement.file_format}): {len(matches)} new lines, "
                      + ", ".join(f"{n} {o}" for o, n in sorted(counts.items()))
                      + f"; {len(audits)} invoices paid")


def statement_lines(store: Store, *, open_only: bool = False) -> list[dict[str, Any]]:
    """`bodesk bank lines`: the imported statement lines (only those a person must look at with `open_only`:
    debits matched to nothing, and partial payments), newest first."""
    stmt = select(BankStatementLine, BankStatement.file_name).join(BankStatement).order_by(
        BankStatementLine.booking_date.desc(), BankStatementLine.id.desc())
    if open_only:
        stmt = stmt.where(BankStatementLine.outcome.in_((StatementOutcome.UNMATCHED, StatementOutcome.PARTIAL)))
    with store.session() as session:
        rows = session.execute(stmt).all()
        items = _items_of(session, [line.transfer_id for line, _ in rows if line.transfer_id])
    return [{
        "id": line.id, "statement": name, "booking_date": line.booking_date.isoformat(), "amount": str(line.amount),
        "currency": line.currency, "counterparty": line.counterparty_name or line.counterparty_iban,
        "remittance": line.remittance, "end_to_end_id": line.end_to_end_id, "outcome": line.outcome,
        "matched_by": line.matched_by, "invoice_ids": list(items.get(line.transfer_id or -1, ())), "note": line.note,
    } for line, name in rows]
