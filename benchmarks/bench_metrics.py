"""How long the Metrics tab takes to gather its figures for 100,000 invoices over two years.

Builds a workspace in a temporary folder (invoices received over two years, a third with
exceptions, most approved, many paid, some corrected), then times `founder_figures` (everything
the tab shows: the cards, the trend, the first-month baseline, what is worth a look) for the
tab's periods: once right after the bulk import (cold: every invoice's contribution is worked out
first), then with nothing changed, then each time after a few changes (corrections, an approval,
an exception: those invoices are worked out again first). Target: under 500 ms (the tab gathers
them on a worker thread, never the GUI's).

    make bench-metrics          # or: python benchmarks/bench_metrics.py [COUNT]
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, update

from bodesk.paths import Workspace
from bodesk.store import open_store
from bodesk.store.reporting import founder_figures
from bodesk.store.schema import AuditEntry, Document, ExceptionItem, Invoice

KINDS = ["no_po", "price_variance", "unknown_vendor", "duplicate", "low_confidence", "missing_field"]
FIELDS = ["total", "invoice_date", "vendor_name", "invoice_number", "due_date"]


def fill(store, count: int, seed: int = 7) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    start = datetime(2025, 1, 1)
    step = timedelta(minutes=2 * 365 * 24 * 60 / count)
    batch = 10_000
    exc_id = 0
    for base in range(0, count, batch):
        docs, invoices, items, audits = [], [], [], []
        for i in range(base, min(count, base + batch)):
            received = start + step * i
            docs.append({"id": i + 1, "sha256": f"{i:064x}", "original_name": f"scan-{i}.pdf",
                         "stored_path": f"00/{i:064x}.pdf", "size": 50_000, "kind": "pdf",
                         "source_kind": rng.choice(["folder", "imap", "drop"]), "source_ref": "x", "received_at": received})
            flagged = rng.random() < 0.3
            approved = rng.random() < 0.8
            paid = approved and rng.random() < 0.6
            due = received.date() + timedelta(days=30)
            invoices.append({"id": i + 1, "document_id": i + 1, "method": "text", "vendor_name": "V", "invoice_number": str(i),
                             "status": "paid" if paid else "approved" if approved else "needs_review" if flagged else "extracted",
                             "search_text": "", "due_date": due, "currency": "EUR", "total": Decimal(rng.randrange(100, 100_000)) / 100,
                             "paid_on": due + timedelta(days=rng.randrange(-10, 6)) if paid else None,
                             "confidence": {}, "evidence": {}, "errors": [], "created_at": received, "updated_at": received})
            if flagged:
                exc_id += 1
                items.append({"id": exc_id, "invoice_id": i + 1, "kind": rng.choice(KINDS), "detail": "d",
                              "status": "resolved" if approved else "open", "created_at": received,
                              "action": "accept" if approved and rng.random() < 0.2 else None})
            if approved:
                audits.append({"at": received + timedelta(hours=rng.randrange(1, 200)), "actor": "bodesk",
                               "action": "approved", "entity": "invoice", "entity_id": i + 1})
            if rng.random() < 0.1:
                audits.append({"at": received + timedelta(hours=1), "actor": "Maria", "action": "corrected",
                               "entity": "invoice", "entity_id": i + 1, "field": rng.choice(FIELDS)})
        with store.session() as session:
            session.execute(insert(Document), docs)
            session.execute(insert(Invoice), invoices)
            if items:
                session.execute(insert(ExceptionItem), items)
            session.execute(insert(AuditEntry), audits)


def change_a_few(store, rng: random.Random, count: int) -> None:  # type: ignore[no-untyped-def]
    """What a morning at the desk does to a few invoices: corrections, an approval, an exception."""
    now = datetime(2026, 12, 31, 9)
    picked = rng.sample(range(1, count + 1), 7)
    with store.session() as session:
        session.execute(insert(AuditEntry), [{"at": now, "actor": "Maria", "action": "corrected", "entity": "invoice",
                                              "entity_id": i, "field": rng.choice(FIELDS)} for i in picked[:5]])
        session.execute(insert(AuditEntry), [{"at": now, "actor": "Sam", "action": "approved", "entity": "invoice",
                                              "entity_id": picked[5]}])
        session.execute(update(Invoice).where(Invoice.id == picked[5]).values(status="approved"))
        session.execute(insert(ExceptionItem), [{"invoice_id": picked[6], "kind": rng.choice(KINDS), "detail": "d",
                                                 "status": "open", "created_at": now}])


def _times(times: list[float]) -> str:
    return f"best {min(times) * 1000:5.0f} ms  median {statistics.median(times) * 1000:5.0f} ms"


def main(count: int) -> int:
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Workspace.at(Path(tmp) / "ws"))
        t0 = time.perf_counter()
        fill(store, count)
        print(f"{count:,} invoices over two years written in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        founder_figures(store)
        print(f"first figures after the import (every contribution worked out): {time.perf_counter() - t0:.2f} s")
        end = date(2026, 12, 31)
        periods = {"last 30 days": (end - timedelta(days=29), end), "a quarter": (date(2026, 10, 1), end),
                   "a year": (date(2026, 1, 1), end), "two years (all)": (None, None)}
        print("period           invoices   nothing changed                after a few changes   (target 500 ms)")
        for name, (low, high) in periods.items():
            unchanged, changed = [], []
            for _ in range(3):
                t = time.perf_counter()
                figures = founder_figures(store, low, high)
                unchanged.append(time.perf_counter() - t)
            for _ in range(3):
                change_a_few(store, rng, count)
                t = time.perf_counter()
                figures = founder_figures(store, low, high)
                changed.append(time.perf_counter() - t)
            print(f"{name:16} {figures.metrics.received:>8,}   {_times(unchanged)}   {_times(changed)}")
        store.close()
    print("load average:", Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else "?")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
