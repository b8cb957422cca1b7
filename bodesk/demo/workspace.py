"""A demo workspace a first-time user can explore: real generated documents, imported for real.

Vendors, purchase orders and receipts are written directly; the invoices go through the same
import pipeline as a drop on the window, so what the user sees is what bodesk really reads.
A few cases are built in on purpose: an unknown vendor, changed bank details, a re-sent scan.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from bodesk.demo.invoices import DEMO_VENDORS, LAYOUTS, SampleInvoice, make_iban, make_invoice, make_vendor, render_pdf, render_scan
from bodesk.ingest.folders import FolderSettings
from bodesk.ingest.pipeline import Importer, ImportSummary
from bodesk.store.sources import add_source
from bodesk.core.authority import Refusal
from bodesk.core.people import Role, name_key
from bodesk.store import Store, approvals, audit, exceptions, onboarding, people
from bodesk.store import demo as demo_seed
from bodesk.store.demo import DemoOrder, DemoVendor

Progress = Callable[[int, int, str], None]
OFFICE_MANAGER = "Ana Ruiz"
#: The demo office: its founder is the workspace's first person (named after the login).
DEMO_PEOPLE = (
    (OFFICE_MANAGER, (Role.OFFICE_MANAGER, Role.APPROVER), "1000", None, "ana@example.com"),
    ("Ben Okafor", (Role.APPROVER, Role.IT), "300", OFFICE_MANAGER, "ben@example.com"),
    ("Joe Intern", (Role.STAFF,), None, OFFICE_MANAGER, None),
)


def _people(store: Store) -> str:
    """The demo's people and rates; returns the founder's name."""
    from bodesk.store.settings import change

    founder = next(p.name for p in people.people(store) if p.has(Role.FOUNDER))
    existing = {p.key for p in people.people(store, include_removed=True)}
    for name, roles, limit, manager, email in DEMO_PEOPLE:
        if name_key(name) not in existing:
            people.add(store, name, roles, limit=Decimal(limit) if limit else None, email=email,
                       manager=manager or founder, actor=founder)
    change(store, {"rules.default_approver": OFFICE_MANAGER, "rates.USD": "0.92", "rates.GBP": "1.17",
                   "rates.SGD": "0.69", "rates.IDR": "0.0000564"}, by=founder)
    return founder


def is_populated(store: Store) -> bool:
    return demo_seed.has_documents(store)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


def _documents(folder: Path, rng: random.Random) -> tuple[list[Path], list[SampleInvoice]]:
    """Render the demo's documents; returns the files and the invoices that carry a PO."""
    folder.mkdir(parents=True, exist_ok=True)
    today = date.today()
    files: list[Path] = []
    ordered: list[SampleInvoice] = []
    first: SampleInvoice
    for i in range(12):
        vendor = DEMO_VENDORS[i % len(DEMO_VENDORS)]
        inv = make_invoice(
            rng, vendor=vendor, layout=LAYOUTS[i % len(LAYOUTS)], invoice_date=today - timedelta(days=40 - 3 * i)
        )
        files.append(render_pdf(inv, folder / f"{_slug(vendor.name)}-{_slug(inv.truth.invoice_number or str(i))}.pdf"))
        if i == 0:
            first = inv
        if inv.truth.po_number:
            ordered.append(inv)
    for i, suffix in enumerate((".png", ".tiff", ".pdf")):
        vendor = DEMO_VENDORS[(i + 2) % len(DEMO_VENDORS)]
        inv = make_invoice(rng, vendor=vendor, layout=LAYOUTS[i], invoice_date=today - timedelta(days=6 - i), lines=2)
        files.append(render_scan(inv, folder / f"scan-{i + 1:03d}{suffix}", dpi=200, seed=i))
        if inv.truth.po_number:
            ordered.append(inv)
    # A vendor nobody has set up yet.
    stranger = make_invoice(rng, vendor=make_vendor(rng, "en_GB"), layout="classic", invoice_date=today - timedelta(days=2))
    files.append(render_pdf(stranger, folder / f"{_slug(stranger.vendor.name)}.pdf"))
    # A known vendor whose invoice suddenly asks for payment to another account.
    known = next(v for v in DEMO_VENDORS if v.iban and v.iban.startswith("DE"))
    swapped = replace(known, iban=make_iban("DE", "".join(rng.choice("0123456789") for _ in range(18))))
    changed = make_invoice(rng, vendor=swapped, layout="modern_right", invoice_date=today - timedelta(days=1))
    while changed.truth.iban is None:  # most layouts print the IBAN; make sure this one does
        changed = make_invoice(rng, vendor=swapped, layout="modern_right", invoice_date=today - timedelta(days=1))
    files.append(render_pdf(changed, folder / f"{_slug(known.name)}-{_slug(changed.truth.invoice_number or 'new')}.pdf"))
    # The first invoice again, scanned and sent a second time: same vendor and number, another file.
    files.append(render_scan(first, folder / "scan-resent.png", dpi=200, seed=9))
    return files, ordered


def _vendors_and_orders(store: Store, ordered: list[SampleInvoice]) -> None:
    vendors = [DemoVendor(p.name, p.tax_id, p.payment_terms_days, p.iban) for p in DEMO_VENDORS]
    orders = [
        DemoOrder(
            po_number=inv.truth.po_number or "", vendor_name=inv.vendor.name, currency=inv.truth.currency or "EUR",
            ordered_at=(inv.truth.invoice_date or date.today()) - timedelta(days=10),
            lines=[(li.description or "", li.quantity or Decimal(1), li.unit_price or Decimal(0)) for li in inv.truth.line_items],
            short=n == 1,  # everything was delivered, except the last line of one order: one 3-way-match exception
        )
        for n, inv in enumerate(ordered)
    ]
    demo_seed.add_vendors_and_orders(store, vendors, orders)


def _approve_some(store: Store, founder: str) -> None:
    """History: the office manager has worked through the older half's late and PO-less invoices,
    and the founder has approved all but the newest few."""
    ids = demo_seed.invoice_ids(store)
    older = set(ids[: len(ids) // 2])
    reasons = {"overdue": "Paid late by agreement with the vendor.", "no_po": "Standing service, no PO needed."}
    for row in exceptions.list_exceptions(store):
        if row.invoice_id in older and row.kind in reasons:
            exceptions.resolve(store, row.id, reasons[row.kind], OFFICE_MANAGER)
    queue = approvals.waiting(store)
    for item in queue[: max(0, len(queue) - 3)]:
        when = item.received_at + timedelta(days=1, hours=3)
        try:
            approvals.approve(store, item.id, by=founder, note="Checked against the PO.", when=when)
        except Refusal:  # a two-step invoice waits for the office manager first
            continue


#: Where each demo trade's invoices go in SKR03, the demo workspace's chart.
_TRADE_ACCOUNTS = {"office": "4930", "it": "4806", "saas": "4964", "print": "4600", "catering": "4650",
                   "cleaning": "4250", "consulting": "4950", "maintenance": "4260", "courier": "4910"}


def _book_some(store: Store, ordered: list[SampleInvoice]) -> None:
    """Bookkeeping history: the approved invoices are booked, all but the newest two, which the
    booking panel then suggests from the vendor's history or the line text."""
    from bodesk.core.books import TAX_CODES
    from bodesk.store.books import set_booking

    trades = {(s.truth.vendor_name, s.truth.invoice_number): s.vendor.trade for s in ordered}
    for invoice_id, vendor, number, net, tax in demo_seed.approved_invoices(store)[2:]:
        rate = round(tax / net * 100) if net and tax is not None else None
        code = next((c.code for c in TAX_CODES.values() if c.rate == rate), None)
        account = _TRADE_ACCOUNTS.get(trades.get((vendor, number), "office"), "4930")
        set_booking(store, invoice_id, account, actor=OFFICE_MANAGER, tax=code)


def _hires(store: Store) -> None:
    """Two checklists with named people (one starting next week, one in its fourth week) and
    certificates in each state."""
    from bodesk.store import certificates

    known = {p.name for p in people.people(store)}
    for name, role, email in (("Mia Berg", Role.APPROVER, "mia.berg@example.com"),
                              ("Ivan Petrov", Role.IT, "ivan.petrov@example.com"),
                              ("Clara Jansen", Role.OFFICE_MANAGER, "clara.jansen@example.com")):
        if name not in known:
            people.add(store, name, [role], email=email, actor=audit.SYSTEM_ACTOR)
    onboarding.ensure_default_templates(store)
    today = date.today()
    next_monday = today + timedelta(days=7 - today.weekday())
    hire = onboarding.start(store, "Maya Lindqvist", "Office staff", next_monday, manager="Mia Berg",
                            email="maya.lindqvist@example.com", past="today")
    for task in hire.tasks[:3]:
        onboarding.set_done(store, task.id, True, actor="Mia Berg")
    start = next_monday - timedelta(days=28)
    tom = onboarding.start(store, "Tom Berger", "Engineer", start, manager="Mia Berg")
    for task in tom.tasks:
        if task.due_date < today - timedelta(days=2) and task.title != "First week check-in":
            onboarding.set_done(store, task.id, True, actor=task.owner or "Mia Berg",
                                when=datetime.combine(task.due_date, datetime.min.time()).replace(hour=16))
    for person, name, days in (("Ivan Petrov", "Forklift licence", 30), ("Mia Berg", "First aid", -12),
                               ("Mia Berg", "Fire warden", 400)):
        certificates.add(store, person, name, expires=today + timedelta(days=days), actor=audit.SYSTEM_ACTOR)


def build_demo(
    store: Store,
    executor: Executor | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] = lambda: False,
) -> ImportSummary:
    """Fill `store`'s workspace with the demo data; returns what the import did."""
    report = progress or (lambda done, total, text: None)
    rng = random.Random(2026)
    report(0, 0, "Writing sample documents…")
    folder = store.workspace.root / "demo-documents"
    _office(store)
    files, ordered = _documents(folder, rng)
    founder = _people(store)
    _vendors_and_orders(store, ordered)
    summary = ImportSummary()
    importer = Importer(store, source_kind="demo", executor=executor)
    for step in importer.run(files, cancel=cancel):
        if step.record is not None:
            summary.records.append(step.record)
        report(step.done, step.total, Path(step.record.source).name if step.record else "")
    demo_seed.spread_arrivals(store)
    # The sample documents' folder, watched as a scanner's output folder would be (files stay put).
    add_source(store, "folder", "Scanner (demo)", FolderSettings(str(folder), False, "keep").to_json())
    _approve_some(store, founder)
    _book_some(store, ordered)
    _hires(store)
    return summary


def _office(store: Store) -> None:
    """Who pays: the demo office's name and account, so a payment batch can be written straight away."""
    from bodesk.store.settings import change

    change(store, {"office.name": "Lindenhof Büroservice GmbH", "office.iban": make_iban("DE", "500105170648489890"),
                   "office.bic": "INGDDEFFXXX"}, by=audit.SYSTEM_ACTOR, note="demo workspace")


def build_demo_job(job: Any, store: Store, executor: Executor | None) -> ImportSummary:
    """`build_demo` as a job for the runner."""
    return build_demo(store, executor, progress=job.report, cancel=lambda: job.cancelled)
