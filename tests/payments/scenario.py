"""A payables scenario put into a real workspace through the store's own paths (vendor records with trusted
IBANs, invoices approved by a person): discounts, credit notes, a changed IBAN, two currencies, and every
reason to hold a payment back.

Decided on TODAY for the horizon HORIZON, a SEPA proposal pays exactly:
- Müller Bürobedarf: 1000.00 less 2 % Skonto (20.00) + 500.00 − credit note 150.00 = 1330.00 EUR on 2026-12-04
  (the Skonto's last day is Saturday the 5th, so the Friday before; the credit note pulls the 500.00 invoice
  forward into the same transfer);
- Nordlicht Energie: 800.00 EUR, overdue, on TODAY;
and holds back the GBP invoice (SEPA carries euros only), the invoice whose IBAN was trusted after approval,
the one with untrusted bank details, the vendor whose credit exceeds its invoice, and the IBAN that fails
its check digits. The invoice due in January is not proposed at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bodesk.core.terms import parse_terms
from bodesk.store import Store, approvals
from bodesk.store.payments import apply_terms
from bodesk.store.schema import Document, Invoice, Vendor, VendorIban
from bodesk.store.settings import change

TODAY = date(2026, 12, 1)
HORIZON = date(2026, 12, 14)
OFFICE = ("Musterbüro GmbH", "DE02120300000000202051", "BYLADEM1001")

MUELLER_IBAN = "DE89370400440532013000"
NORDLICHT_IBAN = "DE75512108001245126199"
ACME_IBAN = "GB33BUKB20201555555555"
OLD_IBAN = "FR1420041010050500013M02606"
NEW_IBAN = "FR7630006000011234567890189"
UNTRUSTED_IBAN = "NL91ABNA0417164300"
CREDIT_IBAN = "BE68539007547034"
BAD_IBAN = "DE89370400440532013001"  # one digit off: fails the check digits


@dataclass
class Scenario:
    ids: dict[str, int]

    def __getitem__(self, key: str) -> int:
        return self.ids[key]


def set_office(store: Store, *, iban: str = OFFICE[1], version: str | None = None) -> None:
    from bodesk.store.settings import change

    changes = {"office.name": OFFICE[0], "office.iban": iban or None, "office.bic": OFFICE[2]}
    if version:
        changes["payments.sepa_version"] = version
    change(store, changes, by="admin")


def _vendor(store: Store, name: str, iban: str, *, trusted: bool = True) -> int:
    with store.session() as session:
        vendor = Vendor(name=name, verified=True, created_at=datetime(2026, 1, 5))
        vendor.ibans.append(VendorIban(iban=iban, trusted_since=datetime(2026, 1, 5) if trusted else None))
        session.add(vendor)
        session.flush()
        return vendor.id


def add(store: Store, key: str, vendor_id: int | None, vendor: str, number: str, total: str, *, currency: str = "EUR",
        invoice_date: date | None = None, due: date | None = None, iban: str | None = None, terms: str | None = None,
        credit_of: int | None = None, approve: bool = True, approved_at: datetime | None = None) -> int:
    """An invoice (or, with a negative total, a credit note) read, stored and approved as the pipeline would."""
    n = abs(hash((key, number))) % 10**12
    with store.session() as session:
        doc = Document(sha256=f"{n:064x}", original_name=f"{key}.pdf", stored_path=f"ab/{n:064x}.pdf", size=1000,
                       kind="pdf", source_kind="cli", source_ref=f"{key}.pdf", received_at=datetime(2026, 11, 20))
        inv = Invoice(document=doc, status="extracted", vendor_id=vendor_id, vendor_name=vendor, invoice_number=number,
                      invoice_date=invoice_date or date(2026, 11, 20), due_date=due, currency=currency,
                      total=Decimal(total), iban=iban, credited_invoice_id=credit_of,
                      created_at=datetime(2026, 11, 20), updated_at=datetime(2026, 11, 20))
        session.add(inv)
        session.flush()
        apply_terms(session, inv, parse_terms(terms) if terms else None)
        invoice_id = inv.id
    if approve:
        approvals.approve(store, invoice_id, by="Founder", when=approved_at or datetime(2026, 11, 27, 10, 0))
    return invoice_id


def build(store: Store) -> Scenario:
    ids: dict[str, int] = {}
    mueller = _vendor(store, "Müller Bürobedarf GmbH", MUELLER_IBAN)
    ids["skonto"] = add(store, "skonto", mueller, "Müller Bürobedarf GmbH", "R-2026-118", "1000.00",
                        invoice_date=date(2026, 11, 25), iban=MUELLER_IBAN,
                        terms="2 % Skonto bei Zahlung innerhalb von 10 Tagen, 30 Tage netto")
    ids["plain"] = add(store, "plain", mueller, "Müller Bürobedarf GmbH", "R-2026-102", "500.00",
                       due=date(2026, 12, 10), iban=MUELLER_IBAN)
    ids["credit"] = add(store, "credit", mueller, "Müller Bürobedarf GmbH", "G-2026-007", "-150.00",
                        credit_of=ids["plain"])
    ids["later"] = add(store, "later", mueller, "Müller Bürobedarf GmbH", "R-2026-140", "75.00",
                       due=date(2027, 1, 30), iban=MUELLER_IBAN)

    nordlicht = _vendor(store, "Nordlicht Energie AG", NORDLICHT_IBAN)
    ids["overdue"] = add(store, "overdue", nordlicht, "Nordlicht Energie AG", "NE-55012", "800.00",
                         due=date(2026, 11, 20), iban=NORDLICHT_IBAN)

    acme = _vendor(store, "Acme Office Supply Ltd", ACME_IBAN)
    ids["gbp"] = add(store, "gbp", acme, "Acme Office Supply Ltd", "INV-0042", "120.00", currency="GBP",
                     due=date(2026, 12, 3), iban=ACME_IBAN)

    moved = _vendor(store, "Atelier Lumière SARL", OLD_IBAN)
    ids["changed"] = add(store, "changed", moved, "Atelier Lumière SARL", "F-7781", "300.00",
                         due=date(2026, 12, 8), iban=OLD_IBAN, approved_at=datetime(2026, 11, 28, 9, 0))
    with store.session() as session:  # after approval, the vendor's new account is trusted and put on the invoice
        session.add(VendorIban(vendor_id=moved, iban=NEW_IBAN, trusted_since=datetime(2026, 11, 30, 16, 0)))
        session.get_one(Invoice, ids["changed"]).iban = NEW_IBAN

    untrusted = _vendor(store, "Van Dijk Schoonmaak BV", UNTRUSTED_IBAN, trusted=False)
    ids["untrusted"] = add(store, "untrusted", untrusted, "Van Dijk Schoonmaak BV", "2026-311", "200.00",
                           due=date(2026, 12, 4), iban=UNTRUSTED_IBAN)

    heavy = _vendor(store, "Brasserie du Parc SPRL", CREDIT_IBAN)
    ids["small"] = add(store, "small", heavy, "Brasserie du Parc SPRL", "BP-19", "100.00", due=date(2026, 12, 5),
                       iban=CREDIT_IBAN)
    ids["big_credit"] = add(store, "big_credit", heavy, "Brasserie du Parc SPRL", "BP-AV-3", "-250.00")

    bad = _vendor(store, "Kaputt Konto KG", BAD_IBAN)
    ids["bad_iban"] = add(store, "bad_iban", bad, "Kaputt Konto KG", "KK-1", "90.00", due=date(2026, 12, 2),
                          iban=BAD_IBAN)

    ids["waiting"] = add(store, "waiting", mueller, "Müller Bürobedarf GmbH", "R-2026-150", "60.00",
                         due=date(2026, 12, 2), iban=MUELLER_IBAN, approve=False)
    return Scenario(ids)
