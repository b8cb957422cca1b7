"""Gathering the per-invoice facts behind the metrics, in one query for any number of invoices.

Whether a person corrected an invoice (and which fields), which exceptions it raised, when it was
first approved, paid and the discount taken are correlated subqueries on indexed columns, so the database does the work.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import and_, func, select

from bodesk.core.metrics import InvoiceFacts, Metrics, TaskFacts, compute, period_days, running_cost
from bodesk.core.trends import BASELINE_DAYS
from bodesk.core.vocabulary import AuditAction, Resolution
from bodesk.settings import Settings
from bodesk.store import Store
from bodesk.store.audit import SYSTEM_ACTOR
from bodesk.store.schema import AuditEntry, Document, ExceptionItem, Invoice, OnboardingTask
from bodesk.store.schema_payments import PaymentItem, PaymentTransfer

#: A person's decision on an invoice is not an intervention in its processing.
DECISIONS = (AuditAction.APPROVED, AuditAction.REJECTED)


def _range(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, the day after end 00:00): both days included."""
    low = datetime.combine(start, time.min) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min) if end else None
    return low, high


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in (text or "").split(",") if t))


def gather_facts(store: Store, start: date | None = None, end: date | None = None) -> list[InvoiceFacts]:
    """Facts about every invoice whose document was received between `start` and `end` (inclusive)."""
    about = and_(AuditEntry.entity == "invoice", AuditEntry.entity_id == Invoice.id)
    corrected_fields = (
        select(func.aggregate_strings(AuditEntry.field, ","))
        .where(about, AuditEntry.action == AuditAction.CORRECTED, AuditEntry.field.is_not(None))
        .scalar_subquery()
    )
    kinds = select(func.aggregate_strings(ExceptionItem.kind, ",")).where(ExceptionItem.invoice_id == Invoice.id)
    overrides = select(func.count(ExceptionItem.id)).where(
        ExceptionItem.invoice_id == Invoice.id, ExceptionItem.action == Resolution.ACCEPT
    )
    person_acted = (
        select(AuditEntry.id)
        .where(about, AuditEntry.actor != SYSTEM_ACTOR, AuditEntry.action.not_in(DECISIONS))
        .exists()
    )
    first = lambda action: (  # noqa: E731
        select(func.min(AuditEntry.at)).where(about, AuditEntry.action == action).scalar_subquery()
    )
    discount = (
        select(func.coalesce(func.sum(PaymentItem.discount), 0))
        .join(PaymentTransfer, PaymentTransfer.id == PaymentItem.transfer_id)
        .where(PaymentItem.invoice_id == Invoice.id, PaymentTransfer.status == "paid")
    )
    stmt = (
        select(
            Invoice.id, Document.received_at, Invoice.status, Document.source_kind, corrected_fields,
            kinds.scalar_subquery(), overrides.scalar_subquery(), person_acted, first(AuditAction.APPROVED),
            Invoice.paid_on, Invoice.due_date, discount.scalar_subquery(),
        )
        .join(Document, Document.id == Invoice.document_id)
        .order_by(Document.received_at, Invoice.id)
    )
    low, high = _range(start, end)
    if low is not None:
        stmt = stmt.where(Document.received_at >= low)
    if high is not None:
        stmt = stmt.where(Document.received_at < high)
    with store.session() as session:
        rows = session.execute(stmt).all()
    facts = []
    for inv_id, received, status, source, fields, kinds_text, n_overrides, acted, approved, paid, due, taken in rows:
        fields_t, kinds_t = _split(fields), _split(kinds_text)
        facts.append(
            InvoiceFacts(
                inv_id, received, status, bool(fields_t), bool(kinds_t), approved,
                source=source, corrected_fields=fields_t, exception_kinds=kinds_t,
                touched=bool(acted) or bool(kinds_t), overrides=int(n_overrides or 0),
                paid_at=paid, due_date=due, discount_taken=Decimal(str(taken or 0)),
            )
        )
    return facts


def gather_tasks(store: Store, start: date | None, end: date | None) -> list[TaskFacts]:
    """Onboarding tasks that fell due in the period (up to today), done or not."""
    stmt = select(OnboardingTask.due_date, OnboardingTask.done_at).where(OnboardingTask.due_date <= date.today())
    if start is not None:
        stmt = stmt.where(OnboardingTask.due_date >= start)
    if end is not None:
        stmt = stmt.where(OnboardingTask.due_date <= end)
    with store.session() as session:
        return [TaskFacts(due, done.date() if done else None) for due, done in session.execute(stmt)]


def invoice_count(store: Store) -> int:
    """How many invoices the workspace holds at all (to tell "none yet" from "none in this period")."""
    with store.session() as session:
        return int(session.scalar(select(func.count(Invoice.id))) or 0)


def first_received(store: Store) -> date | None:
    """The day the workspace's first document arrived: the baseline month starts there."""
    with store.session() as session:
        at = session.scalar(select(func.min(Document.received_at)))
    return at.date() if at else None


def baseline_facts(store: Store) -> list[InvoiceFacts]:
    """The facts of the first 30 days the workspace received documents."""
    first = first_received(store)
    if first is None:
        return []
    return gather_facts(store, first, first + timedelta(days=BASELINE_DAYS - 1))


def metrics(
    store: Store,
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
    *,
    running_cost_override: Decimal | None = None,
    facts: list[InvoiceFacts] | None = None,
) -> Metrics:
    """The Metrics tab's numbers (and `bodesk metrics`) for documents received in the period."""
    if facts is None:
        facts = gather_facts(store, start, end)
    monthly = settings["metrics.monthly_cost"]
    cost = running_cost_override
    if cost is None:
        cost = running_cost(monthly, period_days(facts, start, end))
    return compute(
        facts,
        minutes_per_manual_invoice=float(settings["metrics.minutes_per_manual_invoice"]),
        hourly_cost=float(settings["metrics.hourly_cost"]),
        minutes_per_touch=float(settings["metrics.minutes_per_touch"]),
        running_cost=cost,
        start=start,
        end=end,
        tasks=gather_tasks(store, start, end),
    )
