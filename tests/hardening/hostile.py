"""Hostile documents made on the fly: e-invoices with impossible values, PDFs that hang or inflate."""

from __future__ import annotations

import base64

import zlib
from collections.abc import Iterator
from pathlib import Path

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>{issued}</cbc:IssueDate>
  <cbc:DueDate>{due}</cbc:DueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PartyName><cbc:Name>{vendor}</cbc:Name></cac:PartyName>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">{tax}</cbc:TaxAmount></cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:TaxExclusiveAmount currencyID="EUR">100.00</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{total}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">{total}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">{quantity}</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Widget</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">{price}</cbc:PriceAmount></cac:Price>
  </cac:InvoiceLine>
</Invoice>
"""

#: Values the database cannot store or that cannot be true, each in its own e-invoice.
IMPOSSIBLE = {
    "nan-total": {"total": "NaN"},
    "inf-total": {"total": "Infinity"},
    "minus-inf-tax": {"tax": "-Infinity"},
    "huge-total": {"total": "920000000000000"},
    "exp-total": {"total": "1e30"},
    "forty-digits": {"total": "1" * 40},
    "million-digits": {"total": "9" * 1_000_000},
    "year-one": {"issued": "0001-01-01"},
    "year-9999": {"due": "9999-12-31"},
    "price-overflow": {"price": "1e999999"},
    "quantity-nan": {"quantity": "nan"},
}


def ubl(number: str, **values: str) -> bytes:
    fields = {"number": number, "issued": "2026-03-05", "due": "2026-04-04", "vendor": "Acme GmbH", "tax": "19.00",
              "total": "119.00", "quantity": "4", "price": "25.00"}
    fields.update(values)
    return UBL.format(**fields).encode("utf-8")


def _deflate(chunk: bytes, times: int) -> bytes:
    """`chunk * times`, Flate-compressed without ever holding it whole in memory."""
    packer = zlib.compressobj(9)
    return b"".join(packer.compress(chunk) for _ in range(times)) + packer.flush()


def _pdf(content: bytes = b"", *, compress: bool = True, stream: bytes | None = None,
         extra: list[bytes] = (), catalog: bytes = b"", contents: bytes = b"4 0 R",
         filters: bytes = b"/FlateDecode") -> bytes:  # type: ignore[assignment]
    """A one-page PDF whose page content stream is `content` (Flate-compressed), with a valid xref;
    `extra` objects follow as objects 5, 6, ...; `catalog` adds entries to the catalog; `contents` is
    the page's /Contents (more streams among `extra`)."""
    if stream is None:
        stream = zlib.compress(content, 9) if compress else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %s /Resources << >> >>" % contents,
        b"<< /Length %d%s >>\nstream\n" % (len(stream), b" /Filter " + filters if compress else b"") + stream
        + b"\nendstream",
        *extra,
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def curves_pdf(path: Path, curves: int = 5_000_000, streams: int = 1, *, ascii85: bool = False) -> Path:
    """One page of millions of tiny curves: a few hundred KB that keep a renderer busy for minutes (and
    take gigabytes); drawn by `streams` content streams (one of 100 MB, or several smaller ones).
    `ascii85` wraps each in ASCII85 before Flate, a chain bodesk's stream check does not measure."""
    parts = [_deflate(b"0 0 m 1 1 2 2 3 3 c\n", curves // streams) for _ in range(streams)]
    filters = b"/FlateDecode"
    if ascii85:
        parts = [base64.a85encode(p, adobe=True)[2:] for p in parts]  # the stream holds what follows "<~"
        filters = b"[/ASCII85Decode /FlateDecode]"
    extra = [b"<< /Length %d /Filter %s >>\nstream\n" % (len(p), filters) + p + b"\nendstream" for p in parts[1:]]
    refs = b"[" + b" ".join(b"%d 0 R" % n for n in range(4, 4 + streams)) + b"]"
    path.write_bytes(_pdf(stream=parts[0], extra=extra, contents=refs if streams > 1 else b"4 0 R", filters=filters))
    return path


def flate_bomb_pdf(path: Path, inflated: int = 1 << 30) -> Path:
    """A small PDF whose content stream inflates to `inflated` bytes of spaces."""
    path.write_bytes(_pdf(stream=_deflate(b" " * (1 << 20), max(1, inflated >> 20))))
    return path


def facturx_bomb_pdf(path: Path, inflated: int = 70 * 1000 * 1000, attachments: int = 1) -> Path:
    """A small PDF carrying `attachments` Factur-X XML files, each inflating to about `inflated` bytes:
    a well-formed invoice with a note of millions of lines."""
    packer = zlib.compressobj(9)
    xml = b"".join(packer.compress(piece) for piece in _bloated_ubl(inflated)) + packer.flush()
    extra, names = [], []
    for i in range(attachments):
        spec, data = 5 + 2 * i, 6 + 2 * i
        name = b"factur-x.xml" if i == 0 else b"attachment-%d.xml" % i
        names.append(b"(%s) %d 0 R" % (name, spec))
        extra += [b"<< /Type /Filespec /F (%s) /UF (%s) /EF << /F %d 0 R >> >>" % (name, name, data),
                  b"<< /Type /EmbeddedFile /Subtype /text#2Fxml /Filter /FlateDecode /Length %d >>\nstream\n" % len(xml)
                  + xml + b"\nendstream"]
    catalog = b"/Names << /EmbeddedFiles << /Names [%s] >> >> " % b" ".join(names)
    path.write_bytes(_pdf(b"BT /F1 12 Tf 72 720 Td (Invoice BOMB-1) Tj ET", extra=extra, catalog=catalog))
    return path


def _bloated_ubl(size: int) -> Iterator[bytes]:
    """A well-formed UBL invoice of about `size` bytes, in pieces: a note of millions of lines."""
    head, tail = ubl("BOMB-1").split(b"<cbc:IssueDate>", 1)
    line = b"<cbc:Note>padding</cbc:Note>\n"
    yield head
    for _ in range(size // len(line)):
        yield line
    yield b"<cbc:IssueDate>" + tail


def bloated_ubl(path: Path, size: int = 70 * 1000 * 1000) -> Path:
    with path.open("wb") as fh:
        fh.writelines(_bloated_ubl(size))
    return path
