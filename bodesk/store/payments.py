"""Payments in the workspace: payables gathered for a proposal, batches confirmed (invoices `scheduled`),
bank files written once (again only on request, audited), and the at-a-glance figures of the Payables tab.

Terms and discounts are stored on each invoice when it is read (`apply_terms`).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from bodesk.core import bankfiles
from bodesk.core.people import Role
from bodesk.core.payables import OpenItem, Overview, overview
from bodesk.core.payments import Payable, Proposal, propose
from bodesk.core.terms import PaymentTerms, merge, terms_from_vendor
from bodesk.core.vocabulary import AuditAction, DocumentType, InvoiceStatus, TransferStatus
from bodesk.errors import BodeskError, describe_os_error
from bodesk.settings import Settings
from bodesk.store import Store, audit
from bodesk.store.schema import AuditEntry, Invoice, Vendor, VendorIban
from bodesk.store.schema_payments import PaymentBatch, PaymentItem, PaymentTransfer

BATCH_ENTITY = "payment_batch"
#: Who may confirm a payment batch (and write its file again).
CONFIRMING_ROLES = (Role.OFFICE_MANAGER, Role.FOUNDER, Role.ADMIN)


def confirmer(store: Store, name: str | None) -> str:
    """The person confirming a batch, as the office's people spell them; a sentence if they may not."""
    from bodesk.store.people import resolve

    person = resolve(store, name)
    if not any(person.has(role) for role in CONFIRMING_ROLES):
        raise BodeskError(f"{person.name} may not confirm payments; the office manager, the founder or an admin can.")
    return person.name


# --- terms ---------------------------------------------------------------------------------------------

def apply_terms(session: Session, invoice: Invoice, printed: PaymentTerms | None) -> None:
    """Store the invoice's terms (its own first, then its vendor's), its due date when none was printed,
    and its best early-payment discount. A negative total makes it a credit note."""
    if invoice.total is not None and invoice.total < 0:
        invoice.document_type = DocumentType.CREDIT_NOTE
    vendor = session.get(Vendor, invoice.vendor_id) if invoice.vendor_id else None
    terms = merge(printed or PaymentTerms(), terms_from_vendor(vendor.payment_terms_days if vendor else None))
    invoice.payment_terms = terms.to_json() if terms else None
    if invoice.due_date is None and invoice.document_type != DocumentType.CREDIT_NOTE:
        invoice.due_date = terms.due(invoice.invoice_date)
    steps = terms.schedule(invoice.invoice_date, invoice.total)
    best = max(steps, key=lambda s: s.amount) if steps else None
    invoice.discount_until = best.until if best else None
    invoice.discount_amount = best.amount if best else None


def link_credited_invoice(session: Session, credit_note: Invoice, references: list[str]) -> int | None:
    """Link a credit note to the invoice of the same vendor whose number it mentions; returns that invoice's id."""
    if not references or credit_note.vendor_id is None and not credit_note.vendor_name:
        return None
    same_vendor = (Invoice.vendor_id == credit_note.vendor_id) if credit_note.vendor_id else (
        Invoice.vendor_name == credit_note.vendor_name)
    mentioned = {r.upper() for r in references} - {(credit_note.invoice_number or "").upper()}
    candidates = session.execute(select(Invoice.id, Invoice.invoice_number).where(
        same_vendor, Invoice.id != credit_note.id, Invoice.document_type == DocumentType.INVOICE,
        Invoice.invoice_number.is_not(None)).order_by(Invoice.id.desc())).all()
    for invoice_id, number in candidates:
        if number.upper() in mentioned:
            credit_note.credited_invoice_id = invoice_id
            return invoice_id
    return None


# --- the proposal --------------------------------------------------------------------------------------

def office_from(settings: Settings) -> bankfiles.Office:
    return bankfiles.Office(settings["office.name"], settings["office.iban"], settings["office.bic"] or None)


def _latest(session: Session, action: str, ids: list[int], field: str | None = None) -> dict[int, datetime]:
    stmt = select(AuditEntry.entity_id, func.max(AuditEntry.at)).where(
        AuditEntry.entity == "invoice", AuditEntry.action == action
    ).group_by(AuditEntry.entity_id)
    if field:
        stmt = stmt.where(AuditEntry.field == field)
    return {i: at for i, at in session.execute(stmt) if i in ids}


def gather(store: Store) -> list[Payable]:
    """Every approved invoice and credit note, with what the proposal needs to know about its bank details."""
    with store.session() as session:
        invoices = list(session.scalars(select(Invoice).where(Invoice.status == InvoiceStatus.APPROVED)))
        ids = [i.id for i in invoices]
        id_set = set(ids)
        approved_at = _latest(session, AuditAction.APPROVED, id_set)  # type: ignore[arg-type]
        iban_edited = _latest(session, AuditAction.CORRECTED, id_set, "iban")  # type: ignore[arg-type]
        trusted: dict[int, dict[str, datetime]] = {}
        for vendor_id, iban, since in session.execute(
            select(VendorIban.vendor_id, VendorIban.iban, VendorIban.trusted_since).where(VendorIban.trusted_since.is_not(None))
        ):
            trusted.setdefault(vendor_id, {})[iban] = since
        names = dict(session.execute(select(Vendor.id, Vendor.name)).all())
    out = []
    for inv in invoices:
        accounts = trusted.get(inv.vendor_id or -1, {})
        iban = (inv.iban or "").replace(" ", "").upper() or (next(iter(accounts)) if len(accounts) == 1 else None)
        approved = approved_at.get(inv.id)
        changed = None
        if approved and iban in accounts and accounts[iban] > approved:
            changed = (f"The IBAN {iban} was trusted on {accounts[iban]:%Y-%m-%d}, after the invoice was approved on "
                       f"{approved:%Y-%m-%d}; have it approved again before paying.")
        elif approved and inv.id in iban_edited and iban_edited[inv.id] > approved:
            changed = (f"The IBAN was changed on {iban_edited[inv.id]:%Y-%m-%d}, after the invoice was approved; "
                       "have it approved again before paying.")
        terms = PaymentTerms.from_json(inv.payment_terms)
        kind = DocumentType.CREDIT_NOTE if inv.document_type == DocumentType.CREDIT_NOTE or (
            inv.total is not None and inv.total < 0) else DocumentType.INVOICE
        total = inv.total if kind == DocumentType.INVOICE or inv.total is None else -abs(inv.total)
        out.append(Payable(
            invoice_id=inv.id,
            vendor_key=str(inv.vendor_id) if inv.vendor_id else f"name:{(inv.vendor_name or '').lower()}",
            vendor_name=names.get(inv.vendor_id, inv.vendor_name) or inv.vendor_name or "(no vendor)",
            invoice_number=inv.invoice_number,
            kind=kind,
            currency=inv.currency,
            total=total,
            due_date=inv.due_date,
            iban=iban,
            iban_trusted=iban in accounts,
            iban_changed=changed,
            discounts=tuple(terms.schedule(inv.invoice_date, total)) if kind == DocumentType.INVOICE else (),
        ))
    return out


def make_proposal(store: Store, horizon: date, *, today: date | None = None, file_format: str | None = None,
                  excluded: frozenset[int] = frozenset(), pay_on: dict[int, date] | None = None,
                  payables: list[Payable] | None = None) -> Proposal:
    settings = store.settings
    file_format = file_format or settings["payments.file_format"]
    return propose(
        payables if payables is not None else gather(store), horizon=horizon, today=today or date.today(),
        excluded=excluded, pay_on=pay_on, currencies=bankfiles.currencies_for(file_format),
        file_name="SEPA" if file_format == "sepa" else file_format.upper(),
    )


# --- batches -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchResult:
    batch_id: int
    transfers: int
    invoices: int
    totals: dict[str, Decimal]
    path: Path | None


def confirm(store: Store, proposal: Proposal, *, by: str, file_format: str, out: Path | None = None) -> BatchResult:
    """Turn the proposal's selected items into a batch (their invoices become `scheduled`) and, when `out` is
    given, write its bank file; all or nothing."""
    by = (by or "").strip()
    if not by:
        raise BodeskError("Confirming a payment batch needs the name of the person confirming it.")
    if not proposal.transfers:
        raise BodeskError("Nothing in the proposal can be paid; there is no batch to confirm.")
    settings = store.settings
    if file_format not in bankfiles.FORMATS:
        raise BodeskError(f"{file_format} is not a bank file format; use sepa or csv.")
    if file_format == "sepa":
        office_from(settings).check()  # before anything is recorded
    now = datetime.now()
    with store.session() as session:
        batch = PaymentBatch(created_at=now, created_by=by, horizon=proposal.horizon, file_format=file_format,
                             sepa_version=settings["payments.sepa_version"] if file_format == "sepa" else None, write_count=0)
        session.add(batch)
        ids = [line.payable.invoice_id for t in proposal.transfers for line in t.lines]
        current = dict(session.execute(select(Invoice.id, Invoice.status).where(Invoice.id.in_(ids))).all())
        stale = [i for i in ids if current.get(i) != InvoiceStatus.APPROVED]
        if stale:
            raise BodeskError(f"Invoice{'s' if len(stale) > 1 else ''} {', '.join(map(str, stale[:10]))} "
                              "changed since the proposal was made; make the proposal again.")
        session.flush()
        taken = _taken_end_to_end_ids(session, [t.end_to_end_id for t in proposal.transfers])
        for t in proposal.transfers:
            # EndToEndIds name the first invoice; one paid again in a later batch gets the batch number too.
            e2e = t.end_to_end_id if t.end_to_end_id not in taken else f"{t.end_to_end_id}-B{batch.id}"[:35]
            row = PaymentTransfer(vendor_name=t.vendor_name, iban=t.iban, bic=t.bic, currency=t.currency,
                                  amount=t.amount, pay_on=t.pay_on, end_to_end_id=e2e,
                                  remittance=t.remittance, status=TransferStatus.SCHEDULED, paid_amount=Decimal("0"))
            row.items = [PaymentItem(invoice_id=l.payable.invoice_id, amount=l.amount, discount=l.discount) for l in t.lines]
            batch.transfers.append(row)
        session.flush()
        set_status(session, ids, InvoiceStatus.SCHEDULED, now)
        session.execute(AuditEntry.__table__.insert(), status_audits(ids, by, now, InvoiceStatus.APPROVED, InvoiceStatus.SCHEDULED,
                                                    f"in payment batch {batch.id}"))
        totals = _totals(batch)
        audit.record(session, actor=by, action=AuditAction.CONFIRMED, entity=BATCH_ENTITY, entity_id=batch.id,
                     note=f"{len(batch.transfers)} transfers, {len(ids)} items: "
                          + ", ".join(f"{v} {c}" for c, v in totals.items()))
        path = _write(session, batch, out, by, settings, again=False) if out is not None else None
        return BatchResult(batch.id, len(batch.transfers), len(ids), totals, path)


CHUNK = 500


def _taken_end_to_end_ids(session: Session, wanted: list[str]) -> set[str]:
    taken: set[str] = set()
    for start in range(0, len(wanted), CHUNK):
        taken.update(session.scalars(select(PaymentTransfer.end_to_end_id)
                                     .where(PaymentTransfer.end_to_end_id.in_(wanted[start:start + CHUNK]))))
    return taken


def set_status(session: Session, ids: list[int], status: str, now: datetime, **values: Any) -> None:
    """Move invoices to `status` in one statement per chunk of ids."""
    for start in range(0, len(ids), CHUNK):
        session.execute(update(Invoice).where(Invoice.id.in_(ids[start:start + CHUNK]))
                        .values(status=status, updated_at=now, **values))


def status_audits(ids: list[int], by: str, now: datetime, old: str, new: str, note: str) -> list[dict[str, Any]]:
    """Status changes of many invoices, as rows for one bulk insert (sealed with the rest before commit)."""
    return [{"at": now, "actor": by, "action": AuditAction(new), "entity": "invoice", "entity_id": i, "field": "status",
             "old_value": old, "new_value": new, "note": note} for i in ids]


def _totals(batch: PaymentBatch) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for t in batch.transfers:
        totals[t.currency] = totals.get(t.currency, Decimal("0.00")) + Decimal(t.amount)  # type: ignore[arg-type]
    return totals


def _write(session: Session, batch: PaymentBatch, out: Path, by: str, settings: Settings, *, again: bool) -> Path:
    if batch.write_count and not again:
        raise BodeskError(f"Payment batch {batch.id} was already written to {batch.file_name} on "
                          f"{batch.written_at:%Y-%m-%d %H:%M}; write it again only on purpose (--again), so the bank "
                          "does not pay twice.")
    data = bankfiles.bank_file(batch.transfers, office_from(settings), batch.file_format,  # type: ignore[arg-type]
                               version=batch.sepa_version or bankfiles.DEFAULT_SEPA_VERSION)
    out = Path(out)
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(data)
    except OSError as exc:
        raise BodeskError(describe_os_error(exc, f"write the bank file {out}")) from exc
    sha = hashlib.sha256(data).hexdigest()
    action = AuditAction.RE_EXPORTED if batch.write_count else AuditAction.EXPORTED
    batch.file_name, batch.file_sha256, batch.written_at = str(out), sha, datetime.now()
    batch.write_count += 1
    audit.record(session, actor=by, action=action, entity=BATCH_ENTITY, entity_id=batch.id, field="file",
                 new=out.name, note=f"{batch.file_format} file, sha256 {sha[:12]}")
    try:
        session.flush()
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out


def write_again(store: Store, batch_id: int, out: Path, *, by: str) -> Path:
    """Write an existing batch's bank file again, on purpose (audited as a re-export)."""
    settings = store.settings
    with store.session() as session:
        batch = session.get(PaymentBatch, batch_id)
        if batch is None:
            raise BodeskError(f"Payment batch {batch_id} does not exist.")
        return _write(session, batch, out, by, settings, again=True)


def batch_records(store: Store) -> list[dict[str, Any]]:
    """`bodesk payments list --json`: one record per batch, with its transfers and invoices."""
    with store.session() as session:
        batches = session.scalars(select(PaymentBatch).options(
            selectinload(PaymentBatch.transfers).selectinload(PaymentTransfer.items)).order_by(PaymentBatch.id))
        out = []
        for b in batches:
            states = {t.status for t in b.transfers}
            out.append({
                "id": b.id, "created_at": b.created_at.isoformat(timespec="seconds"), "created_by": b.created_by,
                "format": b.file_format, "file": b.file_name, "written": b.write_count,
                "state": _batch_state(states),
                "totals": {c: str(v) for c, v in _totals(b).items()},
                "transfers": [{
                    "end_to_end_id": t.end_to_end_id, "vendor_name": t.vendor_name, "iban": t.iban,
                    "currency": t.currency, "amount": str(t.amount), "pay_on": t.pay_on.isoformat(),
                    "status": t.status, "paid_amount": str(t.paid_amount),
                    "paid_on": t.paid_on.isoformat() if t.paid_on else None,
                    "invoice_ids": sorted(i.invoice_id for i in t.items),
                } for t in b.transfers],
            })
        return out


def _batch_state(states: set[str]) -> str:
    if states == {TransferStatus.PAID}:
        return "paid"
    if states & {TransferStatus.PAID, TransferStatus.PARTIAL}:
        return "partly paid"
    return "scheduled"


# --- at a glance ---------------------------------------------------------------------------------------

def glance(store: Store, today: date | None = None, spend_since: date | None = None) -> Overview:
    """Due this week and next, overdue, discounts expiring, aging and spend by vendor (the last 12 months)."""
    today = today or date.today()
    since = spend_since or date(today.year - 1, today.month, min(today.day, 28))
    open_states = (InvoiceStatus.APPROVED, InvoiceStatus.SCHEDULED)
    with store.session() as session:
        rows = session.execute(select(
            Invoice.id, Invoice.vendor_name, Invoice.document_type, Invoice.currency, Invoice.total, Invoice.due_date,
            Invoice.discount_until, Invoice.discount_amount, Invoice.status, Invoice.invoice_date,
        ).where(Invoice.status.in_((*open_states, InvoiceStatus.PAID)), Invoice.total.is_not(None))).all()
    items, spend = [], []
    for r in rows:
        if r.status in open_states:
            items.append(OpenItem(r.id, r.vendor_name or "", r.document_type, r.currency or "", r.total, r.due_date,
                                  r.discount_until, r.discount_amount))
        if r.invoice_date is None or r.invoice_date >= since:
            spend.append((r.vendor_name or "(no vendor)", r.currency or "", r.total))
    return overview(items, spend, today)
