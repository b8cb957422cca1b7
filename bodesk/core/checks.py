"""The checks on one invoice that need no purchase order: is what was read complete and coherent,
is the vendor known and its bank account trusted, was it received before, is it overdue?

Each check gives an exception kind from the shared contract and a sentence saying what differs.
Matching against purchase orders is in `matching`; `decisions` runs everything and routes the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

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
    verified: bool = True
    id: int | None = None
    default_approver: str | None = None
    category: str | None = None
    payment_terms_days: int | None = None


@dataclass(frozen=True)
class EarlierInvoice:
    """An invoice received before this one, as the duplicate checks see it."""

    id: int
    invoice_number: str | None
    invoice_date: date | None
    total: Decimal | None


def vendor_findings(result: ExtractionResult, vendor: VendorFacts | None) -> list[Finding]:
    """Checks against what the workspace knows of the vendor: is it known and verified, is the bank account trusted?"""
    findings: list[Finding] = []
    if result.vendor_name and (vendor is None or not vendor.verified):
        findings.append(
            Finding(
                "unknown_vendor",
                f"“{result.vendor_name}” is not among your verified vendors (first seen on an invoice); "
                "check who sent it before paying.",
            )
        )
    elif vendor is not None and result.iban and result.iban not in vendor.trusted_ibans:
        if vendor.trusted_ibans:
            known = ", ".join(sorted(_mask(i) for i in vendor.trusted_ibans))
            where = f"which is not one of {vendor.name}'s trusted accounts ({known})"
        else:
            where = f"and {vendor.name} has no trusted bank account yet"
        findings.append(
            Finding(
                "bank_details_changed",
                f"The invoice asks for payment to {_mask(result.iban)}, {where}. "
                "Confirm the change with the vendor by phone before paying.",
            )
        )
    return findings


def duplicate_findings(
    result: ExtractionResult, same_number: EarlierInvoice | None, similar: list[EarlierInvoice], *, days: int
) -> list[Finding]:
    """`duplicate`: the same vendor and number came before. `possible_duplicate`: the same vendor and total
    within `days` under another number (a re-scan whose number was misread, or a re-issued invoice)."""
    if same_number is not None:
        return [
            Finding(
                "duplicate",
                f"Invoice {result.invoice_number} from {result.vendor_name} was already received (invoice #{same_number.id}).",
            )
        ]
    for earlier in similar:
        if result.total is None or earlier.total != result.total or earlier.invoice_number == result.invoice_number:
            continue
        if result.invoice_date and earlier.invoice_date:
            gap = abs((result.invoice_date - earlier.invoice_date).days)
            if gap > days:
                continue
            when = "the same day" if gap == 0 else f"{gap} day{'s' if gap != 1 else ''} apart"
        else:
            when = "undated"
        return [
            Finding(
                "possible_duplicate",
                f"Invoice #{earlier.id} ({earlier.invoice_number or 'no number'}) from {result.vendor_name} is also for "
                f"{result.total}, {when}, under another number than {result.invoice_number or '(none)'}: a re-scan or a re-issue?",
            )
        ]
    return []


def overdue_findings(result: ExtractionResult, vendor: VendorFacts | None, today: date, grace_days: int = 0) -> list[Finding]:
    """`overdue`: the due date (printed, or the invoice date plus the vendor's terms) has passed.
    A credit note is never overdue: it is money the vendor owes the office."""
    if getattr(result, "document_type", None) == "credit_note" or (result.total is not None and result.total < 0):
        return []
    due = result.due_date
    if due is None and result.invoice_date and vendor and vendor.payment_terms_days is not None:
        due = result.invoice_date + timedelta(days=vendor.payment_terms_days)
    if due is None or (today - due).days <= grace_days:
        return []
    late = (today - due).days
    return [
        Finding(
            "overdue",
            f"Payment was due on {due.isoformat()}, {late} day{'s' if late != 1 else ''} ago; "
            "pay it first or agree new terms with the vendor.",
        )
    ]


def _mask(iban: str) -> str:
    """An IBAN shown by its country and last four digits, enough to compare without exposing it."""
    return f"{iban[:2]}…{iban[-4:]}" if len(iban) > 8 else iban
