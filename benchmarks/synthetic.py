"""Filling a workspace with many synthetic invoice rows quickly (for the inbox benchmarks)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert

from bodesk.store import Store
from bodesk.store.schema import Document, Invoice, InvoiceStatus

VENDORS = [
    "Acme Office Supply Ltd", "Nordwind IT GmbH", "Propreté Services SARL", "Snelkoerier B.V.",
    "Cloudnine Software Inc.", "Lion City Print Pte Ltd", "Harbour Stationers Pty Ltd", "Papelería Sol S.L.",
    "PT Sinar Kantor", "Brightline Telecom", "Green Leaf Catering", "Keystone Facilities",
]


def fill(store: Store, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = datetime(2026, 1, 1)
    batch = 10_000
    for base in range(0, count, batch):
        docs, invoices = [], []
        for i in range(base, min(count, base + batch)):
            received = start + timedelta(minutes=i * 3)
            docs.append({
                "id": i + 1, "sha256": f"{i:064x}", "original_name": f"scan-{i:06d}.pdf",
                "stored_path": f"00/{i:064x}.pdf", "size": 50_000, "kind": "pdf",
                "source_kind": "folder", "source_ref": f"/scans/scan-{i:06d}.pdf", "received_at": received,
            })
            d = date(2026, 1, 1) + timedelta(days=rng.randrange(300))
            vendor, number, po = rng.choice(VENDORS), f"INV-{rng.randrange(10**6):06d}", f"PO-{rng.randrange(9999):04d}"
            invoices.append({
                "id": i + 1, "document_id": i + 1, "status": rng.choice(list(InvoiceStatus)[1:8]), "method": "text",
                "vendor_name": vendor, "invoice_number": number,
                "search_text": f"{vendor} | {number} | {po} | scan-{i:06d}.pdf".lower(),
                "invoice_date": d, "due_date": d + timedelta(days=30), "currency": rng.choice(["EUR", "GBP", "USD"]),
                "total": Decimal(rng.randrange(2000, 2_000_000)) / 100, "po_number": po,
                "confidence": {}, "evidence": {}, "errors": [], "created_at": received, "updated_at": received,
            })
        with store.session() as session:
            session.execute(insert(Document), docs)
            session.execute(insert(Invoice), invoices)
