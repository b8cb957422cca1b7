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
    record[TERMS_KEY] = printed_terms(Path(path))
    return record


TERMS_KEY = "payment_terms"


def printed_terms(path: Path) -> dict[str, Any] | None:
    """The payment terms printed on the document, read here in the worker (under its time and memory
    limits) rather than in the app's own process; None when there are none or they cannot be read."""
    import logging

    from bodesk.core.terms import terms_from_document

    try:
        terms = terms_from_document(path)
    except Exception:  # terms are a bonus: an odd file must not fail the import, but the cause is logged
        logging.getLogger(__name__).info("payment terms of %s could not be read", path, exc_info=True)
        return None
    return terms.to_json() if terms else None
