"""What is due and for whom, from plain facts: levels, stand-ins, the office manager by default."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from bodesk.core.people import Person, Role
from bodesk.core.reminders import (
    CertificateDue, Digest, Facts, Level, OpenException, PayableDue, ReminderRules, TaskDue, WaitingApproval,
    digests, due_reminders,
)

TODAY = date(2026, 12, 1)


def person(i: int, name: str, *roles: Role, email: str | None = "x", away: date | None = None,
           delegate: str | None = None) -> Person:
    return Person(i, name, None if email is None else f"{name.lower()}@example.com", tuple(roles), None, None, True,
                  away, delegate, False)


PEOPLE = [person(1, "Fran", Role.FOUNDER), person(2, "Olga", Role.OFFICE_MANAGER),
          person(3, "Sam", Role.APPROVER, away=TODAY + timedelta(days=3), delegate="Ana"),
          person(4, "Ana", Role.APPROVER)]


def at(days_ago: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time())


def run(facts: Facts, rules: ReminderRules = ReminderRules()) -> list[tuple[str, str, str]]:
    return sorted((r.to, str(r.kind), str(r.level)) for r in due_reminders(facts, PEOPLE, rules, TODAY))


def test_an_approval_goes_to_the_stand_in_while_the_approver_is_away_then_to_the_founder() -> None:
    assert run(Facts(approvals=[WaitingApproval(1, "A-1", "Sam", at(2))])) == []  # not waiting long enough
    assert run(Facts(approvals=[WaitingApproval(1, "A-1", "Sam", at(3))])) == [("Ana", "approval_waiting", "notice")]
    assert run(Facts(approvals=[WaitingApproval(1, "A-1", "Sam", at(10))])) == [
        ("Ana", "approval_waiting", "notice"), ("Fran", "approval_waiting", "escalation")]


def test_an_exception_goes_to_its_assignee_or_the_office_manager() -> None:
    assigned = OpenException(7, 1, "No PO on A-1", at(1), "Ana")
    loose = OpenException(8, 2, "No PO on B-2", at(5), None)
    assert run(Facts(exceptions=[assigned, loose])) == [
        ("Ana", "exception_open", "notice"), ("Olga", "exception_open", "overdue")]


def test_invoices_and_discounts_falling_due() -> None:
    facts = Facts(payables=[
        PayableDue(1, "A-1", TODAY + timedelta(days=7)),  # due within the window
        PayableDue(2, "B-2", TODAY + timedelta(days=8)),  # not yet
        PayableDue(3, "C-3", TODAY - timedelta(days=8), ),  # overdue past the escalation
        PayableDue(4, "D-4", TODAY + timedelta(days=30), TODAY + timedelta(days=2), Decimal("12.00")),
    ])
    assert run(facts) == [("Fran", "invoice_due", "escalation"), ("Olga", "discount_expiring", "notice"),
                          ("Olga", "invoice_due", "notice"), ("Olga", "invoice_due", "overdue")]


def test_tasks_and_certificates() -> None:
    facts = Facts(
        tasks=[TaskDue(1, "Laptop", "Ana", TODAY + timedelta(days=1)), TaskDue(2, "Badge", "Someone else", TODAY - timedelta(days=2)),
               TaskDue(3, "Later", "Ana", TODAY + timedelta(days=5))],
        certificates=[CertificateDue(1, "First aid — Ana", "Ana", TODAY + timedelta(days=30)),
                      CertificateDue(2, "Forklift — Joe", "Joe", TODAY - timedelta(days=1)),
                      CertificateDue(3, "Safety — Ana", "Ana", TODAY + timedelta(days=200))],
    )
    assert run(facts) == [("Ana", "certificate", "notice"), ("Ana", "onboarding_task", "notice"),
                          ("Olga", "certificate", "notice"), ("Olga", "certificate", "overdue"),
                          ("Olga", "onboarding_task", "overdue")]


def test_one_digest_per_person_and_the_same_reminders_make_the_same_digest() -> None:
    reminders = due_reminders(Facts(
        approvals=[WaitingApproval(1, "A-1", "Ana", at(4))],
        exceptions=[OpenException(8, 2, "No PO on B-2", at(0), "Ana")],
    ), PEOPLE, ReminderRules(), TODAY)
    mails, no_email = digests(reminders)
    assert no_email == [] and [(d.to, len(d.reminders)) for d in mails] == [("Ana", 2)]
    (mail,) = mails
    assert mail.key == Digest(mail.to, mail.email, tuple(reversed(mail.reminders))).key
    assert "Waiting for your approval" in mail.text() and "Exceptions to look at" in mail.text()
    assert mail.subject == "bodesk: 2 things need you"
