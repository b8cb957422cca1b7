"""The store's side of approval authority: gather what is known of an invoice (its route under the
current rules and people, who entered it, who corrected its amounts or its bank details, the steps
already approved), let `bodesk.core.authority.check` judge, and record the step.

Used by `bodesk.store.approvals.approve`, so the window, the command line and any script meet the
same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bodesk.core.authority import Facts, Route, check, route
from bodesk.core.decisions import Rules
from bodesk.core.people import Person, name_key
from bodesk.core.vocabulary import AuditAction
from bodesk.settings import Settings
from bodesk.store import Store, audit
from bodesk.store.people import people_in
from bodesk.store.schema import AuditEntry, ExceptionItem, Invoice, Vendor
from bodesk.store.schema_people import ApprovalStep

#: Corrections that change what is paid: whoever made them cannot approve the invoice.
AMOUNT_FIELDS = ("total", "subtotal", "tax", "currency")
#: Corrections of where the money goes count as confirming bank details.
BANK_FIELDS = ("iban",)


def named_approver(session: Session, invoice: Invoice, rules: Rules) -> str | None:
    """The approver the invoice's vendor (or its category's override) names, if any."""
    from bodesk.store.decide import vendor_facts

    vendor = session.get(Vendor, invoice.vendor_id) if invoice.vendor_id else None
    facts = vendor_facts(vendor)
    return rules.override_for(facts).approver or (facts.default_approver if facts else None)


def invoice_route(session: Session, invoice: Invoice, rules: Rules) -> Route:
    return route(rules.value_of(invoice.total, invoice.currency), named_approver(session, invoice, rules),
                 rules.people, rules.policy)


def steps_done(session: Session, invoice_id: int) -> list[ApprovalStep]:
    return list(session.scalars(select(ApprovalStep).where(ApprovalStep.invoice_id == invoice_id).order_by(ApprovalStep.step)))


def _actors(session: Session, invoice_id: int, action: str, fields: tuple[str, ...] | None = None) -> frozenset[str]:
    stmt = select(AuditEntry.actor).where(AuditEntry.entity == "invoice", AuditEntry.entity_id == invoice_id,
                                          AuditEntry.action == action)
    if fields is not None:
        stmt = stmt.where(AuditEntry.field.in_(fields))
    return frozenset(a for a in session.scalars(stmt) if name_key(a) != audit.SYSTEM_ACTOR)


def facts_of(session: Session, invoice: Invoice, rules: Rules) -> Facts:
    path = invoice_route(session, invoice, rules)
    done = tuple(s.approver for s in steps_done(session, invoice.id))
    trusted = {name for row in session.execute(
        select(ExceptionItem.resolved_by, ExceptionItem.confirmed_by).where(
            ExceptionItem.invoice_id == invoice.id, ExceptionItem.kind == "bank_details_changed",
            ExceptionItem.action == "trust_bank")) for name in row if name}
    return Facts(
        invoice_id=invoice.id,
        value=rules.value_of(invoice.total, invoice.currency),
        routed_to=path.steps[min(len(done), len(path.steps) - 1)],
        route=path,
        steps_done=done,
        entered_by=invoice.entered_by,
        amounts_corrected_by=_actors(session, invoice.id, AuditAction.CORRECTED, AMOUNT_FIELDS),
        bank_confirmed_by=frozenset(trusted) | _actors(session, invoice.id, AuditAction.CORRECTED, BANK_FIELDS),
    )


def authority_step(store: Store, session: Session, invoice: Invoice, person: Person,
                   when: datetime | None = None) -> tuple[str, str, str] | None:
    """Check `person`'s approval of `invoice` (raises `Refusal`) and record it as a step. Returns
    (approver, who is next, "1 of 2") when more steps follow; None when this was the last one."""
    rules = Rules.from_settings(store.settings, people_in(session))
    facts = facts_of(session, invoice, rules)
    stands_for = check(person, facts, rules.people, rules.policy, (when or datetime.now()).date())
    n, total = len(facts.steps_done), len(facts.route.steps)
    session.add(ApprovalStep(invoice_id=invoice.id, step=n, approver=person.name,
                             on_behalf_of=stands_for.name if stands_for else None,
                             amount_office=facts.value.office, at=when or datetime.now()))
    if n + 1 < total:
        invoice.approver = facts.route.steps[n + 1]
        return person.name, invoice.approver, f"{n + 1} of {total}"
    return None


def current_approver(session: Session, invoice_id: int, route_steps: tuple[str, ...]) -> str | None:
    """Whose step it is on an invoice with this route, given the steps already approved."""
    if not route_steps:
        return None
    done = len(steps_done(session, invoice_id))
    return route_steps[min(done, len(route_steps) - 1)]


def waiting_for(store: Store, person: str, today: date | None = None) -> set[str]:
    """The names whose invoices `person` may act on today: their own and those they stand in for."""
    today = today or date.today()
    with store.session() as session:
        everyone = people_in(session)
    key = name_key(person)
    names = {p.name for p in everyone if p.key == key}
    names |= {p.name for p in everyone if p.away_on(today) and p.delegate and name_key(p.delegate) == key}
    return names


def is_founder(store: Store, name: str) -> bool:
    from bodesk.core.people import Role

    key = name_key(name)
    with store.session() as session:
        return any(p.key == key and p.has(Role.FOUNDER) for p in people_in(session))


@dataclass(frozen=True)
class Reroute:
    """A waiting invoice whose approver would change under other rules."""

    invoice_id: int
    vendor_name: str | None
    amount: str
    before: str | None
    after: str


def reroutes(store: Store, settings: Settings) -> list[Reroute]:
    """The invoices waiting for approval that `settings` would route to someone else than now (the
    rules screen's preview, before anything is saved)."""
    from bodesk.store.approvals import waiting

    with store.session() as session:
        everyone = people_in(session)
        now, then = Rules.from_settings(store.settings, everyone), Rules.from_settings(settings, everyone)
        out: list[Reroute] = []
        for item in waiting(store):
            invoice = session.get_one(Invoice, item.id)
            before = current_approver(session, invoice.id, invoice_route(session, invoice, now).steps)
            after = current_approver(session, invoice.id, invoice_route(session, invoice, then).steps)
            if before != after and after is not None:
                out.append(Reroute(invoice.id, invoice.vendor_name, now.value_of(invoice.total, invoice.currency).text(),
                                   before, after))
        return out
