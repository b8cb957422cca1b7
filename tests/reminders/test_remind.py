"""Reminders through a real SMTP server (aiosmtpd on 127.0.0.1): one digest per person naming their
items, each reminder sent once per level, nothing sent on a dry run, nothing lost when the server
refuses mid-run."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from bodesk.cli import main
from bodesk.core.people import Role
from bodesk.mail import deliver
from bodesk.store import Store, certificates, people
from bodesk.store.reminders import remind
from bodesk.store.schema import ExceptionItem, Hire, OnboardingTask
from tests.smtpd import free_port, use_server
from tests.store.conftest import add_invoice

TODAY = date.today()


def _ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), datetime.min.time()).replace(hour=9)


@pytest.fixture
def office(store: Store, smtp_server, file_keyring) -> Store:  # type: ignore[no-untyped-def]
    use_server(store, smtp_server)
    # The workspace's first person is its founder ("Founder" in tests).
    people.change(store, "Founder", email="fran@example.com", actor="Founder")
    for name, roles, email in (("Olga", [Role.OFFICE_MANAGER], "olga@example.com"),
                               ("Sam", [Role.APPROVER], "sam@example.com"),
                               ("Ivan", [Role.IT], "ivan@example.com"),
                               ("Nadia", [Role.STAFF], None)):
        people.add(store, name, roles, email=email, limit=Decimal("5000") if name == "Sam" else None, actor="Founder")
    # Waiting for Sam's approval for ten days: Sam is reminded, and the founder (3 + 7 days) too.
    add_invoice(store, 1, status="matched", approver="Sam", received_at=_ago(10), invoice_number="A-1")
    # An exception six days old that nobody took: the office manager.
    waiting = add_invoice(store, 2, status="needs_review", received_at=_ago(6), invoice_number="B-2")
    with store.session() as session:
        session.query(ExceptionItem).filter_by(invoice_id=waiting)  # (none yet)
        session.add(ExceptionItem(invoice_id=waiting, kind="no_po", detail="no PO", created_at=_ago(6)))
    # Approved and due in three days: the office manager; so is a discount about to expire.
    add_invoice(store, 3, status="approved", received_at=_ago(2), due_date=TODAY + timedelta(days=3), invoice_number="C-3")
    add_invoice(store, 6, status="approved", received_at=_ago(1), invoice_number="E-6", due_date=TODAY + timedelta(days=30),
                discount_until=TODAY + timedelta(days=2), discount_amount=Decimal("4.20"))
    # Ivan's first-aid certificate expires in 30 days: Ivan and the office manager.
    certificates.add(store, "Ivan", "First aid", expires=TODAY + timedelta(days=30), actor="Founder")
    # Onboarding: Ivan's task is overdue; Nadia's (no email) is due tomorrow.
    with store.session() as session:
        hire = Hire(name="Grace Hopper", role="Developer", kind="onboarding", start_date=TODAY, created_at=_ago(20))
        hire.tasks = [OnboardingTask(title="Order a laptop", due_date=TODAY - timedelta(days=1), owner="Ivan"),
                      OnboardingTask(title="Desk and chair", due_date=TODAY + timedelta(days=1), owner="Nadia")]
        session.add(hire)
    return store


def _subjects(server) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[str, list[str]] = {}
    for _sender, rcpts, msg in server.received:
        for r in rcpts:
            out.setdefault(r, []).append(msg.get_body(("plain",)).get_content())
    return out


def test_each_person_gets_one_digest_naming_their_items_and_a_second_run_sends_nothing(office, smtp_server) -> None:  # type: ignore[no-untyped-def]
    report = remind(office)
    assert report.queued == 4 and {r.to for r in report.no_email} == {"Nadia"}
    delivered = deliver(office)
    assert len(delivered.sent) == 4 and delivered.error is None
    mails = _subjects(smtp_server)
    assert {k: len(v) for k, v in mails.items()} == {
        "sam@example.com": 1, "fran@example.com": 1, "olga@example.com": 1, "ivan@example.com": 1}
    assert "A-1" in mails["sam@example.com"][0] and "B-2" not in mails["sam@example.com"][0]
    assert "A-1" in mails["fran@example.com"][0] and "escalation" in mails["fran@example.com"][0]
    olga = mails["olga@example.com"][0]
    assert "B-2" in olga and "C-3" in olga and "A-1" not in olga
    assert "E-6" in olga and "early-payment discount" in olga and "First aid — Ivan" in olga
    ivan = mails["ivan@example.com"][0]
    assert "Order a laptop" in ivan and "First aid — Ivan" in ivan and "C-3" not in ivan
    html = [m for _s, r, m in smtp_server.received if "olga@example.com" in r][0].get_body(("html",)).get_content()
    assert "<li>" in html and "bodesk://invoice/" in html

    again = remind(office)
    assert again.due == [] or all(r.to == "Nadia" for r in again.due)
    assert again.queued == 0 and deliver(office).sent == []
    assert len(smtp_server.received) == 4


def test_a_dry_run_sends_and_records_nothing(office, smtp_server, capsys) -> None:  # type: ignore[no-untyped-def]
    home = str(office.workspace.root)
    assert main(["--home", home, "remind", "--dry-run", "--json"]) == 0
    out = capsys.readouterr().out
    assert "A-1" in out and '"to": "Sam"' in out
    assert smtp_server.received == []
    assert remind(office).queued == 4  # still all due: the dry run recorded nothing


def test_a_server_refusing_mid_run_loses_nothing_and_sends_nothing_twice(office, smtp_server) -> None:  # type: ignore[no-untyped-def]
    remind(office)
    smtp_server.mode = "drop"
    first = deliver(office)
    assert first.error and not first.sent
    smtp_server.mode = "accept"
    # The next scheduled run: nothing new is due, the queued digests go out.
    assert remind(office).queued == 0
    second = deliver(office)
    assert len(second.sent) == 4
    assert sorted(r for _s, rcpts, _m in smtp_server.received for r in rcpts) == [
        "fran@example.com", "ivan@example.com", "olga@example.com", "sam@example.com"]


def test_the_command_says_what_it_sent_and_records_the_run(office, smtp_server, capsys) -> None:  # type: ignore[no-untyped-def]
    home = str(office.workspace.root)
    assert main(["--home", home, "remind", "--once"]) == 0
    out = capsys.readouterr().out
    assert "4 mail(s) sent" in out and "Nadia has no email address" in out
    assert main(["--home", home, "service", "status"]) == 0
    status = capsys.readouterr().out
    assert "remind: last ran" in status and "4 mail(s) sent" in status
    assert main(["--home", home, "remind", "--once"]) == 0
    assert len(smtp_server.received) == 4


def test_an_unreachable_server_is_a_sentence_and_the_digests_wait(office, smtp_server, capsys) -> None:  # type: ignore[no-untyped-def]
    use_server(office, SimpleNamespace(host="127.0.0.1", port=free_port()))  # nobody listens there
    home = str(office.workspace.root)
    assert main(["--home", home, "remind", "--once"]) == 1
    err = capsys.readouterr().err
    assert "stay in the outbox" in err and "Traceback" not in err


def test_a_discount_expiring_is_reminded_and_a_credit_note_never_falls_due(office, smtp_server) -> None:  # type: ignore[no-untyped-def]
    add_invoice(office, 4, status="approved", received_at=_ago(1), invoice_number="D-4",
                due_date=TODAY + timedelta(days=30), discount_until=TODAY + timedelta(days=2),
                discount_amount=Decimal("4.20"))
    add_invoice(office, 5, status="approved", received_at=_ago(1), invoice_number="CN-5", document_type="credit_note",
                total=Decimal("-50.00"), due_date=TODAY - timedelta(days=20))
    due = remind(office, dry_run=True).due
    assert any(r.kind == "discount_expiring" and "D-4" in r.text and r.to == "Olga" for r in due)
    assert not any("CN-5" in r.text for r in due)
