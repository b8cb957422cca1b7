"""The payment proposal: what to pay by a date, how much, on which day, and what is held back and why.

Approved invoices due by the date are proposed, each on the last day that keeps its early-payment
discount (or its due date, or today when it is overdue). Credit notes are netted against the same
vendor's invoices in the same currency, in one transfer on the earliest of their days. An item whose
bank details cannot be trusted, whose IBAN changed after approval, whose vendor's net is not positive,
or whose currency the bank file cannot carry is listed as blocked with a sentence, and never paid.
No Qt, no SQL: the store gathers `Payable`s, this module decides.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bodesk.core.terms import DiscountStep
from bodesk.core.vocabulary import DocumentType

ZERO = Decimal("0.00")


def iban_problem(iban: str | None) -> str | None:
    """A sentence when `iban` is not a valid IBAN (country, length, check digits), else None."""
    if not iban:
        return "There is no IBAN to pay to; add the vendor's bank details."
    from bodesk.core import validate

    try:
        validate.iban(iban)
    except validate.InvalidValue as exc:
        return f"{exc} Correct the vendor's bank details before paying."
    return None


@dataclass(frozen=True)
class Payable:
    """An approved invoice or credit note, as the proposal needs it. `total` is negative for a credit note."""

    invoice_id: int
    vendor_key: str  # the vendor's id, or its name when the invoice has no vendor record
    vendor_name: str
    invoice_number: str | None
    kind: str
    currency: str | None
    total: Decimal | None
    due_date: date | None
    iban: str | None = None
    bic: str | None = None
    iban_trusted: bool = False
    iban_changed: str | None = None  # a sentence when the IBAN changed after the invoice was approved
    discounts: tuple[DiscountStep, ...] = ()

    @property
    def is_credit(self) -> bool:
        return self.kind == DocumentType.CREDIT_NOTE


@dataclass
class ProposalLine:
    """One invoice or credit note in the proposal."""

    payable: Payable
    pay_on: date
    amount: Decimal  # what is paid: the total less the discount (negative for a credit note)
    discount: Decimal = ZERO
    discount_until: date | None = None
    blocked: str | None = None
    selected: bool = True

    @property
    def paid(self) -> bool:
        return self.selected and self.blocked is None

    def to_json(self) -> dict[str, Any]:
        p = self.payable
        return {
            "invoice_id": p.invoice_id,
            "vendor_name": p.vendor_name,
            "invoice_number": p.invoice_number,
            "iban": p.iban,
            "currency": p.currency,
            "amount": str(self.amount),
            "discount": str(self.discount),
            "discount_until": self.discount_until.isoformat() if self.discount_until else None,
            "due_date": p.due_date.isoformat() if p.due_date else None,
            "pay_on": self.pay_on.isoformat(),
            "kind": p.kind,
            "selected": self.paid,
            "blocked": self.blocked,
        }


@dataclass
class Transfer:
    """One bank transfer: a vendor, a currency and an execution date, with the lines it settles."""

    vendor_name: str
    iban: str
    bic: str | None
    currency: str
    pay_on: date
    lines: list[ProposalLine] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def invoice_ids(self) -> list[int]:
        return sorted(line.payable.invoice_id for line in self.lines)

    @property
    def end_to_end_id(self) -> str:
        """Names the bodesk invoice it pays (the first, and how many more), within SEPA's 35 characters."""
        ids = self.invoice_ids
        return f"BODESK-{ids[0]}" + (f"+{len(ids) - 1}" if len(ids) > 1 else "")

    @property
    def remittance(self) -> str:
        """The vendor's invoice numbers (credit notes named as such), within SEPA's 140 characters."""
        invoices = [l.payable.invoice_number or f"#{l.payable.invoice_id}" for l in self.lines if not l.payable.is_credit]
        credits = [l.payable.invoice_number or f"#{l.payable.invoice_id}" for l in self.lines if l.payable.is_credit]
        text = ", ".join(invoices) + (f" less credit {', '.join(credits)}" if credits else "")
        return text if len(text) <= 140 else text[:137] + "..."


@dataclass
class Proposal:
    """What to pay by `horizon`, decided on `today`."""

    horizon: date
    today: date
    lines: list[ProposalLine]
    transfers: list[Transfer]

    @property
    def blocked(self) -> list[ProposalLine]:
        return [line for line in self.lines if line.blocked]

    def totals(self) -> dict[tuple[str, date], Decimal]:
        """What leaves the account, per currency and execution date."""
        out: dict[tuple[str, date], Decimal] = defaultdict(lambda: ZERO)
        for t in self.transfers:
            out[(t.currency, t.pay_on)] += t.amount
        return dict(sorted(out.items()))

    def savings(self) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for line in self.lines:
            if line.paid and line.discount:
                out[line.payable.currency or ""] += line.discount
        return dict(out)


def _best_discount(p: Payable, pay_on: date) -> DiscountStep | None:
    reachable = [s for s in p.discounts if s.until >= pay_on]
    return max(reachable, key=lambda s: s.amount) if reachable else None


def _planned_day(p: Payable, today: date) -> date:
    """The last banking day that keeps the best discount still reachable; else the due date; never before today.
    Banks execute a transfer asked for a Saturday or Sunday on the Monday after, too late for a deadline
    on the weekend: such a day moves back to the Friday."""
    step = _best_discount(p, today)
    day = step.until if step is not None else (max(today, p.due_date) if p.due_date else today)
    if day.weekday() >= 5:
        day = max(today, day - timedelta(days=day.weekday() - 4))
    return day


def _included(p: Payable, horizon: date, today: date) -> bool:
    if p.is_credit:
        return True
    if p.due_date is None or p.due_date <= horizon:
        return True
    return any(today <= s.until <= horizon for s in p.discounts)


def _block_reason(p: Payable, currencies: frozenset[str] | None, file_name: str) -> str | None:
    if p.total is None or not p.currency:
        return "The total or the currency is missing; correct the invoice first."
    if currencies is not None and p.currency not in currencies:
        return (f"The {file_name} file carries only {', '.join(sorted(currencies))} payments; "
                f"pay this {p.currency} item another way or export a CSV file.")
    if p.is_credit:
        return None  # nothing is sent to a credit note's account
    if p.total <= 0:
        return "The amount is not positive; record it as a credit note or correct the total."
    problem = iban_problem(p.iban)
    if problem:
        return problem
    if not p.iban_trusted:
        return f"The bank details {p.iban} are not trusted for {p.vendor_name}; confirm them with the vendor first."
    return p.iban_changed


def propose(
    payables: list[Payable],
    *,
    horizon: date,
    today: date,
    excluded: frozenset[int] = frozenset(),
    pay_on: dict[int, date] | None = None,
    currencies: frozenset[str] | None = frozenset({"EUR"}),
    file_name: str = "SEPA",
) -> Proposal:
    """The proposal for `horizon`. `excluded` are items a person unticked; `pay_on` days a person chose;
    `currencies` those the bank file can carry (None: any)."""
    chosen = pay_on or {}
    lines: list[ProposalLine] = []
    for p in payables:
        if not _included(p, horizon, today):
            continue
        day = max(today, chosen[p.invoice_id]) if p.invoice_id in chosen else _planned_day(p, today)
        line = ProposalLine(p, day, p.total if p.total is not None else ZERO)
        line.blocked = _block_reason(p, currencies, file_name)
        line.selected = p.invoice_id not in excluded
        lines.append(line)

    groups: dict[tuple[str, str], list[ProposalLine]] = defaultdict(list)
    for line in lines:
        if line.paid:
            groups[(line.payable.vendor_key, line.payable.currency or "")].append(line)
    for (_, currency), members in groups.items():
        credits = [m for m in members if m.payable.is_credit]
        invoices = [m for m in members if not m.payable.is_credit]
        if credits:
            # One transfer nets the credit: everything on the earliest day, which keeps every discount
            # (a day a person chose for any of them moves the whole transfer).
            moved = [m.pay_on for m in members if m.payable.invoice_id in chosen]
            first = min(moved or [m.pay_on for m in invoices] or [today])
            for m in members:
                m.pay_on = first
        for m in invoices:
            step = _best_discount(m.payable, m.pay_on)
            if step is not None:
                m.discount, m.discount_until = step.amount, step.until
                m.amount = m.payable.total - step.amount  # type: ignore[operator]
        net = sum((m.amount for m in members), ZERO)
        if credits and net <= 0:
            reason = (f"The credit notes of {members[0].payable.vendor_name} exceed its invoices by "
                      f"{-net} {currency}; nothing is paid to it until new invoices exceed the credit.")
            for m in members:
                m.blocked, m.discount, m.amount = reason, ZERO, m.payable.total or ZERO
    return Proposal(horizon, today, lines, _transfers(lines))


def _transfers(lines: list[ProposalLine]) -> list[Transfer]:
    """One transfer per vendor, currency, IBAN and execution date; credit notes join the vendor's largest."""
    by_key: dict[tuple[str, str, str, date], Transfer] = {}
    credits: list[ProposalLine] = []
    for line in lines:
        if not line.paid:
            continue
        p = line.payable
        if p.is_credit:
            credits.append(line)
            continue
        key = (p.vendor_key, p.currency or "", p.iban or "", line.pay_on)
        if key not in by_key:
            by_key[key] = Transfer(p.vendor_name, p.iban or "", p.bic, p.currency or "", line.pay_on)
        by_key[key].lines.append(line)
    for line in credits:
        p = line.payable
        candidates = [t for k, t in by_key.items() if k[0] == p.vendor_key and k[1] == p.currency]
        if candidates:
            largest = max(candidates, key=lambda t: (t.amount, -t.pay_on.toordinal()))
            largest.lines.append(line)
            line.pay_on = largest.pay_on
    return sorted(by_key.values(), key=lambda t: (t.pay_on, t.currency, t.vendor_name.lower()))


__all__ = ["Payable", "Proposal", "ProposalLine", "Transfer", "iban_problem", "propose"]
