"""The extraction record: what bodesk reads from one document.

These are plain dataclasses shared by the extractor, the store and the command line.
`ExtractionResult.to_record()` gives exactly the JSON shape of the contract
(amounts as decimal strings, dates as ISO strings, `null` for what was not found).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from bodesk.core.vocabulary import DocumentType

Method = Literal["text", "ocr", "einvoice"]

#: Header fields of the record, in the order the contract lists them.
HEADER_FIELDS: tuple[str, ...] = (
    "vendor_name",
    "vendor_tax_id",
    "iban",
    "invoice_number",
    "invoice_date",
    "due_date",
    "currency",
    "subtotal",
    "tax",
    "total",
    "po_number",
)
DATE_FIELDS = frozenset({"invoice_date", "due_date"})
AMOUNT_FIELDS = frozenset({"subtotal", "tax", "total"})


@dataclass(frozen=True)
class Evidence:
    """Where on the document a value was read: 1-based page, bbox from the page's top-left.

    The bbox is (x0, top, x1, bottom) in PDF points, or in pixels for an image.
    """

    page: int
    bbox: tuple[float, float, float, float]

    def to_json(self) -> dict[str, Any]:
        return {"page": self.page, "bbox": [round(v, 1) for v in self.bbox]}


@dataclass
class LineItem:
    """One line of an invoice; any part may be missing (None)."""

    description: str | None = None
    quantity: Decimal | None = None
    unit_price: Decimal | None = None
    amount: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "description": self.description,
            "quantity": format_amount(self.quantity),
            "unit_price": format_amount(self.unit_price),
            "amount": format_amount(self.amount),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LineItem:
        return cls(
            description=data.get("description"),
            quantity=parse_decimal(data.get("quantity")),
            unit_price=parse_decimal(data.get("unit_price")),
            amount=parse_decimal(data.get("amount")),
        )


@dataclass
class ExtractionResult:
    """Everything read from one document, with a confidence and evidence per found field."""

    source: str
    method: Method = "text"
    document_type: str = DocumentType.INVOICE  # a credit note's amounts are negative
    vendor_name: str | None = None
    vendor_tax_id: str | None = None
    iban: str | None = None
    invoice_number: str | None = None
    invoice_date: date | None = None
    due_date: date | None = None
    currency: str | None = None
    subtotal: Decimal | None = None
    tax: Decimal | None = None
    total: Decimal | None = None
    po_number: str | None = None
    line_items: list[LineItem] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    pages: int = 0

    def to_record(self) -> dict[str, Any]:
        """The contract's JSON record (see shared contracts: the extraction record)."""
        rec: dict[str, Any] = {"source": self.source, "method": self.method, "document_type": str(self.document_type)}
        for name in HEADER_FIELDS:
            rec[name] = format_field(name, getattr(self, name))
        rec["line_items"] = [li.to_json() for li in self.line_items]
        rec["confidence"] = {k: round(float(v), 3) for k, v in self.confidence.items()}
        rec["evidence"] = {k: ev.to_json() for k, ev in self.evidence.items()}
        rec["errors"] = list(self.errors)
        return rec

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> ExtractionResult:
        res = cls(source=rec.get("source", ""), method=rec.get("method", "text"))
        if rec.get("document_type") == DocumentType.CREDIT_NOTE:
            res.document_type = DocumentType.CREDIT_NOTE
        for name in HEADER_FIELDS:
            setattr(res, name, parse_field(name, rec.get(name)))
        res.line_items = [LineItem.from_json(li) for li in rec.get("line_items") or []]
        res.confidence = {k: float(v) for k, v in (rec.get("confidence") or {}).items()}
        res.evidence = {
            k: Evidence(int(v["page"]), tuple(float(x) for x in v["bbox"]))  # type: ignore[arg-type]
            for k, v in (rec.get("evidence") or {}).items()
        }
        res.errors = list(rec.get("errors") or [])
        return res


def format_amount(value: Decimal | None) -> str | None:
    """A decimal as the contract writes it: `.` separator, no exponent, no thousands separator."""
    if value is None:
        return None
    return format(value, "f")


def parse_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def format_field(name: str, value: Any) -> Any:
    """One header field as it appears in the JSON record."""
    if value is None:
        return None
    if name in DATE_FIELDS:
        return value.isoformat()
    if name in AMOUNT_FIELDS:
        return format_amount(value)
    return value


def parse_field(name: str, value: Any) -> Any:
    """The inverse of `format_field`: from JSON (or user input already normalised) to Python."""
    if value is None or value == "":
        return None
    if name in DATE_FIELDS:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    if name in AMOUNT_FIELDS:
        return parse_decimal(value)
    return str(value)
