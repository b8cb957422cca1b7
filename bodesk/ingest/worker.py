"""What runs in an extraction worker process: small, picklable, and free of Qt and SQL.

The pool imports only this module and the extraction engine, so a worker starts quickly and
a crash in one document (even a segfault in a native library) cannot take the app down.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

# One tesseract thread per process: on small machines a process per core beats tesseract's own threads.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class KnownVendorRow(NamedTuple):
    name: str
    tax_id: str | None
    ibans: tuple[str, ...]
    profile: dict[str, Any] | None = None  # what corrections taught (bodesk.store.learning.profiles)


def extract_file(path: str, source: str, known: list[KnownVendorRow] | tuple[KnownVendorRow, ...] = ()) -> dict[str, Any]:
    """Extract one stored document; returns the contract's record (a plain dict, cheap to pickle)."""
    from bodesk.core.extraction import KnownVendor, extract

    vendors = [
        KnownVendor(v.name, tax_id=v.tax_id, iban=v.ibans[0] if v.ibans else None, profile=v.profile) for v in known
    ]
    if path.lower().endswith(".eml"):  # a mail whose body is the invoice: read its text
        from bodesk.ingest.mail import read_eml_text

        return read_eml_text(Path(path), lambda pdf: extract(pdf, known_vendors=vendors, source=source).to_record())
    record = extract(Path(path), known_vendors=vendors, source=source).to_record()
    record.update(payment_facts(Path(path), record.get("document_type")))
    return record


TERMS_KEY = "payment_terms"
REFERENCES_KEY = "referenced_numbers"


def payment_facts(path: Path, document_type: str | None) -> dict[str, Any]:
    """The payment terms printed on the document and, on a credit note, the document numbers it mentions
    (the invoice it credits is among them); read here in the worker (under its time and memory limits)
    rather than in the app's own process. Nothing when they cannot be read."""
    import logging

    from bodesk.core.terms import document_text, numbers_in, terms_in

    try:
        text, xml = document_text(path)
    except Exception:  # terms are a bonus: an odd file must not fail the import, but the cause is logged
        logging.getLogger(__name__).info("payment terms of %s could not be read", path, exc_info=True)
        return {}
    terms = terms_in(text, xml)
    facts: dict[str, Any] = {TERMS_KEY: terms.to_json() if terms else None}
    if document_type == "credit_note":
        facts[REFERENCES_KEY] = numbers_in(text)
    return facts
