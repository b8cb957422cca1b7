"""Booking suggestions and exports on a real SQLite workspace.

600 generated invoices (the demo's generator: known vendors and first-time ones, line items by the
vendor's trade, nine locales) arrive one after another; for each, bodesk's suggestion is compared
with the account the office books it to (the SKR03 account of the vendor's trade), then the office books it, so
the next suggestion has learned from it. Printed: how often a suggestion is made and how often it
is right, for vendors with history and for first-time vendors, and the time a suggestion takes;
then the time to export every invoice as a DATEV batch and as a Xero file.

Not a timed assert: `make bench-books` prints the figures.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bodesk.core.books import TAX_CODES  # noqa: E402
from bodesk.demo.invoices import sample_set  # noqa: E402
from bodesk.demo.workspace import _TRADE_ACCOUNTS  # noqa: E402
from bodesk.paths import Workspace  # noqa: E402
from bodesk.store import open_store  # noqa: E402
from bodesk.store.books import load_booking, set_booking  # noqa: E402
from bodesk.store.exports import run_export  # noqa: E402
from bodesk.store.schema import Document, Invoice, InvoiceLine  # noqa: E402

INVOICES = 600


def _insert(store, n: int, sample) -> int:  # type: ignore[no-untyped-def]
    truth = sample.truth
    when = datetime(2026, 1, 1) + timedelta(hours=12 * n)
    with store.session() as session:
        doc = Document(sha256=f"{n:064x}", original_name=f"bench-{n}.pdf", stored_path=f"xx/{n:064x}.pdf", size=1,
                       kind="pdf", source_kind="cli", source_ref="bench", received_at=when)
        invoice = Invoice(document=doc, status="approved", created_at=when, updated_at=when,
                          vendor_name=truth.vendor_name, invoice_number=truth.invoice_number, invoice_date=when.date(),
                          due_date=when.date() + timedelta(days=30), currency=truth.currency, subtotal=truth.subtotal,
                          tax=truth.tax, total=truth.total)
        invoice.lines = [InvoiceLine(line_no=i + 1, description=li.description, quantity=li.quantity,
                                     unit_price=li.unit_price, amount=li.amount) for i, li in enumerate(truth.line_items)]
        session.add(invoice)
        session.flush()
        return invoice.id


def main() -> int:
    samples = sample_set(INVOICES, seed=7)
    random.Random(7).shuffle(samples)
    outcomes: Counter[tuple[str, str]] = Counter()
    timings: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Workspace.at(Path(tmp) / "ws").ensure())
        booked_vendors: set[str] = set()
        # The generator may give two fresh vendors the same name and different trades; an office books
        # one vendor one way, so a name keeps the account of its first invoice.
        accounts: dict[str, str] = {}
        for n, sample in enumerate(samples, start=1):
            invoice_id = _insert(store, n, sample)
            account = accounts.setdefault(sample.truth.vendor_name, _TRADE_ACCOUNTS.get(sample.vendor.trade, "4930"))
            kind = "vendor with history" if sample.truth.vendor_name in booked_vendors else "first-time vendor"
            start = time.perf_counter()
            suggestion = load_booking(store, invoice_id).suggestion
            timings.append(time.perf_counter() - start)
            if suggestion is None:
                outcomes[(kind, "no guess")] += 1
            else:
                outcomes[(kind, "right" if suggestion.booking.account == account else "wrong")] += 1
            truth = sample.truth
            rate = round(truth.tax / truth.subtotal * 100) if truth.subtotal and truth.tax is not None else None
            code = next((c.code for c in TAX_CODES.values() if c.rate == rate), None)
            set_booking(store, invoice_id, account, actor="bodesk-bench", tax=code)
            booked_vendors.add(truth.vendor_name)

        print(f"{INVOICES} invoices, booked one after another by their vendor's trade (SKR03)")
        for kind in ("vendor with history", "first-time vendor"):
            total = sum(v for (k, _), v in outcomes.items() if k == kind)
            right, wrong, none = (outcomes[(kind, o)] for o in ("right", "wrong", "no guess"))
            guessed = right + wrong
            print(f"  {kind:20} {total:4} invoices: suggestion on {guessed / total:6.1%}, right {right}/{guessed}"
                  f" ({(right / guessed if guessed else 0):.1%}), no guess {none}")
        print(f"  suggestion time: median {statistics.median(timings) * 1000:.1f} ms, "
              f"90th percentile {statistics.quantiles(timings, n=10)[-1] * 1000:.1f} ms")
        settings = store.settings.replace({"books.datev_consultant_number": 29098, "books.datev_client_number": 55003})
        for fmt in ("datev", "xero"):
            start = time.perf_counter()
            result = run_export(store, fmt, Path(tmp) / f"{fmt}.csv", by="bodesk-bench", settings=settings, again=True)
            elapsed = time.perf_counter() - start
            print(f"  {fmt} export: {len(result.invoice_ids)} invoices written, {len(result.held)} held back, "
                  f"{elapsed:.2f} s" + (f" ({result.note})" if result.note else ""))
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
