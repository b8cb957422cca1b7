"""Payment terms: how many days an invoice gives, and what early payment saves.

Read from the words printed on an invoice ("net 30", "2/10 net 30", "2 % Skonto bei Zahlung innerhalb
von 10 Tagen", "escompte de 2 % pour paiement sous 8 jours", "descuento por pronto pago del 2 %…"), from
the payment terms of an e-invoice's XML (every entry: CII `SpecifiedTradePaymentTerms` with their
discount terms, the XRechnung `#SKONTO#` convention, UBL `PaymentTerms`), or from the vendor's record.
No Qt, no SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Discount:
    """`percent` off when paid within `days` of the invoice date (or by `until`, when the terms name a day)."""

    percent: Decimal
    days: int | None = None
    until: date | None = None

    def last_day(self, invoice_date: date | None) -> date | None:
        if self.until is not None:
            return self.until
        if invoice_date is None or self.days is None:
            return None
        return invoice_date + timedelta(days=self.days)


@dataclass(frozen=True)
class PaymentTerms:
    """What the terms say: net days (or a due date) and early-payment discounts, best first."""

    net_days: int | None = None
    due_date: date | None = None
    discounts: tuple[Discount, ...] = ()
    text: str = ""

    def __bool__(self) -> bool:
        return self.net_days is not None or self.due_date is not None or bool(self.discounts)

    def due(self, invoice_date: date | None) -> date | None:
        if self.due_date is not None:
            return self.due_date
        if invoice_date is None or self.net_days is None:
            return None
        return invoice_date + timedelta(days=self.net_days)

    def schedule(self, invoice_date: date | None, total: Decimal | None) -> list[DiscountStep]:
        """Each discount as a last day and an amount saved, earliest first (none for a credit or no total)."""
        if total is None or total <= 0:
            return []
        steps = []
        for d in self.discounts:
            last = d.last_day(invoice_date)
            if last is not None:
                steps.append(DiscountStep(last, d.percent, (total * d.percent / 100).quantize(CENT, ROUND_HALF_UP)))
        return sorted(steps, key=lambda s: (s.until, -s.amount))

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "net_days": self.net_days,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "discounts": [
                {"percent": str(d.percent), "days": d.days, "until": d.until.isoformat() if d.until else None}
                for d in self.discounts
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> PaymentTerms:
        if not data:
            return cls()
        return cls(
            net_days=data.get("net_days"),
            due_date=date.fromisoformat(data["due_date"]) if data.get("due_date") else None,
            discounts=tuple(
                Discount(Decimal(d["percent"]), d.get("days"), date.fromisoformat(d["until"]) if d.get("until") else None)
                for d in data.get("discounts") or []
            ),
            text=data.get("text") or "",
        )


@dataclass(frozen=True)
class DiscountStep:
    """Pay by `until` and save `amount` (`percent` of the total)."""

    until: date
    percent: Decimal
    amount: Decimal


# --- terms in words -------------------------------------------------------------------------------

_NUM = r"(\d{1,3}(?:[.,]\d{1,2})?)"
_DAYS_WORD = r"(?:days?|d\b|tagen?|tg\.?|jours?|j\b|d[ií]as?|dagen|hari|giorni)"
_DAYS = re.compile(r"(?<![\d.,])(\d{1,3})\s*" + _DAYS_WORD, re.I)
_DAYS_AFTER = re.compile(r"\b(?:net|netto|neto|n)\s*/?\s*(\d{1,3})\b(?![.,]\d)", re.I)
_PERCENT = re.compile(_NUM + r"\s*(?:%|percent\b|prozent\b|pour\s*cent\b|por\s*ciento\b|procent\b|persen\b)", re.I)
# "2/10 net 30", "2/10, n/30", "1.5/14 net 45"
_SLASH = re.compile(r"\b" + _NUM + r"\s*%?\s*/\s*(\d{1,3})\s*,?\s*(?:net|n)\s*/?\s*(\d{1,3})\b", re.I)
_DISCOUNT_WORDS = re.compile(
    r"skonto|escompte|pronto\s*pago|descuento|discount|korting|remise|diskon|potongan|sconto", re.I
)
_NONE_WORDS = re.compile(r"\b(?:n[ée]ant|aucun|ohne|kein|none|sin|geen|tidak)\b|\bpas\s+d", re.I)
# Clauses: split on ; and line breaks, on commas and "or"-words, and on full stops that end a sentence.
_CLAUSE_SPLIT = re.compile(r"[;\n]|,(?!\d)|\.(?=\s)|\s(?:oder|or|ou|o|of|atau)\s", re.I)


_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")


def _clause_date(clause: str) -> date | None:
    """A calendar day named in a clause ("bis 15.06.2018"), which beats counting days."""
    m = _DATE.search(clause)
    if not m:
        return None
    try:
        if m.group(1):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        return date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except ValueError:
        return None


def _dec(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if 0 < value < 100 else None


def parse_terms(text: str | None) -> PaymentTerms:
    """Payment terms from the words on an invoice; empty terms when nothing is recognised."""
    if not text or not text.strip():
        return PaymentTerms()
    discounts: list[Discount] = []
    net_days: int | None = None
    rest = text
    for m in _SLASH.finditer(text):
        pct = _dec(m.group(1))
        if pct is not None:
            discounts.append(Discount(pct, int(m.group(2))))
            net_days = int(m.group(3))
    rest = _SLASH.sub(" ", text)
    for clause in _CLAUSE_SPLIT.split(rest):
        if not clause or not clause.strip():
            continue
        days = [int(d) for d in _DAYS.findall(clause)] + [int(d) for d in _DAYS_AFTER.findall(clause)]
        if _DISCOUNT_WORDS.search(clause):
            pct_match = _PERCENT.search(clause)
            pct = _dec(pct_match.group(1)) if pct_match else None
            if pct is None or _NONE_WORDS.search(clause) and pct_match is None:
                continue
            if days:
                discounts.append(Discount(pct, min(days), _clause_date(clause)))
                if len(days) > 1 and net_days is None:
                    net_days = max(days)
            continue
        if days and _PERCENT.search(clause) is None and net_days is None:
            net_days = max(days)
    discounts = sorted(set(discounts), key=lambda d: (d.days or 0, -d.percent))
    return PaymentTerms(net_days=net_days, discounts=tuple(discounts), text=" ".join(text.split()))


def terms_from_vendor(payment_terms_days: int | None) -> PaymentTerms:
    return PaymentTerms(net_days=payment_terms_days, text=f"net {payment_terms_days}") if payment_terms_days else PaymentTerms()


def merge(*terms: PaymentTerms) -> PaymentTerms:
    """The first terms that say something win each part (the invoice's own before the vendor's record)."""
    net = next((t.net_days for t in terms if t.net_days is not None), None)
    due = next((t.due_date for t in terms if t.due_date is not None), None)
    discounts = next((t.discounts for t in terms if t.discounts), ())
    text = next((t.text for t in terms if t.text), "")
    return PaymentTerms(net_days=net, due_date=due, discounts=discounts, text=text)


# --- terms in e-invoice XML -------------------------------------------------------------------------

_SKONTO = re.compile(r"#SKONTO#TAGE=(\d+)#PROZENT=(\d+(?:\.\d+)?)#", re.I)


def _local(el: Any) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el.iter() if _local(c) == name]


def _first_text(el: Any, name: str) -> str | None:
    for c in el.iter():
        if _local(c) == name and c.text and c.text.strip():
            return c.text.strip()
    return None


def _xml_date(text: str | None) -> date | None:
    if not text:
        return None
    digits = re.sub(r"\D", "", text)
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) >= 8 else None
    except ValueError:
        return None


def safe_parser() -> Any:
    """An lxml parser that expands no entities, fetches nothing and refuses huge trees."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def terms_from_einvoice(xml: bytes) -> PaymentTerms:
    """Every payment-terms entry of a CII (Factur-X/ZUGFeRD/XRechnung) or UBL invoice, merged."""
    from lxml import etree

    try:
        root = etree.fromstring(xml, safe_parser())
    except etree.XMLSyntaxError:
        return PaymentTerms()
    discounts: list[Discount] = []
    texts: list[str] = []
    due: date | None = None
    net: int | None = None
    for entry in _children(root, "SpecifiedTradePaymentTerms") + _children(root, "PaymentTerms"):
        description = _first_text(entry, "Description") or _first_text(entry, "Note") or ""
        if description:
            texts.append(description)
            for days, pct in _SKONTO.findall(description):
                discounts.append(Discount(Decimal(pct), int(days)))
            worded = parse_terms(_SKONTO.sub(" ", description))
            discounts.extend(worded.discounts)
            net = net if net is not None else worded.net_days
        due = due or _xml_date(_first_text(entry, "DateTimeString") if _children(entry, "DueDateDateTime") else None)
        due = due or _xml_date(_first_text(entry, "PaymentDueDate"))
        for d in _children(entry, "ApplicableTradePaymentDiscountTerms"):
            pct = _dec(_first_text(d, "CalculationPercent") or "")
            days = _first_text(d, "BasisPeriodMeasure")
            until = _xml_date(_first_text(d, "DateTimeString"))
            if pct is not None and (days or until):
                discounts.append(Discount(pct, int(Decimal(days)) if days else None, None if days else until))
        pct = _dec(_first_text(entry, "SettlementDiscountPercent") or "")
        if pct is not None:
            period = next(iter(_children(entry, "SettlementPeriod")), None)
            until = _xml_date(_first_text(period, "EndDate")) if period is not None else None
            days = _first_text(period, "DurationMeasure") if period is not None else None
            if until or days:
                discounts.append(Discount(pct, int(Decimal(days)) if days and not until else None, until))
    due = due or _xml_date(_first_text(root, "DueDate"))
    unique = sorted(set(discounts), key=lambda d: (d.until or date.min, d.days or 0, -d.percent))
    return PaymentTerms(net_days=net, due_date=due, discounts=tuple(unique), text=" | ".join(texts))




_TERMS_LINE = re.compile(
    r"terms|zahlbar|zahlung|skonto|netto|escompte|paiement|r[eè]glement|pago|plazo|neto|\bnet\b|betaling|"
    r"pembayaran|due within|payable within|within \d+ days",
    re.I,
)


def terms_from_text(text: str) -> PaymentTerms:
    """Terms from a whole page of text: only the lines that speak of payment are read."""
    terms = parse_terms("\n".join(line for line in text.splitlines() if _TERMS_LINE.search(line)))
    return terms if terms else PaymentTerms()


def document_text(path: Any, max_pages: int = 3) -> tuple[str, bytes | None]:
    """(text, e-invoice XML) of a stored document: a standalone XML file, the XML inside a PDF, and the PDF's
    text layer (first pages). Scans give no text here."""
    from pathlib import Path

    from bodesk.core.extraction.attachments import embedded_xml, xml_file
    from bodesk.core.extraction.readers import open_pdfium, sniff
    from bodesk.errors import UnreadableDocument

    path = Path(path)
    kind = sniff(path)
    if kind == "xml":
        try:
            data = xml_file(path)
        except UnreadableDocument:  # refused by extraction already
            return "", None
        return data.decode("utf-8", "replace"), data
    if kind != "pdf":
        return "", None

    xml = embedded_xml(path)
    try:
        pdf = open_pdfium(path)
    except UnreadableDocument:
        return "", xml
    try:
        texts = []
        for index in range(min(len(pdf), max_pages)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return "\n".join(texts), xml


def terms_in(text: str, xml: bytes | None) -> PaymentTerms:
    """The terms of a document: its e-invoice XML's first, else the payment lines of its text."""
    if xml:
        terms = terms_from_einvoice(xml)
        if terms:
            return terms
    return terms_from_text(text) if text else PaymentTerms()


def terms_from_document(path: Any) -> PaymentTerms:
    """The terms printed on a stored document (its e-invoice XML first, else its text)."""
    return terms_in(*document_text(path))


_NUMBER = re.compile(r"(?<![\w/-])([A-Za-z]{0,6}[-/_.]?\d[\w/.-]{1,30})(?![\w/-])")


def numbers_in(text: str, limit: int = 200) -> list[str]:
    """The document numbers a text mentions ("R-2026-102", "INV0042"), without dates and plain amounts."""
    seen: dict[str, None] = {}
    for m in _NUMBER.finditer(text):
        token = m.group(1).strip(".-/")
        if re.fullmatch(r"[\d.,]+", token) and not re.fullmatch(r"\d{4,}", token):
            continue  # an amount or a date, not a number a vendor gives an invoice
        seen.setdefault(token, None)
        if len(seen) >= limit:
            break
    return list(seen)
