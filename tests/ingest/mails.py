"""Real mails for the intake tests and benchmark: invoices attached, inline, in the body, or absent."""

from __future__ import annotations

import tempfile
from collections import Counter
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from bodesk.demo.invoices import SampleInvoice, render_pdf, render_scan, sample_set

LOGO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>{number}</cbc:ID><cbc:IssueDate>2026-03-05</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cac:PartyName><cbc:Name>Acme GmbH</cbc:Name></cac:PartyName></cac:Party></cac:AccountingSupplierParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">19.00</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">119.00</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>
"""


def pdf_bytes_of(inv: SampleInvoice, folder: Path, name: str) -> bytes:
    return render_pdf(inv, folder / name).read_bytes()


def message(subject: str, sender: str, body: str, attachments: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
            html: str | None = None, inline: list[tuple[bytes, str, str]] = ()) -> bytes:  # type: ignore[assignment]
    """A mail with `attachments` (name, bytes, mime type) and `inline` images (bytes, subtype, cid) in its HTML."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "office@example.com", subject
    msg["Message-ID"] = make_msgid(domain="example.com")
    msg.set_content(body)
    if html is not None or inline:
        msg.add_alternative(html or f"<p>{body}</p>", subtype="html")
        related = msg.get_payload()[1]
        for data, subtype, cid in inline:
            related.add_related(data, maintype="image", subtype=subtype, cid=f"<{cid}>")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return bytes(msg)


def corpus(seed: int = 3) -> tuple[list[bytes], Counter[str]]:
    """50 mails, and the names of the documents they must give (a multiset).

    30 with one PDF (some sent as application/octet-stream), 5 with two PDFs, one with three,
    2 HTML mails with a scan inline (and a tiny logo, which is not a document), 8 receipts in the
    mail body, 2 e-invoice XMLs, one PDF beside a Word file, and one newsletter with no invoice."""
    invoices = iter(sample_set(48, seed=seed))
    mails: list[bytes] = []
    expected: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(30):
            name = f"INV-{i:03d}.pdf"
            mime = "application/octet-stream" if i % 5 == 0 else "application/pdf"
            mails.append(message(f"Invoice {i}", f"billing{i}@vendor.example", "Please find our invoice attached.",
                                 [(name, pdf_bytes_of(next(invoices), folder, name), mime)]))
            expected[name] += 1
        for i in range(30, 36):
            names = [f"INV-{i:03d}-{k}.pdf" for k in range(3 if i == 35 else 2)]
            mails.append(message(f"Invoices {i}", "ap@vendor.example", "Several invoices attached.",
                                 [(n, pdf_bytes_of(next(invoices), folder, n), "application/pdf") for n in names]))
            expected.update(names)
        for i in range(36, 38):
            scan = render_scan(next(invoices), folder / f"scan-{i}.jpg", dpi=100, seed=i).read_bytes()
            mails.append(message(f"Scanned bill {i}", "shop@vendor.example", "See the scan below.",
                                 html='<p>Our bill:</p><img src="cid:scan"><img src="cid:logo">',
                                 inline=[(scan, "jpeg", f"scan{i}@x"), (LOGO, "png", f"logo{i}@x")]))
        for i in range(38, 46):
            body = (f"Thank you for your order!\nReceipt no. R-{i}77\nDate: 2026-03-0{i % 9 + 1}\n"
                    f"Coffee beans 2 x 12.50\nTotal paid: EUR {25 + i}.90\n")
            mails.append(message(f"Your receipt {i}", "no-reply@shop.example", body))
            expected[f"Your receipt {i}.eml"] += 1
        mails.append(message("Spring newsletter", "news@vendor.example", "Our new catalogue is out. Have a nice day!",
                             html='<p>Our new catalogue</p><img src="cid:logo">', inline=[(LOGO, "png", "logo@x")]))
        for i in range(47, 49):
            name = f"einvoice-{i}.xml"
            mails.append(message(f"E-invoice {i}", "edi@vendor.example", "XRechnung attached.",
                                 [(name, UBL.format(number=f"UBL-{i}").encode(), "application/xml")]))
            expected[name] += 1
        mails.append(message("Invoice and contract", "sales@vendor.example", "Invoice and our contract.",
                             [("contract.docx", b"PK\x03\x04 not a document", "application/octet-stream"),
                              ("INV-049.pdf", pdf_bytes_of(next(invoices), folder, "INV-049.pdf"), "application/pdf")]))
        expected["INV-049.pdf"] += 1
    return mails, +expected


#: Documents from the two inline scans, whose names are given by their position in the mail.
INLINE_SCANS = 2
