"""The decision step for one invoice: gather its facts in a few queries, run `core.decisions.decide`,
write the outcome (exceptions, status, the PO match, the approver) and explain it in the audit trail.

Used by the import pipeline after extraction, after a person resolves an exception, and after
purchase orders or receipts are imported. Running it again is safe: an open exception whose cause is
gone is closed by bodesk, one that still applies keeps its id (and assignee), and a kind a person
already accepted on the invoice is not raised again.
"""

from __future__ import annotations

import logging

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bodesk.core.checks import EarlierInvoice, VendorFacts
from bodesk.core.decisions import APPROVED, Decision, Rules, decide
from bodesk.core.matching import normalise_po
from bodesk.core.records import ExtractionResult, LineItem
from bodesk.core.vocabulary import AuditAction, ExceptionStatus, Resolution
from bodesk.store import Store, audit
from bodesk.store.db import savepoint
from bodesk.store.transitions import close_exception
from bodesk.store.purchasing import orders_for_matching
from bodesk.store.schema import ExceptionItem, Invoice, InvoiceStatus, Vendor
from bodesk.store.vendors import create_unverified, find_vendor

log = logging.getLogger(__name__)

#: Statuses in which checks may still change an invoice (not once a person decided on it).
OPEN_STATUSES = (InvoiceStatus.EXTRACTED, InvoiceStatus.NEEDS_REVIEW, InvoiceStatus.MATCHED)
#: Resolution actions that settle a kind for good on an invoice (it is not raised again).
SETTLING = (Resolution.ACCEPT, Resolution.UPDATE_PO, Resolution.TRUST_BANK, Resolution.VERIFY_VENDOR)


def load_rules(store: Store) -> Rules:
    """The workspace's rules with its people (limits, managers, stand-ins) for routing."""
    from bodesk.store.people import people

    return Rules.from_settings(store.settings, people(store))


def as_result(invoice: Invoice) -> ExtractionResult:
    """An invoice row (with people's corrections) as the record the checks read."""
    return ExtractionResult(
        source="", method=invoice.method or "text",  # type: ignore[arg-type]
        vendor_name=invoice.vendor_name, vendor_tax_id=invoice.vendor_tax_id, iban=invoice.iban,
        invoice_number=invoice.invoice_number, invoice_date=invoice.invoice_date, due_date=invoice.due_date,
        currency=invoice.currency, subtotal=invoice.subtotal, tax=invoice.tax, total=invoice.total,
        po_number=invoice.po_number,
        line_items=[LineItem(li.description, li.quantity, li.unit_price, li.amount) for li in invoice.lines],
        confidence=dict(invoice.confidence or {}),
    )


def vendor_facts(vendor: Vendor | None) -> VendorFacts | None:
    if vendor is None:
        return None
    trusted = frozenset(i.iban for i in vendor.ibans if i.trusted_since is not None)
    return VendorFacts(vendor.name, trusted, vendor.verified, vendor.id, vendor.default_approver, vendor.category,
                       vendor.payment_terms_days)


def decide_invoice(session: Session, invoice_id: int, rules: Rules, *, actor: str = audit.SYSTEM_ACTOR,
                   today: date | None = None, cause: str = AuditAction.CHECKED) -> Decision | None:
    """Run the checks on one invoice and write the outcome; None when its status is past deciding."""
    invoice = session.get_one(Invoice, invoice_id)
    if invoice.status not in OPEN_STATUSES:
        return None
    result = as_result(invoice)
    vendor = find_vendor(session, invoice.vendor_name, invoice.vendor_tax_id)
    if vendor is None and invoice.vendor_name:
        vendor = create_unverified(session, invoice.vendor_name, invoice.vendor_tax_id, invoice.iban, invoice_id=invoice_id)
    invoice.vendor_id = vendor.id if vendor else None
    same_number, similar = _earlier(session, invoice, rules.possible_duplicate_days)
    by_number, vendor_orders = orders_for_matching(session, invoice.po_number, invoice.vendor_id, invoice_id)
    wanted = normalise_po(invoice.po_number) if invoice.po_number else None
    items = list(session.scalars(select(ExceptionItem).where(ExceptionItem.invoice_id == invoice_id)))
    settled = frozenset(i.kind for i in items if i.status == ExceptionStatus.RESOLVED and i.action in SETTLING)
    decision = decide(
        result,
        vendor=vendor_facts(vendor),
        same_number=same_number,
        similar=similar,
        order_by_number=lambda n: by_number if n == wanted else None,
        vendor_orders=vendor_orders,
        rules=rules,
        today=today or date.today(),
        settled=settled,
        touched=any(i.resolved_by and i.resolved_by != audit.SYSTEM_ACTOR for i in items)
        or _payment_corrected(session, invoice_id),
    )
    _write(session, invoice, decision, items, actor=actor, cause=cause)
    return decision


def _payment_corrected(session: Session, invoice_id: int) -> bool:
    """Whether a person changed what is paid or to whom: then a person approves it, never bodesk alone."""
    from bodesk.store.invoices import PAYMENT_FIELDS
    from bodesk.store.schema import AuditEntry

    return session.scalar(
        select(AuditEntry.id).where(AuditEntry.entity == "invoice", AuditEntry.entity_id == invoice_id,
                                    AuditEntry.action == AuditAction.CORRECTED, AuditEntry.field.in_(PAYMENT_FIELDS),
                                    AuditEntry.actor != audit.SYSTEM_ACTOR).limit(1)
    ) is not None


def _earlier(session: Session, invoice: Invoice, days: int) -> tuple[EarlierInvoice | None, list[EarlierInvoice]]:
    """Invoices received before this one with its vendor and number, or with its vendor and total."""
    if not invoice.vendor_name:
        return None, []
    cols = (Invoice.id, Invoice.invoice_number, Invoice.invoice_date, Invoice.total)
    same_vendor = (Invoice.id < invoice.id, func.lower(Invoice.vendor_name) == invoice.vendor_name.lower())
    same_number = None
    if invoice.invoice_number:
        row = session.execute(
            select(*cols).where(*same_vendor, Invoice.invoice_number == invoice.invoice_number).order_by(Invoice.id).limit(1)
        ).first()
        same_number = EarlierInvoice(*row) if row else None
    similar: list[EarlierInvoice] = []
    if same_number is None and invoice.total is not None:
        stmt = select(*cols).where(*same_vendor, Invoice.total == invoice.total).order_by(Invoice.id.desc()).limit(20)
        if invoice.invoice_date:
            stmt = stmt.where(Invoice.invoice_date.between(invoice.invoice_date - timedelta(days=days),
                                                           invoice.invoice_date + timedelta(days=days)))
        similar = [EarlierInvoice(*row) for row in session.execute(stmt)]
    return same_number, similar


def _write(session: Session, invoice: Invoice, decision: Decision, items: list[ExceptionItem], *, actor: str, cause: str) -> None:
    now = datetime.now()
    open_items = {i.kind: i for i in items if i.status == ExceptionStatus.OPEN}
    for finding in decision.findings:
        item = open_items.pop(finding.kind, None)
        if item is None:
            item = ExceptionItem(invoice_id=invoice.id, kind=finding.kind, detail=finding.detail, created_at=now)
            session.add(item)
            session.flush()
            audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.RAISED, entity="exception", entity_id=item.id,
                         new=finding.kind, note=f"Invoice #{invoice.id}: {finding.detail}")
        elif item.detail != finding.detail:
            audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.RECHECKED, entity="exception", entity_id=item.id,
                         field="detail", old=item.detail, new=finding.detail)
            item.detail = finding.detail
    for item in open_items.values():  # its cause is gone
        close_exception(session, item, by=audit.SYSTEM_ACTOR, action=Resolution.RECHECK,
                        resolution="No longer applies when checked again.",
                        note=f"{item.kind}: no longer applies when checked again", when=now)
    match = decision.match
    invoice.po_id = match.order.id if match else None
    paired = dict(match.pairs) if match else {}
    for i, line in enumerate(invoice.lines):
        line.po_line_id = paired.get(i)
    if decision.route:  # a chain already under way stays at the step it reached
        from bodesk.store.authority import current_approver

        invoice.approver = current_approver(session, invoice.id, decision.route)
    else:
        invoice.approver = decision.approver
    old = invoice.status
    how = ""
    if match is not None and match.how == "open_amount":
        how = " (found by vendor and open amount; the invoice quotes no PO number)"
    if decision.status == APPROVED:
        invoice.status = InvoiceStatus.MATCHED
        audit.record(session, actor=audit.SYSTEM_ACTOR, action=cause, entity="invoice", entity_id=invoice.id,
                     field="status", old=old, new=InvoiceStatus.MATCHED, note=f"Matched to PO {match.order.po_number}{how}." if match else None)
        old = InvoiceStatus.MATCHED
    invoice.status = decision.status
    invoice.updated_at = now
    audit.record(
        session,
        actor=audit.SYSTEM_ACTOR if decision.status == APPROVED else actor,
        action=AuditAction.APPROVED if decision.status == APPROVED else cause,
        entity="invoice",
        entity_id=invoice.id,
        field="status",
        old=old,
        new=decision.status,
        note=decision.explanation + how + "".join(f" {f.detail}" for f in decision.findings),
    )


def recheck(store: Store, invoice_ids: Iterable[int] | None = None, *, actor: str = audit.SYSTEM_ACTOR,
            rules: Rules | None = None, cause: str = AuditAction.RECHECKED) -> dict[int, str]:
    """Run the checks again on the given invoices (default: every invoice still under review);
    returns {invoice id: new status}."""
    rules = rules or load_rules(store)
    with store.session() as session:
        ids = list(invoice_ids) if invoice_ids is not None else list(
            session.scalars(select(Invoice.id).where(Invoice.status == InvoiceStatus.NEEDS_REVIEW).order_by(Invoice.id))
        )
        out: dict[int, str] = {}
        for invoice_id in ids:
            try:
                with savepoint(session):  # one invoice's bad data must not stop the others' checks
                    decision = decide_invoice(session, invoice_id, rules, actor=actor, cause=cause)
            except (ArithmeticError, ValueError, TypeError) as exc:
                log.warning("invoice %s could not be checked again: %s", invoice_id, exc, exc_info=True)
                continue
            if decision is not None:
                out[invoice_id] = decision.status
        return out
