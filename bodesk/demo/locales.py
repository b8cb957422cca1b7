"""How each locale prints an invoice: labels, tax wording, number, date and money formats.

One invoice picks one variant of every label (`pick_labels`) and one of the styles its locale's
`LocaleRules` allow; `format_number` and `format_date` print values exactly as the page shows them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from reportlab.lib.pagesizes import A4, LETTER


# --------------------------------------------------------------------------- locales

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember",
}


@dataclass(frozen=True)
class LocaleRules:
    """How one locale prints invoices: its currency, tax rates and the formats to choose from."""

    currency: str
    tax_rates: tuple[str, ...]
    number_styles: tuple[tuple[str, str], ...]  # (decimal separator, grouping separator)
    date_styles: tuple[str, ...]
    money_styles: tuple[tuple[str, str], ...]  # (prefix, suffix) around the number
    page: tuple[float, float] = A4


RULES: dict[str, LocaleRules] = {
    "en_US": LocaleRules("USD", ("0", "0", "6.25", "7.25", "8.875", "6"), ((".", ","),) * 4 + ((".", ""),),
                         ("mdy_slash",) * 3 + ("long_us", "long_us", "short_us"),
                         (("$", ""), ("$", ""), ("US$", ""), ("USD ", "")), LETTER),
    "en_GB": LocaleRules("GBP", ("20",), ((".", ","),) * 4 + ((".", ""),),
                         ("dmy_slash",) * 3 + ("long_dmy", "long_dmy", "short_dmy"),
                         (("£", ""), ("£", ""), ("GBP ", ""))),
    "en_SG": LocaleRules("SGD", ("9",), ((".", ","),),
                         ("dmy_slash", "dmy_slash", "short_dmy", "short_dmy", "long_dmy"),
                         (("S$", ""), ("SGD ", ""), ("$", ""))),
    "en_AU": LocaleRules("AUD", ("10",), ((".", ","),), ("dmy_slash",) * 3 + ("long_dmy",),
                         (("$", ""), ("A$", ""), ("AUD ", ""))),
    "de_DE": LocaleRules("EUR", ("19",), ((",", "."),) * 4 + ((",", ""),), ("dmy_dot",) * 4 + ("long_dmy", "iso"),
                         (("", " €"), ("", " €"), ("", " EUR"), ("EUR ", ""))),
    "fr_FR": LocaleRules("EUR", ("20",), ((",", " "),) * 4 + ((",", ""),), ("dmy_slash",) * 4 + ("long_dmy",),
                         (("", " €"), ("", " €"), ("", " EUR"))),
    "es_ES": LocaleRules("EUR", ("21",), ((",", "."),) * 3 + ((",", ""),),
                         ("dmy_slash",) * 3 + ("long_dmy", "dmy_dash"),
                         (("", " €"), ("", " €"), ("", " EUR"))),
    "nl_NL": LocaleRules("EUR", ("21",), ((",", "."),) * 3 + ((",", ""),),
                         ("dmy_dash",) * 3 + ("long_dmy", "dmy_slash"),
                         (("€ ", ""), ("€ ", ""), ("EUR ", ""))),
    "id_ID": LocaleRules("IDR", ("11",), ((",", "."),), ("dmy_slash", "dmy_slash", "long_dmy", "long_dmy", "dmy_dash"),
                         (("Rp ", ""), ("Rp ", ""), ("Rp", ""), ("IDR ", ""))),
}  # fmt: skip

# Label variants per language; one is chosen per invoice. "{r}" is the tax rate, "{d}" the terms in days.
_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "title": ("INVOICE", "Invoice"), "number": ("Invoice No.", "Invoice #", "Invoice Number", "Invoice no."),
        "date": ("Invoice Date", "Date", "Date of issue", "Issue date"), "due": ("Due Date", "Payment due", "Due"),
        "po": ("PO Number", "PO", "Purchase Order", "Your order", "Customer PO"),
        "customer_no": ("Customer No.", "Account No.", "Customer ID"),
        "bill_to": ("Bill To", "Billed to", "Invoice to", "Customer"),
        "pos": ("#",), "desc": ("Description", "Item", "Item / Description"), "qty": ("Qty", "Quantity", "Units"),
        "unit_price": ("Unit Price", "Rate", "Price", "Unit cost"), "amount": ("Amount", "Line Total", "Total"),
        "subtotal": ("Subtotal", "Sub-total", "Net total"),
        "total": ("Total", "Total Due", "Amount Due", "Balance Due", "Invoice Total"),
        "terms": ("Terms: Net {d}", "Payment terms: {d} days", "Payment due within {d} days of invoice date"),
        "bank": ("Bank details", "Payment details", "Please pay to"), "iban": ("IBAN",), "bic": ("BIC", "SWIFT/BIC"),
        "thanks": ("Thank you for your business.", "Thank you for your order!", "We appreciate your prompt payment."),
        "currency_note": ("All amounts in {c}.", "Amounts shown in {c}."), "page": ("Page 1 of 1",),
        "hello": ("Dear Sir or Madam,",), "intro": ("Thank you for your order. We invoice you for the following:",),
        "bye": ("Kind regards,",), "buyer_tax": ("Your VAT no.",),
    },
    "de": {
        "title": ("RECHNUNG", "Rechnung"), "number": ("Rechnungsnummer", "Rechnungs-Nr.", "Rechnung Nr."),
        "date": ("Rechnungsdatum", "Datum"), "due": ("Fällig am", "Zahlbar bis", "Fälligkeitsdatum"),
        "po": ("Bestellnummer", "Ihre Bestellung", "Bestell-Nr.", "Ihre Bestell-Nr."),
        "customer_no": ("Kundennummer", "Kunden-Nr."), "bill_to": ("Rechnungsempfänger", "Rechnung an", "Kunde"),
        "pos": ("Pos.",), "desc": ("Beschreibung", "Bezeichnung", "Artikel / Leistung"), "qty": ("Menge", "Anz."),
        "unit_price": ("Einzelpreis", "E-Preis", "Preis/Einh."), "amount": ("Gesamt", "Betrag", "Gesamtpreis"),
        "subtotal": ("Zwischensumme", "Nettobetrag", "Summe netto"),
        "total": ("Gesamtbetrag", "Rechnungsbetrag", "Summe brutto", "Gesamtsumme"),
        "terms": ("Zahlbar innerhalb von {d} Tagen ohne Abzug.", "Zahlungsziel: {d} Tage netto",
                  "Bitte überweisen Sie den Betrag innerhalb von {d} Tagen."),
        "bank": ("Bankverbindung",), "iban": ("IBAN",), "bic": ("BIC",),
        "thanks": ("Vielen Dank für Ihren Auftrag.", "Wir danken für Ihr Vertrauen."),
        "currency_note": ("Alle Beträge in {c}.",), "page": ("Seite 1 von 1",),
        "hello": ("Sehr geehrte Damen und Herren,",),
        "intro": ("vielen Dank für Ihren Auftrag. Wir berechnen Ihnen folgende Leistungen:",),
        "bye": ("Mit freundlichen Grüßen",), "buyer_tax": ("Ihre USt-IdNr.",),
    },
    "fr": {
        "title": ("FACTURE", "Facture"), "number": ("Facture n°", "N° de facture", "Numéro de facture"),
        "date": ("Date", "Date de facture", "Date d'émission"), "due": ("Échéance", "Date d'échéance"),
        "po": ("Bon de commande", "Réf. commande", "N° de commande", "Votre commande"),
        "customer_no": ("N° client", "Code client"), "bill_to": ("Facturé à", "Client", "Adresse de facturation"),
        "pos": ("N°",), "desc": ("Désignation", "Description"), "qty": ("Qté", "Quantité"),
        "unit_price": ("Prix unit. HT", "P.U. HT"), "amount": ("Montant HT", "Total HT"),
        "subtotal": ("Total HT", "Montant HT"), "total": ("Total TTC", "Net à payer", "Montant TTC"),
        "terms": ("Paiement à {d} jours", "Conditions de paiement : {d} jours net",
                  "Règlement à {d} jours date de facture"),
        "bank": ("Coordonnées bancaires", "Règlement par virement"), "iban": ("IBAN",), "bic": ("BIC",),
        "thanks": ("Merci de votre confiance.",), "currency_note": ("Montants exprimés en {c}.",),
        "page": ("Page 1/1",), "hello": ("Madame, Monsieur,",),
        "intro": ("Nous vous remercions de votre confiance. "
                  "Veuillez trouver ci-dessous le détail de notre facture :",),
        "bye": ("Cordialement,",), "buyer_tax": ("Votre n° TVA",),
        "legal": ("Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire pour frais "
                  "de recouvrement : 40 €.",),
    },
    "es": {
        "title": ("FACTURA", "Factura"), "number": ("Factura n.º", "Nº Factura", "Número de factura"),
        "date": ("Fecha", "Fecha de factura", "Fecha de emisión"), "due": ("Vencimiento", "Fecha de vencimiento"),
        "po": ("Pedido", "N.º de pedido", "Su pedido", "Orden de compra"),
        "customer_no": ("N.º cliente", "Código cliente"), "bill_to": ("Cliente", "Facturar a", "Datos del cliente"),
        "pos": ("Nº",), "desc": ("Concepto", "Descripción"), "qty": ("Cant.", "Cantidad", "Uds."),
        "unit_price": ("Precio", "Precio unit."), "amount": ("Importe", "Total"),
        "subtotal": ("Base imponible", "Subtotal"), "total": ("Total", "Total factura", "TOTAL A PAGAR"),
        "terms": ("Pago a {d} días", "Forma de pago: transferencia a {d} días"),
        "bank": ("Datos bancarios", "Forma de pago: transferencia"), "iban": ("IBAN",), "bic": ("BIC", "SWIFT"),
        "thanks": ("Gracias por su confianza.",), "currency_note": ("Importes en {c}.",), "page": ("Página 1 de 1",),
        "hello": ("Estimado cliente:",),
        "intro": ("Le remitimos la factura correspondiente a los siguientes servicios:",),
        "bye": ("Atentamente,",), "buyer_tax": ("NIF cliente",),
    },
    "nl": {
        "title": ("FACTUUR", "Factuur"), "number": ("Factuurnummer", "Factuurnr.", "Factuur nr."),
        "date": ("Factuurdatum", "Datum"), "due": ("Vervaldatum", "Te betalen voor"),
        "po": ("Inkoopordernummer", "Uw ordernummer", "Bestelnummer", "Uw referentie"),
        "customer_no": ("Klantnummer", "Debiteurnummer"), "bill_to": ("Factuuradres", "Aan", "Klant"),
        "pos": ("Nr.",), "desc": ("Omschrijving",), "qty": ("Aantal",), "unit_price": ("Prijs", "Stukprijs"),
        "amount": ("Bedrag", "Totaal"), "subtotal": ("Subtotaal", "Totaal excl. BTW"),
        "total": ("Totaal", "Totaal incl. BTW", "Te betalen"),
        "terms": ("Betaling binnen {d} dagen na factuurdatum.", "Betalingstermijn: {d} dagen"),
        "bank": ("Bankgegevens", "Gelieve over te maken op"), "iban": ("IBAN",), "bic": ("BIC",),
        "thanks": ("Bedankt voor uw opdracht.",), "currency_note": ("Alle bedragen in {c}.",),
        "page": ("Pagina 1 van 1",), "hello": ("Geachte heer/mevrouw,",),
        "intro": ("Hartelijk dank voor uw opdracht. Hierbij brengen wij u het volgende in rekening:",),
        "bye": ("Met vriendelijke groet,",), "buyer_tax": ("Uw btw-nummer",),
    },
    "id": {
        "title": ("FAKTUR", "Faktur", "INVOICE"), "number": ("No. Faktur", "Nomor Faktur", "No. Invoice"),
        "date": ("Tanggal", "Tanggal Faktur"), "due": ("Jatuh Tempo", "Tgl. Jatuh Tempo"),
        "po": ("No. PO", "Nomor PO", "No. Pesanan"), "customer_no": ("Kode Pelanggan", "No. Pelanggan"),
        "bill_to": ("Kepada", "Ditagihkan kepada", "Pelanggan"), "pos": ("No.",),
        "desc": ("Deskripsi", "Keterangan", "Nama Barang"), "qty": ("Qty", "Kuantitas"),
        "unit_price": ("Harga Satuan", "Harga"), "amount": ("Jumlah",),
        "subtotal": ("Subtotal", "Dasar Pengenaan Pajak"), "total": ("Total", "Jumlah Total", "Total Tagihan"),
        "terms": ("Pembayaran dalam {d} hari.", "Termin pembayaran: {d} hari"),
        "bank": ("Pembayaran ke", "Rekening pembayaran"), "iban": ("IBAN",), "bic": ("SWIFT",),
        "thanks": ("Terima kasih atas kepercayaan Anda.",), "currency_note": ("Semua jumlah dalam {c}.",),
        "page": ("Halaman 1 dari 1",), "hello": ("Dengan hormat,",),
        "intro": ("Bersama ini kami sampaikan tagihan atas pesanan Anda sebagai berikut:",),
        "bye": ("Hormat kami,",), "buyer_tax": ("NPWP Pelanggan",),
    },
}  # fmt: skip

# Per country: the tax label (with "{r}"), the vendor tax id label, and title / total wording overrides.
_COUNTRY_LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "US": {"tax": ("Sales Tax ({r}%)", "Tax ({r}%)", "Sales tax {r}%"), "tax_id": ("EIN", "Tax ID", "Federal Tax ID")},
    "GB": {"tax": ("VAT {r}%", "VAT @ {r}%", "VAT ({r}%)"),
           "tax_id": ("VAT Reg. No.", "VAT No.", "VAT Registration No."),
           "subtotal": ("Subtotal", "Total excl. VAT", "Net amount")},
    "SG": {"tax": ("GST {r}%", "Add GST {r}%"), "tax_id": ("GST Reg. No.", "GST Reg No", "UEN / GST No."),
           "title": ("TAX INVOICE", "Tax Invoice")},
    "AU": {"tax": ("GST {r}%", "GST"), "tax_id": ("ABN",), "title": ("TAX INVOICE", "Tax Invoice"),
           "total": ("Total (inc. GST)", "Total AUD inc. GST", "Amount Due"),
           "subtotal": ("Subtotal (ex. GST)", "Subtotal")},
    "DE": {"tax": ("MwSt. {r} %", "USt. {r} %", "zzgl. {r} % MwSt."), "tax_id": ("USt-IdNr.", "USt-ID")},
    "FR": {"tax": ("TVA {r} %", "TVA ({r} %)"), "tax_id": ("N° TVA intracom.", "TVA intracommunautaire", "N° TVA")},
    "ES": {"tax": ("IVA {r}%", "IVA ({r}%)"), "tax_id": ("CIF", "NIF", "NIF/CIF")},
    "NL": {"tax": ("BTW {r}%", "{r}% btw", "BTW hoog {r}%"), "tax_id": ("BTW-nr.", "Btw-id", "BTW-nummer")},
    "ID": {"tax": ("PPN {r}%", "PPN"), "tax_id": ("NPWP",)},
}  # fmt: skip


#: The locales `make_invoice` knows, in the order `sample_set` cycles them.
LOCALES: tuple[str, ...] = tuple(RULES)


def pick_labels(rng: random.Random, lang: str, country: str) -> dict[str, str]:
    """One variant of every label for an invoice in `lang` from `country`."""
    table = dict(_LABELS[lang])
    table.update(_COUNTRY_LABELS[country])
    return {key: rng.choice(variants) for key, variants in sorted(table.items())}


# --------------------------------------------------------------------------- formatting


def format_number(value: Decimal, decimal_sep: str, group_sep: str, places: int = 2) -> str:
    """A number as a locale prints it, e.g. ("1234.5", ",", ".") -> "1.234,50"."""
    q = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, frac = f"{abs(q):f}".partition(".")
    if group_sep:
        whole = f"{int(whole):,}".replace(",", group_sep)
    return ("-" if q < 0 else "") + whole + (decimal_sep + frac if frac else "")


def format_date(d: date, style: str, lang: str) -> str:
    """A date in one of the styles `RULES` lists, with month names in `lang`."""
    month = _MONTHS[lang].split()[d.month - 1]
    match style:
        case "mdy_slash":
            return f"{d.month:02d}/{d.day:02d}/{d.year}"
        case "dmy_slash":
            return f"{d.day:02d}/{d.month:02d}/{d.year}"
        case "dmy_dot":
            return f"{d.day:02d}.{d.month:02d}.{d.year}"
        case "dmy_dash":
            return f"{d.day:02d}-{d.month:02d}-{d.year}"
        case "iso":
            return d.isoformat()
        case "long_us":
            return f"{month} {d.day}, {d.year}"
        case "short_us":
            return f"{month[:3]} {d.day}, {d.year}"
        case "short_dmy":
            return f"{d.day:02d} {month[:3]} {d.year}"
        case "long_dmy":
            return {"de": f"{d.day}. {month} {d.year}", "es": f"{d.day} de {month} de {d.year}"}.get(
                lang, f"{d.day} {month} {d.year}"
            )
    raise ValueError(f"unknown date style {style!r}")
