"""Reading amounts, dates and currencies the way invoices print them.

Amounts: 1,234.50 / 1.234,50 / 1 234,50 / 1'234.50 / 1234.5, with the document's decimal
separator deciding the ambiguous ones ("1.234"). Dates: numeric (day-first or month-first,
decided per document by the caller), ISO, and month names in English, German, French,
Spanish, Dutch and Indonesian. Currencies: ISO codes and symbols, with country cues for "$".
Everything works on plain strings; the layout layer maps match offsets back to words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

# ------------------------------------------------------------------------------------ amounts

_GROUP_SEPS = ".,'’\u00a0\u202f "
AMOUNT_RE = re.compile(
    r"""
    (?<![\w.,/:+-])
    (?:(?P<neg>[-−–(](?=\d)|(?:^|(?<=\t)|(?<=:\s))[-−–]\s(?=\d))  # "-5", "(5)"; "- 5" opening a column
      | \+(?=\d{1,7}[.,]\d{2}(?![\d.,])))?  # "+0.02": a till's rounding up (a phone's "+60 3" has no cents)
    (?P<num>
        \d{1,3}(?P<sep>[.,'’\u00a0\u202f ])\d{3}(?:(?P=sep)\d{3})*(?:[.,]\d{1,2}(?!\d))?
      | \d+(?:[.,]\d{1,4})?
    )
    (?P<close>\))?
    (?![\w%]|[.,]\d|\s?%|[/-]\d)
    """,
    re.VERBOSE,
)


_GLUED_CURRENCY_RE = re.compile(r"(?<![A-Za-z])(?:Rp|RM|Rs|[A-Z]{3})(?=\d)")


@dataclass(frozen=True)
class AmountMatch:
    """An amount found in a string: its value, span, and whether it carried 2 decimals."""

    value: Decimal
    start: int
    end: int
    has_decimals: bool


def parse_amount(text: str, decimal: str | None = None) -> Decimal | None:
    """The amount in `text` ("1.234,50", "(12.00)", "€ 5"), or None.

    `decimal` is the document's decimal separator ("." or ","); it only decides strings
    that could be read either way, like "1.234".
    """
    matches = find_amounts(text, decimal)
    return matches[0].value if len(matches) == 1 else None


def find_amounts(text: str, decimal: str | None = None) -> list[AmountMatch]:
    """Every amount in `text`, left to right."""
    found = []
    # A currency glued to the number ("Rp13.319.000", "EUR12,00") and dates ("05 Juli 2015") are
    # blanked, keeping offsets.
    text = printed = _GLUED_CURRENCY_RE.sub(lambda m: " " * len(m.group()), text)
    # OCR puts a space before the decimals ("3021 ,98"); moving it behind keeps offsets.
    text = re.sub(r"(\d) ([.,])(\d{2})(?![\d.,])", r"\1\2\3 ", text)
    # ... or after the separator ("29. 70"): closing the gap keeps offsets too.
    text = re.sub(r"(?<![\d.,])(\d{1,6})([.,]) (\d{2})(?=$|[\s\t])", r"\1\2\3 ", text)
    for dm in find_dates(text):
        text = text[: dm.start] + " " * (dm.end - dm.start) + text[dm.end :]
    for m in AMOUNT_RE.finditer(text):
        value = _amount_value(m.group("num"), m.group("sep"), decimal)
        if value is None:
            continue
        if m.group("neg") and (m.group("neg") != "(" or m.group("close")):
            value = -value
        has_decimals = bool(re.search(r"[.,]\d{2}$", m.group("num")))
        end = m.end()
        while end < len(printed) and printed[end].isdigit():
            end += 1  # the span as printed: "29. 70" whole, not "29. 7"
        found.append(AmountMatch(value, m.start(), end, has_decimals))
    return found


def _amount_value(num: str, sep: str | None, decimal: str | None) -> Decimal | None:
    if sep is not None:
        # Grouped: "1.234,50", "1,234", "1 234". The last . or , after the groups is decimal.
        tail = re.search(r"[.,](\d{1,2})$", num)
        if tail and num[tail.start()] != sep:
            body, frac = num[: tail.start()], tail.group(1)
        elif sep in ".," and decimal == sep and num.count(sep) == 1:
            body, frac = num.split(sep)  # "1.234" in a document that writes 1.5 for one and a half
        else:
            body, frac = num, ""
        digits = body.replace(sep, "")
    else:
        parts = re.split(r"[.,]", num)
        digits, frac = parts[0], (parts[1] if len(parts) > 1 else "")
        if len(frac) == 3 and decimal is not None and num[len(digits)] != decimal:
            digits, frac = digits + frac, ""  # "1,234" read with "." as decimal: thousands
    try:
        return Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:
        return None


def guess_decimal(text: str) -> str | None:
    """The decimal separator a document uses, by vote over amounts with two decimals."""
    text = DATE_NUMERIC_RE.sub(" ", text)
    comma = len(re.findall(r"(?<![\d.,])\d{1,3}(?:\.\d{3})*,\d{2}(?![\d.,])", text))
    dot = len(re.findall(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d.,])", text))
    if comma == dot == 0:
        return None
    return "," if comma > dot else "."


# -------------------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan januar jänner janvier janv enero ene januari",
        "february feb febr februar février fevrier févr fevr febrero februari",
        "march mar märz maerz mär mrz mars marzo maart mrt maret",
        "april apr avril avr abril abr",
        "may mai mayo mei",
        "june jun juni juin junio",
        "july jul juli juillet juil julio",
        "august aug août aout agosto ago augustus agustus agu agt ags",
        "september sep sept septembre septiembre setiembre",
        "october oct oktober octobre octubre okt",
        "november nov novembre noviembre",
        "december dec dezember dez décembre decembre déc diciembre dic desember des",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_NUMERIC_RE = re.compile(
    r"(?<![\d.,/-])(?:(?P<y1>\d{4})(?P<s1>[./-])(?P<m1>\d{1,2})(?P=s1)(?P<d1>\d{1,2})"
    r"|(?P<a>\d{1,2})(?P<s2>[./-])(?P<b>\d{1,2})(?P=s2)(?P<y2>\d{4}|\d{2}))(?![\d,]|\.\d)"
)
DATE_NAMED_RE = re.compile(
    rf"""(?<![\w])(?:
        (?P<d1>\d{{1,2}})(?:st|nd|rd|th|er|\.)?[\s./-]*(?:de\s+)?(?P<m1>{_MONTH_ALT})\.?,?[\s./-]*(?:de\s+)?(?P<y1>\d{{4}}|\d{{2}})
      | (?P<m2>{_MONTH_ALT})\.?[\s]+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(?P<y2>\d{{4}})
    )(?![\w])""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a string. Numeric dates with both parts ≤ 12 are ambiguous:
    `day_first` and `month_first` then differ and the document decides."""

    start: int
    end: int
    day_first: date | None
    month_first: date | None

    @property
    def ambiguous(self) -> bool:
        return self.day_first != self.month_first and None not in (self.day_first, self.month_first)

    def value(self, order: str) -> date | None:
        """The date read day-first (order "DMY") or month-first ("MDY"), falling back to the other."""
        first, second = (
            (self.day_first, self.month_first) if order == "DMY" else (self.month_first, self.day_first)
        )
        return first or second


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def _make(y: int, m: int, d: int) -> date | None:
    try:
        result = date(y, m, d)
    except ValueError:
        return None
    return result if 1990 <= result.year <= 2100 else None


def find_dates(text: str) -> list[DateMatch]:
    """Every date in `text`, left to right."""
    found: list[DateMatch] = []
    for m in DATE_NUMERIC_RE.finditer(text):
        if m.group("y1"):
            d = _make(int(m.group("y1")), int(m.group("m1")), int(m.group("d1")))
            if d:
                found.append(DateMatch(m.start(), m.end(), d, d))
            continue
        a, b, y = int(m.group("a")), int(m.group("b")), _year(m.group("y2"))
        dmy, mdy = _make(y, b, a), _make(y, a, b)
        if dmy or mdy:
            found.append(DateMatch(m.start(), m.end(), dmy, mdy))
    for m in DATE_NAMED_RE.finditer(text):
        if m.group("m1"):
            day, month, year = m.group("d1"), m.group("m1"), m.group("y1")
        else:
            day, month, year = m.group("d2"), m.group("m2"), m.group("y2")
        d = _make(_year(year), MONTHS[month.lower()], int(day))
        if d:
            found.append(DateMatch(m.start(), m.end(), d, d))
    found.sort(key=lambda dm: dm.start)
    return found


#: A date as OCR garbles it at a till: mixed, spaced or one lost separator ("25. 03-18", "28-03- 18",
#: "17 03-18"), then a time.
_LOOSE_DATE_RE = re.compile(
    r"(?<![\d.,/-])(\d{1,2})(?: ?[./-] ?| )(\d{1,2}) ?[./-] ?(\d{4}|\d{2})(?=\s+\d{1,2}[:.]\d{2}(?!\d))"
    r"|(?<![\d.,/-])(\d{1,2}) ?[./-] ?(\d{1,2}) (\d{4}|\d{2})(?=\s+\d{1,2}[:.]\d{2}(?!\d))"
)


def find_loose_dates(text: str) -> list[DateMatch]:
    """Dates OCR mangled, read only where a time of day follows them (a till's moment of sale); a year
    no document of ours can carry ("9018", "2817": a 2 or a 0 misread) is taken as this century's."""
    found = []
    for m in _LOOSE_DATE_RE.finditer(text):
        groups = [g for g in m.groups() if g is not None]
        a, b, y = int(groups[0]), int(groups[1]), _year(groups[2])
        if not 1990 <= y <= 2100:
            y = 2000 + y % 100
        dmy, mdy = _make(y, b, a), _make(y, a, b)
        if dmy or mdy:
            found.append(DateMatch(m.start(), m.end(), dmy, mdy))
    return found


def settled_date_order(texts: list[str]) -> str | None:
    """"DMY" or "MDY" when the document's own numeric dates settle it (a date like 25/03/2026), else None."""
    votes = {"DMY": 0, "MDY": 0}
    for text in texts:
        for m in DATE_NUMERIC_RE.finditer(text):
            if m.group("y1"):
                continue
            a, b = int(m.group("a")), int(m.group("b"))
            if 31 >= a > 12 >= b >= 1:  # not "4/62/2017", a misread that settles nothing
                votes["DMY"] += 1
            elif 31 >= b > 12 >= a >= 1:
                votes["MDY"] += 1
    if votes["DMY"] != votes["MDY"]:
        return max(votes, key=votes.__getitem__)
    return None


def guess_date_order(texts: list[str], currency: str | None = None) -> str:
    """"DMY" or "MDY" for a document's numeric dates, from the dates themselves, then cues.

    A date like 25/03/2026 settles it; otherwise US cues (USD without other country cues,
    a US-style "Month d, yyyy") suggest month-first, and everything else day-first.
    """
    return settled_date_order(texts) or ("MDY" if currency == "USD" else "DMY")


# --------------------------------------------------------------------------------- currencies

ISO_CODES = frozenset(
    "EUR USD GBP SGD AUD IDR CHF CAD NZD JPY CNY INR PLN SEK NOK DKK CZK HUF MYR THB PHP HKD "
    "ZAR BRL MXN AED".split()
)
ISO_RE = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(ISO_CODES)) + r")(?![A-Za-z])")
#: Unambiguous symbols, longest first so "S$" is not read as "$".
SYMBOLS: list[tuple[str, str]] = [
    ("US$", "USD"), ("S$", "SGD"), ("SG$", "SGD"), ("A$", "AUD"), ("AU$", "AUD"),
    ("NZ$", "NZD"), ("C$", "CAD"), ("CA$", "CAD"), ("HK$", "HKD"), ("€", "EUR"), ("£", "GBP"),
    ("₹", "INR"), ("Rs.", "INR"), ("Rs", "INR"), ("¥", "JPY"), ("zł", "PLN"), ("Rp", "IDR"), ("RM", "MYR"),
]
_SYMBOL_RE = re.compile(
    r"(?<![A-Za-z])(" + "|".join(re.escape(s) for s, _ in SYMBOLS) + r")(?=[\s\d.)]|$)"
)
_SYMBOL_CODES = dict(SYMBOLS)
#: Words that say which country issued a document, so which dollar a bare "$" is (and the currency of a
#: receipt that prints none). Not "GST Reg No": Malaysia's tills printed it as Singapore's do.
DOLLAR_CUES: list[tuple[str, str]] = [
    (r"\bABN\b|\bAustralia\b|\bPty\.? Ltd\b|\bNSW\b|\bVIC\b|\bQLD\b", "AUD"),
    (r"\bSingapore\b|\bUEN\b|\bPte\.? Ltd\b", "SGD"),
    (r"\bCanada\b|\bHST\b|\bGST/HST\b", "CAD"),
    (r"\bNew Zealand\b|\bNZBN\b", "NZD"),
    (r"\bHong Kong\b", "HKD"),
    (r"(?i)\bSdn\.?\s?Bhd\b|\bMalaysia\b|\bSelangor\b|\bKuala Lumpur\b|\bJohor\b|\bPenang\b", "MYR"),
]
_DOLLAR_RE = re.compile(r"(?<![A-Za-z])\$")
#: An amount with cents after a sign on its line, or before it ("€ 12,50", "12.50$", "Total\t€\t12,50").
_SIGNED_AFTER_RE = re.compile(r"[ \t]*\d[\d.,]*[.,]\d\d(?!\d)")
_SIGNED_BEFORE_RE = re.compile(r"[.,]\d\d[ \t]*$")


def detect_currency(text: str, scanned: bool = False) -> tuple[str | None, float]:
    """The document's currency as an ISO 4217 code, and how sure we are (0..1).

    Each code or sign printed counts ("EUR", "RM 5.00", "(RM)"; a bare "$" half as much, its country named by
    `DOLLAR_CUES`). In a `scanned` page's text a sign made of no letter ("€", "£", "$") counts only as a word
    of its own or beside an amount with cents: glued to other marks or inside a number it is what OCR made of
    a speck, a logo or a barcode ("E.&.@.€.", "$$04018600", "(0005£83085-K)"). And each cue of the issuer's
    country counts half as much as a printed sign, a tie going to the country. On the development side of
    the corpus's receipts (all Malaysian, most printing no currency) the currency read right went from 56 to
    67 of 70 (one reads a speck as a lone "€"; two name no country); the scanned and text invoices of the
    other sets read the currency they did.
    """
    def counted(m: re.Match) -> bool:
        return not scanned or any(c.isalpha() for c in m.group()) or _stands_clear(text, m)

    counts: dict[str, float] = {}
    for m in ISO_RE.finditer(text):
        counts[m.group(1)] = counts.get(m.group(1), 0) + 2
    signs = list(_SYMBOL_RE.finditer(text))
    for m in filter(counted, signs):
        code = _SYMBOL_CODES[m.group(1)]
        counts[code] = counts.get(code, 0) + 2
    dollars = [m for m in filter(counted, _DOLLAR_RE.finditer(text))
               if not any(s.start() <= m.start() < s.end() for s in signs)]
    cues = {code: len(re.findall(pattern, text)) for pattern, code in DOLLAR_CUES}
    country = max(cues, key=cues.__getitem__)
    if not cues[country] or list(cues.values()).count(cues[country]) > 1:
        country = None  # none named, or two as often as each other
    if dollars:
        code = next((code for code, n in cues.items() if n), "USD")  # the first country named, in cue order
        counts[code] = counts.get(code, 0) + len(dollars)
    if not counts:
        # No currency printed (a till receipt): the issuer's country says it.
        return (country, 0.5) if country else (None, 0.0)
    if scanned and country:
        counts[country] = counts.get(country, 0) + cues[country]
    best = max(counts, key=lambda code: (counts[code], code == country))  # a tie goes to the country
    share = counts[best] / sum(counts.values())
    return best, round(0.6 + 0.35 * share, 3)


def _stands_clear(text: str, m: re.Match) -> bool:
    """Whether the sign `m` stands as a word of its own or beside an amount with cents."""
    alone = (m.start() == 0 or text[m.start() - 1].isspace()) and (m.end() == len(text) or text[m.end()].isspace())
    return alone or bool(_SIGNED_AFTER_RE.match(text, m.end()) or _SIGNED_BEFORE_RE.search(text, 0, m.start()))


# ------------------------------------------------------------------------------------- text


def fold(text: str) -> str:
    """Lower case without accents, for comparing labels ("Fällig" -> "fallig")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
