"""Checks on what was read from a document, before any matching: is it complete and coherent?

Each check gives an exception kind from the shared contract and a sentence saying what differs.
"""

from __future__ import annotations

from dataclasses import dataclass

from bodesk.core.records import ExtractionResult

REQUIRED_FIELDS = ("vendor_name", "invoice_number", "invoice_date", "total")
FIELD_LABELS = {
    "vendor_name": "vendor",
    "vendor_tax_id": "vendor tax id",
    "iban": "IBAN",
    "invoice_number": "invoice number",
    "invoice_date": "invoice date",
    "due_date": "due date",
    "currency": "currency",
    "subtotal": "subtotal",
    "tax": "tax",
    "total": "total",
    "po_number": "PO number",
}


@dataclass(frozen=True)
class Finding:
    kind: str
    detail: str


def extraction_findings(result: ExtractionResult, *, low_confidence: float = 0.6) -> list[Finding]:
    """What a person must look at in an extraction result; empty when it can go on untouched."""
    findings: list[Finding] = []
    missing = [FIELD_LABELS[name] for name in REQUIRED_FIELDS if getattr(result, name) is None]
    if missing:
        findings.append(Finding("missing_field", f"Could not find the {_join(missing)} on the document."))
    uncertain = [
        f"{FIELD_LABELS.get(name, name)} ({score:.0%})"
        for name, score in sorted(result.confidence.items())
        if name in FIELD_LABELS and getattr(result, name, None) is not None and score < low_confidence
    ]
    if uncertain:
        findings.append(Finding("low_confidence", f"Uncertain reading of the {_join(uncertain)}; please check."))
    if result.subtotal is not None and result.tax is not None and result.total is not None:
        expected = result.subtotal + result.tax
        if expected != result.total:
            diff = result.total - expected
            findings.append(
                Finding(
                    "totals_mismatch",
                    f"Subtotal {result.subtotal} + tax {result.tax} = {expected}, "
                    f"but the total reads {result.total} (off by {diff:+}).",
                )
            )
    return findings


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
