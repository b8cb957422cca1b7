"""What is due, and for whom: computed in one place from plain facts (no SQL, no Qt).

Each reminder names one thing (an invoice waiting for approval, an exception getting old, an
invoice or a discount falling due, an onboarding task, a certificate), the person it goes to, and
its level: a first notice, then "overdue", then an escalation to the founder after some more days.
A reminder is sent once per level (the store keeps a ledger keyed by `Reminder.key`), so running
the reminders again sends nothing new, and a clock that jumps back sends nothing twice.

Who gets what: an approval goes to the person it is routed to (or whoever stands in while they
are away); an exception to its assignee; a task to its owner; a certificate to its holder when
they are one of the office's people; everything else, and everything whose person is unknown, to
the office manager (or, in an office without one, the founder).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum

from bodesk.core.people import Person, Role, name_key


class ReminderKind(StrEnum):
    APPROVAL = "approval_waiting"
    EXCEPTION = "exception_open"
    INVOICE_DUE = "invoice_due"
    DISCOUNT = "discount_expiring"
    TASK = "onboarding_task"
    CERTIFICATE = "certificate"


class Level(StrEnum):
    NOTICE = "notice"
    OVERDUE = "overdue"
    ESCALATION = "escalation"


KIND_TITLES = {
    ReminderKind.APPROVAL: "Waiting for your approval",
    ReminderKind.EXCEPTION: "Exceptions to look at",
    ReminderKind.INVOICE_DUE: "Invoices falling due",
    ReminderKind.DISCOUNT: "Early-payment discounts about to expire",
    ReminderKind.TASK: "Onboarding tasks",
    ReminderKind.CERTIFICATE: "Certificates and trainings",
}


@dataclass(frozen=True)
class ReminderRules:
    """How long things may wait (settings `reminders.*`)."""

    approval_days: int = 3  # an approval waiting longer than this is reminded
    exception_days: int = 5  # an exception older than this is reminded
    due_within_days: int = 7  # invoices and discounts falling due within this many days
    escalate_after_days: int = 7  # after the first reminder, this many more days → the founder
    certificate_warning_days: int = 90

    @classmethod
    def from_settings(cls, settings: object) -> ReminderRules:
        get = getattr(settings, "get", None)
        if not callable(get):
            return cls()
        values = {}
        for name in ("approval_days", "exception_days", "due_within_days", "escalate_after_days"):
            value = get(f"reminders.{name}", None)
            if value is not None:
                values[name] = int(value)
        warning = get("onboarding.certificate_warning_days", None)
        if warning is not None:
            values["certificate_warning_days"] = int(warning)
        return cls(**values)


# -- the facts the store gathers ---------------------------------------------------------------
@dataclass(frozen=True)
class WaitingApproval:
    invoice_id: int
    label: str  # "INV-0042 from Acme Ltd, 1,250.00 EUR"
    approver: str | None
    waiting_since: datetime


@dataclass(frozen=True)
class OpenException:
    exception_id: int
    invoice_id: int
    label: str
    created_at: datetime
    assigned_to: str | None


@dataclass(frozen=True)
class PayableDue:
    invoice_id: int
    label: str
    due_date: date | None
    discount_until: date | None = None
    discount_amount: Decimal | None = None


@dataclass(frozen=True)
class TaskDue:
    task_id: int
    label: str  # "Order a laptop (Grace Hopper starts 2026-12-07)"
    owner: str | None
    due_date: date


@dataclass(frozen=True)
class CertificateDue:
    certificate_id: int
    label: str  # "First aid — Grace Hopper"
    holder: str
    expires: date


@dataclass(frozen=True)
class Facts:
    approvals: Sequence[WaitingApproval] = ()
    exceptions: Sequence[OpenException] = ()
    payables: Sequence[PayableDue] = ()
    tasks: Sequence[TaskDue] = ()
    certificates: Sequence[CertificateDue] = ()


@dataclass(frozen=True)
class Reminder:
    """One thing to tell one person, at one level."""

    kind: ReminderKind
    subject_id: int
    to: str  # the person's name
    email: str | None
    level: Level
    due: date
    text: str  # what it is and what to do
    link: str  # bodesk://invoice/42, bodesk://task/7 …

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject_id}:{self.level}:{name_key(self.to)}"

    def to_json(self) -> dict[str, object]:
        return {"to": self.to, "email": self.email, "kind": str(self.kind), "subject_id": self.subject_id,
                "level": str(self.level), "due": self.due.isoformat(), "text": self.text, "link": self.link}


class Directory:
    """The office's people by name, and who gets what nobody in particular owns."""

    def __init__(self, people: Iterable[Person], today: date) -> None:
        self.today = today
        self.active = [p for p in people if p.active]
        self.by_key = {p.key: p for p in self.active}
        office = [p for p in self.active if p.has(Role.OFFICE_MANAGER)]
        founders = [p for p in self.active if p.has(Role.FOUNDER)]
        self.office_managers = office or founders or [p for p in self.active if p.has(Role.ADMIN)]
        self.founders = founders or self.office_managers

    def person(self, name: str | None) -> Person | None:
        return self.by_key.get(name_key(name)) if name else None

    def present(self, person: Person) -> Person:
        """The person, or whoever stands in for them while they are away."""
        if person.away_on(self.today) and person.delegate:
            stand_in = self.person(person.delegate)
            if stand_in is not None and not stand_in.away_on(self.today):
                return stand_in
        return person

    def owner(self, name: str | None) -> list[Person]:
        """The named person (or their stand-in); the office manager when the name is nobody's."""
        found = self.person(name)
        return [self.present(found)] if found else list(self.office_managers)


def due_reminders(facts: Facts, people: Iterable[Person], rules: ReminderRules, today: date) -> list[Reminder]:
    """Everything that is due today, one reminder per thing, person and level."""
    office = Directory(people, today)
    out: list[Reminder] = []

    def add(kind: ReminderKind, subject: int, to: Iterable[Person], level: Level, due: date, text: str,
            link: str) -> None:
        for person in to:
            out.append(Reminder(kind, subject, person.name, person.email, level, due, text, link))

    escalate = timedelta(days=rules.escalate_after_days)
    for a in facts.approvals:
        due = a.waiting_since.date() + timedelta(days=rules.approval_days)
        if today < due:
            continue
        days = (today - a.waiting_since.date()).days
        text = f"{a.label} has waited {days} days for approval. Approve or reject it."
        link = f"bodesk://invoice/{a.invoice_id}"
        add(ReminderKind.APPROVAL, a.invoice_id, office.owner(a.approver), Level.NOTICE, due, text, link)
        if today >= due + escalate:
            add(ReminderKind.APPROVAL, a.invoice_id, office.founders, Level.ESCALATION, due + escalate,
                f"{a.label} has waited {days} days for {a.approver or 'approval'}. Approve it or ask why.", link)
    for e in facts.exceptions:
        link = f"bodesk://invoice/{e.invoice_id}"
        if e.assigned_to:
            add(ReminderKind.EXCEPTION, e.exception_id, office.owner(e.assigned_to), Level.NOTICE, e.created_at.date(),
                f"{e.label} is assigned to you. Resolve it in the Exceptions tab.", link)
        due = e.created_at.date() + timedelta(days=rules.exception_days)
        if today >= due:
            days = (today - e.created_at.date()).days
            add(ReminderKind.EXCEPTION, e.exception_id, office.owner(e.assigned_to), Level.OVERDUE, due,
                f"{e.label} has been open for {days} days. Resolve it or assign it to someone.", link)
            if today >= due + escalate:
                add(ReminderKind.EXCEPTION, e.exception_id, office.founders, Level.ESCALATION, due + escalate,
                    f"{e.label} has been open for {days} days and nobody has resolved it.", link)
    window = timedelta(days=rules.due_within_days)
    for p in facts.payables:
        link = f"bodesk://invoice/{p.invoice_id}"
        if p.discount_until and today <= p.discount_until <= today + window:
            saving = f" (saves {p.discount_amount})" if p.discount_amount else ""
            add(ReminderKind.DISCOUNT, p.invoice_id, office.office_managers, Level.NOTICE, p.discount_until,
                f"Pay {p.label} by {p.discount_until.isoformat()} to take its early-payment discount{saving}.", link)
        if p.due_date is None or p.due_date > today + window:
            continue
        if p.due_date >= today:
            add(ReminderKind.INVOICE_DUE, p.invoice_id, office.office_managers, Level.NOTICE, p.due_date,
                f"{p.label} is due on {p.due_date.isoformat()}. Put it in the next payment run.", link)
        else:
            add(ReminderKind.INVOICE_DUE, p.invoice_id, office.office_managers, Level.OVERDUE, p.due_date,
                f"{p.label} was due on {p.due_date.isoformat()} and is not paid. Pay it or agree a new date.", link)
            if today >= p.due_date + escalate:
                add(ReminderKind.INVOICE_DUE, p.invoice_id, office.founders, Level.ESCALATION, p.due_date + escalate,
                    f"{p.label} is {(today - p.due_date).days} days overdue.", link)
    for t in facts.tasks:
        link = f"bodesk://task/{t.task_id}"
        if t.due_date == today + timedelta(days=1) or t.due_date == today:
            add(ReminderKind.TASK, t.task_id, office.owner(t.owner), Level.NOTICE, t.due_date,
                f"{t.label} is due on {t.due_date.isoformat()}.", link)
        elif t.due_date < today:
            add(ReminderKind.TASK, t.task_id, office.owner(t.owner), Level.OVERDUE, t.due_date,
                f"{t.label} was due on {t.due_date.isoformat()}. Tick it off in the Onboarding tab when it is done.", link)
            if today >= t.due_date + escalate:
                add(ReminderKind.TASK, t.task_id, office.founders, Level.ESCALATION, t.due_date + escalate,
                    f"{t.label} is {(today - t.due_date).days} days overdue ({t.owner or 'no owner'}).", link)
    warning = timedelta(days=rules.certificate_warning_days)
    for c in facts.certificates:
        if c.expires > today + warning:
            continue
        holder = office.person(c.holder)
        to = {p.key: p for p in [*([holder] if holder else []), *office.office_managers]}.values()
        link = f"bodesk://certificate/{c.certificate_id}"
        if c.expires >= today:
            add(ReminderKind.CERTIFICATE, c.certificate_id, to, Level.NOTICE, c.expires - warning,
                f"{c.label} expires on {c.expires.isoformat()}. Book the renewal.", link)
        else:
            add(ReminderKind.CERTIFICATE, c.certificate_id, to, Level.OVERDUE, c.expires,
                f"{c.label} expired on {c.expires.isoformat()}.", link)
    return _unique(out)


def _unique(reminders: list[Reminder]) -> list[Reminder]:
    seen: dict[str, Reminder] = {}
    for r in reminders:
        seen.setdefault(r.key, r)
    return list(seen.values())


@dataclass(frozen=True)
class Digest:
    """One person's mail: every new reminder of this run, grouped by kind."""

    to: str
    email: str
    reminders: tuple[Reminder, ...]

    @property
    def key(self) -> str:
        """The same reminders always make the same digest (a run interrupted before its ledger was
        written queues the identical mail again, which the outbox keeps once)."""
        import hashlib

        joined = "\n".join(sorted(r.key for r in self.reminders))
        return "reminders:" + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]

    @property
    def subject(self) -> str:
        n = len(self.reminders)
        urgent = any(r.level is not Level.NOTICE for r in self.reminders)
        return f"bodesk: {n} thing{'s' if n != 1 else ''} {'need' if n != 1 else 'needs'} you" + (
            " (overdue)" if urgent else "")

    def sections(self) -> list[tuple[str, list[Reminder]]]:
        groups: dict[ReminderKind, list[Reminder]] = defaultdict(list)
        for r in sorted(self.reminders, key=lambda r: (r.due, r.subject_id)):
            groups[r.kind].append(r)
        return [(KIND_TITLES[k], groups[k]) for k in ReminderKind if k in groups]

    def text(self) -> str:
        lines = [f"Hello {self.to},", "", "this is what waits for you in bodesk:", ""]
        for title, items in self.sections():
            lines.append(title)
            lines.append("-" * len(title))
            for r in items:
                flag = "" if r.level is Level.NOTICE else f"[{r.level}] "
                lines.append(f"* {flag}{r.text}")
                lines.append(f"  {r.link}")
            lines.append("")
        lines.append("You get each reminder once; bodesk tells you again only if it becomes overdue.")
        return "\n".join(lines)

    def html(self) -> str:
        from html import escape

        parts = [f"<p>Hello {escape(self.to)},</p><p>this is what waits for you in bodesk:</p>"]
        for title, items in self.sections():
            parts.append(f"<h3>{escape(title)}</h3><ul>")
            for r in items:
                flag = "" if r.level is Level.NOTICE else f"<b>{escape(str(r.level))}:</b> "
                parts.append(f'<li>{flag}{escape(r.text)} <a href="{escape(r.link)}">open</a></li>')
            parts.append("</ul>")
        parts.append("<p><small>You get each reminder once; bodesk tells you again only if it becomes "
                     "overdue.</small></p>")
        return "".join(parts)


def digests(reminders: Iterable[Reminder]) -> tuple[list[Digest], list[Reminder]]:
    """One digest per person with an email address; the reminders of people without one apart."""
    by_person: dict[str, list[Reminder]] = defaultdict(list)
    no_email: list[Reminder] = []
    for r in reminders:
        if r.email:
            by_person[name_key(r.to)].append(r)
        else:
            no_email.append(r)
    return [Digest(items[0].to, items[0].email or "", tuple(items)) for items in by_person.values()], no_email
