"""Terms and credited invoices read from the documents themselves: a PDF's text layer, an e-invoice's XML."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from bodesk.cli import main
from bodesk.core.terms import document_text, numbers_in, terms_in
from bodesk.store import Store
from bodesk.store.payments import link_credited_invoice
from bodesk.store.schema import Invoice
from tests.payments.scenario import Scenario



def _pdf(path: Path, lines: list[str]) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for i, text in enumerate(lines):
        c.drawString(60, 780 - 20 * i, text)
    c.save()
    return path


def test_terms_are_read_from_the_payment_lines_of_a_pdf(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "r.pdf", ["Müller Bürobedarf GmbH", "Rechnung R-2026-118", "Tischtennisnetz 12.00 9 108.00",
                                   "Zahlungsbedingungen: 2 % Skonto bei Zahlung innerhalb von 10 Tagen, 30 Tage netto"])
    text, xml = document_text(pdf)
    terms = terms_in(text, xml)
    assert xml is None and terms.net_days == 30
    assert [(str(d.percent), d.days) for d in terms.discounts] == [("2", 10)]


def test_a_credit_note_is_linked_to_the_invoice_it_names(store: Store, scenario: Scenario, tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "g.pdf", ["Müller Bürobedarf GmbH", "Gutschrift G-2026-099", "zu Rechnung R-2026-102",
                                   "Betrag -40,00 EUR"])
    text, _ = document_text(pdf)
    references = numbers_in(text)
    assert "R-2026-102" in references and "G-2026-099" in references and "40,00" not in references
    with store.session() as session:
        credit = session.get_one(Invoice, scenario["credit"])
        credit.credited_invoice_id = None
        assert link_credited_invoice(session, credit, references) == scenario["plain"]
        assert credit.credited_invoice_id == scenario["plain"]
        assert link_credited_invoice(session, credit, numbers_in("Gutschrift ohne Bezug")) is None


def test_an_imported_e_invoice_keeps_its_skonto(store: Store, capsys, corpus) -> None:  # type: ignore[no-untyped-def]
    source = corpus("zugferd-corpus") / "CII" / "EN16931_Rabatte.cii.xml"
    assert main(["--home", str(store.workspace.root), "import", str(source), "--json"]) in (0, 1)
    invoice_id = json.loads(capsys.readouterr().out.splitlines()[-1])["invoice_id"]
    with store.session() as session:
        invoice = session.get_one(Invoice, invoice_id)
        assert invoice.discount_until == date(2018, 6, 15)
        assert invoice.discount_amount == (invoice.total * 3 / 100).quantize(invoice.discount_amount)
        assert invoice.payment_terms["net_days"] == 30
