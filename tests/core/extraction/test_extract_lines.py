"""Line items of real layouts: headers over several lines, rows over several lines, notes under an
item, and discounts or charges on the whole invoice printed among the items."""

from __future__ import annotations

from decimal import Decimal

from bodesk.core.extraction import extract


def _items(path) -> list[tuple[str | None, str | None, str | None, str | None]]:
    result = extract(path)
    assert result.errors == []
    return [
        (li.description, *(None if v is None else str(v) for v in (li.quantity, li.unit_price, li.amount)))
        for li in result.line_items
    ]


def _seller(y: float = 60) -> list[tuple[float, float, str, float]]:
    return [
        (40, y, "Au vieux pressoir SARL", 14),
        (40, y + 16, "5 chemin des vignes, 84000 Avignon", 9),
        (400, y, "FACTURE FA-2026-0042", 12),
        (400, y + 16, "Date : 16/03/2026", 9),
    ]


def test_a_column_name_over_two_lines_and_descriptions_left_of_a_centred_name(pdf_factory) -> None:
    """"Prix / unitaire" stands over two lines around the one holding the other names, and the
    description column's name is centred over text that starts far to its left."""
    path = pdf_factory([[
        *_seller(),
        (420, 244, "Prix", 9),
        (160, 250, "Description", 9), (340, 250, "Quantité", 9), (470, 250, "Rem.", 9), (515, 250, "Prix HT", 9),
        (412, 256, "unitaire", 9),
        (40, 276, "Nougat de l'Abbaye 250g", 9), (350, 276, "5", 9), (415, 276, "4,55", 9),
        (470, 276, "10%", 9), (520, 276, "20,48", 9),
        (40, 294, "Huile d'olive", 9), (350, 294, "10", 9), (415, 294, "19,80", 9), (520, 294, "198,00", 9),
        (440, 330, "Total HT", 9), (520, 330, "218,48", 9),
        (440, 344, "TVA", 9), (520, 344, "14,99", 9),
        (440, 358, "Total TTC", 9), (520, 358, "233,47", 9),
    ]])
    assert _items(path) == [
        ("Nougat de l'Abbaye 250g", "5", "4.55", "20.48"),
        ("Huile d'olive", "10", "19.80", "198.00"),
    ]


def test_an_item_whose_amount_and_sub_line_stand_on_the_line_below(pdf_factory) -> None:
    """The official ZUGFeRD visualisation prints price, quantity and tax rate on an item's first
    line and its amount on the second, beside the article's GTIN and a second line of its name
    ("12 x 1,0l PET"); a note of the item ("Basismenge: 1 Stk") is no part of its name, and a
    quantity without a printed price is completed by the amount below it."""
    row = [(72, "Pos", 70), (192, "Beschreibung", 192), (341, "Nettopreis", 341), (401, "Menge", 401),
           (437, "Steuersatz", 437), (495, "Nettobetrag", 495)]
    path = pdf_factory([[
        *_seller(),
        *[(x, 200, text, 7.5) for x, text, _ in row],
        (120, 225, "KR3M", 7.5), (192, 225, "Kunstrasen grün 3m breit", 7.5), (341, 225, "3,3333", 7.5),
        (401, 225, "3 m", 7.5), (437, 225, "19 %", 7.5),
        (120, 233, "4012345001235", 7.5), (495, 233, "10,00", 7.5),
        (72, 265, "2", 7.5), (120, 265, "GTRWA5", 7.5), (192, 265, "Mineralwasser Medium", 7.5),
        (341, 265, "5,4900", 7.5), (401, 265, "20 Stk", 7.5), (437, 265, "7 %", 7.5),
        (120, 273, "4000001234561", 7.5), (192, 273, "12 x 1,0l PET", 7.5), (495, 273, "109,80", 7.5),
        (72, 305, "3", 7.5), (192, 305, "Stahlcoil", 7.5), (401, 305, "10 Stk", 7.5), (437, 305, "0 %", 7.5),
        (192, 313, "Basismenge: 1 Stk", 7.5), (495, 313, "1.000,00", 7.5),
        (213, 380, "Rechnungssumme ohne USt.", 7.5), (495, 380, "1.119,80", 7.5),
        (213, 395, "Steuerbetrag", 7.5), (495, 395, "9,59", 7.5),
        (213, 410, "Bruttosumme", 7.5), (495, 410, "1.129,39", 7.5),
    ]])
    assert _items(path) == [
        ("Kunstrasen grün 3m breit", "3", "3.3333", "10.00"),
        ("Mineralwasser Medium 12 x 1,0l PET", "20", "5.4900", "109.80"),
        ("Stahlcoil", "10", "100.00", "1000.00"),
    ]


def test_rows_centred_on_a_header_of_many_lines_with_labelled_cells(pdf_factory) -> None:
    """A header of short names stacked around a longer line; each row's name stands above its
    numbers; the price cell holds labelled details ("(Brut: 60,00)", "(Rabais: 0,00)") around the
    row; a discount and a charge on the whole invoice follow the items and are none."""
    size = 6.8
    path = pdf_factory([[
        *_seller(),
        (129, 367, "NOM & DESIGNATION", size),
        (44, 372, "#", size), (440, 372, "Remise (-)", size),
        (366, 376, "UNITE", size), (487, 376, "TOTAL HT", size),
        (39, 381, "Ligne", size), (309, 381, "P.U. HT (EUR)", size), (405, 381, "Qté", size),
        (439, 381, "Charge (+)", size), (535, 381, "TVA", size),
        (361, 385, "pour P.U.", size), (493, 385, "(EUR)", size),
        (39, 390, "FACT", size),
        (320, 424, "(Brut: 60,00)", size),
        (131, 428, "PRESTATION SUPPORT", size),
        (47, 433, "1", size), (318, 433, "(Rabais: 0,00)", size), (368, 433, "PCE", size),
        (415, 433, "1,00", size), (500, 433, "60,00", size), (530, 433, "20,00%", size),
        (131, 437, "Période du 01/01/2026 au 31/01/2026", size),
        (322, 442, "(Net): 60,00", size),
        (320, 482, "(Brut: 10,00)", size),
        (131, 486, "FOURNITURES DIVERSES", size),
        (47, 491, "2", size), (318, 491, "(Rabais: 0,00)", size), (368, 491, "PCE", size),
        (415, 491, "3,00", size), (500, 491, "30,00", size), (530, 491, "20,00%", size),
        (322, 500, "(Net): 10,00", size),
        (131, 530, "REMISE : REMISE COMMERCIALE", size), (500, 530, "-5,00", size), (530, 530, "20,00%", size),
        (131, 541, "CHARGE : FRAIS DEPLACEMENT", size), (500, 541, "10,00", size), (530, 541, "20,00%", size),
        (380, 600, "TOTAL HT", 8), (460, 600, "TOTAL TVA", 8), (520, 600, "TOTAL TTC", 8),
        (380, 612, "95,00", 8), (460, 612, "19,00", 8), (520, 612, "114,00", 8),
    ]])
    items = _items(path)
    assert [(q, p, a) for _, q, p, a in items] == [("1.00", "60.00", "60.00"), ("3.00", "10.00", "30.00")]
    assert items[0][0].startswith("PRESTATION SUPPORT") and items[1][0] == "FOURNITURES DIVERSES"


def test_a_discount_on_the_invoice_under_the_items_is_no_item(pdf_factory) -> None:
    path = pdf_factory([[
        *_seller(),
        (40, 220, "Désignation", 9), (300, 220, "Qté", 9), (380, 220, "Prix unitaire", 9), (500, 220, "Montant", 9),
        (40, 240, "Lait demi-écrémé", 9), (300, 240, "1", 9), (380, 240, "1.000,00", 9), (500, 240, "1.000,00", 9),
        (60, 258, "Remise pourcentage -10,00 %", 9), (500, 258, "-100,00", 9),
        (380, 300, "Total HT", 9), (500, 300, "900,00", 9),
        (380, 314, "TVA 20 %", 9), (500, 314, "180,00", 9),
        (380, 328, "Total TTC", 9), (500, 328, "1.080,00", 9),
    ]])
    assert _items(path) == [("Lait demi-écrémé", "1", "1000.00", "1000.00")]
    assert extract(path).total == Decimal("1080.00")


def test_receipt_items_without_a_header_name_above_quantity_times_price(pdf_factory) -> None:
    """A receipt's items: each name on a line of its own, "quantity x price" and the amount under it."""
    path = pdf_factory([[
        (20, 30, "Harbor & Pine Consulting LLC", 12),
        (20, 46, "Invoice Number", 8), (160, 46, "HP-2026-3565", 8),
        (20, 56, "Date of issue", 8), (160, 56, "June 15, 2026", 8),
        (20, 80, "Analyst", 8),
        (30, 89, "1 x 96.99", 8), (170, 89, "96.99", 8),
        (20, 101, "Senior consultant", 8),
        (30, 110, "8.5 x 147.55", 8), (170, 110, "1,254.18", 8),
        (20, 128, "Net total", 8), (170, 128, "1,351.17", 8),
        (20, 138, "Sales Tax (7.25%)", 8), (170, 138, "97.96", 8),
        (20, 150, "INVOICE TOTAL", 10), (170, 150, "US$1,449.13", 10),
    ]])
    assert _items(path) == [("Analyst", "1", "96.99", "96.99"), ("Senior consultant", "8.5", "147.55", "1254.18")]
