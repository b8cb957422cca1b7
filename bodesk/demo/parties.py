"""Who is on an invoice: fictional vendors with valid identifiers, and their customers.

`DEMO_VENDORS` is the fixed master data of the demo workspace; `make_vendor` draws fresh vendors so
the benchmark sees more than a handful of names. Tax ids and IBANs carry correct check digits
(HMRC, ISO 7064, Luhn, elfproef, ABN, ISO 13616), so validators accept them as real ones.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass


# --------------------------------------------------------------------------- check digits


def _alnum_to_int(s: str) -> int:
    return int("".join(str(int(ch, 36)) for ch in s))


def make_iban(country: str, bban: str) -> str:
    """An IBAN with correct ISO 13616 mod-97 check digits."""
    check = 98 - _alnum_to_int(bban + country + "00") % 97
    return f"{country}{check:02d}{bban}"


def _gb_vat(rng: random.Random) -> str:
    # HMRC: 8..2 weighted sum of the first 7 digits plus the last two is divisible by 97.
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(6)]
    s = sum(w * x for w, x in zip(range(8, 1, -1), d, strict=True))
    return "GB" + "".join(map(str, d)) + f"{-s % 97:02d}"


def _de_vat(rng: random.Random) -> str:
    d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
    product = 10
    for x in d:  # ISO 7064 MOD 11,10
        s = (x + product) % 10 or 10
        product = (2 * s) % 11
    check = (11 - product) % 10
    return "DE" + "".join(map(str, d)) + str(check)


def _luhn_complete(body: str) -> str:
    for last in "0123456789":
        total = 0
        for i, ch in enumerate(reversed(body + last)):
            v = int(ch) * (2 if i % 2 else 1)
            total += v - 9 if v > 9 else v
        if total % 10 == 0:
            return body + last
    raise AssertionError("unreachable")


def _fr_siren(rng: random.Random) -> str:
    return _luhn_complete(str(rng.randint(30_000_000, 99_999_999)))


def _fr_vat(siren: str) -> str:
    return f"FR{(12 + 3 * (int(siren) % 97)) % 97:02d}{siren}"


def _nl_vat(rng: random.Random) -> str:
    while True:  # the old "elfproef": weights 9..2, the ninth digit is the sum mod 11
        d = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(w * x for w, x in zip(range(9, 1, -1), d, strict=True)) % 11
        if check < 10:
            return "NL" + "".join(map(str, d)) + str(check) + "B01"


def _es_cif(rng: random.Random) -> str:
    d = [rng.randint(0, 9) for _ in range(7)]
    total = sum(d[1::2])
    for x in d[0::2]:
        total += sum(divmod(2 * x, 10))
    return "B" + "".join(map(str, d)) + str((10 - total % 10) % 10)


def _au_abn(rng: random.Random) -> str:
    weights = (10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19)
    rest = [rng.randint(0, 9) for _ in range(9)]
    for head in range(10, 100):
        d = [head // 10 - 1, head % 10, *rest]
        if sum(w * x for w, x in zip(weights, d, strict=True)) % 89 == 0:
            return str(head) + "".join(map(str, rest))
    return _au_abn(rng)  # no prefix fits these nine digits (rare): draw again


def digits(rng: random.Random, n: int) -> str:
    """`n` random decimal digits, leading zeros allowed."""
    return "".join(rng.choice(string.digits) for _ in range(n))


def _fr_bban(rng: random.Random) -> str:
    bank, branch, account = digits(rng, 5), digits(rng, 5), digits(rng, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{bank}{branch}{account}{key:02d}"


def _es_bban(rng: random.Random) -> str:
    bank, branch, account = digits(rng, 4), digits(rng, 4), digits(rng, 10)
    weights = (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)

    def dc(s: str) -> str:
        v = 11 - sum(w * int(x) for w, x in zip(weights, s, strict=True)) % 11
        return str({11: 0, 10: 1}.get(v, v))

    return bank + branch + dc("00" + bank + branch) + dc(account) + account


# --------------------------------------------------------------------------- parties


@dataclass(frozen=True)
class VendorProfile:
    """A fictional supplier: who issues the invoice, its identifiers, and how it numbers invoices.

    `tax_id` is the value as printed without spaces (the extraction record's form), `iban` is compact.
    Vendors outside the IBAN countries carry `bank_account` lines instead.
    """

    name: str
    address: tuple[str, ...]
    locale: str
    tax_id: str | None
    iban: str | None
    payment_terms_days: int
    currency: str
    bic: str = ""
    bank_name: str = ""
    bank_account: tuple[str, ...] = ()
    phone: str = ""
    email: str = ""
    registration: str = ""
    trade: str = "office"
    number_pattern: str = "INV-{n:04d}"

    @property
    def country(self) -> str:
        return self.locale[-2:]


@dataclass(frozen=True)
class Party:
    """The bill-to customer as printed on the invoice."""

    name: str
    address: tuple[str, ...]
    tax_id: str | None = None


def _demo_vendors() -> list[VendorProfile]:
    r = random.Random("bodesk-demo-vendors")  # fixed: the demo master data never changes
    return [
        VendorProfile(
            "Northwind Office Supplies Ltd", ("Unit 4, Riverside Trading Estate", "Leeds LS11 5QT", "United Kingdom"),
            "en_GB", _gb_vat(r), make_iban("GB", "NWBK60161331926819"), 30, "GBP", bic="NWBKGB2L",
            bank_name="NatWest", phone="+44 113 496 0321", email="accounts@northwind-office.co.uk",
            registration="Registered in England and Wales No. 08812345", trade="office", number_pattern="INV-{n:04d}",
        ),
        VendorProfile(
            "Rheinwerk IT-Systemhaus GmbH", ("Hafenstraße 12", "50667 Köln", "Deutschland"),
            "de_DE", _de_vat(r), make_iban("DE", "37040044" + "0532013000"), 14, "EUR", bic="COBADEFFXXX",
            bank_name="Commerzbank Köln", phone="+49 221 4711 230", email="buchhaltung@rheinwerk-it.de",
            registration="Amtsgericht Köln HRB 88412 · Geschäftsführer: Jan Becker", trade="it",
            number_pattern="RE-{n:05d}",
        ),
        VendorProfile(
            "Clair Net Services SARL", ("18 rue des Tanneurs", "69007 Lyon", "France"),
            "fr_FR", _fr_vat(siren := _fr_siren(r)), make_iban("FR", _fr_bban(r)), 30, "EUR", bic="CCBPFRPPLYO",
            bank_name="Banque Populaire", phone="+33 4 72 00 18 18", email="compta@clairnet.fr",
            registration=f"SIRET {siren} 00017 · RCS Lyon · SARL au capital de 8 000 €", trade="cleaning",
            number_pattern="F{y}/{n:04d}",
        ),
        VendorProfile(
            "Snelpost Koeriers B.V.", ("Keizersgracht 221", "1016 DV Amsterdam", "Nederland"),
            "nl_NL", _nl_vat(r), make_iban("NL", "INGB" + digits(r, 10)), 14, "EUR", bic="INGBNL2A",
            bank_name="ING Bank", phone="+31 20 555 0142", email="facturen@snelpost.nl",
            registration="KvK 71234567", trade="courier", number_pattern="{y}-{n:04d}",
        ),
        VendorProfile(
            "Cloudledger Inc.", ("500 Market Street, Suite 1200", "San Francisco, CA 94105", "USA"),
            "en_US", "84-" + digits(r, 7), None, 30, "USD",
            bank_account=("Bank: First Republic Trust", "ACH routing 121000248 · Account 4417229011"),
            phone="(415) 555-0188", email="billing@cloudledger.io", trade="saas", number_pattern="CL-{n:06d}",
        ),
        VendorProfile(
            "Lion City Print Pte. Ltd.", ("61 Ubi Avenue 1, #05-12", "Singapore 408941"),
            "en_SG", "201812345K", None, 30, "SGD",
            bank_account=("DBS Bank Ltd", "Account no. 072-123456-7"),
            phone="+65 6741 2280", email="sales@lioncityprint.sg", trade="print", number_pattern="SI-{n:05d}",
        ),
        VendorProfile(
            "Southern Cross Catering Pty Ltd", ("88 George Street", "Sydney NSW 2000", "Australia"),
            "en_AU", _au_abn(r), None, 14, "AUD",
            bank_account=("Commonwealth Bank", "BSB 062-000 · Account 1234 5678"),
            phone="(02) 9555 0192", email="accounts@southerncrosscatering.com.au", trade="catering",
            number_pattern="INV{n:05d}",
        ),
        VendorProfile(
            "Soluciones Levante S.L.", ("Calle de Colón 24, 3.º", "46004 Valencia", "España"),
            "es_ES", _es_cif(r), make_iban("ES", _es_bban(r)), 30, "EUR", bic="CAIXESBBXXX",
            bank_name="CaixaBank", phone="+34 963 55 01 77", email="administracion@solucioneslevante.es",
            registration="Inscrita en el Registro Mercantil de Valencia, Tomo 10234, Folio 88", trade="maintenance",
            number_pattern="FAC-{y}-{n:03d}",
        ),
        VendorProfile(
            "PT Sinar Cetak Nusantara", ("Jl. Gatot Subroto Kav. 52", "Jakarta Selatan 12950", "Indonesia"),
            "id_ID", "01.234.567.8-012.000", None, 30, "IDR",
            bank_account=("Bank BCA KCU Sudirman", "No. Rek. 123-456-7890"),
            phone="(021) 5290 1188", email="finance@sinarcetak.co.id", trade="print",
            number_pattern="INV/{y}/{m:02d}/{n:04d}",
        ),
        VendorProfile(
            "Büromarkt Weber e.K.", ("Lindenallee 7", "80331 München", "Deutschland"),
            "de_DE", _de_vat(r), make_iban("DE", "70150000" + digits(r, 10)), 30, "EUR", bic="SSKMDEMMXXX",
            bank_name="Stadtsparkasse München", phone="089 2318 4410", email="rechnung@bueromarkt-weber.de",
            registration="Inhaberin: Sabine Weber · Amtsgericht München HRA 99821", trade="office",
            number_pattern="{y}-{n:04d}",
        ),
        VendorProfile(
            "Harbor & Pine Consulting LLC", ("1420 Fifth Avenue, Floor 9", "Seattle, WA 98101", "USA"),
            "en_US", "91-" + digits(r, 7), None, 15, "USD",
            bank_account=("Wire: Pacific Northwest Bank", "Routing 125000105 · Account 8890021455"),
            phone="(206) 555-0147", email="ar@harborpine.com", trade="consulting", number_pattern="HP-{y}-{n:03d}",
        ),
    ]


DEMO_VENDORS: list[VendorProfile] = _demo_vendors()

BUYERS: dict[str, list[Party]] = {
    "en_US": [
        Party("Maple Street Family Clinic LLC", ("214 Maple Street", "Columbus, OH 43215")),
        Party("Bluebird Accounting Group", ("77 Commerce Drive, Suite 300", "Austin, TX 78701")),
        Party("Redwood Property Management Inc.", ("9 Harbor Plaza", "Portland, OR 97204")),
    ],
    "en_GB": [
        Party("Harbourside Dental Practice Ltd", ("3 Quayside Walk", "Bristol BS1 4RN")),
        Party("Greenfield Architects LLP", ("Studio 2, 40 Mill Lane", "Manchester M4 6DE")),
        Party("Kestrel Lettings Ltd", ("112 High Street", "Guildford GU1 3HE")),
    ],
    "en_SG": [
        Party("Tanjong Trading Pte. Ltd.", ("10 Anson Road, #12-08", "Singapore 079903")),
        Party("Orchid Bay Dental Clinic Pte. Ltd.", ("290 Orchard Road, #09-02", "Singapore 238859")),
    ],
    "en_AU": [
        Party("Harbourview Physiotherapy Pty Ltd", ("Level 2, 15 Pier Street", "Perth WA 6000")),
        Party("Wattle Creek Legal", ("41 Flinders Lane", "Melbourne VIC 3000")),
    ],
    "de_DE": [
        Party("Steuerkanzlei Hoffmann & Partner", ("Goethestraße 31", "60313 Frankfurt am Main")),
        Party("Zahnarztpraxis Dr. Lehmann", ("Marktplatz 4", "69117 Heidelberg")),
        Party("Immobilien Brandt GmbH", ("Am Sandtorkai 50", "20457 Hamburg")),
    ],
    "fr_FR": [
        Party("Cabinet Moreau Avocats", ("42 boulevard Haussmann", "75009 Paris")),
        Party("Agence Durand Immobilier", ("5 place Bellecour", "69002 Lyon")),
        Party("Pharmacie du Marché", ("12 rue de la République", "13001 Marseille")),
    ],
    "es_ES": [
        Party("Gestoría Martínez y Asociados S.L.", ("Avenida de América 18", "28028 Madrid")),
        Party("Clínica Dental Sonrisa S.L.", ("Carrer de Balmes 150", "08008 Barcelona")),
    ],
    "nl_NL": [
        Party("Tandartspraktijk De Vries", ("Oudegracht 118", "3511 AX Utrecht")),
        Party("Van Dijk Administratiekantoor B.V.", ("Stationsplein 9", "2011 LR Haarlem")),
    ],
    "id_ID": [
        Party("CV Maju Bersama", ("Jl. Diponegoro No. 45", "Bandung 40115")),
        Party("Klinik Sehat Sentosa", ("Jl. Pemuda No. 12", "Surabaya 60271")),
    ],
}

# Name parts for `make_vendor`: fresh vendors give the benchmark more than a handful of names.
_NAME_PARTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "en": (("Bright", "Oak", "Summit", "Blue Harbor", "Keystone", "Silverline", "Redbrook", "Northgate"),
           ("Office", "Print", "Digital", "Facilities", "Supply", "Systems", "Services"), ()),
    "de": (("Nord", "Alpen", "Elbe", "Main", "Spree", "Taunus", "Rhein"),
           ("Bürotechnik", "Datensysteme", "Gebäudeservice", "Druck", "Logistik"), ("GmbH", "GmbH & Co. KG", "AG")),
    "fr": (("Atelier", "Groupe", "Société"), ("Lumière", "Provence", "Loire", "Azur", "Hexagone"),
           ("SARL", "SAS", "SA")),
    "es": (("Suministros", "Servicios", "Grupo", "Talleres"), ("Ibérica", "Mediterráneo", "Sol", "Castilla"),
           ("S.L.", "S.A.")),
    "nl": (("Polder", "Zuidas", "Delta", "Tulp", "Molen"), ("Kantoor", "Techniek", "Service", "Logistiek"),
           ("B.V.", "V.O.F.")),
    "id": (("PT",), ("Cahaya", "Mitra", "Karya", "Sumber", "Bintang"), ("Abadi", "Sejahtera", "Mandiri", "Utama")),
}
_LEGAL_EN = {"en_US": ("Inc.", "LLC", "Corp."), "en_GB": ("Ltd", "Limited", "plc"),
             "en_SG": ("Pte. Ltd.",), "en_AU": ("Pty Ltd",)}  # fmt: skip
_STREETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en_US": (("{n} Pine Street", "{n} Lake Avenue", "{n} Industrial Way, Suite {s}"),
              ("Denver, CO 80202", "Chicago, IL 60607", "Boston, MA 02110", "Atlanta, GA 30303")),
    "en_GB": (("{n} Station Road", "Unit {s}, Parkway Business Centre", "{n} King Street"),
              ("Birmingham B1 2JP", "Glasgow G2 5QR", "Cardiff CF10 1EP", "Norwich NR2 1DL")),
    "en_SG": (("{n} Kallang Way, #0{s}-11", "{n} Tai Seng Street, #0{s}-02"), ("Singapore 349245", "Singapore 534059")),
    "en_AU": (("{n} Collins Street", "Unit {s}, {n} Parramatta Road"), ("Melbourne VIC 3000", "Brisbane QLD 4000")),
    "de_DE": (("Industriestraße {n}", "Bahnhofstraße {n}", "Am Markt {s}"),
              ("10115 Berlin", "70173 Stuttgart", "04109 Leipzig", "28195 Bremen")),
    "fr_FR": (("{n} avenue Jean Jaurès", "{n} rue Victor Hugo", "ZA des Prés, lot {s}"),
              ("31000 Toulouse", "44000 Nantes", "67000 Strasbourg", "33000 Bordeaux")),
    "es_ES": (("Calle Mayor {n}", "Polígono Industrial Norte, nave {s}"), ("41001 Sevilla", "50001 Zaragoza")),
    "nl_NL": (("Industrieweg {n}", "Havenstraat {n}"), ("3011 AA Rotterdam", "5611 AB Eindhoven", "9711 LM Groningen")),
    "id_ID": (("Jl. Sudirman No. {n}", "Jl. Ahmad Yani Kav. {s}"),
              ("Semarang 50132", "Medan 20112", "Jakarta Pusat 10110")),
}
_COUNTRY_NAME = {"en_US": "USA", "en_GB": "United Kingdom", "en_AU": "Australia", "de_DE": "Deutschland",
                 "fr_FR": "France", "es_ES": "España", "nl_NL": "Nederland", "id_ID": "Indonesia"}  # fmt: skip
TRADES = {"en": ("office", "it", "saas", "print", "catering", "cleaning", "consulting"), "de": ("it", "office"),
          "fr": ("cleaning", "office"), "es": ("maintenance", "office"), "nl": ("courier", "office"),
          "id": ("print", "office")}  # fmt: skip
_NUMBER_PATTERNS = ("INV-{n:04d}", "{y}-{n:04d}", "RE-{n:05d}", "F{y}/{n:04d}", "{n:06d}", "A{n:05d}",
                    "INV/{y}/{m:02d}/{n:04d}", "{y}{m:02d}-{n:03d}", "SI-{n:05d}")  # fmt: skip


_PHONES = {"US": "(312) 555-0{0:.3}", "GB": "+44 20 7946 0{0:.3}", "SG": "+65 6{0:.3} {1}", "AU": "(02) 9{0:.3} {1}",
           "DE": "+49 30 {0}{1:.3}", "FR": "+33 1 {0:.2} {1:.2} {2:.2} {0:.2}",
           "ES": "+34 91{0:.1} {1:.2} {2:.2} {0:.2}",
           "NL": "+31 20 {0:.3} {1}", "ID": "(021) {0} {1}"}  # fmt: skip


def make_vendor(rng: random.Random, locale: str) -> VendorProfile:
    """A fresh fictional vendor for `locale`, with valid tax id and IBAN check digits."""
    lang, cc = locale[:2], locale[-2:]
    first, second, legal = _NAME_PARTS[lang]
    if lang == "en":
        name = f"{rng.choice(first)} {rng.choice(second)} {rng.choice(_LEGAL_EN[locale])}"
    elif lang == "id":
        name = f"PT {rng.choice(second)} {rng.choice(legal)} {rng.choice(('Indonesia', 'Nusantara', 'Jaya'))}"
    else:
        name = f"{rng.choice(first)} {rng.choice(second)} {rng.choice(legal)}"
    streets, cities = _STREETS[locale]
    street = rng.choice(streets).format(n=rng.randint(2, 240), s=rng.randint(1, 9))
    address = (street, rng.choice(cities)) + ((_COUNTRY_NAME[locale],) if locale in _COUNTRY_NAME else ())
    slug = re.sub(r"[^a-z]", "", name.lower().split()[0 if lang != "id" else 1])[:12] or "vendor"
    tax_id: str | None
    iban = None
    bank: tuple[str, ...] = ()
    bic = bank_name = registration = ""
    currency = {"US": "USD", "GB": "GBP", "SG": "SGD", "AU": "AUD", "ID": "IDR"}.get(cc, "EUR")
    if cc == "GB":
        tax_id, iban, bic, bank_name = _gb_vat(rng), make_iban("GB", "BARC" + digits(rng, 14)), "BARCGB22", "Barclays"
    elif cc == "DE":
        tax_id, iban, bic, bank_name = _de_vat(rng), make_iban("DE", digits(rng, 18)), "GENODEF1S04", "Volksbank"
    elif cc == "FR":
        siren = _fr_siren(rng)
        tax_id, iban, bic, bank_name = _fr_vat(siren), make_iban("FR", _fr_bban(rng)), "AGRIFRPP", "Crédit Agricole"
        registration = f"SIRET {siren} 000{rng.randint(10, 99)}"
    elif cc == "ES":
        tax_id, iban, bic, bank_name = _es_cif(rng), make_iban("ES", _es_bban(rng)), "BBVAESMMXXX", "BBVA"
    elif cc == "NL":
        bank4 = rng.choice(("ABNA", "RABO", "INGB", "SNSB"))
        tax_id, iban, bic, bank_name = _nl_vat(rng), make_iban("NL", bank4 + digits(rng, 10)), f"{bank4}NL2A", ""
        registration = f"KvK {digits(rng, 8)}"
    elif cc == "AU":
        tax_id = _au_abn(rng)
        bank = ("Westpac", f"BSB 032-{digits(rng, 3)} · Account {digits(rng, 4)} {digits(rng, 4)}")
    elif cc == "SG":
        tax_id = f"20{rng.randint(10, 23)}{digits(rng, 5)}{rng.choice('CDEGHKMNRWZ')}"
        bank = ("OCBC Bank", f"Account no. {digits(rng, 3)}-{digits(rng, 6)}-{digits(rng, 3)}")
    elif cc == "ID":
        tax_id = f"0{rng.randint(1, 9)}.{digits(rng, 3)}.{digits(rng, 3)}.{digits(rng, 1)}-{digits(rng, 3)}.000"
        bank = ("Bank Mandiri", f"No. Rek. {digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 7)}-{digits(rng, 1)}")
    else:  # US: an EIN
        tax_id = f"{rng.randint(10, 98)}-{digits(rng, 7)}"
        bank = ("Wire: Chase Bank", f"Routing 0210000{digits(rng, 2)} · Account {digits(rng, 10)}")
    tld = {"US": "com", "GB": "co.uk", "SG": "sg", "AU": "com.au", "ID": "co.id"}.get(cc, cc.lower())
    return VendorProfile(
        name, address, locale, tax_id, iban, rng.choice((14, 30, 30, 45) if cc != "DE" else (14, 30)), currency,
        bic=bic, bank_name=bank_name, bank_account=bank, registration=registration,
        phone=_PHONES[cc].format(*(digits(rng, 4) for _ in range(3))), email=f"invoices@{slug}.{tld}",
        trade=rng.choice(TRADES[lang]), number_pattern=rng.choice(_NUMBER_PATTERNS),
    )


def buyer_vat_id(rng: random.Random, country: str) -> str:
    """A valid VAT number for a customer in DE, FR, NL or ES, as printed under the bill-to address."""
    return {"DE": _de_vat, "FR": lambda r: _fr_vat(_fr_siren(r)), "NL": _nl_vat, "ES": _es_cif}[country](rng)
