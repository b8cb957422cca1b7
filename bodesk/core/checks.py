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


@dataclass(frozen=True)
class VendorFacts:
    """What the workspace knows of the vendor an invoice names."""

    name: str
    trusted_ibans: frozenset[str]


def vendor_findings(result: ExtractionResult, vendor: VendorFacts | None, earlier_invoice: int | None) -> list[Finding]:
    """Checks against what the workspace already knows: the vendor, its bank accounts, earlier invoices."""
    findings: list[Finding] = []
    if result.vendor_name and vendor is None:
        findings.append(
            Finding("unknown_vendor", f"“{result.vendor_name}” is not among your vendors; check who sent it before paying.")
        )
    if vendor is not None and result.iban and vendor.trusted_ibans and result.iban not in vendor.trusted_ibans:
        known = ", ".join(sorted(_mask(i) for i in vendor.trusted_ibans))
        findings.append(
            Finding(
                "bank_details_changed",
                f"The invoice asks for payment to {_mask(result.iban)}, which is not one of {vendor.name}'s "
                f"trusted accounts ({known}). Confirm the change with the vendor by phone before paying.",
            )
        )
    if earlier_invoice is not None:
        findings.append(
            Finding(
                "duplicate",
                f"Invoice {result.invoice_number} from {result.vendor_name} was already received (invoice #{earlier_invoice}).",
            )
        )
    return findings


def _mask(iban: str) -> str:
    """An IBAN shown by its country and last four digits, enough to compare without exposing it."""
    return f"{iban[:2]}…{iban[-4:]}" if len(iban) > 8 else iban
