"""Matching statement lines to the transfers bodesk scheduled: by EndToEndId, else by amount, creditor IBAN and
the invoice numbers in the remittance text. Partial payments and lines that match nothing are reported for
a person. No Qt, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bodesk.core.statements import StatementLine
from bodesk.core.vocabulary import MatchedBy
from bodesk.core.vocabulary import StatementOutcome as Outcome


@dataclass
class OpenTransfer:
    """A scheduled transfer waiting for its debit; `paid` is what statements have shown so far."""

    transfer_id: int
    end_to_end_id: str
    iban: str
    currency: str
    amount: Decimal
    invoice_ids: tuple[int, ...]
    invoice_numbers: tuple[str, ...]
    paid: Decimal = Decimal("0.00")

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.paid


@dataclass
class Match:
    line: StatementLine
    outcome: str
    transfer: OpenTransfer | None = None
    matched_by: str | None = None
    note: str = ""
    invoice_ids: tuple[int, ...] = field(default_factory=tuple)


def _mentions(remittance: str, numbers: tuple[str, ...]) -> bool:
    text = remittance.upper()
    return any(n and n.upper() in text for n in numbers)


def reconcile(lines: list[StatementLine], transfers: list[OpenTransfer]) -> list[Match]:
    """One `Match` per line, in order; `transfers` have their `paid` advanced as lines settle them."""
    by_e2e = {t.end_to_end_id.upper(): t for t in transfers}
    by_iban: dict[str, list[OpenTransfer]] = {}
    for t in transfers:
        by_iban.setdefault(t.iban.upper(), []).append(t)
    return [_match(line, by_e2e, by_iban) for line in lines]


def _settle(line: StatementLine, t: OpenTransfer, matched_by: str) -> Match:
    paid = -line.amount
    t.paid += paid
    if t.remaining <= 0:
        return Match(line, Outcome.PAID, t, matched_by, "", t.invoice_ids)
    return Match(line, Outcome.PARTIAL, t, matched_by,
                 f"Partial payment: {paid} of {t.amount} {t.currency} paid, {t.remaining} still open.", t.invoice_ids)


def _match(line: StatementLine, by_e2e: dict[str, OpenTransfer], by_iban: dict[str, list[OpenTransfer]]) -> Match:
    if not line.is_debit:
        return Match(line, Outcome.NOT_A_PAYMENT, note="Money received, not a payment made by the office.")
    paid = -line.amount
    t = by_e2e.get((line.end_to_end_id or "").upper())
    if t is not None:
        if line.currency != t.currency:
            return Match(line, Outcome.UNMATCHED, note=(
                f"The debit of {paid} {line.currency} names {t.end_to_end_id}, which was scheduled in {t.currency}; "
                "check it with the bank."))
        if t.remaining <= 0:
            return Match(line, Outcome.UNMATCHED, note=f"{t.end_to_end_id} was already paid; this debit of {paid} "
                                                      f"{line.currency} may be a double payment.")
        return _settle(line, t, MatchedBy.END_TO_END_ID)
    candidates = [c for c in by_iban.get((line.counterparty_iban or "").upper(), ())
                  if c.remaining > 0 and _mentions(line.remittance, c.invoice_numbers)]
    same_currency = [c for c in candidates if c.currency == line.currency]
    exact = [c for c in same_currency if c.remaining == paid]
    if exact:
        return _settle(line, exact[0], MatchedBy.AMOUNT_IBAN_REMITTANCE)
    smaller = [c for c in same_currency if paid < c.remaining]
    if smaller:
        return _settle(line, smaller[0], MatchedBy.AMOUNT_IBAN_REMITTANCE)
    if candidates and not same_currency:
        return Match(line, Outcome.UNMATCHED, note=(
            f"The debit of {paid} {line.currency} to {line.counterparty_iban} is in another currency than the "
            f"{candidates[0].currency} scheduled; check it with the bank."))
    return Match(line, Outcome.UNMATCHED, note=(
        f"No scheduled payment matches the debit of {paid} {line.currency}"
        + (f" to {line.counterparty_name or line.counterparty_iban}" if line.counterparty_name or line.counterparty_iban else "")
        + "."))
