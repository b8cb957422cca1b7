"""E-invoices: UBL and CII XML files, and Factur-X/ZUGFeRD PDFs where the XML wins."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bodesk.core.extraction import Limits, extract

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-9</cbc:ID>
  <cbc:IssueDate>2026-03-05</cbc:IssueDate>
  <cbc:DueDate>2026-04-04</cbc:DueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:OrderReference><cbc:ID>PO-1</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>Acme</cbc:Name></cac:PartyName>
    <cac:PartyTaxScheme><cbc:CompanyID>DE123456789</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Acme GmbH</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Buyer AG</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>
  <cac:PaymentMeans><cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cac:PayeeFinancialAccount><cbc:ID>DE89370400440532013000</cbc:ID></cac:PayeeFinancialAccount></cac:PaymentMeans>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">119.00</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">4</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Widget</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">25.00</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>
"""


def test_ubl_file(tmp_path: Path) -> None:
    path = tmp_path / "invoice.xml"
    path.write_text(UBL, encoding="utf-8")
    r = extract(path)
    assert r.errors == []
    assert r.method == "einvoice"
    assert (r.vendor_name, r.vendor_tax_id, r.iban) == ("Acme GmbH", "DE123456789", "DE89370400440532013000")
    assert (r.invoice_number, r.invoice_date, r.due_date, r.po_number) == ("INV-9", date(2026, 3, 5), date(2026, 4, 4), "PO-1")
    assert (r.currency, r.subtotal, r.tax, r.total) == ("EUR", Decimal("100.00"), Decimal("19.00"), Decimal("119.00"))
    assert [li.to_json() for li in r.line_items] == [
        {"description": "Widget", "quantity": "4", "unit_price": "25.00", "amount": "100.00"}
    ]
    assert r.confidence["total"] == 1.0


def test_xml_that_is_not_an_invoice_or_not_xml(tmp_path: Path) -> None:
    other = tmp_path / "feed.xml"
    other.write_text("<?xml version='1.0'?><rss><channel/></rss>")
    assert extract(other).errors == ["The XML file is not an e-invoice bodesk knows (UBL 2.1 or UN/CEFACT CII)."]
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0'?><Invoice><cbc:ID>1</Invoice>")
    assert extract(broken).errors == ["The XML file is damaged (not well-formed) and cannot be read."]


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
    path = tmp_path / "lol.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY l0 "lol">{lol}]>'
        '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>&l8;</ID></Invoice>'
    )
    r = extract(path)
    assert r.invoice_number is None or len(r.invoice_number) < 100


def _truth(folder: Path, pdf_name: str) -> dict:
    return next(t for t in json.loads((folder / "groundtruth.json").read_text()) if t["pdf"].endswith(pdf_name))


@pytest.mark.parametrize("kind", ["CII", "UBL"])
def test_corpus_xml_files(kind: str, corpus) -> None:
    folder = corpus("zugferd-corpus")
    for xml in sorted((folder / kind).glob("*.xml")):
        t = _truth(folder, xml.name.split(".")[0] + ".pdf")
        r = extract(xml)
        assert r.method == "einvoice", xml.name
        assert r.invoice_number == t["invoice_number"]
        assert str(r.invoice_date) == t["issue_date"]
        assert r.vendor_name == " ".join(t["seller_name"].split())
        assert r.total == Decimal(str(t["grand_total"])).quantize(Decimal("0.01"))
        assert len(r.line_items) == t["line_count"]


def test_factur_x_pdf_xml_wins_and_can_be_ignored(corpus) -> None:
    folder = corpus("zugferd-corpus")
    pdf = folder / "FX" / "EN16931_Einfach.pdf"
    t = _truth(folder, "EN16931_Einfach.pdf")
    via_xml = extract(pdf)
    assert via_xml.method == "einvoice"
    assert via_xml.total == Decimal("529.87") == Decimal(str(t["grand_total"]))
    visual = extract(pdf, limits=Limits(use_embedded_xml=False))
    assert visual.method == "text"
    assert visual.invoice_number == t["invoice_number"]
