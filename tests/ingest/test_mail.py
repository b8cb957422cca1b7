"""Reading a mail into documents, without a server: attachments, inline scans, receipts in the body, filters."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bodesk.ingest.mail import MailFilters, eml_text, looks_like_invoice, parse_mail, read_eml_text, render_text_pdf
from bodesk.ingest.worker import extract_file
from tests.ingest.mails import LOGO, corpus, message


def test_the_corpus_gives_exactly_the_expected_documents() -> None:
    mails, expected = corpus()
    found: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    nothing = []
    for raw in mails:
        parsed = parse_mail(raw)
        found.update(d.name for d in parsed.documents)
        kinds.update(d.kind for d in parsed.documents)
        if not parsed.documents:
            nothing.append((parsed.subject, parsed.reason))
    assert found - expected == Counter({"attachment-4.jpg": 2})  # the two inline scans
    assert expected - found == Counter()
    assert kinds == Counter(pdf=44, email=8, image=2, xml=2)
    assert nothing == [("Spring newsletter", "The mail holds no invoice: no PDF, image or XML attachment, and its text is not a bill.")]


def test_a_body_only_receipt_is_kept_as_the_mail_and_its_text_is_read() -> None:
    raw = message("Your receipt", "shop@example.com", "Receipt R-1\nDate: 2026-03-05\nCoffee 2 x 12.50\nTotal paid: EUR 25.00\n")
    (doc,) = parse_mail(raw).documents
    assert (doc.name, doc.kind, doc.data) == ("Your receipt.eml", "email", raw)
    assert "Total paid: EUR 25.00" in eml_text(raw) and "Subject: Your receipt" in eml_text(raw)


def test_eml_text_is_extracted_from_a_deterministic_pdf(tmp_path: Path) -> None:
    raw = message("Invoice 77 from Brew Ltd", "billing@brew.example",
                  "Brew Ltd\nInvoice number: INV-77\nInvoice date: 2026-03-05\nTotal: EUR 119.00\n")
    a = render_text_pdf(eml_text(raw), tmp_path / "a.pdf").read_bytes()
    b = render_text_pdf(eml_text(raw), tmp_path / "b.pdf").read_bytes()
    assert a == b, "the same mail must give the same bytes"
    eml = tmp_path / "Invoice 77.eml"
    eml.write_bytes(raw)
    record = extract_file(str(eml), eml.name)
    assert record["method"] == "text" and record["total"] == "119.00"
    assert read_eml_text(eml, lambda pdf: {"pdf": pdf.suffix})["pdf"] == ".pdf"


def test_invoice_words_need_an_amount() -> None:
    assert looks_like_invoice("Your invoice\nTotal due: 45.90 EUR")
    assert looks_like_invoice("Ihre Rechnung: Betrag 1.234,56 €")
    assert not looks_like_invoice("We will send the invoice next week.")
    assert not looks_like_invoice("Total nonsense: 12.50 reasons to subscribe")


def test_filters_on_sender_subject_and_attachment_name() -> None:
    raw = message("Invoice 5", "billing@acme.example", "attached",
                  [("INV-5.pdf", b"%PDF-1.4 a", "application/pdf"), ("terms.pdf", b"%PDF-1.4 b", "application/pdf")])
    assert [d.name for d in parse_mail(raw, MailFilters(sender="ACME")).documents] == ["INV-5.pdf", "terms.pdf"]
    assert parse_mail(raw, MailFilters(sender="other.example")).reason.startswith("The sender does not contain")
    assert parse_mail(raw, MailFilters(subject="credit note")).documents == []
    assert [d.name for d in parse_mail(raw, MailFilters(attachment="INV-*.pdf")).documents] == ["INV-5.pdf"]
    assert [d.name for d in parse_mail(raw, MailFilters(attachment="terms")).documents] == ["terms.pdf"]


def test_small_inline_images_are_logos_but_attached_ones_are_kept() -> None:
    raw = message("Hello", "a@b.example", "Hi", html='<img src="cid:l">', inline=[(LOGO, "png", "l@x")])
    assert parse_mail(raw).documents == []
    attached = message("Photo of the bill", "a@b.example", "see attachment", [("bill.png", LOGO, "image/png")])
    assert [d.name for d in parse_mail(attached).documents] == ["bill.png"]


def test_odd_names_are_made_safe_and_unique() -> None:
    raw = message("x", "a@b.example", "x", [("../../etc/passwd.pdf", b"%PDF a", "application/pdf"),
                                           ("passwd.pdf", b"%PDF b", "application/pdf")])
    names = [d.name for d in parse_mail(raw).documents]
    assert names == ["passwd.pdf", "passwd-2.pdf"]
