"""Gathering the per-invoice facts behind the metrics, in one query for any number of invoices.

Whether a person corrected an invoice (and which fields), which exceptions it raised, when it was
first approved, paid and the discount taken are worked out by the database: the audit trail and
the exceptions grouped per invoice, joined to the invoices received in the period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, Integer, Select, String, and_, bindparam, case, func, select, type_coerce

from bodesk.core.metrics import InvoiceFacts, Metrics, TaskFacts, measure, period_length, running_cost
from bodesk.core.summary import Summary, summarise
from bodesk.core.vocabulary import AuditAction, Resolution, TransferStatus
from bodesk.settings import Settings
from bodesk.store import Store
from bodesk.store.audit import SYSTEM_ACTOR
from bodesk.store.schema import AuditEntry, Document, ExceptionItem, Invoice, OnboardingTask
from bodesk.store.schema_payments import PaymentItem, PaymentTransfer
from bodesk.store.types import SCALE_DIGITS

#: A person's decision on an invoice is not an intervention in its processing.
DECISIONS = (AuditAction.APPROVED, AuditAction.REJECTED)


def _range(start: date | None, end: date | None) -> tuple[datetime | None, datetime | None]:
    """[start 00:00, the day after end 00:00): both days included."""
    low = datetime.combine(start, time.min) if start else None
    high = datetime.combine(end + timedelta(days=1), time.min) if end else None
    return low, high


def _split(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()  # most invoices: nothing corrected, no exception
    if "," not in text:
        return (text,)
    return tuple(dict.fromkeys(t for t in text.split(",") if t))


def _when(value: object) -> datetime | None:
    """A timestamp as the driver hands it: SQLite's text parsed here (much faster than per-row type
    processing on 100,000 rows), PostgreSQL's already a datetime."""
    if value is None or isinstance(value, datetime):
        return value  # type: ignore[return-value]
    return datetime.fromisoformat(str(value))


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def gather_facts(store: Store, start: date | None = None, end: date | None = None) -> list[InvoiceFacts]:
    """Facts about every invoice whose document was received between `start` and `end` (inclusive),
    asked of the database directly (the metrics read the contributions kept in `facts_cache`)."""
    low, high = _range(start, end)
    period = [Document.received_at >= low] if low is not None else []
    period += [Document.received_at < high] if high is not None else []
    with store.session() as session:
        return facts_from_rows(session.connection().execute(facts_statement(period)).all())


def facts_statement(period: Sequence[ColumnElement[bool]] = (), ids: Sequence[int] | None = None) -> Select[Any]:
    """The one statement of the facts: of the invoices received in `period` (conditions on Document),
    or of the invoices `ids`, or of all.

    The audit trail and the exceptions of those invoices are each grouped once per invoice (a single
    pass over each table, materialised, then joined by invoice), which is quicker than asking each
    invoice's history one by one. Rows come back as plain tuples, timestamps parsed by
    `facts_from_rows` rather than by per-row type processing (on SQLite), which is most of the time
    for 100,000 invoices."""
    if ids is not None:
        scope = id_list(ids)
        within: Callable[[Any], ColumnElement[bool]] = lambda column: column.in_(scope)  # noqa: E731
        where = [Invoice.id.in_(scope)]
    elif period:
        received = select(Invoice.id).join(Document, Document.id == Invoice.document_id).where(*period)
        within, where = (lambda column: column.in_(received)), list(period)  # noqa: E731
    else:  # every invoice: no need to ask which
        within, where = (lambda column: column.is_not(None)), []  # noqa: E731
    person_acted = and_(AuditEntry.actor != SYSTEM_ACTOR, AuditEntry.action.not_in(DECISIONS))
    history = (
        select(
            AuditEntry.entity_id.label("invoice_id"),
            func.aggregate_strings(
                case((and_(AuditEntry.action == AuditAction.CORRECTED, AuditEntry.field.is_not(None)),
                      AuditEntry.field)), ","
            ).label("fields"),
            func.max(case((person_acted, 1), else_=0)).label("acted"),
            func.min(case((AuditEntry.action == AuditAction.APPROVED, AuditEntry.at))).label("approved"),
        )
        .where(AuditEntry.entity == "invoice", within(AuditEntry.entity_id))
        .group_by(AuditEntry.entity_id)
        .cte("history")
        .prefix_with("MATERIALIZED")
    )
    flagged = (
        select(
            ExceptionItem.invoice_id,
            func.aggregate_strings(ExceptionItem.kind, ",").label("kinds"),
            func.sum(case((ExceptionItem.action == Resolution.ACCEPT, 1), else_=0)).label("overrides"),
        )
        .where(within(ExceptionItem.invoice_id))
        .group_by(ExceptionItem.invoice_id)
        .cte("flagged")
        .prefix_with("MATERIALIZED")
    )
    discount = (
        select(func.sum(type_coerce(PaymentItem.discount, Integer)))
        .join(PaymentTransfer, PaymentTransfer.id == PaymentItem.transfer_id)
        .where(PaymentItem.invoice_id == Invoice.id, PaymentTransfer.status == TransferStatus.PAID)
    )
    statement = (
        select(
            Invoice.id, type_coerce(Document.received_at, String), Invoice.status, Document.source_kind,
            history.c.fields, flagged.c.kinds, flagged.c.overrides, history.c.acted,
            type_coerce(history.c.approved, String), type_coerce(Invoice.paid_on, String),
            type_coerce(Invoice.due_date, String), discount.scalar_subquery(),
        )
        .join(Document, Document.id == Invoice.document_id)
        .outerjoin(history, history.c.invoice_id == Invoice.id)
        .outerjoin(flagged, flagged.c.invoice_id == Invoice.id)
        .where(*where)
    )
    # Chosen invoices need no order (and SQLite would walk every document in date order to give one).
    return statement if ids is not None else statement.order_by(Document.received_at, Invoice.id)


def id_list(ids: Sequence[int]) -> BindParameter[Any]:
    """Invoice ids for `column.in_(...)`, written into the statement as numbers: thousands of bound
    parameters bind slowly, and SQLite plans the facts statement better knowing the numbers."""
    return bindparam("ids", [int(i) for i in ids], expanding=True, literal_execute=True)


def facts_from_rows(rows: Iterable[Sequence[Any]]) -> list[InvoiceFacts]:
    """The facts statement's rows as InvoiceFacts."""
    facts = []
    zero = Decimal(0)
    for inv_id, received, status, source, fields, kinds_text, n_overrides, acted, approved_at, paid, due, raw in rows:
        fields_t, kinds_t = _split(fields), _split(kinds_text)
        facts.append(
            InvoiceFacts(
                inv_id, _when(received), status, bool(fields_t), bool(kinds_t), _when(approved_at),  # type: ignore[arg-type]
                source=source, corrected_fields=fields_t, exception_kinds=kinds_t,
                touched=bool(acted) or bool(kinds_t), overrides=int(n_overrides or 0),
                paid_at=_day(paid), due_date=_day(due),
                discount_taken=Decimal(int(raw)).scaleb(-SCALE_DIGITS) if raw else zero,
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


def metrics(
    store: Store,
    settings: Settings,
    start: date | None = None,
    end: date | None = None,
    *,
    running_cost_override: Decimal | None = None,
    facts: list[InvoiceFacts] | None = None,
    summary: Summary | None = None,
) -> Metrics:
    """The Metrics tab's numbers (and `bodesk metrics`) for documents received in the period: from
    `facts` or a `summary` of them when given, else from the contributions the store keeps."""
    if summary is None:
        from bodesk.store.facts_cache import period_summary

        summary = summarise(facts) if facts is not None else period_summary(store, start, end)
    monthly = settings["metrics.monthly_cost"]
    cost = running_cost_override
    if cost is None:
        cost = running_cost(monthly, period_length(summary.span(), start, end))
    return measure(
        summary,
        minutes_per_manual_invoice=float(settings["metrics.minutes_per_manual_invoice"]),
        hourly_cost=float(settings["metrics.hourly_cost"]),
        minutes_per_touch=float(settings["metrics.minutes_per_touch"]),
        running_cost=cost,
        start=start,
        end=end,
        tasks=gather_tasks(store, start, end),
    )
