"""The chart of accounts and the booking of invoices: set by people, suggested from history.

A person's booking (`bodesk invoices code`, the inbox's booking panel) is stored with source
`person` and audited; it is what the vendor's next invoice is suggested. Suggestions are computed
when asked for (the panel shows them with where they came from) and stored only when an export
needs them, so an invoice nobody looked at still leaves with the booking its history gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from bodesk.core import books as core
from bodesk.core.vocabulary import AuditAction, InvoiceStatus
from bodesk.core.suggest import HISTORY_DEPTH, Booking, LineClassifier, PastInvoice, Suggestion, from_text, from_vendor
from bodesk.errors import BodeskError
from bodesk.store import Store, audit
from bodesk.store.schema import Invoice, InvoiceLine
from bodesk.store.schema_books import Booking as BookingRow
from bodesk.store.schema_books import LedgerAccount

#: Invoices in these states are never learned from.
NOT_LEARNED = (InvoiceStatus.REJECTED, InvoiceStatus.FAILED, InvoiceStatus.RECEIVED)
#: How many booked lines the line-text classifier is trained on (the most recent).
TRAINING_LINES = 5000


# -- chart of accounts -------------------------------------------------------------------------
def accounts(store: Store) -> list[core.Account]:
    """The office's chart; a workspace without one starts from the shipped chart its settings name."""
    starting_chart = store.settings["books.chart"]
    with store.session() as session:
        rows = list(session.scalars(select(LedgerAccount).order_by(LedgerAccount.number)))
        if not rows and starting_chart in core.STARTING_CHARTS:
            chart = core.starting_chart(starting_chart)
            _replace_chart(session, chart)
            audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.CHART_CHANGED, entity="chart", entity_id=0,
                         new=len(chart), note=f"starting chart {core.STARTING_CHARTS[starting_chart]}")
            return chart
        return [core.Account(r.number, r.name, r.tax_code) for r in rows]


def _replace_chart(session: Session, chart: list[core.Account]) -> None:
    session.execute(delete(LedgerAccount))
    session.add_all(LedgerAccount(number=a.number, name=a.name, tax_code=a.tax_code) for a in chart)


def import_chart(store: Store, source: Path | str, *, actor: str) -> tuple[int, list[str]]:
    """Replace the chart with a CSV file's (or a starting chart's key); nothing changes when a row is bad."""
    if isinstance(source, str) and source in core.STARTING_CHARTS:
        chart, errors, label = core.starting_chart(source), [], core.STARTING_CHARTS[source]
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            return 0, [f"{path} cannot be read: {exc.strerror or exc}."]
        except UnicodeDecodeError:
            return 0, [f"{path} is not a UTF-8 text file; save it as CSV (UTF-8) and try again."]
        chart, errors = core.parse_chart(text)
        label = path.name
    if errors:
        return 0, errors
    if not chart:
        return 0, ["The file has no accounts; nothing was changed."]
    with store.session() as session:
        old = session.scalar(select(func.count(LedgerAccount.id))) or 0
        _replace_chart(session, chart)
        audit.record(session, actor=actor, action=AuditAction.CHART_CHANGED, entity="chart", entity_id=0,
                     old=old, new=len(chart), note=label)
    return len(chart), []


def save_account(store: Store, number: str, name: str, tax: str | None, *, actor: str) -> core.Account:
    """Add or rename one account (the chart typed in by hand)."""
    number, name = number.strip(), name.strip()
    accounts_, errors = core.parse_chart(f"number,name,tax_code\n{number},\"{name}\",{tax or ''}")
    if errors:
        raise BodeskError(errors[0].replace("Row 2: ", ""))
    account = accounts_[0]
    with store.session() as session:
        row = session.scalar(select(LedgerAccount).where(LedgerAccount.number == number))
        old = f"{row.number} {row.name} {row.tax_code or ''}".strip() if row else None
        if row is None:
            row = LedgerAccount(number=number)
            session.add(row)
        row.name, row.tax_code = account.name, account.tax_code
        audit.record(session, actor=actor, action=AuditAction.CHART_CHANGED, entity="chart", entity_id=0,
                     field=f"account {number}", old=old, new=f"{account.number} {account.name} {account.tax_code or ''}".strip())
    return account


def remove_account(store: Store, number: str, *, actor: str) -> None:
    with store.session() as session:
        row = session.scalar(select(LedgerAccount).where(LedgerAccount.number == number))
        if row is not None:
            session.delete(row)
            audit.record(session, actor=actor, action=AuditAction.CHART_CHANGED, entity="chart", entity_id=0,
                         field=f"account {number}", old=f"{row.number} {row.name}", new=None)


# -- bookings ----------------------------------------------------------------------------------
def _text(b: Booking | None) -> str | None:
    if b is None:
        return None
    return " / ".join(p for p in (b.account, b.cost_centre, b.tax_code) if p)


def _row_booking(row: BookingRow) -> Booking:
    return Booking(row.account, row.cost_centre, row.tax_code)


def set_booking(
    store: Store,
    invoice_id: int,
    account: str,
    *,
    actor: str,
    cost_centre: str | None = None,
    tax: str | None = None,
    line_no: int | None = None,
) -> tuple[Booking | None, Booking]:
    """A person books an invoice (or one line): audited, and learned for the vendor's next invoice.

    The tax code defaults to the account's own. Returns (old, new)."""
    account = account.strip()
    chart = {a.number: a for a in accounts(store)}
    if account not in chart:
        raise BodeskError(f"Account {account} is not in the chart of accounts; import or add it first (bodesk accounts import).")
    code = core.tax_code(tax) if tax else core.tax_code(chart[account].tax_code)
    if tax and code is None:
        raise BodeskError(f"Tax code “{tax}” is not one bodesk knows ({core.tax_code_names()}).")
    new = Booking(account, (cost_centre or "").strip() or None, code.code if code else None)
    with store.session() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise BodeskError(f"Invoice {invoice_id} does not exist.")
        line_id = None
        if line_no is not None:
            line = next((li for li in invoice.lines if li.line_no == line_no), None)
            if line is None:
                raise BodeskError(f"Invoice {invoice_id} has no line {line_no}.")
            line_id = line.id
        row = session.scalar(select(BookingRow).where(BookingRow.invoice_id == invoice_id, _line_is(line_id)))
        old = _row_booking(row) if row else None
        if row is None:
            row = BookingRow(invoice_id=invoice_id, line_id=line_id)
            session.add(row)
        elif old == new and row.source == core.SOURCE_PERSON:
            return old, new
        row.account, row.cost_centre, row.tax_code = new.account, new.cost_centre, new.tax_code
        row.source, row.basis, row.set_by, row.set_at = core.SOURCE_PERSON, None, actor, datetime.now()
        audit.record(session, actor=actor, action=AuditAction.BOOKED, entity="invoice", entity_id=invoice_id,
                     field="booking" if line_no is None else f"booking of line {line_no}", old=_text(old), new=_text(new))
    return old, new


def _line_is(line_id: int | None):  # type: ignore[no-untyped-def]
    return BookingRow.line_id.is_(None) if line_id is None else BookingRow.line_id == line_id


@dataclass
class InvoiceBooking:
    """An invoice's booking as stored (None when nobody and nothing has booked it), its lines'
    bookings by line number, and what bodesk would suggest."""

    booking: Booking | None
    source: str | None
    basis: str | None
    lines: dict[int, Booking] = field(default_factory=dict)
    suggestion: Suggestion | None = None
    set_by: str | None = None
    set_at: datetime | None = None
    descriptions: dict[int, str] = field(default_factory=dict)  # the invoice's lines, by number

    def effective(self) -> tuple[Booking | None, dict[int, Booking], str | None]:
        """What an export uses: the stored booking, else the suggestion; with its basis."""
        if self.booking is not None:
            return self.booking, self.lines, self.basis
        if self.suggestion is not None:
            return self.suggestion.booking, {n: b for n, (b, _) in self.suggestion.lines.items()}, self.suggestion.basis
        return None, {}, None


def load_booking(store: Store, invoice_id: int, *, with_suggestion: bool = True) -> InvoiceBooking:
    with store.session() as session:
        return _load(session, invoice_id, with_suggestion, None)


def _load(session: Session, invoice_id: int, with_suggestion: bool, classifier: LineClassifier | None) -> InvoiceBooking:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise BodeskError(f"Invoice {invoice_id} does not exist.")
    rows = list(session.scalars(select(BookingRow).where(BookingRow.invoice_id == invoice_id)))
    numbers = {li.id: li.line_no for li in invoice.lines}
    head = next((r for r in rows if r.line_id is None), None)
    result = InvoiceBooking(
        _row_booking(head) if head else None,
        head.source if head else None,
        head.basis if head else None,
        {numbers[r.line_id]: _row_booking(r) for r in rows if r.line_id in numbers},
        set_by=head.set_by if head else None,
        set_at=head.set_at if head else None,
        descriptions={li.line_no: li.description or "" for li in invoice.lines},
    )
    if head is None and with_suggestion:
        result.suggestion = suggest(session, invoice, classifier)
    return result


def suggest(session: Session, invoice: Invoice, classifier: LineClassifier | None = None) -> Suggestion | None:
    """The vendor's history first; else the line text, when it is clearly like earlier bookings."""
    lines = [(li.line_no, li.description) for li in invoice.lines]
    found = from_vendor(vendor_history(session, invoice), lines)
    if found is not None:
        return found
    classifier = classifier if classifier is not None else train_classifier(session)
    if not len(classifier) or not invoice.lines:
        return None
    return from_text(classifier, [(li.line_no, li.description, li.amount) for li in invoice.lines])


def vendor_history(session: Session, invoice: Invoice) -> list[PastInvoice]:
    """The vendor's booked invoices, newest first (by invoice date, then by arrival)."""
    if invoice.vendor_id is not None:
        same_vendor = or_(Invoice.vendor_id == invoice.vendor_id,
                          func.lower(Invoice.vendor_name) == (invoice.vendor_name or "").lower())
    elif invoice.vendor_name:
        same_vendor = func.lower(Invoice.vendor_name) == invoice.vendor_name.lower()
    else:
        return []
    stmt = (
        select(Invoice, BookingRow)
        .join(BookingRow, (BookingRow.invoice_id == Invoice.id) & BookingRow.line_id.is_(None))
        .where(same_vendor, Invoice.id != invoice.id, Invoice.status.not_in(NOT_LEARNED))
        .order_by(Invoice.invoice_date.desc().nulls_last(), Invoice.id.desc())
        .limit(HISTORY_DEPTH)
    )
    found = list(session.execute(stmt))
    line_rows: dict[int, Booking] = {}
    if found:
        ids = [inv.id for inv, _ in found]
        for row in session.scalars(select(BookingRow).where(BookingRow.invoice_id.in_(ids), BookingRow.line_id.is_not(None))):
            line_rows[row.line_id] = _row_booking(row)  # type: ignore[index]
    history = []
    for inv, head in found:
        booking = _row_booking(head)
        lines = tuple((li.description or "", line_rows.get(li.id, booking)) for li in inv.lines)
        history.append(PastInvoice(inv.id, inv.invoice_number, inv.invoice_date, booking, lines))
    return history


_trained: dict[tuple[object, ...], LineClassifier] = {}


def train_classifier(session: Session) -> LineClassifier:
    """Every booked line of the office (the line's own booking, else its invoice's), newest first.

    Kept until a booking is added, changed or removed, so looking through the inbox does not
    train it again for every invoice."""
    state = session.execute(select(func.count(BookingRow.id), func.max(BookingRow.id), func.max(BookingRow.set_at))).one()
    key = (str(session.get_bind().url), *state)
    if key not in _trained:
        _trained.clear()
        _trained[key] = _train(session)
    return _trained[key]


def _train(session: Session) -> LineClassifier:
    heads = {r.invoice_id: _row_booking(r) for r in session.scalars(select(BookingRow).where(BookingRow.line_id.is_(None)))}
    own = {r.line_id: _row_booking(r) for r in session.scalars(select(BookingRow).where(BookingRow.line_id.is_not(None)))}
    if not heads:
        return LineClassifier([])
    stmt = (
        select(InvoiceLine.id, InvoiceLine.invoice_id, InvoiceLine.description)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(InvoiceLine.invoice_id.in_(list(heads)), Invoice.status.not_in(NOT_LEARNED))
        .order_by(InvoiceLine.id.desc())
        .limit(TRAINING_LINES)
    )
    examples = [(text or "", own.get(line_id, heads[inv_id])) for line_id, inv_id, text in session.execute(stmt)]
    return LineClassifier(examples)


def apply_suggestions(session: Session, invoice_ids: list[int]) -> dict[int, InvoiceBooking]:
    """Bookings for an export: stored ones as they are; for the rest the suggestion is stored
    (source and basis kept, audited as bodesk's) so the books say why the invoice went where it did."""
    classifier: LineClassifier | None = None
    result: dict[int, InvoiceBooking] = {}
    for invoice_id in invoice_ids:
        current = _load(session, invoice_id, with_suggestion=False, classifier=None)
        if current.booking is None:
            if classifier is None:
                classifier = train_classifier(session)
            invoice = session.get(Invoice, invoice_id)
            suggestion = suggest(session, invoice, classifier) if invoice is not None else None
            if suggestion is not None and invoice is not None:
                _store_suggestion(session, invoice, suggestion)
                current = _load(session, invoice_id, with_suggestion=False, classifier=None)
        result[invoice_id] = current
    return result


def _store_suggestion(session: Session, invoice: Invoice, suggestion: Suggestion) -> None:
    now = datetime.now()
    ids = {li.line_no: li.id for li in invoice.lines}
    rows = [(None, suggestion.booking, suggestion.basis)]
    rows += [(ids[n], b, basis) for n, (b, basis) in suggestion.lines.items() if n in ids]
    for line_id, booking, basis in rows:
        session.add(BookingRow(invoice_id=invoice.id, line_id=line_id, account=booking.account, cost_centre=booking.cost_centre,
                               tax_code=booking.tax_code, source=suggestion.source, basis=basis, set_by=audit.SYSTEM_ACTOR, set_at=now))
    session.flush()
    audit.record(session, actor=audit.SYSTEM_ACTOR, action=AuditAction.BOOKING_APPLIED, entity="invoice", entity_id=invoice.id,
                 field="booking", new=_text(suggestion.booking), note=suggestion.basis)


def describe(booking: Booking | None, chart: dict[str, core.Account]) -> str:
    """“4930 Bürobedarf · cost centre 100 · VSt19” for people."""
    if booking is None:
        return "not booked"
    account = chart.get(booking.account)
    parts = [account.label if account else booking.account]
    if booking.cost_centre:
        parts.append(f"cost centre {booking.cost_centre}")
    if booking.tax_code:
        parts.append(booking.tax_code)
    return " · ".join(parts)
