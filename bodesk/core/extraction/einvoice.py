"""E-invoices: UN/CEFACT CII (Factur-X, ZUGFeRD 1 and 2, XRechnung) and UBL 2.1 XML.

The XML is the legally binding content, so when a PDF carries it (Factur-X/ZUGFeRD) it wins
over the visible page and every field it gives has confidence 1.0. Elements are found by
local name, which covers the namespace variants of ZUGFeRD 1.0, 2.x and UBL Invoice and
CreditNote alike. The parser resolves no entities and fetches nothing from the network.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from bodesk.core.records import ExtractionResult, LineItem
from bodesk.core.vocabulary import DocumentType

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


class NotAnInvoice(ValueError):
    """The XML parsed, but is neither CII nor UBL."""


#: UNTDID 1001 document codes of credit notes (381 credit note, 396 factored credit note, ...).
CREDIT_NOTE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})


def parse_xml(data: bytes, source: str) -> ExtractionResult:
    """An e-invoice as an extraction record. Raises `NotAnInvoice` or `etree.XMLSyntaxError`."""
    root = etree.fromstring(data, _PARSER)
    kind = etree.QName(root).localname
    if kind in ("CrossIndustryInvoice", "CrossIndustryDocument"):
        result = _from_cii(root, source)
    elif kind in ("Invoice", "CreditNote"):
        result = _from_ubl(root, source)
    else:
        raise NotAnInvoice(kind)
    result.confidence = {
        name: 1.0
        for name in (
            "vendor_name", "vendor_tax_id", "iban", "invoice_number", "invoice_date", "due_date",
            "currency", "subtotal", "tax", "total", "po_number",
        )
        if getattr(result, name) is not None
    }
    if result.line_items:
        result.confidence["line_items"] = 1.0
    return result


# ------------------------------------------------------------------------------ helpers


def _children(el, name: str) -> Iterator:
    for child in el:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            yield child


def _path(el, path: str):
    """The first element along a "/"-separated path of local names ("//" = any depth)."""
    for part in path.split("/"):
        if el is None:
            return None
        if part.startswith("*"):
            el = next(_descendants(el, part[1:]), None)
        else:
            el = next(_children(el, part), None)
    return el


def _first(*elements):
    """The first element that exists (lxml elements must not be tested for truth)."""
    return next((e for e in elements if e is not None), None)


def _descendants(el, name: str) -> Iterator:
    for child in el.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            yield child


def _text(el, path: str) -> str | None:
    found = _path(el, path)
    if found is None or found.text is None:
        return None
    text = " ".join(found.text.split())
    return text or None


def _amount(el, path: str) -> Decimal | None:
    text = _text(el, path)
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def _date(text: str | None) -> date | None:
    if not text:
        return None
    digits = text.replace("-", "")
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _money_in(el, name: str, currency: str | None) -> Decimal | None:
    """An amount element that may repeat once per currency (CII TaxTotalAmount)."""
    values = list(_children(el, name)) if el is not None else []
    for v in values:
        if currency is None or v.get("currencyID") in (None, currency):
            try:
                return Decimal(v.text.strip())
            except (InvalidOperation, AttributeError):
                return None
    return None


# ---------------------------------------------------------------------------------- CII


def _from_cii(root, source: str) -> ExtractionResult:
    doc = _first(_path(root, "*ExchangedDocument"), _path(root, "*HeaderExchangedDocument"))
    agreement = next(
        (e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname in
         ("ApplicableHeaderTradeAgreement", "ApplicableSupplyChainTradeAgreement")),
        None,
    )
    settlement = next(
        (e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname in
         ("ApplicableHeaderTradeSettlement", "ApplicableSupplyChainTradeSettlement")),
        None,
    )
    res = ExtractionResult(source=source, method="einvoice")
    if doc is not None:
        res.invoice_number = _text(doc, "ID")
        res.invoice_date = _date(_text(doc, "IssueDateTime/DateTimeString"))
        if _text(doc, "TypeCode") in CREDIT_NOTE_CODES:
            res.document_type = DocumentType.CREDIT_NOTE
    seller = _path(agreement, "SellerTradeParty") if agreement is not None else None
    if seller is not None:
        res.vendor_name = _text(seller, "Name")
        regs = list(_children(seller, "SpecifiedTaxRegistration"))
        # One registration may hold several ids (ZUGFeRD 1.0: a tax number "FC" and the VAT id "VA").
        ids = [(i.get("schemeID"), " ".join(i.text.split())) for r in regs for i in _children(r, "ID") if i.text]
        res.vendor_tax_id = next((v for s, v in ids if s == "VA"), None) or next((v for _s, v in ids), None)
    if agreement is not None:
        res.po_number = _text(agreement, "BuyerOrderReferencedDocument/IssuerAssignedID")
    if settlement is not None:
        res.currency = _text(settlement, "InvoiceCurrencyCode")
        res.iban = _text(settlement, "*PayeePartyCreditorFinancialAccount/IBANID")
        # Payment terms may repeat (one per instalment or per note): the first that gives a due date.
        res.due_date = next(
            (d for t in _children(settlement, "SpecifiedTradePaymentTerms")
             if (d := _date(_text(t, "DueDateDateTime/DateTimeString"))) is not None),
            None,
        )
        sums = _first(
            _path(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation"),
            _path(settlement, "SpecifiedTradeSettlementMonetarySummation"),
        )
        if sums is not None:
            res.subtotal = _amount(sums, "TaxBasisTotalAmount")
            res.tax = _money_in(sums, "TaxTotalAmount", res.currency)
            res.total = _amount(sums, "GrandTotalAmount")
            if res.total is not None and res.total < 0:
                res.document_type = DocumentType.CREDIT_NOTE
    for line in _descendants(root, "IncludedSupplyChainTradeLineItem"):
        qty = _amount(line, "*BilledQuantity")
        price = _unit_price(
            _amount(line, "*NetPriceProductTradePrice/ChargeAmount"),
            _amount(line, "*NetPriceProductTradePrice/BasisQuantity"),
        )
        res.line_items.append(
            LineItem(
                description=_text(line, "SpecifiedTradeProduct/Name"),
                quantity=qty,
                unit_price=price,
                amount=_amount(line, "*LineTotalAmount"),
            )
        )
    return res


def _unit_price(price: Decimal | None, basis: Decimal | None) -> Decimal | None:
    """A price quoted per `basis` units (e.g. per 100) as a price per unit."""
    if price is not None and basis not in (None, Decimal(0), Decimal(1)):
        return price / basis
    return price


# ---------------------------------------------------------------------------------- UBL


def _from_ubl(root, source: str) -> ExtractionResult:
    res = ExtractionResult(source=source, method="einvoice")
    res.invoice_number = _text(root, "ID")
    res.invoice_date = _date(_text(root, "IssueDate"))
    if etree.QName(root).localname == "CreditNote" or _text(root, "InvoiceTypeCode") in CREDIT_NOTE_CODES:
        res.document_type = DocumentType.CREDIT_NOTE
    res.due_date = _date(_text(root, "DueDate") or _text(root, "PaymentMeans/PaymentDueDate"))
    res.currency = _text(root, "DocumentCurrencyCode")
    party = _path(root, "AccountingSupplierParty/Party")
    if party is not None:
        res.vendor_name = _text(party, "PartyLegalEntity/RegistrationName") or _text(party, "PartyName/Name")
        schemes = list(_children(party, "PartyTaxScheme"))
        vat = [s for s in schemes if _text(s, "TaxScheme/ID") == "VAT"]
        res.vendor_tax_id = next((_text(s, "CompanyID") for s in vat or schemes), None)
    res.po_number = _text(root, "OrderReference/ID")
    res.iban = _text(root, "PaymentMeans/PayeeFinancialAccount/ID")
    totals = _path(root, "LegalMonetaryTotal")
    if totals is not None:
        res.subtotal = _amount(totals, "TaxExclusiveAmount")
        res.total = _amount(totals, "TaxInclusiveAmount")
        if res.total is not None and res.total < 0:
            res.document_type = DocumentType.CREDIT_NOTE
    for tax_total in _children(root, "TaxTotal"):
        amount = _money_in(tax_total, "TaxAmount", res.currency)
        if amount is not None:
            res.tax = amount
            break
    for line in [*_children(root, "InvoiceLine"), *_children(root, "CreditNoteLine")]:
        qty = _amount(line, "InvoicedQuantity")
        if qty is None:
            qty = _amount(line, "CreditedQuantity")
        price = _unit_price(_amount(line, "Price/PriceAmount"), _amount(line, "Price/BaseQuantity"))
        res.line_items.append(
            LineItem(
                description=_text(line, "Item/Name"),
                quantity=qty,
                unit_price=price,
                amount=_amount(line, "LineExtensionAmount"),
            )
        )
    return res

