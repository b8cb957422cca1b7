"""Who issued the invoice: vendor name and the vendor's tax id.

The vendor is the issuer: usually the largest text at the top of the first page, a line with
a legal form ("GmbH", "Pty Ltd"), or what follows "From"/"Lieferant". It is never read from
the buyer's block ("Bill to", "Rechnungsempfänger", "Client"), and a tax id in that block is
the buyer's. Matching a vendor the workspace knows is `known`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bodesk.core.records import Evidence

from .fields import VAT_ID_RE, Candidate, Context
from .labels import (
    ACCOUNT_HOLDER_LABELS, BUYER_LABELS, COMPANY_SUFFIX_RE, CONTACT_LABELS, COUNTRIES, NAME_LABELS, SELLER_LABELS,
    TITLES, phrase_regex,
)
from .layout import Line, lines_below
from .columns import header_columns, header_spans
from .mending import mend_legal_form, mend_name
from .numbers import find_amounts, find_dates, fold
from .pages import Word

_TITLES = frozenset(fold(t) for t in TITLES)


@dataclass(frozen=True)
class Block:
    """A rectangle of a page holding the buyer's address."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float

    def contains(self, line: Line, start: int = 0, end: int | None = None) -> bool:
        x0, top, x1, bottom = line.bbox(start, len(line.text) if end is None else end)
        mid_x, mid_y = (x0 + x1) / 2, (top + bottom) / 2
        return (
            line.page == self.page
            and self.x0 - 2 <= mid_x <= self.x1 + 2
            and self.top - 2 <= mid_y <= self.bottom + 2
        )


def heading(regex: re.Pattern[str], line: Line, s: int, e: int) -> re.Match[str] | None:
    """A label opening the column segment [s, e) as a heading: alone, or followed by a colon ("Bill to:",
    "Verkäufer", "Kunde: Globex"; not "Lieferant GmbH", a name, nor "to" inside a sentence). A box's border
    OCR read before it ("[Vos identifiants") is no part of it."""
    m = regex.match(line.folded, e - len(line.folded[s:e].lstrip("[|{ ")))
    if m is None or m.end() > e:
        return None
    rest = line.folded[m.end() : e].lstrip(" ")
    return m if rest.rstrip(" ") in ("", ":") or rest.startswith(":") else None


def buyer_blocks(lines: list[Line]) -> list[Block]:
    """The rectangles under (or right of) "Bill to"-like labels."""
    regex = phrase_regex(BUYER_LABELS)
    blocks = []
    for line in lines:
        for s, e in line.segments():
            if heading(regex, line, s, e) is None:
                continue
            x0, top, x1, bottom = line.bbox(s, e)
            nxt = next((ws for ws, we in line.segments() if ws > e), None)
            right = line.bbox(nxt, nxt + 1)[0] - 1 if nxt is not None else x1 + 40 * line.height
            bottom_limit = bottom
            last_bottom = bottom
            for other in lines[line.index + 1 : line.index + 9]:
                if other.page != line.page or other.top - last_bottom > 2.5 * line.height:
                    break
                inside = [w for w in other.words if x0 - line.height <= w.x0 <= right]
                if not inside:
                    continue
                if other.labels and any(h.field in ("total", "subtotal", "invoice_number") for h in other.labels):
                    break
                last_bottom = max(w.bottom for w in inside)
                bottom_limit = last_bottom
            blocks.append(Block(line.page, x0 - line.height, top, right, bottom_limit))
    return blocks


def choose_tax_id(ctx: Context, blocks: list[Block]) -> Candidate | None:
    """The vendor's tax id: the best labelled one outside the buyer's block, a VAT id first; within 0.02 of
    the best the earlier on the page (OCR's confidence in a footer's digits does not outweigh the header)."""
    scored = []
    for cand in ctx.candidates.get("vendor_tax_id") or []:
        line = line_of(ctx, cand)
        score = cand.score
        seg = _segment_at(line, cand.evidence.bbox[0]) if line is not None else None  # type: ignore[union-attr]
        if seg is not None and any(b.contains(line, *seg) for b in blocks):  # its column's, not the whole line's
            score *= 0.3
        if seg is not None and re.search(r"(?i)\b(customer|client|kunde|buyer|cliente|klant|pembeli)\b",
                                         line.text[seg[0] : seg[1]]):  # type: ignore[union-attr]
            score *= 0.3
        if VAT_ID_RE.match(cand.value):
            score *= 1.1  # a VAT id identifies the vendor across borders; prefer it to a local number
        if line is not None and _LEGAL_RE.search(line.text):
            score *= 1.25  # the issuer's legal line ("SAS au capital de … RCS … TVA FR…")
        scored.append(Candidate(cand.value, score, cand.evidence, cand.how))
    top = max((c.score for c in scored), default=0.0)
    best = next((c for c in scored if c.score >= top - 0.02), None)  # capped: read from a page, not an e-invoice
    return Candidate(best.value, min(best.score, 0.97), best.evidence, best.how) if best else None


_LEGAL_RE = re.compile(
    r"(?i)\b(au capital|capital social|r\.?\s?c\.?\s?s\b|registergericht|amtsgericht|handelsregister|hrb|registered in|"
    r"registered office|company (?:no|number)|kvk|gesch(?:ä|ae)ftsf(?:ü|ue)hrer|share capital)\b"
)


def _segment_at(line: Line, x: float) -> tuple[int, int]:
    """The column segment (start, end) of `line` that holds the word at `x`."""
    for s, e in line.segments():
        words = line.words_between(s, e)
        if words and words[0].x0 - 1 <= x <= words[-1].x1 + 1:
            return s, e
    return 0, len(line.text)


def line_of(ctx: Context, cand: Candidate) -> Line | None:
    """The line a candidate was read from."""
    return _line_at(ctx.lines, cand)


def _line_at(lines: list[Line], cand: Candidate) -> Line | None:
    if cand.evidence is None:
        return None
    x0, top, x1, bottom = cand.evidence.bbox
    page, middle = cand.evidence.page, (top + bottom) / 2
    return next((ln for ln in lines if ln.page == page and ln.top <= middle <= ln.bottom), None)


def vendor_name(ctx: Context, blocks: list[Block]) -> Candidate | None:
    """The issuer's name from the top of the first page (or under a "Seller" heading).

    Every column segment in the top 40 % of the first page (above the item table) is a
    candidate, scored by position, size, legal form and repetition (see `_name_candidate`);
    buyer blocks, labels, titles and addresses are left out or scored down.
    """
    first_page = [ln for ln in ctx.lines if ln.page == ctx.lines[0].page] if ctx.lines else []
    if not first_page:
        return None
    heights = sorted(ln.height for ln in first_page)
    median_h = heights[len(heights) // 2]
    cands, after_seller = _after_seller_labels(first_page, median_h)
    page_top = first_page[0].top
    span = max(max(ln.bottom for ln in first_page) - page_top, 1.0)
    table = next((ln.index for ln in first_page if header_columns(ln) is not None), None)
    lead = 0.12  # the first line that can hold a name (a receipt's shop, a letterhead) is likely it
    for line in first_page:
        rel = (line.top - page_top) / span
        if (rel > 0.4 and line.index not in after_seller) or (table is not None and line.index >= table):
            continue
        spans = line.segments()
        gaps = [b.x0 - a.x1 for a, b in zip(line.words, line.words[1:])]
        if len(spans) > 1 and len(line.words) <= 6 and not line.labels and not re.search(r"(?<!\()\b\w*\d", line.text) \
                and max(gaps) < 3 * line.height:
            # a name printed letter-spaced ("MR.   A.B.C.   (M) SDN BHD"); ending in a legal form, its pieces are none
            spans = [(0, len(line.text))] + ([] if COMPANY_SUFFIX_RE.search(mend_legal_form(line.text)) else spans)
        # A column holding only the legal form ("(KL) SDN BHD (204518 X)") ends the name to its left.
        joined = [(a, b) for a, b in zip(spans, spans[1:]) if a[1] < b[0] and _only_legal_form(line.text[b[0] : b[1]])]
        spans = [sp for sp in spans if sp not in {b for _, b in joined}] + [(a[0], b[1]) for a, b in joined]
        for s, e in spans:
            e = _name_end(line, s, e)
            if e is None or any(b.contains(line, s, e) for b in blocks):
                continue
            base = 0.9 if line.index in after_seller else 0.55 - 0.25 * rel
            before = line.folded[line.segment(max(0, s - 2))[0] : s].strip(" \t:") if s else ""
            if before and phrase_regex(NAME_LABELS).fullmatch(before):
                base += 0.1
            elif before and phrase_regex(CONTACT_LABELS).fullmatch(before):
                base -= 0.4
            cand = _name_candidate(line, s, e, base, median_h)
            below = lines_below(first_page, line, max_gap=1.0)[:1]
            if below and _registration(below[0].text):
                cand.score += 0.2  # the company's registration number printed under its name
            if cand.value and _repeated(ctx.lines, line, fold(cand.value)):
                cand.score += 0.15  # the issuer's name recurs (return address, footer)
            if cand.value and cand.score > 0.2:
                cand.score += lead
                lead = max(0.0, lead - 0.06)
            if cand.value and fold(cand.value).strip(" .") in COUNTRIES:
                cand.score -= 0.5  # an address's last line ("France"), not a name
            cands.append(cand)
    cands = [c for c in cands if c.value]
    chosen = max(cands, key=lambda c: c.score, default=None)
    if chosen is not None:
        chosen = _spelled_out(chosen, cands)
        chosen = _with_line_above(first_page, _with_named_line_below(first_page, chosen))
    if chosen is not None:
        chosen.score = max(0.05, min(0.95, chosen.score))  # scores above are ranks; a confidence is capped
    return chosen


def _spelled_out(chosen: Candidate, cands: list[Candidate]) -> Candidate:
    """A logo's word or two read as text (a hotel's "BELLEVUE") where the page also prints a fuller name holding
    them ("Société Hôtelière du Bellevue", in the seller's address and legal footer): the fuller name."""
    short = fold(chosen.value).strip(" .")
    if len(short.split()) > 2 or len(short) < 3:
        return chosen
    word = re.compile(rf"(?<!\w){re.escape(short)}(?!\w)")
    fuller = [c for c in cands if c.score > 0.3 and len(fold(c.value).split()) > len(short.split())
              and word.search(fold(c.value)) and "@" not in c.value and not re.search(r"(?i)www\.|\.com\b", c.value)]
    return max(fuller, key=lambda c: c.score, default=chosen)


def _with_line_above(first_page: list[Line], chosen: Candidate, more: int = 2) -> Candidate:
    """A name that begins on the line above: under "MR. A.B.C." a line of only "(M) SDN BHD"; a shop's
    name in capitals over up to three lines; a labelled value of two lines whose label stands at the
    last ("KWV Kranich" over "Name: Wasserverband Beispieltal e.V.")."""
    if chosen.evidence is None:
        return chosen
    x0, top, x1, bottom = chosen.evidence.bbox
    h = bottom - top
    shouted = chosen.value.isupper() and COMPANY_SUFFIX_RE.search(chosen.value) is not None
    own = _line_at(first_page, chosen)
    labelled = own is not None and any(w.x1 < x0 and w.text.endswith(":") for w in own.words)
    if not (_only_legal_form(chosen.value) or shouted or labelled):
        return chosen
    above = [ln for ln in first_page if ln.bottom <= top + 1 and top - ln.bottom < 1.5 * h]
    if not above:
        return chosen
    line = above[-1]
    if labelled and not _only_legal_form(chosen.value) and not shouted:
        # the value's column alone, starting where the value starts: the label is not repeated there
        words = line.words if abs(line.words[0].x0 - x0) < h and top - line.bottom < h else []
    else:
        words = [w for w in line.words if w.x1 >= x0 - h * 3 and w.x0 <= x1 + h * 3]
    text = " ".join(w.text for w in words)
    if not words or any(c.isdigit() for c in text) or len(words) > 4 or text.endswith(":") \
            or fold(text) in _TITLES or (shouted and not text.isupper()):
        return chosen
    joined = _joined(chosen, words, before=True)
    return _with_line_above(first_page, joined, more - 1) if shouted and more > 1 else joined


def _with_named_line_below(first_page: list[Line], chosen: Candidate) -> Candidate:
    """"KWV Kranich" read first, over "Name: Wasserverband Beispieltal e.V.": the name goes on
    in the labelled line right below, starting where it starts."""
    if chosen.evidence is None:
        return chosen
    x0, top, x1, bottom = chosen.evidence.bbox
    h = bottom - top
    below = next((ln for ln in first_page if top < ln.top and -1 <= ln.top - bottom < h), None)
    if below is None or not any(w.x0 < x0 - h for w in below.words):
        return chosen
    label = " ".join(w.text for w in below.words if w.x1 < x0 - h)
    words = [w for w in below.words if w.x0 >= x0 - h]
    if not label.endswith(":") or fold(label[:-1]) not in NAME_LABELS or not words or abs(words[0].x0 - x0) > h:
        return chosen
    return _joined(chosen, words, before=False)


def _joined(chosen: Candidate, words: list[Word], before: bool) -> Candidate:
    """`chosen` with the words of the line above (`before`) or below it, its box grown over them."""
    assert chosen.evidence is not None
    x0, top, x1, bottom = chosen.evidence.bbox
    text = " ".join(w.text for w in words)
    value = f"{text} {chosen.value}" if before else f"{chosen.value} {text}"
    box = (min(x0, words[0].x0), min(top, *(w.top for w in words)), max(x1, words[-1].x1),
           max(bottom, *(w.bottom for w in words)))
    return Candidate(value, chosen.score, Evidence(chosen.evidence.page, box), chosen.how)


def _only_legal_form(text: str) -> bool:
    """Nothing but a legal form and bracketed qualifiers: "(M) SDN BHD", "GmbH & Co. KG"."""
    residue = re.sub(r"[(\[][^)\]]*[)\]]?", " ", COMPANY_SUFFIX_RE.sub(" ", text))
    return sum(c.isalpha() for c in residue) < 3 and COMPANY_SUFFIX_RE.search(text) is not None


def _after_seller_labels(first_page: list[Line], median_h: float) -> tuple[list[Candidate], set[int]]:
    """Names right of a "From:"/"Verkäufer:" or an account holder's label, and the lines under a heading."""
    seller, holder = phrase_regex(SELLER_LABELS), phrase_regex(ACCOUNT_HOLDER_LABELS)
    cands: list[Candidate] = []
    after: set[int] = set()
    for line in first_page:
        for s, e in line.segments():
            m = heading(seller, line, s, e)
            if m is None:
                continue
            if line.text[m.end() : e].strip(" :"):
                cands.append(_name_candidate(line, m.end(), e, 0.9, median_h))
            else:  # a "Seller" heading: the name is in the block under it
                after.update(range(line.index + 1, line.index + 6))
        for m in holder.finditer(line.folded):  # the account's holder, mid-line too ("Virement ... Titulaire : X")
            colon = re.match(r" *: *", line.folded[m.end() :])
            if colon:
                s = m.end() + colon.end()
                e = next((b for a, b in line.segments() if a <= s < b), len(line.text))
                cands.append(_name_candidate(line, s, e, 0.9, median_h))
    return cands, after


def _name_end(line: Line, s: int, e: int) -> int | None:
    """Where a name in segment [s, e) ends, or None if the segment cannot be a name."""
    if line.text[s:e].rstrip().endswith(":"):
        return None  # a label ("Name:", "Anschrift:"), not a value
    text = line.text[s:e].strip(" :|")
    bare = _unbracketed(text)  # without a bracketed registration number
    if len(text) < 2 or line.folded[s:e].strip(" :|_*-") in _TITLES or sum(c.isdigit() for c in bare) >= sum(
            c.isalpha() for c in bare):
        return None  # a title, or a code ("SCONL000000444") rather than a name
    if heading(phrase_regex(BUYER_LABELS), line, s, e) or heading(phrase_regex(SELLER_LABELS), line, s, e):
        return None
    # "Amazon Web Services Invoice": keep what comes before a label, unless the label is a weak word inside
    # the name ("Pharmacie du Marché", "Salon No 5") or the name ends in its legal form ("… Cash & Carry Sdn Bhd").
    tail = line.text[s:e].rstrip(" :")
    inside = [h.start for h in line.labels if h.start < e and h.end > s
              and (h.strength >= 1.0 or h.end >= s + len(tail))]
    bare = _unbracketed(tail).rstrip(" ,") if inside else ""
    legal = [m.end() for m in COMPANY_SUFFIX_RE.finditer(mend_legal_form(bare))]
    if inside and not (legal and legal[-1] >= len(bare) - 1):
        e = min(inside)
        if len(line.text[s:e].strip()) < 3:
            return None
    return e


def _unbracketed(text: str) -> str:
    """`text` without its bracketed parts, an unclosed last one too ("(M3 SDN BHD" as OCR reads "(M) SDN BHD")."""
    return re.sub(r"\([^)]*\)?", "", text)


def _registration(text: str) -> bool:
    """A line holding only a company registration number ("(162761-M)", "CO.REG : 860671-D")."""
    if "\t" in text or len(text.split()) > 4 or re.search(r"\d[.,]\d\d\b", text):
        return False
    rest = re.sub(r"(?i)\b(co|company|reg|roc|registration|no)(?![a-z])\W*", "", text).strip(" ()[]{}:.")
    return (len(rest) <= 16 and sum(c.isdigit() for c in rest) >= 5 and sum(c.isalpha() for c in rest) <= 3
            and (rest != text.strip() or "-" in rest))


#: Words of a street address in the languages read (a name never holds them).
_ADDRESS_RE = re.compile(
    r"\b(jalan|jln|taman|tmn|lorong|kawasan|persiaran|lebuh|bandar|street|road|avenue|lane|drive|boulevard|"
    r"strasse|str|weg|platz|allee|rue|chemin|calle|avenida|plaza|straat|laan|plein|"
    r"gracht|jl|blok|floor|level|suite|postfach|cedex)\b\.?"
)


def _repeated(lines: list[Line], where: Line, folded_name: str) -> bool:
    if len(folded_name) < 4:
        return False
    return any(other is not where and folded_name in other.folded for other in lines)


def _name_candidate(line: Line, s: int, e: int, base: float, median_h: float) -> Candidate:
    # "Acme Ltd · 1 High Street · London": the name is the first part of a one-line letterhead.
    parts = re.split(r"\s[·|•–-]\s", line.text[s:e])
    # A logo's initials read into the same line ("SP | Silverline Print Corp.") are skipped.
    lead = re.match(r"\s*[A-Za-z]{1,3}\s[|·•]\s", line.text[s:e])
    if lead:
        s += lead.end()
    cut = re.search(r"\s[·|•–-]\s|\s{2,}", line.text[s:e])
    if cut and cut.start() > 2:
        e = s + cut.start()
    if len(parts) >= 3 and re.search(r"\d{4}", parts[-1] + parts[-2]):
        base += 0.2  # a return address line ("Acme AG - Street 1 - 12345 Town"): the sender
    # stray quotes OCR reads from a letterhead's flourish or a speck ("‘Société Hôtelière du Bellevue")
    text = re.sub(r"\s+", " ", line.text[s:e]).strip(" :|,;-‘’‚“”„\"'«»")
    # A registration number after the name ("Kedai Sentosa S/B (70321-P)", "Acme Ltd (Co. No. 12345)").
    registered = re.search(r"\s*[(\[{][^()\[\]{}]*\d[^()\[\]{}]*[)\]}]?$", text)
    if registered and sum(c.isdigit() for c in registered.group()) < 3:
        registered = None  # "(M3" is "(M)" misread, a qualifier of the name
    if registered:
        text = text[: registered.start()].strip(" :|,;-") or text
    text = mend_name(text, line.ocr)
    score = base + (0.15 if registered and registered.start() else 0.0)
    words = line.words_between(s, e)
    if line.text[s:e].rstrip().endswith(",") or _ADDRESS_RE.search(fold(text)):
        score -= 0.3  # an address line ("KAWASAN PERINDUSTRIAN BALAKONG,"), not a name
    if header_spans(fold(text)) and len(text.split()) <= 2:
        score -= 0.3  # a table's column name ("AMOUNT")
    height = max((w.bottom - w.top for w in words), default=median_h)
    score += min(0.3, 0.15 * (height / median_h - 1.0))
    if COMPANY_SUFFIX_RE.search(text):
        score += 0.25
    if find_amounts(text) or find_dates(text) or re.search(r"\d{2}|(?<![A-Za-z.])\d|\d(?![A-Za-z.])",
                                                           _unbracketed(text)):
        # a number (not a letter OCR read as one, "A.8.C.", nor a bracketed "(M)"); less so in a name that
        # its registration number follows ("88 QUICK MART S/B (612345-X)")
        score -= 0.15 if registered and registered.start() else 0.35
    if "@" in text or re.search(r"(?i)www\.|https?:|\.com\b|\b(tel|fax|phone|telefon|t[ée]l[ée]phone)\b", text):
        score -= 0.4
    if len(text) > 60:
        score -= 0.3
    if re.search(r"(?i)\b(thank you|thanks|terima kasih|please come again|danke|merci|gracias|bedankt)\b", text):
        score -= 0.6
    if sum(c.isalpha() for c in text) < 4:
        score -= 0.5  # a logo's initials ("SH"), not a name
    elif not any(c.isupper() for c in text):
        score -= 0.15  # a wordmark in lower case (a software's logo): names are printed with capitals
    conf = min(w.conf for w in words) if words else 1.0
    score *= 0.6 + 0.4 * conf
    return Candidate(text, score, Evidence(line.page, line.bbox(s, e)), "top")
