"""The office's vocabulary: every status, kind and action bodesk stores or reports, spelled once.

Each is a `StrEnum`, so a member *is* its database string (`InvoiceStatus.APPROVED == "approved"`):
the values are what the database, the audit trail and the command-line records hold, and must not
change. To add a status, a kind or an audit action, add one line here (and a label where the enum has
them); nothing else spells these words. No Qt and no SQL here.
"""

from __future__ import annotations

from enum import StrEnum


class InvoiceStatus(StrEnum):
    """The status flow of an invoice: received → extracted → needs_review | matched → approved | rejected
    → scheduled → paid. `failed` is a document that could not be read at all."""

    RECEIVED = "received"
    EXTRACTED = "extracted"
    NEEDS_REVIEW = "needs_review"
    MATCHED = "matched"
    APPROVED = "approved"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    PAID = "paid"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return _INVOICE_LABELS[self]

    @classmethod
    def waiting(cls) -> frozenset[InvoiceStatus]:
        """Read and checked, not yet decided by a person: what approval and re-checks look at."""
        return frozenset({cls.EXTRACTED, cls.MATCHED, cls.NEEDS_REVIEW})

    @classmethod
    def decided(cls) -> frozenset[InvoiceStatus]:
        """Past deciding: the checks never change these again."""
        return frozenset({cls.APPROVED, cls.REJECTED, cls.SCHEDULED, cls.PAID})


_INVOICE_LABELS = {
    InvoiceStatus.RECEIVED: "Received",
    InvoiceStatus.EXTRACTED: "Extracted",
    InvoiceStatus.NEEDS_REVIEW: "Needs review",
    InvoiceStatus.MATCHED: "Matched",
    InvoiceStatus.APPROVED: "Approved",
    InvoiceStatus.REJECTED: "Rejected",
    InvoiceStatus.SCHEDULED: "Scheduled",
    InvoiceStatus.PAID: "Paid",
    InvoiceStatus.FAILED: "Unreadable",
}


def status_label(status: str | None) -> str:
    """The office's words for an invoice status (a status this version does not know is shown as spelled)."""
    try:
        return InvoiceStatus(status).label
    except ValueError:
        return status or ""


class DocumentType(StrEnum):
    """What kind of document an invoice row was read from (a credit note's amounts are negative)."""

    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class ExceptionStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


class Resolution(StrEnum):
    """How a person resolves an exception (stored in `exceptions.action`)."""

    ACCEPT = "accept"
    REJECT = "reject"
    UPDATE_PO = "update_po"
    TRUST_BANK = "trust_bank"
    VERIFY_VENDOR = "verify_vendor"
    RECHECK = "recheck"  # not a person's choice: the checks found the cause gone

    @property
    def label(self) -> str:
        return _RESOLUTION_LABELS[self]

    @classmethod
    def chosen(cls) -> tuple[Resolution, ...]:
        """The resolutions a person can choose."""
        return tuple(r for r in cls if r is not cls.RECHECK)


_RESOLUTION_LABELS = {
    Resolution.ACCEPT: "accept as it is",
    Resolution.REJECT: "reject the invoice",
    Resolution.UPDATE_PO: "update the PO to the invoice",
    Resolution.TRUST_BANK: "trust the new bank details",
    Resolution.VERIFY_VENDOR: "verify the vendor",
    Resolution.RECHECK: "closed when checked again",
}


class ExceptionKind(StrEnum):
    """The exception kinds of the shared contract; a new kind is added to the contract first."""

    NO_PO = "no_po"
    PO_NOT_FOUND = "po_not_found"
    PRICE_VARIANCE = "price_variance"
    QUANTITY_VARIANCE = "quantity_variance"
    NOT_RECEIVED = "not_received"
    OVER_BILLED = "over_billed"
    DUPLICATE = "duplicate"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    BANK_DETAILS_CHANGED = "bank_details_changed"
    UNKNOWN_VENDOR = "unknown_vendor"
    MISSING_FIELD = "missing_field"
    LOW_CONFIDENCE = "low_confidence"
    TOTALS_MISMATCH = "totals_mismatch"
    CURRENCY_MISMATCH = "currency_mismatch"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        """The ways this kind can be resolved (trusting bank details is not mere acceptance)."""
        return _KIND_RESOLUTIONS.get(self, (Resolution.ACCEPT, Resolution.REJECT))


#: The kinds about what was read off the page (not about the order, the vendor or the money): a person
#: settles them by correcting a field.
READING_KINDS = frozenset({ExceptionKind.MISSING_FIELD, ExceptionKind.LOW_CONFIDENCE,
                           ExceptionKind.TOTALS_MISMATCH, ExceptionKind.CURRENCY_MISMATCH})

_KIND_LABELS = {
    ExceptionKind.NO_PO: "No PO number",
    ExceptionKind.PO_NOT_FOUND: "PO not found",
    ExceptionKind.PRICE_VARIANCE: "Price differs from PO",
    ExceptionKind.QUANTITY_VARIANCE: "Quantity differs from PO",
    ExceptionKind.NOT_RECEIVED: "Goods not received",
    ExceptionKind.OVER_BILLED: "Billed more than ordered",
    ExceptionKind.DUPLICATE: "Duplicate invoice",
    ExceptionKind.POSSIBLE_DUPLICATE: "Possible duplicate",
    ExceptionKind.BANK_DETAILS_CHANGED: "Bank details changed",
    ExceptionKind.UNKNOWN_VENDOR: "Unknown vendor",
    ExceptionKind.MISSING_FIELD: "Missing field",
    ExceptionKind.LOW_CONFIDENCE: "Uncertain reading",
    ExceptionKind.TOTALS_MISMATCH: "Totals don't add up",
    ExceptionKind.CURRENCY_MISMATCH: "Currency differs",
    ExceptionKind.OVERDUE: "Overdue",
}

_VARIANCE = (Resolution.ACCEPT, Resolution.UPDATE_PO, Resolution.REJECT)
_KIND_RESOLUTIONS = {
    ExceptionKind.BANK_DETAILS_CHANGED: (Resolution.TRUST_BANK, Resolution.REJECT),
    ExceptionKind.UNKNOWN_VENDOR: (Resolution.VERIFY_VENDOR, Resolution.REJECT),
    ExceptionKind.PRICE_VARIANCE: _VARIANCE,
    ExceptionKind.QUANTITY_VARIANCE: _VARIANCE,
    ExceptionKind.OVER_BILLED: _VARIANCE,
}


def kind_label(kind: str) -> str:
    """The office's words for an exception kind (a kind this version does not know is shown as spelled)."""
    try:
        return ExceptionKind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()


def resolutions_for(kind: str) -> tuple[Resolution, ...]:
    try:
        return ExceptionKind(kind).resolutions
    except ValueError:
        return (Resolution.ACCEPT, Resolution.REJECT)


class ImportOutcome(StrEnum):
    """What an import did with one file, besides the status of the invoice it made."""

    DUPLICATE = "duplicate"  # the same file is already stored; nothing new
    ERROR = "error"  # could not be imported at all


class SourceKind(StrEnum):
    """Where a document came from (`documents.source_kind`); FOLDER and IMAP are also intake sources' kinds."""

    DROP = "drop"
    CLI = "cli"
    FOLDER = "folder"
    IMAP = "imap"
    DEMO = "demo"


class LedgerStatus(StrEnum):
    """An intake source's item: `stored` (document committed, the after-action on the original still
    to do), `done`, or `skipped` (nothing in it to import)."""

    STORED = "stored"
    DONE = "done"
    SKIPPED = "skipped"


class AuditAction(StrEnum):
    """The verbs of the audit trail. The metrics look for RECEIVED, APPROVED, CORRECTED: never rename."""

    RECEIVED = "received"
    EXTRACTED = "extracted"
    CHECKED = "checked"
    RECHECKED = "rechecked"
    RAISED = "raised"
    RESOLVED = "resolved"
    CONFIRMED = "confirmed"
    ASSIGNED = "assigned"
    COMMENTED = "commented"
    CORRECTED = "corrected"
    APPROVED = "approved"
    REJECTED = "rejected"
    SCHEDULED = "scheduled"
    PAID = "paid"
    CREATED = "created"
    EDITED = "edited"
    UPDATED = "updated"
    REMOVED = "removed"
    IMPORTED = "imported"
    REMINDED = "reminded"
    VERIFIED = "verified"
    TRUSTED_IBAN = "trusted_iban"
    STARTED = "started"
    DONE = "done"
    UNDONE = "undone"
    MOVED = "moved"
    NOTE = "note"
    ATTACHED = "attached"
    FORGOTTEN = "forgotten"  # what bodesk learned about a vendor, reset by a person
    TEMPLATE_CREATED = "template_created"
    TEMPLATE_CHANGED = "template_changed"
    TEMPLATE_DELETED = "template_deleted"
    CERTIFICATE_ADDED = "certificate_added"
    CERTIFICATE_REMOVED = "certificate_removed"
    SETTING_CHANGED = "setting_changed"
    USER_ADDED = "user_added"
    USER_CHANGED = "user_changed"
    USER_REMOVED = "user_removed"
    USER_AWAY = "user_away"
    APPROVAL_REFUSED = "approval_refused"
    APPROVED_STEP = "approved_step"  # one step of a multi-step approval chain
    SENT_BACK = "sent_back"  # an approved invoice changed in amount, currency, IBAN or vendor
    MAIL_ACCOUNT_SET = "mail_account_set"
    MAIL_QUEUED = "mail_queued"
    MAIL_SENT = "mail_sent"
    MAIL_FAILED = "mail_failed"
    MAIL_RETRY = "mail_retry"
    EXPORTED = "exported"
    RE_EXPORTED = "re-exported"
    BOOKED = "booked"  # a person set or changed an invoice's (or a line's) booking
    BOOKING_APPLIED = "booking_applied"  # bodesk stored a suggested booking for an export
    CHART_CHANGED = "chart_changed"  # the chart of accounts imported, or an account added, renamed or removed


class BookingSource(StrEnum):
    """Who decided an invoice's booking: a person, or bodesk from the vendor's history or the line text."""

    PERSON = "person"
    VENDOR_HISTORY = "vendor_history"
    LINE_TEXT = "line_text"


class TransferStatus(StrEnum):
    """A transfer of a payment batch: scheduled, partly paid by the bank statements so far, or paid."""

    SCHEDULED = "scheduled"
    PARTIAL = "partial"
    PAID = "paid"


class MatchedBy(StrEnum):
    """How a bank statement line was matched to a transfer (`bank import` records' `matched_by`)."""

    END_TO_END_ID = "end_to_end_id"
    AMOUNT_IBAN_REMITTANCE = "amount_iban_remittance"


class StatementOutcome(StrEnum):
    """What became of a bank statement line."""

    PAID = "paid"
    PARTIAL = "partial"
    UNMATCHED = "unmatched"
    NOT_A_PAYMENT = "not_a_payment"


class Change(StrEnum):
    """What an operation changed, so each screen can decide whether it concerns it."""

    INVOICES = "invoices"
    EXCEPTIONS = "exceptions"
    DOCUMENTS = "documents"
    VENDORS = "vendors"
    PURCHASING = "purchasing"
    ONBOARDING = "onboarding"
    SOURCES = "sources"
    SETTINGS = "settings"
    PAYMENTS = "payments"
    BOOKINGS = "bookings"
    EXPORTS = "exports"
