"""Learning from corrections: a field corrected on a vendor's first invoice comes in right on
its second and third, with no other action; what was learned is visible and can be reset."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from bodesk.core.records import HEADER_FIELDS
from bodesk.ingest.pipeline import Importer
from bodesk.store import Store
from bodesk.store.invoices import correct_fields, load_invoice
from bodesk.store.learning import learned, reset

FIELDS = ("vendor_name", "invoice_number", "invoice_date", "currency", "total")


def _draw(path: Path, texts: list[tuple[float, float, str, float]]) -> Path:
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    for x, y, text, size in texts:
        canvas.setFont("Helvetica", size)
        canvas.drawString(x, A4[1] - y, text)
    canvas.showPage()
    canvas.save()
    return path


def kestrel(number: str, day: date, total: str) -> list[tuple[float, float, str, float]]:
    """Labels no lexicon holds ("Vorgang", "Erstellt", "Zu überweisen"), an order date first."""
    return [
        (60, 60, "KESTREL WERKZEUGBAU", 16),
        (60, 80, "Hafenstraße 3, 20457 Hamburg", 9),
        (60, 140, "Kundschaft: Nordlicht Büro GmbH, Lindenweg 2, 10115 Berlin", 9),
        (380, 140, "Bestellt", 9), (460, 140, "01.02.2026", 9),
        (380, 155, "Vorgang", 9), (460, 155, number, 9),
        (380, 170, "Erstellt", 9), (460, 170, day.strftime("%d.%m.%Y"), 9),
        (60, 260, "Fräser 12 mm, 4 Stück", 9), (460, 260, "312,40", 9),
        (60, 275, "Bohrer-Set HSS", 9), (460, 275, "88,00", 9),
        (300, 330, "Zu überweisen (EUR)", 10), (460, 330, total, 10),
        (60, 760, "IBAN DE89 3704 0044 0532 0130 00", 8),
    ]


def harbour(number: str, day: date, total: str) -> list[tuple[float, float, str, float]]:
    """No labels at all: the number, date and amount stand at fixed places; the buyer comes first."""
    return [
        (60, 60, "To: Nordlicht Buero GmbH", 12),
        (60, 75, "Lindenweg 2, Berlin", 9),
        (420, 60, number, 11),
        (420, 75, day.strftime("%d %B %Y"), 11),
        (60, 200, "Harbour moorings, winter season", 10), (460, 200, total, 10),
        (60, 215, "Harbour dues as agreed", 10),
        (460, 300, total, 12),
        (60, 740, "Harbour Lights Ltd, 4 Quay Street, Plymouth", 8),
        (60, 752, "Account GB29 NWBK 6016 1331 9268 19", 8),
    ]


def fjord(number: str, day: date, total: str) -> list[tuple[float, float, str, float]]:
    """Month-first dates from a vendor whose other cues say day-first; "kr" amounts with no code."""
    return [
        (60, 60, "Bill to", 9),
        (60, 75, "Nordlicht Buero GmbH", 14),
        (380, 60, "Ref", 9), (430, 60, number, 9),
        (380, 75, "Date", 9), (430, 75, day.strftime("%m/%d/%Y"), 9),
        (60, 200, "Ferry freight Bergen - Kiel", 9), (430, 200, f"kr {total}", 9),
        (300, 260, "Sum", 10), (430, 260, f"kr {total}", 10),
        (60, 760, "Fjordline Frakt AS - Strandkaien 2, 5013 Bergen - IBAN NO93 8601 1117 947", 8),
    ]


VENDORS = {
    "Kestrel Werkzeugbau": (kestrel, "EUR", [("KW-7781", date(2026, 3, 12), "1.234,50"), ("KW-7790", date(2026, 3, 19), "98,10"),
                                            ("KW-7802", date(2026, 4, 2), "4.410,00")]),
    "Harbour Lights Ltd": (harbour, "GBP", [("HL/26/0042", date(2026, 3, 4), "2,400.00"), ("HL/26/0057", date(2026, 3, 25), "310.75"),
                                            ("HL/26/0061", date(2026, 4, 8), "1,015.20")]),
    "Fjordline Frakt AS": (fjord, "NOK", [("FF 11-204", date(2026, 3, 4), "8 450,00"), ("FF 11-219", date(2026, 2, 7), "1 200,50"),
                                          ("FF 11-230", date(2026, 1, 10), "645,00")]),
}


def _truth(vendor: str, currency: str, number: str, day: date, total: str) -> dict[str, str]:
    amount = Decimal(total.replace(" ", "").replace(".", "").replace(",", ".")) if "," in total[-3:] else Decimal(total.replace(",", ""))
    return {"vendor_name": vendor, "invoice_number": number, "invoice_date": day.isoformat(), "currency": currency,
            "total": str(amount)}


def _read(store: Store, invoice_id: int) -> dict[str, str | None]:
    inv = load_invoice(store, invoice_id)
    return {f: (None if getattr(inv, f) is None else str(getattr(inv, f))) for f in FIELDS}


def _import(store: Store, path: Path) -> int:
    (record,) = Importer(store).import_paths([path])
    assert record.invoice_id is not None
    return record.invoice_id


def test_corrections_on_a_first_invoice_make_the_next_two_right(store: Store, tmp_path: Path) -> None:
    for vendor, (layout, currency, invoices) in VENDORS.items():
        docs = [_draw(tmp_path / f"{vendor[:4]}-{i}.pdf", layout(*inv)) for i, inv in enumerate(invoices)]
        truths = [_truth(vendor, currency, *inv) for inv in invoices]
        # Before any lesson, the reader gets several fields of each layout wrong.
        first = _import(store, docs[0])
        wrong = {f: v for f, v in truths[0].items() if _read(store, first)[f] != v}
        assert len(wrong) >= 2, (vendor, _read(store, first))
        correct_fields(store, first, wrong, actor="Maria")
        for doc, truth in zip(docs[1:], truths[1:]):
            invoice_id = _import(store, doc)
            got = _read(store, invoice_id)
            assert {f: got[f] for f in wrong} == {f: truth[f] for f in wrong}, vendor


def test_what_was_learned_is_listed_and_can_be_reset(store: Store, tmp_path: Path) -> None:
    layout, currency, invoices = VENDORS["Kestrel Werkzeugbau"]
    docs = [_draw(tmp_path / f"k-{i}.pdf", layout(*inv)) for i, inv in enumerate(invoices)]
    first = _import(store, docs[0])
    correct_fields(store, first, {"vendor_name": "Kestrel Werkzeugbau", "invoice_number": "KW-7781",
                                  "invoice_date": "2026-03-12", "total": "1234.50"}, actor="Maria")
    rows = {r.field: r for r in learned(store, "Kestrel Werkzeugbau")}
    assert set(rows) == {"vendor_name", "invoice_number", "invoice_date", "total"}
    assert "vorgang" in rows["invoice_number"].how and "erstellt" in rows["invoice_date"].how
    assert "IBAN" in rows["vendor_name"].how
    assert rows["total"].by == "Maria" and rows["total"].invoice_id == first

    assert reset(store, "Kestrel Werkzeugbau", actor="Maria") == 4
    assert learned(store, "Kestrel Werkzeugbau") == []
    second = _import(store, docs[1])
    assert _read(store, second)["invoice_number"] != "KW-7790"  # read afresh: the lesson is gone


def test_vendors_learned_command_lists_and_resets(store: Store, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from bodesk.cli import main

    layout, _currency, invoices = VENDORS["Harbour Lights Ltd"]
    first = _import(store, _draw(tmp_path / "h-0.pdf", layout(*invoices[0])))
    correct_fields(store, first, {"vendor_name": "Harbour Lights Ltd", "total": "2400.00"}, actor="Maria")
    home = str(store.workspace.root)
    assert main(["--home", home, "vendors", "learned", "Harbour Lights Ltd", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["field"] for r in rows] == ["vendor_name", "total"]
    assert "IBAN" in rows[0]["how"] and "page 1" in rows[1]["how"]
    assert main(["--home", home, "vendors", "learned", "Harbour Lights Ltd", "--reset"]) == 0
    assert "Forgot 2 lesson(s)" in capsys.readouterr().out
    assert main(["--home", home, "vendors", "learned", "Harbour Lights Ltd"]) == 0
    assert "learned nothing" in capsys.readouterr().out
