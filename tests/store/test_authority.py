"""Approval authority in the store: the same rules for the window, the command line and scripts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import delete, select

from bodesk.cli import main
from bodesk.core.authority import Refusal
from bodesk.core.people import Role
from bodesk.store import Store, audit, people
from bodesk.store.approvals import approve
from bodesk.store.decide import recheck
from bodesk.store.invoices import correct_field
from bodesk.store.schema import ExceptionItem, Invoice
from bodesk.store.settings import change
from bodesk.store.vendors import save_vendor
from tests.store.conftest import add_invoice

NUMBERS = count(1)


@pytest.fixture
def office(store: Store) -> Store:
    """Founder (founder); Ana (office manager, approves up to 1,000 EUR, reports to Founder); Ben
    (approves up to 300 EUR, reports to Ana); Joe (staff). Rates for USD and IDR; no PO needed."""
    people.add(store, "Ana", [Role.OFFICE_MANAGER, Role.APPROVER], limit=Decimal("1000"), manager="Founder", actor="Founder")
    people.add(store, "Ben", [Role.APPROVER], limit=Decimal("300"), manager="Ana", actor="Founder")
    people.add(store, "Joe", [Role.STAFF], actor="Founder")
    change(store, {"rules.po_required": False, "rules.default_approver": "Ana", "rules.two_step_above": "10000",
                   "rates.USD": "0.92", "rates.IDR": "0.0000564"}, by="Founder")
    return store


def routed(store: Store, total: str, currency: str = "EUR", approver: str | None = None) -> int:
    """An invoice from a verified vendor (whose approver is `approver`), checked and routed."""
    n = next(NUMBERS)
    save_vendor(store, None, {"name": f"Vendor {n}", "default_approver": approver or ""}, actor="Founder")
    invoice_id = add_invoice(store, n, status="extracted", total=Decimal(total), currency=currency,
                             invoice_date=date.today(), due_date=date.today() + timedelta(days=30))
    recheck(store, [invoice_id])
    return invoice_id


def invoice(store: Store, invoice_id: int) -> Invoice:
    with store.session() as session:
        return session.get_one(Invoice, invoice_id)


def trail(store: Store, invoice_id: int) -> list[tuple[str, str, str | None]]:
    with store.session() as session:
        return [(e.actor, e.action, e.note) for e in audit.history(session, "invoice", invoice_id)]


def test_a_limit_refusal_is_a_sentence_in_the_trail_and_exit_1(office: Store, capsys: pytest.CaptureFixture[str]) -> None:
    inv = routed(office, "1250.00", approver="Ana")
    assert invoice(office, inv).approver == "Founder"  # over Ana's limit: routed on to her manager
    people.change(office, "Ana", limit=Decimal("2000"), actor="Founder")
    recheck(office, [inv])  # …and back to Ana when her limit covers it
    assert invoice(office, inv).approver == "Ana"
    people.change(office, "Ana", limit=Decimal("1000"), actor="Founder")  # lowered after routing
    sentence = f"Ana's limit is 1,000.00 EUR; invoice {inv} is 1,250.00 EUR and goes to Founder."
    with pytest.raises(Refusal) as refused:
        approve(office, inv, by="Ana")
    assert str(refused.value) == sentence
    assert invoice(office, inv).status == "extracted"
    assert ("Ana", "approval_refused", sentence) in trail(office, inv)
    assert main(["--home", str(office.workspace.root), "approve", str(inv), "--by", "ana"]) == 1
    assert capsys.readouterr().err.strip() == f"bodesk: {sentence}"
    assert approve(office, inv, by="Founder") == "approved"


def test_what_is_routed_to_someone_else_is_refused_unless_standing_in(office: Store) -> None:
    inv = routed(office, "200.00", approver="Ben")
    assert invoice(office, inv).approver == "Ben"
    with pytest.raises(Refusal, match=f"invoice {inv} is routed to Ben, not to Ana"):
        approve(office, inv, by="Ana")
    with pytest.raises(Refusal, match="Joe has no approval rights"):
        approve(office, inv, by="Joe")
    people.set_away(office, "Ben", date.today() + timedelta(days=3), "Ana", actor="Founder")
    assert approve(office, inv, by="Ana", note="for Ben") == "approved"
    from bodesk.store.schema_people import ApprovalStep

    with office.session() as session:
        (step,) = session.scalars(select(ApprovalStep).where(ApprovalStep.invoice_id == inv))
    assert (step.approver, step.on_behalf_of, step.amount_office) == ("Ana", "Ben", Decimal("200.00"))


def test_a_stand_in_uses_their_own_limit(office: Store) -> None:
    inv = routed(office, "900.00")  # Ana's
    people.set_away(office, "Ana", date.today() + timedelta(days=3), "Ben", actor="Founder")
    with pytest.raises(Refusal, match=f"Ben's limit is 300.00 EUR; invoice {inv} is 900.00 EUR and goes to Ana"):
        approve(office, inv, by="Ben")


def test_separation_of_duties_with_named_people(office: Store) -> None:
    corrected = routed(office, "120.00")
    correct_field(office, corrected, "total", "150.00", actor="Ana")
    assert invoice(office, corrected).approver == "Ana" and invoice(office, corrected).status == "extracted"
    with pytest.raises(Refusal, match=f"Ana corrected the amounts of invoice {corrected}"):
        approve(office, corrected, by="ANA\u200b")
    assert approve(office, corrected, by="Founder") == "approved"


def test_the_two_step_chain(office: Store) -> None:
    inv = routed(office, "12000.00")
    assert invoice(office, inv).approver == "Ana"
    with pytest.raises(Refusal, match=f"invoice {inv} needs Ana's approval first"):
        approve(office, inv, by="Founder")
    assert approve(office, inv, by="Ana") == "approved by Ana (step 1 of 2); now waits for Founder"
    assert (invoice(office, inv).status, invoice(office, inv).approver) == ("extracted", "Founder")
    recheck(office, [inv])  # checking it again keeps the step it reached
    assert invoice(office, inv).approver == "Founder"
    with pytest.raises(Refusal, match="Ana already approved an earlier step"):
        approve(office, inv, by="Ana")
    assert approve(office, inv, by="Founder") == "approved"
    steps = [(a, act) for a, act, _note in trail(office, inv) if act in ("approved_step", "approved")]
    assert steps == [("Ana", "approved_step"), ("Founder", "approved")]


def test_foreign_invoices_are_routed_by_their_converted_amounts(office: Store) -> None:
    usd = routed(office, "1500.00", "USD")  # 1,380.00 EUR: over Ana's limit
    idr = routed(office, "6026190", "IDR")  # 339.88 EUR: Ana's, not the founder's
    small_usd = routed(office, "1000.00", "USD")  # 920.00 EUR: Ana's
    assert [invoice(office, i).approver for i in (usd, idr, small_usd)] == ["Founder", "Ana", "Ana"]
    with pytest.raises(Refusal, match=r"is 1,500.00 USD \(1,380.00 EUR\) and goes to Founder"):
        approve(office, usd, by="Ana")
    assert approve(office, idr, by="Ana") == "approved"


def test_an_invoice_with_no_rate_goes_to_the_founder_with_a_sentence(office: Store) -> None:
    inv = routed(office, "379.75", "SGD")
    assert invoice(office, inv).approver == "Founder"
    (_actor, _action, note) = trail(office, inv)[-1]
    assert "there is no exchange rate for SGD (set rates.SGD)" in (note or "")
    with pytest.raises(Refusal, match="There is no exchange rate for SGD"):
        approve(office, inv, by="Ana")


def test_a_changed_amount_sends_an_approved_invoice_back(office: Store) -> None:
    inv = routed(office, "120.00")
    assert approve(office, inv, by="Ana") == "approved"
    correct_field(office, inv, "total", "99999.99", actor="Ben")
    after = invoice(office, inv)
    assert after.status == "extracted" and after.approver == "Ana"  # two steps again: Ana, then Founder
    assert any(act == "sent_back" and "its total changed" in (note or "") for _a, act, note in trail(office, inv))
    assert approve(office, inv, by="Ana").startswith("approved by Ana (step 1 of 2)")


def test_unknown_removed_and_system_names_cannot_approve(office: Store) -> None:
    inv = routed(office, "100.00")
    people.remove(office, "Joe", actor="Founder")
    for name, sentence in (("Alice", "“Alice” is not one of"), ("Joe", "Joe was removed"),
                           ("bodesk", "bodesk's own automatic decisions"), ("Ana Smith", "“Ana Smith” is not one of")):
        with pytest.raises(Exception, match=sentence):
            approve(office, inv, by=name)
    assert invoice(office, inv).status == "extracted"


def test_a_vendors_csv_cannot_trust_new_bank_details_of_a_known_vendor(office: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bodesk.store.exceptions import list_exceptions
    from bodesk.store.vendors import import_vendors, list_vendors

    first = tmp_path / "first.csv"
    first.write_text("name,tax_id,iban,payment_terms_days\nAcme Ltd,,DE89370400440532013000,30\n", encoding="utf-8")
    (created,) = import_vendors(office, first, actor="Ana")
    assert created.status == "created" and created.notes == []
    second = tmp_path / "second.csv"
    second.write_text("name,tax_id,iban,payment_terms_days\nAcme Ltd,,GB33BUKB20201555555555,30\n", encoding="utf-8")
    (updated,) = import_vendors(office, second, actor="Ana")
    assert updated.status == "updated" and "is new for Acme Ltd; it is recorded but not trusted" in updated.notes[0]
    (acme,) = list_vendors(office)
    assert dict(acme.ibans) == {"DE89370400440532013000": True, "GB33BUKB20201555555555": False}
    inv = add_invoice(office, 900, status="extracted", vendor_name="Acme Ltd", iban="GB33BUKB20201555555555",
                      total=Decimal("50.00"), invoice_date=date.today(), due_date=date.today() + timedelta(days=30))
    recheck(office, [inv])
    assert invoice(office, inv).status == "needs_review"
    assert [e.kind for e in list_exceptions(office) if e.invoice_id == inv] == ["bank_details_changed"]


def test_whoever_brought_an_invoice_in_may_not_approve_it(office: Store, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import make_documents

    files, _truth = make_documents(tmp_path / "docs", pdfs=1, pngs=0)
    home = str(office.workspace.root)
    assert main(["--home", home, "import", str(files[0]), "--by", "ana", "--json"]) in (0, 1)
    with office.session() as session:
        inv = session.scalars(select(Invoice)).one()
        inv_id, entered = inv.id, inv.entered_by
        inv.status = "extracted"  # whatever the checks found: it waits for approval now
        session.execute(delete(ExceptionItem))  # and nothing is left to resolve first
    assert entered == "Ana"
    with pytest.raises(Refusal, match=f"Ana entered invoice {inv_id}, so someone else must approve it"):
        approve(office, inv_id, by="Ana")
