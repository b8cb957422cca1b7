"""Multilingual label tables: the words invoices print next to each field.

Languages: English (US, UK, Singapore, Australia), German, French, Spanish, Dutch and
Indonesian. Labels are written folded (lower case, no accents) with spaces between tokens;
`compile_labels` turns each into a regex that tolerates the punctuation printed between
tokens ("Rechnungs-Nr.:", "N° de facture", "Invoice #"). Where two labels overlap on a line
the longer wins, so "Total excl. VAT" is a subtotal and "Order date" is not an invoice date.
The pseudo-field `other` holds labels whose values we do not want (customer number, delivery
date...): they only exist to win such overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

#: field -> (label, strength). Strength in (0, 1]: how surely the label names that field.
LABELS: dict[str, list[tuple[str, float]]] = {
    "invoice_number": [
        *[(s, 1.0) for s in (
            "invoice number", "invoice no", "invoice nr", "invoice num", "invoice #", "inv no", "inv #",
            "invoice id", "tax invoice no", "tax invoice number", "bill no", "bill number",
            "invoice reference", "document no", "document number",
            "rechnungsnummer", "rechnungs nr", "rechnung nr", "rechnungsnr", "rechnung nummer", "beleg nr",
            "belegnummer", "re:(?:[a-z]{3,})?rechnung(?: des [a-z]+)?(?: \\(\\d{3}\\))? nr\\.?",
            "numero de facture", "n de facture", "no de facture", "facture n", "facture no",
            "facture numero", "numero facture", "n facture", "no facture",
            "numero de factura", "n de factura", "no de factura", "factura n", "factura no", "num factura",
            "n factura", "no factura", "n factuur", "invoice no.", "inv. no",
            "factura numero", "factuurnummer", "factuur nr", "factuurnr", "factuur nummer", "nummer factuur",
            "nomor faktur", "no faktur", "no. faktur", "nomor invoice", "no invoice", "nomor tagihan",
        )],
        *[(s, 0.6) for s in (
            "invoice", "tax invoice", "rechnung", "facture", "factura", "factuur", "faktur", "handelsrechnung",
            "teilrechnung", "schlussrechnung", "abschlagsrechnung", "gutschrift", "rechnungskorrektur",
            "credit note", "avoir", "nota de credito", "creditnota",
            # German compounds: Mietrechnung, Betriebskostenabrechnung, Versicherungsrechnung...
            "re:[a-z]{3,}(?:rechnung|abrechnung)",
        )],
        ("nr", 0.55),
        ("no", 0.55),
        ("n", 0.55),  # "N° 2026-0731" under a title
        ("#", 0.6),
    ],
    "invoice_date": [
        *[(s, 1.0) for s in (
            "invoice date", "date of invoice", "date of issue", "issue date", "issued on", "invoice dated",
            "tax point", "billing date", "date issued", "rechnungsdatum", "datum der rechnung",
            "ausstellungsdatum", "rechnungsdatum leistungsdatum", "date de facture", "date de facturation",
            "date d emission", "date facture", "fecha de factura", "fecha factura", "fecha de emision",
            "fecha de expedicion", "factuurdatum", "datum factuur", "tanggal faktur", "tanggal invoice",
            "tgl faktur", "tanggal terbit", "factuur datum",
        )],
        *[(s, 0.75) for s in ("date", "dated", "datum", "fecha", "tanggal", "tgl", "le")],
        ("vom", 0.7),
        ("du", 0.7),
    ],
    "due_date": [
        *[(s, 1.0) for s in (
            "due date", "payment due", "payment due date", "date due", "due by", "pay by", "payable by",
            "due on", "please pay by", "faellig", "fallig am", "fallig bis", "falligkeit", "falligkeitsdatum",
            "zahlbar bis", "zahlungsziel", "zahlbar bis zum", "date d echeance", "echeance",
            "date limite de paiement", "date limite de reglement", "a regler avant le", "regler avant le", "a payer avant le", "payable avant le", "fecha de vencimiento",
            "vencimiento", "fecha limite de pago", "pagar antes de", "vervaldatum", "vervaldag",
            "te betalen voor", "uiterste betaaldatum", "jatuh tempo", "tanggal jatuh tempo",
            "tgl jatuh tempo", "batas pembayaran", "due", "fallig",
        )],
    ],
    "subtotal": [
        *[(s, 1.0) for s in (
            "subtotal", "sub total", "sub-total", "net amount", "net total", "total net", "net",
            "total excl vat", "total excluding vat", "total excl gst", "total excluding gst", "total ex gst",
            "amount excl vat", "amount before tax", "total before tax", "total excl tax", "taxable amount",
            "total exclusive of gst", "amount excluding gst", "total ex vat", "zwischensumme",
            "nettobetrag", "summe netto", "netto", "gesamt netto", "nettosumme", "rechnungsbetrag netto",
            "summe positionen", "total ht", "montant ht", "montant total ht", "total net ht", "montant net ht",
            "total hors tva", "base de tva", "base tva", "base ht", "base imposable", "total t h t",
            "base amount", "taxable base", "tax base", "vat base", "steuerbasis", "bemessungsgrundlage", "sous total", "total hors taxes", "montant hors taxe",
            "base imponible", "importe neto", "subtotal sin iva", "total sin iva", "subtotaal",
            "rechnungssumme ohne ust", "summe ohne ust", "summe ohne mwst", "total hors tva",
            "exclusief btw", "excl btw", "grondslag",
            "totaal excl btw", "bedrag excl btw", "totaal exclusief btw", "netto bedrag", "jumlah sebelum pajak",
            "total sebelum pajak", "dasar pengenaan pajak", "sub jumlah", "subtotal dpp", "dpp",
        )],
    ],
    "tax": [
        *[(s, 1.0) for s in (
            "vat", "vat amount", "total vat", "tax", "tax amount", "total tax", "sales tax", "gst",
            "gst amount", "total gst", "gst 9", "mwst", "mwst betrag", "umsatzsteuer", "ust", "mehrwertsteuer",
            "zzgl mwst", "zzgl ust", "tva", "montant tva", "total tva", "iva", "importe iva", "cuota iva",
            "total iva", "btw", "btw bedrag", "totaal btw", "ppn", "pajak", "ppn 11", "jumlah ppn",
            "steuerbetrag", "umsatzsteuerbetrag", "total taxes", "total tax amount", "montant de la tva",
        )],
    ],
    "total": [
        *[(s, 1.0) for s in (
            "total", "total due", "amount due", "balance due", "grand total", "total amount", "invoice total",
            "total payable", "amount payable", "total amount due", "total to pay", "total inc gst",
            "total incl gst", "total including gst", "total incl vat", "total including vat", "total (usd)",
            "please pay", "total invoice amount", "gesamtbetrag", "rechnungsbetrag", "gesamtsumme", "endbetrag",
            "bruttobetrag", "gesamt brutto", "summe brutto", "zu zahlender betrag", "zahlbetrag", "gesamt",
            "total ttc", "montant ttc", "net a payer", "montant total", "total a payer", "montant du",
            "total a pagar", "importe total", "total factura", "total general", "totaal", "totaal incl btw",
            "te betalen", "totaalbedrag", "totaal te betalen", "total tagihan", "jumlah total", "total bayar",
            "jumlah yang harus dibayar", "total pembayaran", "grand total", "jumlah tagihan", "bruttosumme",
            "rechnungssumme", "zahlbetrag", "rechnungsbetrag brutto",
            "factuur totaal", "totaal factuur", "invoice amount", "total facture", "total de la facture",
            "total factuur", "total invoice", "montant total ttc", "total t t c", "montant t t c",
            "total aud inc gst", "total aud incl gst", "total nzd incl gst", "total sgd incl gst",
            "final total", "rounded total", "total rounded", "total after rounding", "total after adj",
            "total sales", "total amount payable", "total rm", "total amount rm", "grand total rm",
        )],
    ],
    "po_number": [
        *[(s, 1.0) for s in (
            "po number", "po no", "po #", "p o", "p o no", "p o number", "purchase order", "purchase order no",
            "purchase order number", "your order", "your order no", "order reference", "your reference po",
            "customer po", "bestellnummer", "bestell nr", "ihre bestellung", "ihre bestellnummer",
            "auftragsnummer", "bon de commande", "n de commande", "numero de commande", "votre commande",
            "commande n", "pedido", "n de pedido", "numero de pedido", "orden de compra", "su pedido",
            "inkoopordernummer", "bestelnummer", "uw bestelling", "inkooporder", "nomor po", "no po",
            "uw ordernummer", "uw referentie", "votre reference", "votre ref", "your reference",
            "your ref", "uw order", "ref commande", "reference commande", "n de pedido",
            "no pedido", "su referencia", "bestellung", "bestellnr", "bestell nr", "ihre bestell nr", "po", "no pesanan", "order ref",
            "nomor pesanan", "purchase order ref",
        )],
    ],
    "vendor_tax_id": [
        *[(s, 1.0) for s in (
            "vat no", "vat number", "vat reg no", "vat registration no", "vat registration number", "vat id",
            "vat reg", "gst reg no", "gst registration no", "gst reg", "gst no", "gst registration number",
            "abn", "a b n", "tax id", "tax no", "ein", "tin", "ust id", "ust idnr", "ust id nr", "ustid",
            "umsatzsteuer id", "umsatzsteuer identifikationsnummer", "steuernummer", "st nr", "steuer nr",
            "n intracom", "no intracom", "n tva", "no tva", "tva intracommunautaire", "n tva intra", "no tva intra", "tva intra",
            "n tva intracommunautaire", "numero de tva intracommunautaire", "n de tva intracommunautaire", "numero de tva", "tva intracom", "n tva intracom",
            "nif", "cif", "nif cif", "n i f", "c i f", "btw nr", "btw nummer", "btw id", "btw-nr",
            "btw identificatienummer", "npwp", "no npwp", "uen", "company reg no", "vat reg number",
            "identifiant tva", "gstin",
        )],
    ],
    "iban": [(s, 1.0) for s in ("iban", "account iban", "bank account", "rekening", "rekeningnummer")],
    "other": [
        (s, 1.0) for s in (
            "order date", "delivery date", "ship date", "shipping date", "service date", "date of supply",
            "supply date", "period", "lieferdatum", "leistungsdatum", "leistungszeitraum", "bestelldatum",
            "date de livraison", "date de commande", "fecha de entrega", "fecha de pedido", "leverdatum",
            "besteldatum", "tanggal pengiriman", "tanggal pesanan", "customer no", "customer number",
            "customer id", "account no", "account number", "kundennummer", "kunden nr", "kundennr",
            "n client", "numero client", "code client", "numero de cliente", "klantnummer", "klant nr",
            "nomor pelanggan", "order number", "order no", "order id", "delivery note", "lieferschein",
            "page", "seite", "pagina", "halaman", "tel", "phone", "fax", "telefon", "telephone", "bic", "swift", "bic swift",
            "sort code", "bsb", "qty", "quantity", "unit price", "price", "rate", "due date time",
            "total pages", "tax rate", "vat rate", "vat %", "tax %", "steuersatz", "taux tva", "tipo iva",
            "btw tarief", "tarif ppn", "discount", "rabatt", "remise", "descuento", "korting", "diskon",
            "shipping", "versand", "frais de port", "envio", "verzendkosten", "ongkos kirim",
            "po box", "p o box", "postfach", "boite postale", "apartado", "postbus",
            "your vat no", "your vat number", "your vat id", "your tax id", "customer vat no", "customer vat id",
            "customer tax id", "buyer vat id", "buyer tax id", "votre n tva", "votre numero de tva",
            "uw btw nummer", "uw btw nr", "ihre ust idnr", "ihre ust id", "nif cliente", "cif cliente",
            "npwp pelanggan", "siret", "siren", "rcs", "customer abn", "your abn", "kvk", "kvk nummer", "handelsregister", "hrb",
            "gesamtbetrag der zuschlage", "gesamtbetrag der abschlage",
            "solde a payer", "customer vat number", "customer vat", "buyer vat", "n tva client", "tva client",
            "date de facture associee", "facture associee", "n de facture associee", "date de debut",
            "date de fin", "date debut", "date fin", "date de debut de prestation", "date de fin de prestation",
            "reste a payer",
            "total savings", "you saved", "total saving", "total discount", "total items", "total qty",
            "total quantity", "item count", "no of items", "total item",
            "balance", "gln",
        )
    ],
    # A deposit or an amount already paid: the total less it is the balance a page may print as its total.
    "prepaid": [(s, 1.0) for s in (
        "acompte", "acompte verse", "montant deja verse", "deja verse", "deja paye", "montant deja paye",
        "deposit", "less deposit", "deposit paid", "prepaid", "amount prepaid", "already paid", "advance payment",
        "anzahlung", "erhaltene anzahlungen", "bereits bezahlt", "bereits gezahlt", "vorauszahlung",
        "anticipo", "anticipo recibido", "ya pagado", "aanbetaling", "reeds betaald", "uang muka", "sudah dibayar",
    )],
    # A till's rounding to the nearest coin: the total before it plus the rounding is the total to pay.
    "rounding": [(s, 1.0) for s in (
        "rounding", "rounding adjustment", "round off", "rounding adj", "rounding amount", "round adj",
        "round adjustment", "adj rounding", "rounding off", "total rounding", "cash rounding", "rundung",
        "arrondi", "redondeo", "afronding", "afrondingsverschil", "pembulatan",
    )],
    # What a customer handed over and got back at a till: tendered - change = the total.
    "tendered": [(s, 1.0) for s in (
        "cash", "cash tendered", "tendered", "amount tendered", "total tendered", "paid", "amount paid",
        "paid amount", "bezahlt", "gegeben", "paye", "especes", "pagado", "efectivo", "betaald", "contant",
        "dibayar", "tunai",
    )],
    "change": [(s, 1.0) for s in (
        "change", "change due", "change amt", "change amount", "cash change", "kembalian", "ruckgeld",
        "wechselgeld", "monnaie rendue", "wisselgeld",
    )],
}

#: Labels that open the buyer's block: the vendor is never read from under these.
BUYER_LABELS = (
    "bill to", "billed to", "invoice to", "invoiced to", "sold to", "ship to", "deliver to", "customer",
    "client", "buyer", "to", "attention", "attn", "rechnungsempfanger", "rechnungsadresse", "kunde",
    "lieferadresse", "an", "empfanger", "facturer a", "facture a", "adresse de facturation", "destinataire",
    "livrer a", "facturar a", "cliente", "enviar a", "datos del cliente", "factuur aan", "klant",
    "afleveradres", "factuuradres", "ditagihkan kepada", "tagihan kepada", "kepada", "pelanggan",
    "dikirim ke", "kepada yth", "kaufer", "leistungsempfanger", "kaufer/leistungsempfanger", "lieferanschrift",
    "adresse de livraison", "ship to address", "delivery address", "le client", "l acheteur", "acheteur",
    "vos identifiants", "vos references", "your details", "customer details", "ihre angaben", "uw gegevens",
)

#: Labels that name the issuer: what follows them is the vendor.
SELLER_LABELS = (
    "from", "seller", "supplier", "vendor", "issued by", "bill from", "verkaufer", "lieferant", "von",
    "absender", "sold by", "vendeur", "fournisseur", "emetteur", "vendedor", "proveedor", "emisor", "leverancier",
    "verkoper", "penjual", "pemasok", "dari",
)

#: Labels of the bank account's holder, who is paid: the issuer ("Titulaire du compte : NETPRESSE").
ACCOUNT_HOLDER_LABELS = ("account holder", "account name", "kontoinhaber", "titulaire du compte", "titulaire",
                         "beneficiary", "begunstigde", "ten name van", "t n v", "titular de la cuenta",
                         "nama rekening", "nama akaun", "atas nama")
#: Labels in front of a company's name in a "Seller" block, and of a contact person's.
NAME_LABELS = ("name", "firma", "company", "company name", "raison sociale", "nom", "nombre", "razon social", "naam",
               "bedrijfsnaam", "nama", "nama perusahaan")
CONTACT_LABELS = ("ansprechpartner", "contact", "contact person", "attn", "attention", "z hd", "contacto",
                  "contactpersoon", "kontak", "bearbeiter", "sachbearbeiter")

#: Document titles: never a vendor name.
TITLES = (
    "invoice", "tax invoice", "commercial invoice", "proforma invoice", "credit note", "receipt",
    "rechnung", "gutschrift", "facture", "avoir", "factura", "factuur", "creditnota", "faktur",
    "faktur pajak", "invoice original", "original", "copy", "statement", "summary", "invoice summary",
    "payment receipt", "kopie factuur", "duplicate", "retail invoice", "detail", "details",
    "cash", "cash sale", "cash sales", "cash bill", "cash receipt", "official receipt", "simplified tax invoice",
    "tax invoice adjustment note", "adjustment note", "bill", "order", "sales receipt", "kwitansi", "nota",
    "quittung", "kassenbon", "ticket", "recu", "thank you", "note d'honoraires", "note d honoraires",
)
#: Words that make a tax label a qualifier of the amount before it ("Total incl. GST").
TAX_QUALIFIERS = frozenset({"incl", "inc", "including", "inclusive", "inkl", "inklusive", "excl", "exclusive",
                            "excluding", "exkl", "ohne", "hors", "sans", "sin", "con", "exclusief", "inclusief", "termasuk"})

#: Titles of a credit note in the six languages: the document reduces what is owed.
CREDIT_NOTE_TITLES = (
    "credit note", "credit memo", "credit invoice", "gutschrift", "rechnungsgutschrift", "stornorechnung",
    "avoir", "facture d avoir", "note de credit", "nota de credito", "factura rectificativa", "abono",
    "creditnota", "creditfactuur", "credit nota", "nota kredit", "nota retur",
)

#: A "Gutschrift" that is a self-billed invoice (UNTDID 389), not a credit note.
SELF_BILLING = ("selbst ausgestellte rechnung", "self billed", "self billing", "autofacturation", "autofacture",
                "zelffacturering", "autofactura")

#: Legal-form suffixes: a line ending in one of these is very likely a company name.
COMPANY_SUFFIX_RE = re.compile(
    r"(?i)(?<![\w])(ltd|limited|llc|inc|corp|corporation|co|company|plc|llp|pty|pte|gmbh|ag|kg|ohg|ug|"
    r"e\.?\s?k|sarl|sas|sa|s\.a|sl|s\.l|srl|bv|b\.v|nv|n\.v|vof|v\.o\.f|tbk|cv|pt|bhd|sdn|s\.?p\.?a|kgaa)\.?(?![\w])"
)

#: Payment terms that give a due date when none is printed: (regex, group holding the days).
PAYMENT_TERMS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bnet\s*(\d{1,3})\b",
        r"\bn(\d{2})\b",
        r"\bwithin\s+(\d{1,3})\s+days\b",
        r"\b(\d{1,3})\s+days\s+(?:net|from|after|of)\b",
        r"\bpayment\s+terms?:?\s*(\d{1,3})\s+days\b",
        r"\bdue\s+in\s+(\d{1,3})\s+days\b",
        r"\binnerhalb\s+(?:von\s+)?(\d{1,3})\s+tag",
        r"\b(\d{1,3})\s+tage\s+netto\b",
        r"\bzahlbar\s+in\s+(\d{1,3})\s+tag",
        r"\bzahlungsziel:?\s*(\d{1,3})\s+tag",
        r"\b(?:a|à|sous)\s+(\d{1,3})\s+jours\b",
        r"\b(\d{1,3})\s+jours\s+net",
        r"\b(?:a|en|dentro\s+de)\s+(\d{1,3})\s+d[ií]as\b",
        r"\b(\d{1,3})\s+d[ií]as\s+(?:netos|fecha)",
        r"\bbinnen\s+(\d{1,3})\s+dagen\b",
        r"\b(\d{1,3})\s+dagen\s+netto\b",
        r"\bdalam\s+(?:waktu\s+)?(\d{1,3})\s+hari\b",
        r"\b(\d{1,3})\s+hari\s+(?:setelah|sejak|dari)\b",
        r"(?:\bterms?|termijn|\btermin(?:\s+pembayaran)?|\bconditions|\bplazo|\bpago|\bpaiement|\br[eè]glement)\b"
        r"[^\d\n]{0,30}(\d{1,3})\s*(?:days|tage|jours|d[ií]as|dagen|hari)\b",
    )
]


_SEP = r"[ .\-/:#'()]"  # never a tab: a label does not span columns; "’" is folded to "'" (ASCII compiles fast)


#: Days of the week, which may stand between a date's label and the date ("Date: Monday 3 March 2025").
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun montag dienstag mittwoch "
    "donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miercoles "
    "jueves viernes sabado domingo maandag dinsdag woensdag donderdag vrijdag zaterdag zondag senin selasa rabu kamis "
    "jumat sabtu minggu".split()
)
#: Countries as an address's last line prints them (folded): a line of its own, never a name.
COUNTRIES = frozenset((
    "france", "deutschland", "germany", "allemagne", "belgique", "belgie", "belgium", "nederland", "netherlands",
    "the netherlands", "pays bas", "espana", "spain", "espagne", "italia", "italy", "italie", "osterreich",
    "austria", "autriche", "schweiz", "suisse", "switzerland", "luxembourg", "luxemburg", "united kingdom",
    "great britain", "england", "ireland", "portugal", "polska", "poland", "danmark", "denmark", "sverige",
    "sweden", "norge", "norway", "suomi", "finland", "indonesia", "malaysia", "singapore", "australia",
    "new zealand", "united states", "united states of america", "usa", "canada", "monaco",
))
#: Short labels that may stand inside a sentence ("Nr. 4711 vom 05.03.2018").
INLINE_LABELS = frozenset({"vom", "du", "nr", "no"})
#: After "Nr."/"No." a law's paragraph, not a document's number ("§ 4 Nr. 14 UStG", "Art. 196 No. 2 MwStSystRL").
LAW_AFTER_NUMBER_RE = re.compile(r"[\s.:]*\d+[a-z]?\s*(?:ustg|mwstsystrl|estg|hgb|bgb|ao|cgi|liva|mwstg|btw)\b")


def _label_regex(label: str) -> str:
    return rf"(?<![a-z0-9_]){_label_body(label)}(?![-/]?[a-z0-9_])"


def _label_body(label: str) -> str:
    """A label as a regex without its word boundaries."""
    if label.startswith("re:"):
        return f"(?:{label[3:]})"
    tokens = label.strip().split()
    body = re.escape(tokens[0])
    for prev, token in zip(tokens, tokens[1:]):
        # Words need something between them ("facture n" must not match "facturen"); "#" needs not.
        sep = "+" if prev[-1].isalnum() and token[0].isalnum() else "*"
        body += _SEP + sep + re.escape(token)
    return body


#: A label's tokens: words, and any single sign other than the separators ("#", "%", "&").
_TOKEN_RE = re.compile(r"[a-z_]+|[0-9]+|[^a-z0-9_\s.\-/:'()]")
_SEP_CHARS = frozenset(" .-/:#'()")


@lru_cache(maxsize=None)
def _label_table() -> tuple[dict[tuple[str, ...], list[tuple[str, float, bool]]], frozenset[tuple[str, ...]], int]:
    """Plain labels by their tokens, every token prefix, and the longest label's token count."""
    table: dict[tuple[str, ...], list[tuple[str, float, bool]]] = {}
    for field_name, entries in LABELS.items():
        for label, strength in entries:
            if not label.startswith("re:"):
                table.setdefault(tuple(_TOKEN_RE.findall(label)), []).append(
                    (field_name, strength, label in INLINE_LABELS)
                )
    prefixes = frozenset(toks[:k] for toks in table for k in range(1, len(toks) + 1))
    return table, prefixes, max(map(len, table))


@lru_cache(maxsize=None)
def _regex_labels() -> list[tuple[str, float, re.Pattern[str]]]:
    return [
        (field_name, strength, re.compile(_label_regex(label)))
        for field_name, entries in LABELS.items()
        for label, strength in entries
        if label.startswith("re:")
    ]


#: Labels that may be glued to their value ("du19-07-2022", "N°F-2024-10", "Nr.4711").
_GLUED = frozenset({("du",), ("vom",), ("n",), ("no",), ("nr",)})


def _word_char(c: str) -> bool:
    return c.isascii() and (c.isalnum() or c == "_")


def label_spans(text: str) -> Iterator[tuple[str, float, bool, int, int]]:
    """(field, strength, inline, start, end) of every label in folded `text`.

    Plain labels are matched token by token (words and "#", with only the separators of a
    label between them: never a tab) through a prefix table, which needs no regex per label.
    Letters and digits are separate tokens, so a label glued to its value ("du19-07-2022",
    "N°F-2024-10") is found.
    """
    table, prefixes, longest = _label_table()
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]
    for i, (tok, start, _end) in enumerate(tokens):
        if start and _word_char(text[start - 1]):
            continue
        key: tuple[str, ...] = ()
        for j in range(i, min(len(tokens), i + longest)):
            if j > i and not _SEP_CHARS.issuperset(text[tokens[j - 1][2] : tokens[j][1]]):
                break
            key += (tokens[j][0],)
            if key not in prefixes:
                break
            end = tokens[j][2]
            after = text[end : end + 1]
            if key in table and not (after in ("-", "/") and _word_char(text[end + 1 : end + 2])):
                if after and _word_char(after) and key not in _GLUED:
                    continue
                for field_name, strength, inline in table[key]:
                    yield field_name, strength, inline, start, end
    for field_name, strength, regex in _regex_labels():
        for m in regex.finditer(text):
            yield field_name, strength, False, m.start(), m.end()


@lru_cache(maxsize=None)
def fuzzy_label_table() -> dict[str, tuple[str, float]]:
    """Labels of five letters or more, for matching OCR'd text approximately: text -> (field, strength)."""
    table: dict[str, tuple[str, float]] = {}
    for field_name, entries in LABELS.items():
        for label, strength in entries:
            if not label.startswith("re:") and len(label) >= 5:
                table.setdefault(label, (field_name, strength))
    return table


@lru_cache(maxsize=None)
def phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One regex matching any of `phrases` (folded text), longest first."""
    ordered = sorted(phrases, key=len, reverse=True)
    # The word boundaries once around the alternatives, not around each: the same matches, compiled
    # several times faster.
    return re.compile(_label_regex("re:" + "|".join(_label_body(p) for p in ordered)))
