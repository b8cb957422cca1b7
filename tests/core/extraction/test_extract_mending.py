"""Values OCR misread, mended only where the value's own form allows one reading."""

from __future__ import annotations

import pytest

from bodesk.core.extraction.engine import analyse
from bodesk.core.extraction.mending import mend_reference, mend_tax_id
from bodesk.core.extraction.readers import Page, Reading, Word
from bodesk.core.records import ExtractionResult


@pytest.mark.parametrize(
    ("read", "line", "printed"),
    [
        ("NL9561579191301", "BTW-nr.: NL9561579191301", "NL956157919B01"),  # a B read as 13
        ("NL95615791980l", "BTW-nr.: NL95615791980l", "NL95615791980l"),  # no single change mends it: as read
        ("815963259", "NIF: 815963259", "B15963259"),  # a CIF's letter read as 8
        ("DE12345678B", "USt-IdNr.: DE12345678B", "DE123456788"),
        ("FR11659161301", "TVA: FR11659161301", "FR11659161301"),  # already passes its check
        ("D631923440", "UStID: D631923440", "DE631923440"),  # the prefix lost a letter: only DE fits
        ("F11659161301", "TVA: F11659161301", "FR11659161301"),
        ("E977423410", "VAT: E977423410", "E977423410"),  # DE… and another prefix with an E both pass: as read
        ("B15963259", "VAT: B15963259", "B15963259"),  # a whole Spanish NIF, not a prefix short of a letter
    ],
)
def test_a_tax_id_is_mended_when_its_check_digits_allow_one_reading(read: str, line: str, printed: str) -> None:
    assert mend_tax_id(read, line) == printed


def test_a_bare_number_is_not_taken_for_a_spanish_cif_without_its_label() -> None:
    # "B15963259" passes the Spanish check, but nothing says this nine-digit number is Spanish.
    assert mend_tax_id("815963259", "EIN: 815963259") == "815963259"


@pytest.mark.parametrize(
    ("read", "printed"),
    [("INVO6060", "INV06060"), ("RE-O1688", "RE-01688"), ("2O26O4-8782", "202604-8782"), ("1OO2", "1002"),
     ("SO12345", "SO12345"), ("PO-1234", "PO-1234"), ("INFO-7", "INFO-7")],
)
def test_a_letter_o_where_a_number_has_its_zero_is_read_as_zero(read: str, printed: str) -> None:
    assert mend_reference(read) == printed


def _page(method: str) -> Reading:
    return _reading([
        ("Zuidkust Koeriers B.V.", 60, 60), ("Factuur", 400, 60),
        ("Factuurnummer: INVO6060", 400, 90), ("Factuurdatum: 12-03-2026", 400, 110),
        ("BTW-nr.: NL9561579191301", 60, 90),
        ("Totaal incl. BTW: € 121,00", 300, 400),
    ], method)


def _reading(rows: list[tuple[str, int, int]], method: str) -> Reading:
    """A page of `rows` (text, left, top), its words 7 points a letter."""
    words = []
    for text, x, y in rows:
        for word in text.split():
            words.append(Word(word, x, y, x + 7 * len(word), y + 10, 1, 0.9))
            x += 7 * len(word) + 5
    reading = Reading()
    reading.pages.append(Page(1, 595, 842, words, method))
    return reading


def test_a_scan_shows_the_ids_as_printed_and_a_text_layer_as_it_is() -> None:
    scanned, typed = ExtractionResult(source="scan.png"), ExtractionResult(source="typed.pdf")
    analyse(scanned, _page("ocr"), [])
    analyse(typed, _page("text"), [])
    assert (scanned.invoice_number, scanned.vendor_tax_id) == ("INV06060", "NL956157919B01")
    # A text layer holds what the vendor typed: nothing is "mended" there.
    assert (typed.invoice_number, typed.vendor_tax_id) == ("INVO6060", "NL9561579191301")


def _data(*words: tuple[str, int, int, int, int, float]) -> dict:
    keys = ("text", "left", "top", "width", "height", "conf")
    return {k: [w[i] for w in words] for i, k in enumerate(keys)}


def test_a_sparse_reading_fills_what_one_column_reading_mixed_up() -> None:
    """Two columns whose lines do not line up: the one-column reading garbled the details' labels
    ("Invoice Number" as "mone Number oe hn Dobe", "Date" as "ate"); read as scattered words, the
    page gives them whole. Words both read alike stay; a word only the first reading found stays."""
    from bodesk.core.extraction.ocr import _fill_in

    first = _data(("Norwich", 160, 368, 120, 20, 86), ("mone", 1060, 355, 60, 20, 34),
                  ("Number", 1130, 355, 90, 20, 96), ("oe", 1420, 356, 20, 20, 4), ("hn", 1450, 356, 20, 20, 25),
                  ("Dobe", 1480, 356, 60, 20, 39), ("ate", 1075, 390, 45, 20, 91), ("Limited", 400, 250, 90, 24, 95))
    sparse = _data(("Norwich", 160, 368, 120, 20, 88), ("Invoice", 1068, 355, 62, 20, 86),
                   ("Number", 1130, 355, 90, 20, 96), ("202604-8782", 1420, 356, 140, 20, 92),
                   ("Date", 1068, 388, 52, 20, 96))
    merged = _fill_in(first, sparse)
    by_place = sorted(zip(merged["top"], merged["left"], merged["text"]))
    assert [t for _, _, t in by_place] == ["Limited", "Invoice", "Number", "202604-8782", "Norwich", "Date"]


def test_only_doubtful_words_not_a_tables_rules_call_for_a_second_reading() -> None:
    """A table's rules and stray marks read as ":", "|", "—" cost a second reading of the whole page and
    mend nothing; the garbled labels of two columns that do not line up do call for it."""
    from bodesk.core.extraction.ocr import DOUBTFUL_WORDS_FOR_SPARSE_READ, _doubtful_words

    rules = _data((":", 1080, 782, 8, 20, 53), ("|", 1513, 1540, 4, 60, 33), ("—", 3319, 862, 40, 4, 17),
                  ("__——_", 170, 915, 500, 6, 41), ("Total", 1200, 1500, 80, 20, 96))
    assert _doubtful_words(rules) < DOUBTFUL_WORDS_FOR_SPARSE_READ
    garbled = _data(("mone", 1060, 355, 60, 20, 34), ("Number", 1130, 355, 90, 20, 96), ("oe", 1420, 356, 20, 20, 4),
                    ("hn", 1450, 356, 20, 20, 25), ("Dobe", 1480, 356, 60, 20, 39))
    assert _doubtful_words(garbled) >= DOUBTFUL_WORDS_FOR_SPARSE_READ


def test_a_sparse_word_that_is_only_part_of_a_word_does_not_replace_it() -> None:
    from bodesk.core.extraction.ocr import _fill_in

    first = _data(("BAKERIES", 100, 50, 160, 20, 80))
    sparse = _data(("BAKERI", 100, 50, 120, 20, 92))
    assert _fill_in(first, sparse)["text"] == ["BAKERIES"]


def test_a_sparse_word_read_as_surely_and_holding_more_replaces_the_piece() -> None:
    """One-column reading kept "03-18" of a till's "24-03-18"; the sparse reading has it whole."""
    from bodesk.core.extraction.ocr import _fill_in

    first = _data(("03-18", 57, 1066, 78, 20, 96), ("18:02", 158, 1066, 76, 20, 96))
    sparse = _data(("24-03-18", 8, 1066, 127, 20, 96), ("18:02", 158, 1066, 76, 20, 93))
    assert sorted(_fill_in(first, sparse)["text"]) == ["18:02", "24-03-18"]


@pytest.mark.parametrize(
    ("read", "printed"),
    [("MR. A.B.C. (M) SON BHD", "MR. A.B.C. (M) SDN BHD"), ("Harbour Scoop Son Bhd", "Harbour Scoop Sdn Bhd"),
     ("SRI INDAH FLORIST S0N. BHD", "SRI INDAH FLORIST SDN. BHD"), ("Acme Pic", "Acme Plc"),
     ("SONY BHD", "SONY BHD"), ("MASON BHD", "MASON BHD"), ("Maju Jaya Sdn. hd", "Maju Jaya Sdn. Bhd"),
     ("PASAR SEGAR SON BHO", "PASAR SEGAR SDN BHD"), ("Kedai Emas Sdn,Ehd", "Kedai Emas Sdn,Bhd")],
)
def test_a_legal_form_ocr_misread_is_mended(read: str, printed: str) -> None:
    from bodesk.core.extraction.mending import mend_legal_form

    assert mend_legal_form(read) == printed


def _shop(name: str, method: str) -> ExtractionResult:
    words, x = [], 40
    for word in name.split():
        words.append(Word(word, x, 20, x + 9 * len(word), 32, 1, 0.8))
        x += 9 * len(word) + 6
    words += [Word("TOTAL", 40, 300, 85, 312, 1, 0.9), Word("12.50", 200, 300, 245, 312, 1, 0.9)]
    reading = Reading()
    reading.pages.append(Page(1, 300, 400, words, method))
    result = ExtractionResult(source="receipt")
    analyse(result, reading, [])
    return result


@pytest.mark.parametrize(
    ("read", "printed"),
    [("SUNRISE BAKERTES SDN BHD", "SUNRISE BAKERIES SDN BHD"), ("Evergreen Hardwarf", "Evergreen Hardware"),
     ("MUTIARA TRADTNG", "MUTIARA TRADING"), ("GOLDEN BAKERÏES", "GOLDEN BAKERIES"),
     # a word no shop name is known to hold, two letters off, or another language's, stays as read
     ("BRAVOS TAVERNA", "BRAVOS TAVERNA"), ("ACME TRADXNX", "ACME TRADXNX"), ("INDUSTRIAS SOLANA", "INDUSTRIAS SOLANA")],
)
def test_a_shop_names_word_ocr_misread_by_one_letter_is_mended(read: str, printed: str) -> None:
    assert _shop(read, "ocr").vendor_name == printed
    # A text layer holds what the shop typed: nothing is "mended" there.
    assert _shop(read, "text").vendor_name == read


def test_a_label_ocr_split_in_two_is_read_whole_and_not_as_the_word_it_ends_with() -> None:
    """OCR read "Due Date" as "D ue Date": the exact label in it, "Date", would make the due date the
    invoice's date; the whole, close to "due date", is that label."""
    reading = _reading([
        ("Southern Cross Catering Pty Ltd", 60, 60), ("TAX INVOICE", 400, 60),
        ("Invoice No: 2026-0417", 400, 90), ("Date of issue: 06/01/2026", 400, 110),
        ("D ue Date: 20/01/2026", 400, 130), ("Amount Due A$569.00", 300, 400),
    ], "ocr")
    result = ExtractionResult(source="scan.png")
    analyse(result, reading, [])
    assert (str(result.invoice_date), str(result.due_date)) == ("2026-01-06", "2026-01-20")


def test_a_word_that_only_resembles_a_label_does_not_replace_the_label_it_holds() -> None:
    """ "Nett Total" on a Malaysian till is the total to pay; it is one letter from "net total" (a
    subtotal's label), but its words are no label split by OCR: the exact "total" stays."""
    from bodesk.core.extraction.layout import build_lines, find_labels

    def labels(text: str) -> list[tuple[str, str]]:
        (line,) = build_lines(_reading([(text, 60, 100)], "ocr").pages)
        return [(h.field, line.folded[h.start : h.end]) for h in find_labels(line)]

    assert labels("Nett Total RM392.05") == [("total", "total")]
    assert [field for field, _ in labels("D ue Date: 20/01/2026")] == ["due_date"]
