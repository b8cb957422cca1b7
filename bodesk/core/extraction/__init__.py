"""The extraction engine: invoice fields from PDFs, scans and e-invoice XML.

Public API::

    from bodesk.core.extraction import extract, Limits, KnownVendor
    result = extract(path, known_vendors=[KnownVendor("Acme Ltd", tax_id="GB123456789")])

`extract` is a picklable top-level function (it runs in a process pool), never raises for
bad input (problems are sentences in `result.errors`), and keeps time and memory within
`Limits`. Modules: `readers` (PDF text layer, OCR, to positioned words), `ocr`, `layout`
(lines and labels), `labels` (multilingual tables), `numbers` (amounts, dates, currencies),
`fields` (header fields), `vendor` (issuer, tax id), `known` (the workspace's vendors), `lines` (line
items), `einvoice` (CII/UBL XML), `engine` (the pipeline).
"""

from .engine import extract, extract_many
from .options import KnownVendor, Limits

__all__ = ["KnownVendor", "Limits", "extract", "extract_many"]
