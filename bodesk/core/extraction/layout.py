"""Layout: words grouped into lines, and lines searched for labels and the values beside them.

A `Line` is the words of one page that share a baseline, joined into one string with a tab
where the horizontal gap is wide (a column break) and a space otherwise, so a regex over
the string can find "1 234,50" or "5 March 2026" while not gluing table columns together.
Every character offset maps back to its word, which gives the evidence bbox of a match.
Thresholds are in units of the line's text height, so the same code serves PDF points and
image pixels.
"""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from .labels import LAW_AFTER_NUMBER_RE, TAX_QUALIFIERS, fuzzy_label_table, label_spans
from .numbers import fold
from .pages import Page, Word

#: A gap wider than this many text heights separates columns...
COLUMN_GAP = 1.0
#: ...and wider than this many characters' widths: a till's fixed-pitch type leaves more than a
#: text height between the words of one label ("Change Due", "Total Excl. GST"), not two characters.
COLUMN_PITCHES = 1.6


class _CharFolding(dict[int, str]):
    """`str.translate` table folding one character to one (so offsets in the folded text are
    offsets in the text), filled as characters are met. "N°", "Nº" and "N.º" all become "n."
    so labels need one spelling."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        folded = self[code] = "." if c in "°º" else "'" if c == "’" else (fold(c) or c)[0]
        return folded


_FOLDED = _CharFolding()


@dataclass
class Line:
    """Words on one baseline, left to right, and their text with word offsets."""

    page: int
    words: list[Word]
    ocr: bool = False
    text: str = ""
    folded: str = ""
    starts: list[int] = field(default_factory=list)
    labels: list[LabelHit] = field(default_factory=list)
    index: int = 0  # position in the document's list of lines

    def __post_init__(self) -> None:
        parts: list[str] = []
        pos = 0
        pitches = [(w.x1 - w.x0) / len(w.text) for w in self.words if len(w.text) >= 3]
        gap = max(COLUMN_GAP * self.height, COLUMN_PITCHES * statistics.median(pitches) if pitches else 0.0)
        for i, w in enumerate(self.words):
            if i:
                sep = "\t" if w.x0 - self.words[i - 1].x1 > gap else " "
                parts.append(sep)
                pos += 1
            self.starts.append(pos)
            parts.append(w.text)
            pos += len(w.text)
        self.text = "".join(parts)
        self.folded = self.text.translate(_FOLDED)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @cached_property
    def height(self) -> float:  # asked for thousands of times a page; a line's words do not change
        return statistics.median(w.bottom - w.top for w in self.words) or 1.0

    def word_index(self, offset: int) -> int:
        """The index of the word holding character `offset`."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def words_between(self, start: int, end: int) -> list[Word]:
        """The words overlapping characters [start, end)."""
        if end <= start:
            return []
        return self.words[self.word_index(start) : self.word_index(end - 1) + 1]

    def bbox(self, start: int, end: int) -> tuple[float, float, float, float]:
        words = self.words_between(start, end) or self.words
        return (
            min(w.x0 for w in words),
            min(w.top for w in words),
            max(w.x1 for w in words),
            max(w.bottom for w in words),
        )

    def conf(self, start: int, end: int) -> float:
        """The lowest OCR confidence of the words in [start, end) (1.0 for a text layer)."""
        words = self.words_between(start, end)
        return min((w.conf for w in words), default=1.0)

    def segment(self, offset: int) -> tuple[int, int]:
        """The column segment (between tabs) holding `offset`."""
        start = self.text.rfind("\t", 0, offset) + 1
        end = self.text.find("\t", offset)
        return start, (len(self.text) if end < 0 else end)

    def segments(self) -> list[tuple[int, int]]:
        spans, start = [], 0
        for i, c in enumerate(self.text + "\t"):
            if c == "\t":
                spans.append((start, i))
                start = i + 1
        return spans


@dataclass(frozen=True)
class LabelHit:
    """A label found on a line: which field it names, how surely, and where."""

    field: str
    strength: float
    start: int
    end: int


def build_lines(pages: list[Page]) -> list[Line]:
    """All lines of the document, page by page, top to bottom, with their labels found."""
    lines: list[Line] = []
    for page in pages:
        for words in _group_lines(page.words, ocr=page.method == "ocr"):
            line = Line(page.number, words, ocr=page.method == "ocr")
            line.index = len(lines)
            line.labels = find_labels(line)
            lines.append(line)
    return lines


def _group_lines(words: list[Word], ocr: bool = False) -> list[list[Word]]:
    """Words clustered into lines: each joins the open line whose centre is nearest its own,
    if within half its height. Centres are running means, so a line of a scan whose words sit
    a few pixels higher or lower than each other still comes out as one line.

    On a scan, a word OCR boxed together with a rule or a mark above or below it (1.8 times the
    page's usual height or more) joins afterwards the line that its box holds at its top, middle
    or bottom, instead of starting a line of its own between two real ones."""
    if ocr and len(words) > 8:
        usual = statistics.median(w.bottom - w.top for w in words)
        if any(w.bottom - w.top > 1.8 * usual for w in words):
            return _with_tall_words(words, usual)
    rows: list[list[Word]] = []
    centres: list[float] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        mid = (w.top + w.bottom) / 2
        best, best_distance = None, 0.5 * (w.bottom - w.top)
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            distance = abs(centres[i] - mid)
            if distance <= best_distance:
                best, best_distance = i, distance
        if best is None:
            rows.append([w])
            centres.append(mid)
        else:
            rows[best].append(w)
            centres[best] += (mid - centres[best]) / len(rows[best])
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return rows


def _with_tall_words(words: list[Word], usual: float) -> list[list[Word]]:
    """`_group_lines` for the words of usual height, then each taller word put into its line."""
    tall = [w for w in words if w.bottom - w.top > 1.8 * usual]
    found = _group_lines([w for w in words if w.bottom - w.top <= 1.8 * usual])
    centres = [statistics.fmean((w.top + w.bottom) / 2 for w in row) for row in found]
    alone = []
    for w in tall:
        ends = (w.top + usual / 2, (w.top + w.bottom) / 2, w.bottom - usual / 2)
        distance, i = min(((min(abs(c - e) for e in ends), i) for i, c in enumerate(centres)
                           if not any(_overlap(o, w) for o in found[i])),
                          default=(usual, -1))  # never into a line holding a word above or below it
        if distance < 0.5 * usual:
            found[i].append(w)
        else:
            alone.append(w)  # large print (a title, a shop's name): lines of its own
    found += _group_lines(alone)
    found.sort(key=lambda row: statistics.fmean((w.top + w.bottom) / 2 for w in row))
    for row in found:
        row.sort(key=lambda w: w.x0)
    return found


def _overlap(a: Word, b: Word) -> bool:
    """Two words one above the other (sharing over half the narrower one's width)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def find_labels(line: Line) -> list[LabelHit]:
    """Labels on a line; where two overlap the longer wins (then the stronger)."""
    hits: list[LabelHit] = []
    text = line.folded
    for field_name, strength, inline, start, end in label_spans(text):
        if end - start <= 3 and not inline and not _stands_alone(text, start, end):
            continue
        if inline and field_name == "invoice_number" and LAW_AFTER_NUMBER_RE.match(text, end):
            continue  # "§ 4 Nr. 14 UStG": a law's paragraph
        hits.append(LabelHit(field_name, strength, start, end))
    # "Total Sales Incl GST 1,75": a tax word after "incl"/"excl" qualifies the total, it is no label.
    hits = [h for h in hits if not (h.field == "tax" and _qualifier_before(text, h.start))]
    # "GST 6% included in total RM 2.88": a total named after a tax word of its column is that tax.
    taxes = [h for h in hits if h.field == "tax"]
    hits = [h for h in hits if not (h.field == "total" and any(
        t.end <= h.start and ("\t" not in text[t.end : h.start] or "includ" in text[t.end : h.start])
        and "in" in text[t.end : h.start].split()[-2:]
        for t in taxes))]
    hits.sort(key=lambda h: (-(h.end - h.start), -h.strength))
    chosen: list[LabelHit] = []
    for hit in hits:
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    if line.ocr:
        chosen = _with_fuzzy_labels(line, chosen)
    chosen.sort(key=lambda h: h.start)
    return _own_document(text, chosen)


_INVOICE_OWN = ("invoice_number", "invoice_date", "due_date")


def _own_document(text: str, hits: list[LabelHit]) -> list[LabelHit]:
    """Without the short "Nr."/"vom"/"du" that follow another document's label: "Bestellung Nr. 2018-4711
    vom 01.03.2018" numbers and dates the order; "Rechnung Nr. 4711 vom 05.03.2018" the invoice, surely."""
    kept: list[LabelHit] = []
    foreign: LabelHit | None = None  # the last label of another document, or a short one that followed it
    for hit in hits:
        short = hit.field in _INVOICE_OWN and hit.end - hit.start <= 3
        between = text[foreign.end : hit.start].strip(" .:#") if foreign else "\t"
        if short and "\t" not in between and len(between.split()) <= 1:
            foreign = hit
            continue
        number = kept[-1] if kept and kept[-1].field == "invoice_number" else None
        values = re.findall(r"\w\S*", text[number.end : hit.start]) if number else []
        if short and hit.field == "invoice_date" and len(values) == 1:
            hit = replace(hit, strength=min(1.0, hit.strength + 0.2))  # "Rechnung Nr. 4711 vom": the invoice's own
        kept.append(hit)
        foreign = hit if hit.field not in _INVOICE_OWN else None
    return kept


def _with_fuzzy_labels(line: Line, found: list[LabelHit]) -> list[LabelHit]:
    """`found` and the labels OCR misspelt ("Descripcién", "TOTALA PAGAR", "D ue Date"), at the start of a
    column segment.

    The first one to four words of each segment that a label does not open are compared with every
    label of five letters or more; a close match (rapidfuzz ratio >= 86) counts, a little weaker than an
    exact one. Where the segment holds an exact label further on ("date" of "D ue Date"), only a label
    that the words spell but for their spaces may take it in and replace it: "Nett Total" is not the
    "net total" it resembles.
    """
    from rapidfuzz import fuzz, process

    table, squeezed = fuzzy_label_table(), _labels_without_spaces()
    kept, added = list(found), []
    for s, e in line.segments():
        inside = sorted((h for h in found if h.start < e and h.end > s), key=lambda h: h.start)
        if inside and not line.folded[s : inside[0].start].strip(" :.#"):
            continue  # a label opens the segment
        words = line.words_between(s, e)[:4]
        for k in range(len(words), 0, -1):
            end = line.starts[line.words.index(words[k - 1])] + len(words[k - 1].text)
            query = line.folded[s:end].strip(" :.#")
            if len(query) < 5 or (inside and end < inside[0].end):
                break
            if inside:
                label = squeezed.get(query.replace(" ", ""))
            else:
                match = process.extractOne(query, table.keys(), scorer=fuzz.ratio, score_cutoff=86)
                label = match[0] if match else None
            if label:
                field_name, strength = table[label]
                added.append(LabelHit(field_name, strength * 0.9, s, end))
                kept = [h for h in kept if not (s <= h.start and h.end <= end)]
                break
    return kept + added


@lru_cache(maxsize=None)
def _labels_without_spaces() -> dict[str, str]:
    return {label.replace(" ", ""): label for label in fuzzy_label_table()}


def _qualifier_before(text: str, start: int) -> bool:
    words = re.findall(r"[a-z]+", text[max(0, start - 16) : start])
    return bool(words) and words[-1] in TAX_QUALIFIERS


#: A tax rate alone at a column's start ("21%", "7,7 %"), before the short label it qualifies.
_RATE_BEFORE_RE = re.compile(r"(?:^|\t)\d{1,2}(?:[.,]\d{1,2})? ?%$")


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A short label ("tax", "due", "an") counts only at a column start or before a colon."""
    before = text[:start].rstrip(" ")
    after = text[end:].lstrip(" ")
    if before == "" or before.endswith(("\t", ":", "–", " -", "•", "|", "·", ",")):
        return True  # a column's start, after a colon, or an item of a one-line footer ("… – TVA FR…")
    if _RATE_BEFORE_RE.search(before) and (after == "" or after.startswith(("\t", ":"))):
        return True  # after its rate, closing the column: "21% btw", "20 % VAT:", "6% GST"
    # After other words, only before a colon: "Table tennis net<tab>12.00" ends a description.
    return after.startswith((":", "#")) or (after == "" and len(before.split()) <= 1)


def lines_below(lines: list[Line], line: Line, max_gap: float = 2.5) -> list[Line]:
    """The lines just under `line` on the same page, within `max_gap` text heights."""
    out = []
    limit = line.bottom + max_gap * line.height
    for other in lines[line.index + 1 : line.index + 8]:
        if other.page != line.page or other.top > limit:
            break
        out.append(other)
    return out
