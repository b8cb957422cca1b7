"""Who may approve what: an invoice's route through the office's people, and the checks behind an approval.

Pure (no Qt, no SQL). Amounts are compared in the office currency: `Value` carries an invoice's own
amount and its converted one (None when there is no exchange rate, which only the founder can
approve). Routing: above the founder's limit the founder; otherwise the named approver (the
vendor's, the category's or the office's), passed up the manager chain while the amount is over
their limit. Above the two-step threshold the named approver reviews first, then the founder.
Every refusal is a `Refusal` whose text names the rule and the people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bodesk.core import formatting
from bodesk.core.people import Person, Role, name_key
from bodesk.errors import BodeskError


#: An exchange rate set longer ago than this is flagged for a person to check.
RATE_STALE_DAYS = 30


def rate_is_stale(as_of: date | None, today: date | None = None) -> bool:
    return as_of is not None and ((today or date.today()) - as_of).days > RATE_STALE_DAYS


class Refusal(BodeskError):
    """An approval the rules do not allow; the text is the sentence naming the rule."""


def convert(amount: Decimal | None, currency: str | None, office_currency: str, rate: Decimal | None) -> Decimal | None:
    """`amount` in the office currency (`rate`: one unit of `currency` in it); None without a rate."""
    if amount is None:
        return None
    if not currency or currency.upper() == office_currency.upper():
        return amount
    if rate is None or rate <= 0:
        return None
    return (amount * rate).quantize(Decimal("0.01"))


def money(amount: Decimal, currency: str) -> str:
    """An amount for a sentence: "1,250.00 EUR"."""
    return f"{formatting.default().amount(amount)} {currency}"


@dataclass(frozen=True)
class Value:
    """An invoice's total as written and in the office currency (`office` None: no rate for it)."""

    amount: Decimal | None
    currency: str
    office: Decimal | None
    office_currency: str

    @property
    def foreign(self) -> bool:
        return self.currency.upper() != self.office_currency.upper()

    @property
    def unconvertible(self) -> bool:
        return self.amount is not None and self.office is None

    def text(self) -> str:
        """"1,250.00 EUR", or both amounts for another currency: "1,500.00 USD (1,380.00 EUR)"."""
        if self.amount is None:
            return "of unknown amount"
        own = money(self.amount, self.currency)
        if not self.foreign:
            return own
        if self.office is None:
            return f"{own} (no exchange rate to {self.office_currency})"
        return f"{own} ({money(self.office, self.office_currency)})"


@dataclass(frozen=True)
class Policy:
    """The approval rules in the office currency."""

    office_currency: str = "EUR"
    founder_limit: Decimal = Decimal("2500")
    two_step_above: Decimal | None = None  # above this, the named approver first, then the founder
    founder: str = "Founder"  # used only when nobody holds the founder role
    default_approver: str = "Office manager"


@dataclass(frozen=True)
class Route:
    """The people who approve an invoice, in order, and why it goes to them."""

    steps: tuple[str, ...]
    reason: str

    @property
    def final(self) -> str:
        return self.steps[-1]


def founder_of(people: Sequence[Person], policy: Policy) -> str:
    for p in people:
        if p.active and p.has(Role.FOUNDER):
            return p.name
    return policy.founder


def _find(people: Sequence[Person], name: str | None) -> Person | None:
    key = name_key(name)
    return next((p for p in people if p.active and p.key == key), None) if key else None


def route(value: Value, named: str | None, people: Sequence[Person], policy: Policy) -> Route:
    """Whom an invoice goes to: `named` is the approver its vendor or category names (None: the
    office's default approver)."""
    founder = founder_of(people, policy)
    limit_text = money(policy.founder_limit, policy.office_currency)
    if value.unconvertible:
        return Route((founder,), f"there is no exchange rate for {value.currency} (set rates.{value.currency}), "
                                 f"so its amount in {value.office_currency} is unknown and it goes to {founder}")
    first = next((p for p in (_find(people, named), _find(people, policy.default_approver)) if p and p.approves), None)
    office = value.office
    if policy.two_step_above is not None and office is not None and office > policy.two_step_above:
        if first is not None and not first.has(Role.FOUNDER):
            above = money(policy.two_step_above, policy.office_currency)
            return Route((first.name, founder), f"{value.text()} is above {above}: {first.name} approves first, then {founder}")
    if office is not None and office > policy.founder_limit:
        return Route((founder,), f"{value.text()} is above the founder's limit of {limit_text}")
    if first is None:
        who = named or policy.default_approver
        return Route((founder,), f"{who} is not one of the office's approvers, so it goes to {founder}")
    person, passed, seen = first, [], set()
    while office is not None and person.limit is not None and office > person.limit and not person.has(Role.FOUNDER):
        passed.append(f"{person.name}'s limit is {money(person.limit, policy.office_currency)}")
        seen.add(person.key)
        boss = _find(people, person.manager)
        if boss is None or not boss.approves or boss.key in seen:
            return Route((founder,), f"{'; '.join(passed)}; {value.text()} goes to {founder}")
        person = boss
    if passed:
        return Route((person.name,), f"{'; '.join(passed)}; {value.text()} goes to {person.name}")
    return Route((person.name,), f"{value.text()} is within {person.name}'s authority")


@dataclass(frozen=True)
class Facts:
    """What is known of one invoice when someone approves it."""

    invoice_id: int
    value: Value
    routed_to: str | None  # the person whose step it is now
    route: Route
    steps_done: tuple[str, ...] = ()  # who approved the earlier steps
    entered_by: str | None = None  # the person who brought it in (None: bodesk's own intake)
    amounts_corrected_by: frozenset[str] = frozenset()
    bank_confirmed_by: frozenset[str] = frozenset()


def standing_in(person: Person, routed_to: str | None, people: Sequence[Person], today: date) -> Person | None:
    """The person `person` stands in for when `routed_to` is away with them as delegate, else None."""
    target = _find(people, routed_to)
    if target is None or target.key == person.key:
        return None
    if target.away_on(today) and target.delegate and name_key(target.delegate) == person.key:
        return target
    return None


def check(person: Person, facts: Facts, people: Sequence[Person], policy: Policy, today: date) -> Person | None:
    """Refuse (raise `Refusal`) an approval `person` may not give; returns whom they stand in for."""
    value, founder = facts.value, founder_of(people, policy)
    is_founder = person.has(Role.FOUNDER)
    invoice = f"invoice {facts.invoice_id}"
    if not person.approves:
        raise Refusal(f"{person.name} has no approval rights (role: {person.role_text or 'none'}); "
                      f"{invoice} is routed to {facts.routed_to or founder}.")
    if facts.entered_by and name_key(facts.entered_by) == person.key:
        raise Refusal(f"{person.name} entered {invoice}, so someone else must approve it (separation of duties).")
    if person.key in {name_key(n) for n in facts.amounts_corrected_by}:
        raise Refusal(f"{person.name} corrected the amounts of {invoice}, so someone else must approve it "
                      "(separation of duties).")
    if person.key in {name_key(n) for n in facts.bank_confirmed_by}:
        raise Refusal(f"{person.name} trusted the new bank details on {invoice}, so someone else must approve it "
                      "(separation of duties).")
    if person.key in {name_key(n) for n in facts.steps_done}:
        raise Refusal(f"{person.name} already approved an earlier step of {invoice}; the next step needs someone else.")
    if value.unconvertible and not is_founder:
        raise Refusal(f"There is no exchange rate for {value.currency}, so the amount of {invoice} in "
                      f"{value.office_currency} is unknown; only {founder} can approve it (or set rates.{value.currency}).")
    step = len(facts.steps_done)
    final = step >= len(facts.route.steps) - 1
    if value.office is not None and value.office > policy.founder_limit and not is_founder and final:
        raise Refusal(f"Only the founder approves above {money(policy.founder_limit, policy.office_currency)}; "
                      f"{invoice} is {value.text()} and goes to {founder}.")
    if final and not is_founder and person.limit is not None and value.office is not None and value.office > person.limit:
        raise Refusal(f"{person.name}'s limit is {money(person.limit, policy.office_currency)}; "
                      f"{invoice} is {value.text()} and goes to {_next_up(person, people, founder)}.")
    routed = facts.routed_to or facts.route.steps[min(step, len(facts.route.steps) - 1)]
    stands_for = standing_in(person, routed, people, today)
    if is_founder and name_key(routed) != person.key and not final:
        raise Refusal(f"{invoice} needs {routed}'s approval first ({facts.route.reason}).")
    if not is_founder and name_key(routed) != person.key and stands_for is None:
        away = _find(people, routed)
        extra = ""
        if away is not None and away.away_on(today):
            extra = f"; {routed} is away and {away.delegate or 'nobody'} stands in"
        raise Refusal(f"{invoice} is routed to {routed}, not to {person.name}{extra}; only {routed} "
                      f"or their stand-in while they are away can approve it.")
    return stands_for


def _next_up(person: Person, people: Sequence[Person], founder: str) -> str:
    boss = _find(people, person.manager)
    return boss.name if boss is not None and boss.approves else founder
