"""Reminders from the store: gathering what may be due, keeping the ledger of what was sent, and
queueing one digest per person in the outbox; plus the record of unattended runs.

A run computes what is due (`bodesk.core.reminders`), drops what the ledger says was already sent
at that level, and for each person queues one digest and writes its ledger entries in the same
transaction: a run killed half-way leaves either both or neither, so a restart never sends twice
and never loses a reminder. Delivery is the outbox's job (a mail the server refused is retried on
the next run).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from bodesk.core.reminders import (
    CertificateDue, Facts, OpenException, PayableDue, Reminder, ReminderRules, TaskDue, WaitingApproval, digests, due_reminders,
)
from bodesk.core.vocabulary import AuditAction, DocumentType
from bodesk.mail.delivery import compose
from bodesk.store import Store, audit, outbox
from bodesk.store.approvals import WAITING_STATUSES
from bodesk.store.certificates import certificates
from bodesk.store.people import people
from bodesk.store.schema import Document, ExceptionItem, Hire, Invoice, InvoiceStatus, OnboardingTask
from bodesk.store.schema_reminders import ReminderSent, ServiceRun

log = logging.getLogger(__name__)

#: Invoices that are owed and not yet paid: what can fall due.
PAYABLE_STATUSES = (InvoiceStatus.APPROVED, InvoiceStatus.SCHEDULED)


def _label(number: str | None, vendor: str | None, total: object, currency: str | None, invoice_id: int) -> str:
    from bodesk.core.formatting import default

    what = f"Invoice {number}" if number else f"Invoice #{invoice_id}"
    if vendor:
        what += f" from {vendor}"
    if total is not None:
        what += f" ({default().money(total, currency)})" if currency else f" ({total})"
    return what


def gather(store: Store) -> Facts:
    """What may be due: waiting approvals, open exceptions, unpaid approved invoices, open tasks."""
    resolved = (
        select(func.max(ExceptionItem.resolved_at)).where(ExceptionItem.invoice_id == Invoice.id).scalar_subquery()
    )
    open_exception = (
        select(ExceptionItem.id).where(ExceptionItem.invoice_id == Invoice.id, ExceptionItem.status == "open").exists()
    )
    head = (Invoice.invoice_number, Invoice.vendor_name, Invoice.total, Invoice.currency, Invoice.id)
    with store.session() as session:
        approvals = [
            WaitingApproval(row.id, _label(*row[:5]), row.approver, max(filter(None, (row.received_at, row.resolved))))
            for row in session.execute(
                select(*head, Invoice.approver, Document.received_at, resolved.label("resolved"))
                .join(Document, Document.id == Invoice.document_id)
                .where(Invoice.status.in_(WAITING_STATUSES), ~open_exception)
            )
        ]
        exceptions = [
            OpenException(row.exc_id, row.id, f"{row.kind.replace('_', ' ').capitalize()} on {_label(*row[:5])}",
                          row.created_at, row.assigned_to)
            for row in session.execute(
                select(*head, ExceptionItem.id.label("exc_id"), ExceptionItem.kind, ExceptionItem.created_at,
                       ExceptionItem.assigned_to)
                .join(Invoice, Invoice.id == ExceptionItem.invoice_id)
                .where(ExceptionItem.status == "open")
            )
        ]
        payables = [
            PayableDue(row[4], _label(*row[:5]), row.due_date, row.discount_until, row.discount_amount)
            for row in session.execute(
                select(*head, Invoice.due_date, Invoice.discount_until, Invoice.discount_amount)
                .where(Invoice.status.in_(PAYABLE_STATUSES), Invoice.document_type != DocumentType.CREDIT_NOTE)
            )
        ]
        tasks = [
            TaskDue(row.id, f"{row.title} ({row.name}, from {row.start_date.isoformat()})", row.owner, row.due_date)
            for row in session.execute(
                select(OnboardingTask.id, OnboardingTask.title, OnboardingTask.owner, OnboardingTask.due_date,
                       Hire.name, Hire.start_date)
                .join(Hire, Hire.id == OnboardingTask.hire_id)
                .where(OnboardingTask.done_at.is_(None))
            )
        ]
    return Facts(approvals, exceptions, payables, tasks, _certificates(store))


def _certificates(store: Store) -> list[CertificateDue]:
    """Certificates with an expiry, of people who are staying (a leaver's stop warning)."""
    return [
        CertificateDue(c.id, f"{c.name} — {c.person}", c.person, c.expires)
        for c in certificates(store) if c.expires is not None and not c.leaving
    ]


def sent_keys(store: Store) -> set[str]:
    with store.session() as session:
        return set(session.scalars(select(ReminderSent.key)))


@dataclass
class RemindReport:
    """What one run found and queued."""

    due: list[Reminder] = field(default_factory=list)  # new reminders of this run
    queued: int = 0  # digests put in the outbox
    no_email: list[Reminder] = field(default_factory=list)

    def sentence(self) -> str:
        text = f"{len(self.due)} new reminder(s) in {self.queued} digest(s)."
        if self.no_email:
            names = sorted({r.to for r in self.no_email})
            text += f" {', '.join(names)} {'has' if len(names) == 1 else 'have'} no email address; " \
                    f"{len(self.no_email)} reminder(s) wait until one is set (bodesk users change NAME --email …)."
        return text


def remind(store: Store, *, today: date | None = None, rules: ReminderRules | None = None,
           dry_run: bool = False) -> RemindReport:
    """Queue what is newly due; with `dry_run`, only say what would be queued."""
    today = today or date.today()
    rules = rules or ReminderRules.from_settings(getattr(store, "settings", None))
    done = sent_keys(store)
    due = [r for r in due_reminders(gather(store), people(store), rules, today) if r.key not in done]
    report = RemindReport(due=due)
    mails, report.no_email = digests(due)
    for r in report.no_email:
        log.warning("reminder for %s not sent: no email address (%s)", r.to, r.key)
    if dry_run:
        return report
    for digest in mails:
        recipients, message = compose(key=digest.key, to=[digest.email], subject=digest.subject,
                                      body=digest.text(), html=digest.html())
        try:
            with store.session() as session:
                row, _new = outbox.enqueue_in(session, digest.key, recipients, digest.subject, message)
                now = datetime.now()
                for r in digest.reminders:
                    session.add(ReminderSent(key=r.key, person=r.to, kind=str(r.kind), subject_id=r.subject_id,
                                             level=str(r.level), due=r.due, digest_key=digest.key, created_at=now))
                audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.REMINDED, entity="outbox",
                             entity_id=row.id, new=digest.to, note=f"{len(digest.reminders)} reminder(s)")
        except IntegrityError:
            # Another run recorded these reminders at the same moment: it sends them, this one doesn't.
            log.info("reminders for %s already queued by another run", digest.to)
            continue
        report.queued += 1
    return report


# -- the record of unattended runs -------------------------------------------------------------
def start_run(store: Store, task: str) -> int:
    with store.session() as session:
        run = ServiceRun(task=task, started_at=datetime.now())
        session.add(run)
        session.flush()
        return run.id


def finish_run(store: Store, run_id: int, outcome: str) -> None:
    with store.session() as session:
        run = session.get(ServiceRun, run_id)
        if run is not None:
            run.finished_at, run.outcome = datetime.now(), outcome[:2000]


def last_runs(store: Store) -> dict[str, tuple[datetime, datetime | None, str | None]]:
    """The latest run of each task: started, finished (None: still running or killed) and outcome."""
    out = {}
    with store.session() as session:
        for task in ("sync", "remind"):
            run = session.scalars(
                select(ServiceRun).where(ServiceRun.task == task).order_by(ServiceRun.id.desc()).limit(1)
            ).first()
            if run is not None:
                out[task] = (run.started_at, run.finished_at, run.outcome)
    return out


@dataclass(frozen=True)
class Attention:
    """What the tray and the tab badges tell the person at the desk."""

    open_exceptions: int
    approvals_for_me: int
    tasks_due_for_me: int


def attention(store: Store, person: str | None, today: date | None = None) -> Attention:
    """Open exceptions, approvals routed to `person` (or to someone they stand in for) and their
    onboarding tasks due today or overdue."""
    from bodesk.core.people import name_key

    today = today or date.today()
    everyone = {p.key: p for p in people(store)}
    me = everyone.get(name_key(person))
    mine = {name_key(person)} | {p.key for p in everyone.values()
                                 if me and p.delegate and name_key(p.delegate) == me.key and p.away_on(today)}
    facts = gather(store)
    return Attention(
        open_exceptions=len({e.invoice_id for e in facts.exceptions}),
        approvals_for_me=sum(1 for a in facts.approvals if name_key(a.approver) in mine),
        tasks_due_for_me=sum(1 for t in facts.tasks if name_key(t.owner) in mine and t.due_date <= today),
    )
