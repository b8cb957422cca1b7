"""Document kinds and attachments: credit notes come out negative, /AF-only XML is found,
the due date in a later payment-terms entry is read, and several files keep their order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, TextStringObject

from bodesk.core.extraction import extract, extract_many

CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>CN-7</ram:ID><ram:TypeCode>{code}</ram:TypeCode>
  <ram:IssueDateTime><udt:DateTimeString format="102">20260305</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem>
   <ram:SpecifiedTradeProduct><ram:Name>Returned widget</ram:Name></ram:SpecifiedTradeProduct>
   <ram:SpecifiedLineTradeSettlement><ram:SpecifiedTradeSettlementLineMonetarySummation>
    <ram:LineTotalAmount>100.00</ram:LineTotalAmount>
   </ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:ApplicableHeaderTradeAgreement>
   <ram:SellerTradeParty><ram:Name>Acme GmbH</ram:Name></ram:SellerTradeParty>
  </ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement>
   <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradePaymentTerms><ram:Description>Skonto 2 %</ram:Description></ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradePaymentTerms>
    <ram:DueDateDateTime><udt:DateTimeString format="102">20260404</udt:DateTimeString></ram:DueDateDateTime>
   </ram:SpecifiedTradePaymentTerms>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    <ram:TaxBasisTotalAmount>100.00</ram:TaxBasisTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">19.00</ram:TaxTotalAmount>
    <ram:GrandTotalAmount>119.00</ram:GrandTotalAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def _xml(tmp_path: Path, code: str) -> Path:
    path = tmp_path / f"doc-{code}.xml"
    path.write_text(CII.format(code=code), encoding="utf-8")
    return path


def test_cii_invoice_is_an_invoice_with_the_due_date_of_its_second_terms(tmp_path: Path) -> None:
    r = extract(_xml(tmp_path, "380"))
    assert r.document_type == "invoice"
    assert (r.total, r.due_date) == (Decimal("119.00"), date(2026, 4, 4))
    assert r.to_record()["document_type"] == "invoice"


def test_cii_credit_note_comes_out_negative(tmp_path: Path) -> None:
    r = extract(_xml(tmp_path, "381"))
    rec = r.to_record()
    assert rec["document_type"] == "credit_note"
    assert (rec["subtotal"], rec["tax"], rec["total"]) == ("-100.00", "-19.00", "-119.00")
    assert [li["amount"] for li in rec["line_items"]] == ["-100.00"]


def test_printed_credit_note_titles_in_each_language(pdf_factory) -> None:
    for title in ("CREDIT NOTE", "Gutschrift", "Avoir n° 12", "Nota de crédito", "Creditnota", "Nota Kredit"):
        pdf = pdf_factory([[
            (60, 60, "Acme Trading Ltd", 14),
            (60, 100, title, 18),
            (60, 130, "Number: CN-2026-4", 10),
            (60, 145, "Date: 05.03.2026", 10),
            (300, 300, "Net amount", 10), (450, 300, "50.00", 10),
            (300, 315, "VAT 20%", 10), (450, 315, "10.00", 10),
            (300, 330, "Total", 10), (450, 330, "60.00", 10),
        ]])
        r = extract(pdf)
        assert (r.document_type, r.total, r.subtotal, r.tax) == (
            "credit_note", Decimal("-60.00"), Decimal("-50.00"), Decimal("-10.00")
        ), title


def test_an_invoice_mentioning_credit_in_its_text_stays_an_invoice(pdf_factory) -> None:
    pdf = pdf_factory([[
        (60, 60, "Acme Trading Ltd", 14),
        (60, 100, "INVOICE", 18),
        (60, 130, "Invoice number: 2026-4", 10),
        (60, 145, "Date: 05.03.2026", 10),
        (300, 330, "Total", 10), (450, 330, "60.00", 10),
        (60, 700, "Any credit note for this invoice will be sent separately.", 8),
    ]])
    r = extract(pdf)
    assert (r.document_type, r.total) == ("invoice", Decimal("60.00"))


def test_xml_attached_only_through_the_catalogs_af_array(tmp_path: Path, pdf_factory) -> None:
    page = pdf_factory([[(60, 60, "Page that says something else", 12), (60, 90, "Total 1.00", 10)]])
    writer = PdfWriter(clone_from=str(page))
    stream = DecodedStreamObject()
    stream.set_data(CII.format(code="380").encode())
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    spec = DictionaryObject({
        NameObject("/Type"): NameObject("/Filespec"),
        NameObject("/F"): TextStringObject("factur-x.xml"),
        NameObject("/UF"): TextStringObject("factur-x.xml"),
        NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)}),
    })
    writer._root_object[NameObject("/AF")] = ArrayObject([writer._add_object(spec)])
    out = tmp_path / "af-only.pdf"
    with out.open("wb") as fh:
        writer.write(fh)
    r = extract(out)
    assert r.method == "einvoice"
    assert (r.invoice_number, r.total, r.vendor_name) == ("CN-7", Decimal("119.00"), "Acme GmbH")


def test_extract_many_keeps_the_order_of_the_files(tmp_path: Path) -> None:
    paths = [_xml(tmp_path, code) for code in ("380", "381", "380", "381")]
    missing = tmp_path / "missing.pdf"
    results = list(extract_many([*paths, missing]))
    assert [r.source for r in results] == [str(p) for p in [*paths, missing]]
    assert [r.document_type for r in results[:4]] == ["invoice", "credit_note", "invoice", "credit_note"]
    assert results[4].errors


def test_extract_many_reads_on_worker_processes_in_order(tmp_path: Path, monkeypatch) -> None:
    """With several cores the files are read by forked workers: the same results, in the same order."""
    from bodesk.core.extraction import engine, fanout

    paths = [_xml(tmp_path, code) for code in ("380", "381", "380", "381", "380")]
    monkeypatch.setattr(fanout, "cores", lambda: 1)
    serial = list(extract_many(paths))
    monkeypatch.setattr(fanout, "cores", lambda: 3)
    read_here: list[Path] = []  # a worker's calls land in the worker's copy of this list
    real_extract = engine.extract
    monkeypatch.setattr(engine, "extract", lambda path, **k: (read_here.append(path), real_extract(path, **k))[1])
    forked = list(extract_many(paths))
    assert [r.to_record() for r in forked] == [r.to_record() for r in serial]
    assert [r.source for r in forked] == [str(p) for p in paths]
    assert read_here == []
