"""Values OCR misread, mended where the value's own form allows one reading only.

Tax ids: mended where the number's own check digits allow exactly one reading.

OCR confuses letters and digits that look alike: the "B" of a Dutch VAT id ("NL956157919B01")
comes out as "13" or "8", the letter of a Spanish CIF ("B15963259") as "8", a zero as "O".
Most VAT ids carry check digits (python-stdnum knows each country's rule), so a misread one
fails its check; trying the usual look-alikes one at a time and keeping the single variant that
passes gives back the printed number. A value that already passes, or that no single change
mends, or that two changes would mend differently, is left as read: the check never invents.
Only numbers whose form says which rule applies are mended: a VAT id with its country prefix,
and a Spanish NIF/CIF under its own label (a bare nine-digit number could be anything).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from .numbers import fold

#: What OCR reads instead of a character (and the reverse), for ids of capitals and digits.
_LOOKALIKES: dict[str, tuple[str, ...]] = {
    "8": ("B",), "B": ("8", "13"), "0": ("O", "D"), "O": ("0",), "D": ("0",), "1": ("I", "L"),
    "I": ("1",), "L": ("1",), "5": ("S",), "S": ("5",), "2": ("Z",), "Z": ("2",), "6": ("G",), "G": ("6",),
}
_TWO_FOR_ONE = {"13": "B"}  # a B split in two
_VAT_PREFIX_RE = re.compile(r"^(?:[A-Z]{2}|CHE)(?=[0-9A-Z]{8,})")
_PREFIX_COUNTRY = {"CHE": "ch", "EL": "gr", "XI": "gb"}
_SPANISH_LABEL_RE = re.compile(r"(?i)\b(?:n\.?\s?i\.?\s?f|c\.?\s?i\.?\s?f|n\.?\s?i\.?\s?e)\b")


def _vat_module(prefix: str) -> Any:
    """python-stdnum's module for the VAT ids of the country `prefix` names, or None."""
    from stdnum import get_cc_module

    try:
        return get_cc_module(_PREFIX_COUNTRY.get(prefix, prefix.lower()), "vat")
    except Exception:
        return None


def _checker(module: Any) -> Callable[[str], bool]:
    def valid(value: str) -> bool:
        try:
            return bool(module.is_valid(value))
        except Exception:  # a checker's own bug must not stop reading the invoice
            return False

    return valid


def _variants(value: str) -> Iterator[str]:
    """`value` with one look-alike changed (a character, or "13" read for a "B")."""
    for i, c in enumerate(value):
        for other in _LOOKALIKES.get(c, ()):
            yield value[:i] + other + value[i + 1 :]
        for pair, one in _TWO_FOR_ONE.items():
            if value.startswith(pair, i):
                yield value[:i] + one + value[i + len(pair) :]


def _mended(value: str, valid: Callable[[str], bool], keep: int) -> str | None:
    """The one variant of `value` that `valid` accepts (its first `keep` characters untouched)."""
    if valid(value):
        return None
    head, rest = value[:keep], value[keep:]
    passing = {head + v for v in _variants(rest) if valid(head + v)}
    return passing.pop() if len(passing) == 1 else None


def mend_tax_id(value: str, line_text: str) -> str:
    """The tax id OCR read as `value` on a line reading `line_text`, mended when its check allows."""
    compact = re.sub(r"[\s.\-/]", "", value.upper())
    prefix = _VAT_PREFIX_RE.match(compact)
    module = _vat_module(prefix.group(0)) if prefix is not None else None
    if prefix is not None and module is not None:
        return _mended(compact, _checker(module), len(prefix.group(0))) or value
    if _SPANISH_LABEL_RE.search(line_text):
        from stdnum.es import nif

        return _mended(compact, _checker(nif), 0) or value
    if _ONE_LETTER_PREFIX_RE.match(compact):
        return _lost_prefix_letter(compact) or value
    return value


#: A VAT id whose country prefix lost a letter to OCR: "D631923440" for "DE631923440".
_ONE_LETTER_PREFIX_RE = re.compile(r"^[A-Z]\d{8,}[0-9A-Z]*$")
#: The prefixes of the EU's VAT ids and its neighbours' (those python-stdnum checks).
_VAT_PREFIXES = ("AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR", "GB", "HR", "HU",
                 "IE", "IT", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK")


def _lost_prefix_letter(compact: str) -> str | None:
    """The one VAT id that a prefix with `compact`'s first letter and one letter more makes valid (none
    where `compact` is whole as it is: a Spanish NIF is a letter and eight digits)."""
    from stdnum.es import nif

    if _checker(nif)(compact):
        return None
    letter = compact[0]
    passing = {
        prefix + compact[1:]
        for prefix in _VAT_PREFIXES
        if letter in prefix and (module := _vat_module(prefix)) is not None and _checker(module)(prefix + compact[1:])
    }
    return passing.pop() if len(passing) == 1 else None


#: A run of three or more capitals ending in "O" straight before digits: "INVO6060" was "INV06060".
_LETTER_O_DIGITS_RE = re.compile(r"(?<![A-Z])([A-Z]{2,})O(?=\d{3})")
_O_AMONG_DIGITS_RE = re.compile(r"(?<=\d)[Oo](?=\d)|(?<=\d)[Oo](?=[Oo]\d)|(?<=[-/])O(?=\d{2})")


def mend_reference(value: str, line_text: str = "") -> str:
    """An invoice or order number OCR read: a letter O among its digits, starting them after a
    dash or slash ("RE-O1688"), or ending its letters right before them ("INVO6060"), is the zero
    printed there (prefixes end before the number)."""
    value = _O_AMONG_DIGITS_RE.sub("0", value)
    value = _O_AMONG_DIGITS_RE.sub("0", value)  # "1OO2": each O sees a digit once the first is mended
    return _LETTER_O_DIGITS_RE.sub(lambda m: m.group(1) + "0", value)


#: Legal forms as OCR often ends a name with them.
_OCR_FORMS = {"pic": "plc", "Pic": "Plc", "PIC": "PLC", "Lid": "Ltd", "LId": "Ltd", "Ltd,": "Ltd", "Inc,": "Inc"}
_SDN_RE = re.compile(r"\b(S)[O0](N\.?\s+BHD)\b", re.IGNORECASE)
#: "Berhad" after "Sdn" as OCR misreads it: "Sdn. hd", "Sdn,Ehd", "SON BHO".
_BHD_RE = re.compile(r"\b(S[DO0]N[.,]?[\s,]*)(?:[8E]HD|BH[O0C]|HD|BND)\b", re.IGNORECASE)


def mend_legal_form(name: str) -> str:
    """A company name whose legal form OCR misread: "Acme Pic" is Acme Plc, "… SON BHD" and "… Sdn. hd"
    are Sdn Bhd (Sendirian Berhad, which no name spells "Son Bhd")."""
    head, _, last = name.rpartition(" ")
    if head and last in _OCR_FORMS:
        name = f"{head} {_OCR_FORMS[last]}"
    name = _BHD_RE.sub(lambda m: m[1] + ("BHD" if m[1][:3].isupper() else "Bhd"), name)
    return _SDN_RE.sub(lambda m: m[1] + ("D" if m[2][0] == "N" else "d") + m[2], name)


#: Words of shop and company names, each of six letters or more: a name's word that OCR read with one
#: letter wrong ("BAKERTES") and that is one of these but for that letter is mended ("BAKERIES"). None is
#: one letter away from a word of the other languages ("industrias", "produit", "Garten", "agence").
_TRADE_WORDS = frozenset("""
    bakery bakeries trading traders enterprise enterprises hardware restaurant restoran marketing stationery
    stationers supermarket hypermarket minimarket pharmacy pharmacies electrical holdings services service
    station petroleum furniture machinery supplies supply grocery grocer bookstore bookshop motors
    automobile automotive engineering global resources seafood kitchen catering beverage beverages frozen
    printing printers travel hotels clinic dental medical optical fashion textile textiles laundry nursery
    emporium berhad sendirian runcit makanan perniagaan perusahaan minuman farmasi bakeri kopitiam cafeteria
    canteen florist flowers computer computers solutions technology technologies company distributor
    distributors wholesale chicken noodle noodles steamboat bistro pizzeria boutique jewellery jewelry
    mobile mobiles accessories electric plumbing aluminium aluminum timber sawmill cement building materials
    transport express courier management consultancy consultants property properties realty development
""".split())


def _one_letter_off(word: str) -> str | None:
    """The one trade word `word` misses by a single letter (of the same length) or an accent, or None."""
    folded = fold(word).lower()
    if len(folded) < 6 or not folded.isalpha():
        return None
    if folded in _TRADE_WORDS:  # "BAKERÏES": a speck read as an accent
        return folded if folded != word.lower() else None
    near = {w for w in _TRADE_WORDS if len(w) == len(folded) and sum(a != b for a, b in zip(w, folded)) == 1}
    return near.pop() if len(near) == 1 else None


def mend_name(name: str, ocr: bool) -> str:
    """A company name as printed: its legal form mended (`mend_legal_form`), and where OCR read it, each
    word that misses one of the usual words of shop and company names by one letter."""
    name = mend_legal_form(name)
    if not ocr:
        return name

    def mended(m: re.Match[str]) -> str:
        word = m.group()
        right = _one_letter_off(word)
        if right is None:
            return word
        return right.upper() if word.isupper() else right.title() if word[:1].isupper() else right

    return re.sub(r"\w{6,}", mended, name)
