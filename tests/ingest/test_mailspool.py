"""A mail read from a file, its large parts decoded into files as it is read, gives exactly the documents
(names, kinds and bytes) that the same mail parsed whole in memory gives."""

from __future__ import annotations

import email.policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from bodesk.ingest import mailspool
from bodesk.ingest.mail import parse_mail
from tests.ingest.mails import corpus, message


def documents_from_file(raw: bytes, folder: Path) -> tuple[list[tuple[str, str, bytes]], str]:
    path = folder / "mail.eml"
    path.write_bytes(raw)
    parsed = parse_mail(path)
    out = []
    for doc in parsed.documents:
        target = folder / f"out-{doc.name}"
        doc.save(target)
        out.append((doc.name, doc.kind, target.read_bytes()))
    return out, parsed.reason


def documents_in_memory(raw: bytes) -> tuple[list[tuple[str, str, bytes]], str]:
    parsed = parse_mail(raw)
    return [(d.name, d.kind, d.data) for d in parsed.documents], parsed.reason


@pytest.mark.parametrize("spool_bytes", [1, 100, mailspool.SPOOL_BYTES])
def test_the_mail_corpus_reads_the_same_from_a_file(spool_bytes: int, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mailspool, "SPOOL_BYTES", spool_bytes)  # 1: every part's body goes to a file
    mails, _ = corpus()
    for i, raw in enumerate(mails):
        for line_break, variant in (("LF", raw), ("CRLF", raw.replace(b"\n", b"\r\n"))):
            folder = tmp_path / f"{i}-{line_break}"
            folder.mkdir()
            want_docs, want_reason = documents_in_memory(variant)
            got_docs, got_reason = documents_from_file(variant, folder)
            got_docs = [(n, k, b"" if k == "email" else d) for n, k, d in got_docs]  # the .eml is the mail itself
            want_docs = [(n, k, b"" if k == "email" else d) for n, k, d in want_docs]
            assert got_docs == want_docs and got_reason == want_reason, (i, line_break)


def test_a_forwarded_mail_and_quoted_printable_parts_are_decoded_from_files(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mailspool, "SPOOL_BYTES", 10)
    inner = email.message_from_bytes(message("Invoice", "billing@acme.example", "See attached.",
                                             [("INV-7.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 400, "application/pdf")]),
                                     policy=email.policy.default)
    outer = EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = "boss@office.example", "office@example.com", "Fwd: Invoice"
    outer.set_content("Please pay this.")
    outer.add_attachment(inner)
    outer.add_attachment("<Invoice>caf\u00e9 total 10.00</Invoice>\n" * 50, subtype="xml", filename="e-invoice.xml",
                         cte="quoted-printable")
    raw = bytes(outer)
    assert b"Content-Type: message/rfc822" in raw and b"quoted-printable" in raw
    want, _ = documents_in_memory(raw)
    got, _ = documents_from_file(raw, tmp_path)
    assert [(n, k) for n, k, _ in got] == [("INV-7.pdf", "pdf"), ("e-invoice.xml", "xml")]
    assert got == want


def test_a_mail_cannot_name_a_file_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mailspool, "SPOOL_BYTES", 10)
    forged = message("Invoice", "x@evil.example", "Attached.", [("a.pdf", b"%PDF-1.4\n" + b"1" * 5000, "application/pdf")])
    forged = forged.replace(b"Content-Disposition: attachment",
                            b"X-Bodesk-Part-0: 0\nX-Bodesk-Part: /etc/passwd\nContent-Disposition: attachment")
    got, _ = documents_from_file(forged, tmp_path)
    assert got == [("a.pdf", "pdf", b"%PDF-1.4\n" + b"1" * 5000)]
