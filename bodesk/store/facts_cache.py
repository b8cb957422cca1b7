"""The metrics from each invoice's contribution, kept in the database and summed there.

Working out 100,000 invoices' facts (their audit trail and exceptions grouped per invoice) takes
seconds; summing kept contributions per day takes a fraction of that. The database marks every
invoice whose facts change (triggers, see `facts_marks`), whoever changes them; before reading,
the marked invoices' contributions are worked out again by the one facts statement
(`metrics.facts_statement`), a few thousand at a time, each batch in its own short transaction.
Where the kept contributions cannot be brought up to date (a workspace opened read-only, the
triggers missing, the database refusing), the figures are worked out from the facts directly:
never from stale contributions.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Dialect, String, cast, delete, func, insert, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError

from bodesk.core.metrics import InvoiceFacts
from bodesk.core.summary import COUNTS, Counts, Summary, contribution, fingerprint, summarise
from bodesk.core.trends import BASELINE_DAYS
from bodesk.errors import BodeskError
from bodesk.store import Store
from bodesk.store.db import savepoint
from bodesk.store.facts_marks import in_place
from bodesk.store.metrics import (_day, _split, _when, facts_from_rows, facts_statement, first_received,
                                  gather_facts, id_list)
from bodesk.store.schema import Invoice
from bodesk.store.schema_metrics import ContributionDefinition, InvoiceContribution, StaleContribution
from bodesk.store.types import SCALE_DIGITS

log = logging.getLogger(__name__)
#: Invoices whose contribution is worked out again in one transaction (a short hold on the writer's turn).
BATCH = 4000
Period = tuple[date | None, date | None]
_DEFINITIONS: dict[str, str] = {}  # per kind of database


def period_summary(store: Store, start: date | None = None, end: date | None = None) -> Summary:
    """The invoices received between `start` and `end` (inclusive), summed."""
    return summaries(store, [(start, end)])[0]


def first_month(store: Store) -> Period | None:
    """The first 30 days the workspace received documents: the baseline the figures are compared with."""
    first = first_received(store)
    return None if first is None else (first, first + timedelta(days=BASELINE_DAYS - 1))


def summaries(store: Store, periods: Sequence[Period]) -> list[Summary]:
    """Each period's invoices summed: from the kept contributions once they are up to date, else
    from the facts directly."""
    if up_to_date(store):
        with store.session() as session:
            connection = session.connection()
            if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
                connection.exec_driver_sql("BEGIN")  # one snapshot for every read below
            elif connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return [_read(connection, start, end) for start, end in periods]
    return [summarise(gather_facts(store, start, end)) for start, end in periods]


def up_to_date(store: Store) -> bool:
    """Bring the kept contributions up to date; False when they cannot be trusted."""
    mine = definition(store.engine.dialect)
    with store.session() as session:
        connection = session.connection()
        if not in_place(connection):
            log.warning("the triggers that mark changed invoices are missing; metrics are worked out directly")
            return False
        kept = session.scalar(select(ContributionDefinition.definition))
        stale = session.scalar(select(StaleContribution.invoice_id).limit(1)) is not None
    if kept == mine and not stale:
        return True
    if store.read_only:
        return False
    try:
        if kept != mine:
            _start_over(store, mine)
        while _work_out_some(store):
            pass
    except (DBAPIError, BodeskError) as exc:
        log.warning("the kept metrics could not be brought up to date (%s); they are worked out directly", exc)
        return False
    return True


def definition(dialect: Dialect) -> str:
    """How contributions are worked out here: the facts statement as this kind of database runs it,
    and the code turning its rows into contributions."""
    known = _DEFINITIONS.get(dialect.name)
    if known is None:
        sql = str(facts_statement().compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        known = _DEFINITIONS[dialect.name] = fingerprint(facts_from_rows, _split, _when, _day, _row, extra=sql)
    return known


def _insert(dialect: Dialect) -> Any:
    return postgresql.insert if dialect.name == "postgresql" else sqlite.insert


def _start_over(store: Store, mine: str) -> None:
    """Contributions worked out by another definition: all are to be worked out again."""
    with store.session() as session, savepoint(session):
        # The first write (this desk's turn to write); then, another desk may have just started over.
        session.execute(delete(ContributionDefinition).where(ContributionDefinition.definition != mine))
        if session.scalar(select(ContributionDefinition.definition)) == mine:
            return
        session.execute(delete(InvoiceContribution))
        every = select(Invoice.id).where(Invoice.id.is_not(None))
        session.execute(_insert(store.engine.dialect)(StaleContribution)
                        .from_select(["invoice_id"], every).on_conflict_do_nothing())
        session.execute(insert(ContributionDefinition).values(id=1, definition=mine))


def _work_out_some(store: Store) -> bool:
    """Take up to BATCH marked invoices off the marks and work out their contributions, in one
    transaction: a change committed after the marks were taken marks its invoice again."""
    stale = StaleContribution.invoice_id
    with store.session() as session, savepoint(session):
        taken = select(stale).order_by(stale).limit(BATCH).scalar_subquery()
        ids = session.scalars(delete(StaleContribution).where(stale.in_(taken)).returning(stale)
                              .execution_options(synchronize_session=False)).all()
        if not ids:
            return False
        facts = facts_from_rows(session.connection().execute(facts_statement(ids=ids)).all())
        session.execute(delete(InvoiceContribution).where(InvoiceContribution.invoice_id.in_(id_list(ids)))
                        .execution_options(synchronize_session=False))
        if facts:  # an invoice no longer there has no contribution
            session.connection().execute(insert(InvoiceContribution.__table__), [_row(f) for f in facts])
    return True


def _row(f: InvoiceFacts) -> dict[str, Any]:
    c = contribution(f)
    row: dict[str, Any] = dict(zip(COUNTS, c.counts))
    row["discount"] = int(Decimal(row["discount"]).scaleb(SCALE_DIGITS))
    row.update(invoice_id=f.invoice_id, day=c.day.toordinal(), source=c.source,
               kinds=",".join(c.exception_kinds) or None, fields=",".join(c.corrected_fields) or None,
               cycle_us=c.cycle_us, to_paid_us=c.to_paid_us)
    return row


def _read(connection: Any, start: date | None, end: date | None) -> Summary:
    kept = InvoiceContribution
    where = [kept.day >= start.toordinal()] if start else []
    where += [kept.day <= end.toordinal()] if end else []
    summed = [getattr(kept, name) for name in COUNTS]
    s = Summary()
    dates: dict[int, date] = {}
    per_day = select(kept.day, kept.source, *map(func.sum, summed)).where(*where).group_by(kept.day, kept.source)
    for day, source, *sums in connection.execute(per_day).all():
        at = dates[day] = date.fromordinal(day)
        counts = Counts(*(int(n) for n in sums[:-1]), Decimal(int(sums[-1])).scaleb(-SCALE_DIGITS))
        s.days[at] = s.days.get(at, Counts()) + counts
        s.by_source[source] += counts.received
    s.days = dict(sorted(s.days.items()))
    named = (select(kept.kinds, kept.fields, func.count())
             .where(*where, or_(kept.kinds.is_not(None), kept.fields.is_not(None))).group_by(kept.kinds, kept.fields))
    for kinds, fields, n in connection.execute(named):
        s.add_names(_split(kinds), _split(fields), n)
    as_text = [func.aggregate_strings(cast(c, String), ",") for c in (kept.cycle_us, kept.to_paid_us)]
    timed = select(kept.day, *as_text).where(*where, or_(kept.cycle_us.is_not(None), kept.to_paid_us.is_not(None)))
    for day, cycles, to_paid in connection.execute(timed.group_by(kept.day)):  # a string a day: far fewer rows
        if cycles:
            s.cycles[dates[day]] = [int(us) for us in cycles.split(",")]
        if to_paid:
            s.to_paid.extend(int(us) for us in to_paid.split(","))
    return s
