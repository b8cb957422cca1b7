"""AP scenarios end to end: vendors, POs and receipts imported from CSV, invoices generated as real
PDFs and read by the real pipeline. Each exception kind must be raised exactly where it belongs and
nowhere else, and clean invoices must be approved with no human touch."""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from bodesk.demo.invoices import DEMO_VENDORS, SampleInvoice, make_iban, make_invoice, make_vendor, render_pdf
from bodesk.ingest.pipeline import Importer
from bodesk.paths import Workspace
from bodesk.store import Store, open_store
from bodesk.store.purchasing import import_orders, import_receipts
from bodesk.store.schema import ExceptionItem, Invoice
from bodesk.store.settings import change
from bodesk.store.vendors import import_vendors

CENT = Decimal("0.01")
TODAY = date.today()
GOODS = next(v for v in DEMO_VENDORS if v.name.startswith("Northwind"))  # buys on POs, GBP
SERVICE = next(v for v in DEMO_VENDORS if v.name.startswith("Rheinwerk"))  # no PO needed, EUR


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _with_lines(inv: SampleInvoice, number: str, lines: list) -> SampleInvoice:  # type: ignore[type-arg]
    subtotal = sum((li.amount for li in lines), Decimal(0))
    tax = (subtotal * inv.tax_rate / 100).quantize(CENT, ROUND_HALF_UP)
    truth = replace(inv.truth, invoice_number=number, line_items=lines, subtotal=subtotal, tax=tax, total=subtotal + tax)
    return replace(inv, truth=truth)


class Scenario:
    """A workspace with vendors, POs and receipts, and one invoice per case."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.rng = random.Random(5)
        self.store: Store = open_store(Workspace.at(root / "ws").ensure())
        change(self.store, {"rules.auto_approve_limit": "1000000", "rules.founder_limit": "10000000", "rates.GBP": "1.17",
                            f"rules.override.vendor:{SERVICE.name}": {"po_required": False}}, by="Maria")
        vendors = [[v.name, v.tax_id, v.iban, v.payment_terms_days] for v in (GOODS, SERVICE)]
        assert not any(r.failed for r in import_vendors(self.store, _write_csv(root / "v.csv", ["name", "tax_id", "iban", "payment_terms_days"], vendors), actor="Maria"))
        self.po_rows: list[list[object]] = []
        self.receipt_rows: list[list[object]] = []
        self.ids: dict[str, int] = {}
        (root / "in").mkdir()

    def invoice(self, vendor=GOODS, po: str | None = None, **kw) -> SampleInvoice:  # type: ignore[no-untyped-def]
        kw.setdefault("invoice_date", TODAY - timedelta(days=2))
        return make_invoice(self.rng, vendor=vendor, layout="classic", po_number=po, lines=2, **kw)

    def order(self, inv: SampleInvoice, po: str, *, price_factor: str = "1", currency: str | None = None,
              received: str | None = "all") -> None:
        for n, li in enumerate(inv.truth.line_items, start=1):
            price = (li.unit_price / Decimal(price_factor)).quantize(CENT)
            self.po_rows.append([po, inv.vendor.name, n, li.description, li.quantity, price, currency or inv.truth.currency, ""])
            if received == "all":
                self.receipt_rows.append([po, n, li.quantity, (TODAY - timedelta(days=5)).isoformat()])
            elif received == "part":
                self.receipt_rows.append([po, n, li.quantity - Decimal("0.5"), (TODAY - timedelta(days=5)).isoformat()])

    def load_orders(self) -> None:
        po_csv = _write_csv(self.root / "po.csv", ["po_number", "vendor_name", "line_no", "description", "quantity",
                                                   "unit_price", "currency", "ordered_at"], self.po_rows)
        assert not any(r.failed for r in import_orders(self.store, po_csv, actor="Maria"))
        receipts = _write_csv(self.root / "gr.csv", ["po_number", "line_no", "quantity_received", "received_at"], self.receipt_rows)
        assert not any(r.failed for r in import_receipts(self.store, receipts, actor="Maria"))

    def bring(self, name: str, inv: SampleInvoice) -> None:
        path = render_pdf(inv, self.root / "in" / f"{name}.pdf")
        (record,) = Importer(self.store).import_paths([path])
        assert record.invoice_id is not None, record.errors
        self.ids[name] = record.invoice_id

    def kinds(self, name: str) -> set[str]:
        with self.store.session() as session:
            return set(session.scalars(select(ExceptionItem.kind).where(ExceptionItem.invoice_id == self.ids[name])))

    def status(self, name: str) -> str:
        with self.store.session() as session:
            return session.scalar(select(Invoice.status).where(Invoice.id == self.ids[name]))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    s = Scenario(tmp_path_factory.mktemp("ap"))
    cases: dict[str, SampleInvoice] = {}
    cases["clean"] = s.invoice(po="PO-1001")
    s.order(cases["clean"], "PO-1001")
    cases["price_variance"] = s.invoice(po="PO-1002")
    s.order(cases["price_variance"], "PO-1002", price_factor="1.10")
    cases["quantity_variance"] = s.invoice(po="PO-1003")
    s.order(cases["quantity_variance"], "PO-1003", received="part")
    cases["not_received"] = s.invoice(po="PO-1004")
    s.order(cases["not_received"], "PO-1004", received=None)
    cases["first_half"] = s.invoice(po="PO-1005")
    s.order(cases["first_half"], "PO-1005")
    # The second invoice bills the first line of PO-1005 again: the billed quantity carried forward exceeds the order.
    cases["over_billed"] = _with_lines(cases["first_half"], "OB-2", cases["first_half"].truth.line_items[:1])
    cases["currency_mismatch"] = s.invoice(po="PO-1006")
    s.order(cases["currency_mismatch"], "PO-1006", currency="EUR")
    cases["no_po"] = s.invoice()
    cases["po_not_found"] = s.invoice(po="PO-9999")
    cases["service"] = s.invoice(vendor=SERVICE)  # no PO needed: waits for a person, nothing to look at
    cases["duplicate"] = replace(cases["service"], layout="modern_right")  # same vendor and number, another file
    cases["possible_duplicate"] = _with_lines(cases["service"], "RS-77", cases["service"].truth.line_items)
    swapped = replace(SERVICE, iban=make_iban("DE", "".join(s.rng.choice("0123456789") for _ in range(18))))
    cases["bank_details_changed"] = s.invoice(vendor=swapped)
    cases["unknown_vendor"] = s.invoice(vendor=make_vendor(s.rng, "en_GB"))
    bad = s.invoice(vendor=SERVICE)
    cases["totals_mismatch"] = replace(bad, truth=replace(bad.truth, tax=bad.truth.tax + 10))
    cases["overdue"] = s.invoice(vendor=SERVICE, invoice_date=TODAY - timedelta(days=60))
    s.load_orders()
    for name, inv in cases.items():
        s.bring(name, inv)
    yield s
    s.store.close()


EXPECTED: dict[str, set[str]] = {
    "clean": set(),
    "first_half": set(),
    "service": set(),
    "price_variance": {"price_variance"},
    "quantity_variance": {"quantity_variance"},
    "not_received": {"not_received"},
    "over_billed": {"over_billed"},
    "currency_mismatch": {"currency_mismatch"},
    "no_po": {"no_po"},
    "po_not_found": {"po_not_found"},
    "duplicate": {"duplicate"},
    "possible_duplicate": {"possible_duplicate"},
    "bank_details_changed": {"bank_details_changed"},
    "unknown_vendor": {"unknown_vendor", "no_po"},
    "totals_mismatch": {"totals_mismatch"},
    "overdue": {"overdue"},
}


@pytest.mark.parametrize("case", EXPECTED)
def test_each_exception_exactly_where_it_belongs(scenario: Scenario, case: str) -> None:
    assert scenario.kinds(case) == EXPECTED[case]
    assert scenario.status(case) == ("needs_review" if EXPECTED[case] else scenario.status(case))


def test_clean_invoices_are_approved_with_no_human_touch(scenario: Scenario) -> None:
    from bodesk.store import audit

    assert scenario.status("clean") == scenario.status("first_half") == "approved"
    assert scenario.status("service") == "extracted"  # read cleanly, no PO: a person approves it
    with scenario.store.session() as session:
        history = audit.history(session, "invoice", scenario.ids["clean"])
    assert [(e.actor, e.action, e.new_value) for e in history] == [
        ("bodesk", "received", None), ("bodesk", "extracted", "extracted"),
        ("bodesk", "checked", "matched"), ("bodesk", "approved", "approved"),
    ]
    assert "approved automatically" in (history[-1].note or "")


def test_every_sentence_carries_the_numbers(scenario: Scenario) -> None:
    with scenario.store.session() as session:
        details = dict(session.execute(select(ExceptionItem.kind, ExceptionItem.detail)).all())
    assert "% above PO PO-1002's" in details["price_variance"]
    assert "received on PO PO-1003 are not yet billed" in details["quantity_variance"]
    assert "billed by earlier invoices" in details["over_billed"]
    assert "but PO PO-1006 was ordered in EUR" in details["currency_mismatch"]
