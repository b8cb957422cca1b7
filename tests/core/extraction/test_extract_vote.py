"""Fields voted on across several OCR readings of one page: the value the readings support most wins,
each reading weighted by its own confidence in the field; a disputed field is flagged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bodesk.core.extraction.pages import Page, Reading, Word
from bodesk.core.extraction.vote import vote
from bodesk.core.records import Evidence, ExtractionResult


def _reading(total: str | None, conf: float, vendor: str | None = None, box: float = 0.0) -> ExtractionResult:
    r = ExtractionResult(source="receipt.jpg", method="ocr")
    if total is not None:
        r.total = Decimal(total)
        r.confidence["total"] = conf
        r.evidence["total"] = Evidence(1, (box, 0.0, box + 10, 10.0))
    if vendor is not None:
        r.vendor_name = vendor
        r.confidence["vendor_name"] = 0.6
    return r


def test_two_readings_outvote_the_first() -> None:
    first = _reading("87.10", 0.7, "KEDAI RUNCIT MAJU")
    vote(first, [_reading("37.10", 0.6, "KEDAI  Runcit MAJU", box=5), _reading("37.10", 0.4, box=9)])
    assert first.total == Decimal("37.10")
    assert first.evidence["total"].bbox[0] == 5  # the box of the reading that read it best
    assert first.confidence["total"] == round(0.6 * 1.0 / 1.7, 3)  # disputed: flagged for a look
    assert first.vendor_name == "KEDAI RUNCIT MAJU"  # the same name, spaced differently: agreement


def test_a_tie_goes_to_the_first_reading_and_agreement_keeps_its_confidence() -> None:
    first = _reading("12.00", 0.6)
    vote(first, [_reading("1200", 0.6)])
    assert (first.total, first.confidence["total"]) == (Decimal("12.00"), 0.3)
    agreed = _reading("12.00", 0.8)
    vote(agreed, [_reading("12.00", 0.5), _reading(None, 0.0)])
    assert (agreed.total, agreed.confidence["total"]) == (Decimal("12.00"), 0.8)


def test_a_field_only_another_reading_found_is_taken() -> None:
    first = _reading(None, 0.0)
    other = _reading("5.49", 0.7)
    other.invoice_date = date(2018, 4, 4)
    vote(first, [other])
    assert (first.total, first.invoice_date) == (Decimal("5.49"), date(2018, 4, 4))


def test_alternate_readings_replace_the_words_of_the_pages_that_have_them() -> None:
    word = Word("TOTAL", 0, 0, 10, 10, 1)
    other = Word("T0TAL", 0, 0, 10, 10, 1)
    reading = Reading([Page(1, 100, 100, [word], "ocr", [[other]]), Page(2, 100, 100, [word], "ocr")], [], 2)
    (alternate,) = reading.alternates()
    assert [p.words for p in alternate.pages] == [[other], [word]]
    assert Reading([Page(1, 100, 100, [word], "ocr")], [], 1).alternates() == []
