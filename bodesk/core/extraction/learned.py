"""What bodesk learns from a person's corrections, per vendor, and how it uses it.

A correction says "on this document, field F is V". `lesson` finds where V is printed on the
document (any format the reader knows: "05.03.2026" for 2026-03-05, "1.234,50" for 1234.50)
and keeps how it is labelled (the words left of it, or above it) and where it sits on the page,
plus what identifies the vendor's documents (its IBANs, tax ids, the printed name). A
`VendorProfile` gathers a vendor's lessons; on the next document that carries the vendor's
marks (`recognise`), `apply` reads each learned field at its label or its place, in the
learned date order, and sets the learned currency and the vendor's name.

Pure functions over the layout's lines: no SQL, and JSON-ready dicts for the store.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from bodesk.core.records import Evidence, ExtractionResult

from .fields import VAT_ID_RE, parse_id
from .layout import Line
from .numbers import find_amounts, find_dates, fold
from .iban import find_ibans

DATE_FIELDS = ("invoice_date", "due_date")
AMOUNT_FIELDS = ("subtotal", "tax", "total")
ID_FIELDS = ("invoice_number", "po_number", "vendor_tax_id", "iban")
#: Fields whose place on the page is learned; currency and the vendor's name are values.
PLACED = (*DATE_FIELDS, *AMOUNT_FIELDS, *ID_FIELDS)
#: Weights of a document's marks when recognising the vendor: a name or IBAN alone suffices.
MARK_WEIGHT = {"name": 3, "iban": 3, "tax_id": 2}
CONFIDENCE = 0.9


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


@dataclass
class VendorProfile:
    """A vendor's learned marks and field hints (as `lesson` gives them), newest lesson last."""

    name: str
    marks: list[tuple[str, str]] = field(default_factory=list)  # (kind, compact text)
    hints: dict[str, dict[str, Any]] = field(default_factory=dict)
    currency: str | None = None
    date_order: str | None = None

    @classmethod
    def from_lessons(cls, name: str, lessons: list[tuple[str, str, dict[str, Any]]]) -> VendorProfile:
        """A profile from (field, value, compiled lesson) in the order they were learned."""
        profile = cls(name)
        for fld, value, hint in lessons:
            for kind, text in hint.get("marks") or []:
                if (kind, text) not in profile.marks:
                    profile.marks.append((kind, text))
            if fld == "currency":
                profile.currency = value
            if hint.get("date_order"):
                profile.date_order = hint["date_order"]
            if fld in PLACED and hint.get("page"):
                profile.hints[fld] = hint
        return profile

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "marks": [list(m) for m in self.marks], "hints": self.hints,
                "currency": self.currency, "date_order": self.date_order}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> VendorProfile:
        return cls(data["name"], [tuple(m) for m in data.get("marks") or []], dict(data.get("hints") or {}),  # type: ignore[misc]
                   data.get("currency"), data.get("date_order"))


# ------------------------------------------------------------------------------ learning


def lesson(lines: list[Line], sizes: dict[int, tuple[float, float]], decimal: str | None,
           fld: str, value: Any, vendor_name: str) -> dict[str, Any]:
    """Where `value` of `fld` is printed and how it is labelled, and the document's vendor marks."""
    out: dict[str, Any] = {"marks": marks(lines, vendor_name)}
    if fld not in PLACED or value in (None, ""):
        return out
    spots = [s for line in lines for s in _spots(line, fld, value, decimal)]
    if not spots:
        return out
    # Prefer a printing with a label beside it, then the first one.
    line, start, end, order = max(spots, key=lambda s: (bool(_left_label(s[0], s[1])), -s[0].index))
    width, height = sizes.get(line.page, (1.0, 1.0))
    x0, top, x1, bottom = line.bbox(start, end)
    out.update(page=line.page, x=x0 / width, y=top / height, w=(x1 - x0) / width)
    label = _left_label(line, start)
    if label:
        out.update(label=label, where="right")
    else:
        above = _label_above(lines, line, x0, x1)
        if above:
            out.update(label=above, where="below")
    if order:
        out["date_order"] = order
    if fld in ID_FIELDS and fld != "iban":
        out["words"] = len(line.text[start:end].split())  # "FF 11-204": a number printed in two words
    return out


def marks(lines: list[Line], vendor_name: str) -> list[tuple[str, str]]:
    """What identifies the vendor's documents: its printed name, IBANs and VAT ids."""
    found: list[tuple[str, str]] = []
    name = _key(vendor_name)
    if len(name) >= 4 and any(name in _key(line.text) for line in lines):
        found.append(("name", name))
    for cand in find_ibans(lines):
        found.append(("iban", cand.value))
    for line in lines:
        for token in re.findall(r"[A-Z]{2}[0-9A-Z ]{8,16}", line.text.upper()):
            compact = token.replace(" ", "")
            if VAT_ID_RE.match(compact) and sum(c.isdigit() for c in compact) >= 8 and ("iban", compact) not in found:
                found.append(("tax_id", compact))
    return list(dict.fromkeys(found))


def _spots(line: Line, fld: str, value: Any, decimal: str | None) -> list[tuple[Line, int, int, str | None]]:
    out: list[tuple[Line, int, int, str | None]] = []
    if fld in DATE_FIELDS:
        for dm in find_dates(line.text):
            if value in (dm.day_first, dm.month_first):
                order = None if not dm.ambiguous else ("DMY" if dm.day_first == value else "MDY")
                out.append((line, dm.start, dm.end, order))
    elif fld in AMOUNT_FIELDS:
        for am in find_amounts(line.text, decimal):
            if abs(am.value) == abs(Decimal(value)):
                out.append((line, am.start, am.end, None))
    else:
        want = _key(str(value))
        text = line.text
        if want and want in _key(text):
            # Map the compact match back to characters of the line.
            positions = [i for i, c in enumerate(text) if _key(c)]
            compact = "".join(_key(text[i]) for i in positions)
            at = compact.find(want)
            if at >= 0 and len(compact) == len(positions):
                out.append((line, positions[at], positions[at + len(want) - 1] + 1, None))
    return out


def _left_label(line: Line, start: int) -> str | None:
    """The words just left of `start` on its line: in its column segment, else the segment before."""
    s, _ = line.segment(start)
    before = line.folded[s:start]
    if not before.strip(" :#.-"):
        if s == 0:
            return None
        ps, _ = line.segment(s - 1)
        before = line.folded[ps : s - 1]
    words = re.findall(r"[^\W\d_][\w.]*", before)
    return " ".join(words[-4:]) or None


def _label_above(lines: list[Line], line: Line, x0: float, x1: float) -> str | None:
    for other in reversed(lines[max(0, line.index - 3) : line.index]):
        if other.page != line.page or line.top - other.bottom > 2.5 * line.height:
            break
        for s, e in other.segments():
            words = other.words_between(s, e)
            if words and words[0].x0 <= x1 and words[-1].x1 >= x0:
                text = " ".join(re.findall(r"[^\W\d_][\w.]*", other.folded[s:e]))
                if text and not any(c.isdigit() for c in other.text[s:e]):
                    return text
    return None


# ------------------------------------------------------------------------------- applying


def recognise(profiles: list[VendorProfile], lines: list[Line]) -> VendorProfile | None:
    """The profile whose marks this document carries, if one stands out (marks that several
    vendors share, like the buyer's own VAT id, do not count)."""
    if not profiles:
        return None
    shared = {m for m in {m for p in profiles for m in p.marks} if sum(m in p.marks for p in profiles) > 1}
    present = set(marks(lines, ""))
    text = _key(" ".join(line.text for line in lines))
    scores = []
    for p in profiles:
        score = 0
        for kind, value in p.marks:
            if (kind, value) in shared:
                continue
            if (kind, value) in present or (kind == "name" and value in text):
                score += MARK_WEIGHT[kind]
        scores.append((score, p))
    scores.sort(key=lambda sp: -sp[0])
    best, runner = scores[0], (scores[1][0] if len(scores) > 1 else 0)
    return best[1] if best[0] >= 3 and best[0] > runner else None


def apply(profile: VendorProfile, lines: list[Line], sizes: dict[int, tuple[float, float]],
          decimal: str | None, date_order: str, result: ExtractionResult) -> list[str]:
    """Set the fields `profile` knows on `result`; returns the names of the fields it set."""
    order = profile.date_order or date_order
    changed = ["vendor_name"]
    result.vendor_name = profile.name
    result.confidence["vendor_name"] = max(result.confidence.get("vendor_name", 0.0), 0.95)
    if profile.currency:
        result.currency = profile.currency
        result.confidence["currency"] = CONFIDENCE
        changed.append("currency")
    for fld, hint in profile.hints.items():
        found = _read_hint(lines, sizes, decimal, order, fld, hint)
        if found is None:
            continue
        value, evidence = found
        setattr(result, fld, value)
        result.confidence[fld] = CONFIDENCE
        result.evidence[fld] = evidence
        changed.append(fld)
    if profile.date_order and "invoice_date" not in profile.hints:
        _reorder_dates(result, order)
    return changed


def _reorder_dates(result: ExtractionResult, order: str) -> None:
    """Dates read in the document's guessed order, read again in the vendor's learned order."""
    for fld in DATE_FIELDS:
        value: date | None = getattr(result, fld)
        if value is not None and value.day <= 12 and order == "MDY" and value.day != value.month:
            setattr(result, fld, date(value.year, value.day, value.month))


def _read_hint(lines: list[Line], sizes: dict[int, tuple[float, float]], decimal: str | None, order: str,
               fld: str, hint: dict[str, Any]) -> tuple[Any, Evidence] | None:
    label = hint.get("label")
    if label:
        pattern = re.compile(r"(?<![a-z0-9])" + re.escape(label) + r"(?![a-z0-9])")
        for line in lines:
            m = pattern.search(line.folded)
            if m is None:
                continue
            at = m.start()
            end = at + len(label)
            if hint.get("where") == "right":
                found = _parse(line, end, len(line.text), fld, decimal, order, hint)
                if found:
                    return found
            else:
                x0, _, x1, _ = line.bbox(at, end)
                for below in lines[line.index + 1 : line.index + 4]:
                    if below.page != line.page:
                        break
                    for s, e in below.segments():
                        words = below.words_between(s, e)
                        if words and words[0].x0 <= x1 + line.height and words[-1].x1 >= x0 - line.height:
                            found = _parse(below, s, e, fld, decimal, order, hint)
                            if found:
                                return found
    # By place: the value printed where it was on the lesson's page.
    page = hint.get("page")
    width, height = sizes.get(page, (1.0, 1.0))
    x, y = hint["x"] * width, hint["y"] * height
    best = None
    for line in lines:
        if line.page != page or abs(line.top - y) > 1.5 * line.height:
            continue
        for s, e in line.segments():
            words = line.words_between(s, e)
            if not words or words[-1].x1 < x - 0.02 * width or words[0].x0 > x + max(hint.get("w", 0), 0.02) * width:
                continue
            found = _parse(line, s, e, fld, decimal, order, hint)
            if found:
                distance = abs(line.top - y) + abs(words[0].x0 - x)
                if best is None or distance < best[0]:
                    best = (distance, found)
    return best[1] if best else None


def _parse(line: Line, start: int, end: int, fld: str, decimal: str | None, order: str,
           hint: dict[str, Any] | None = None) -> tuple[Any, Evidence] | None:
    text = line.text[:end]
    if fld in DATE_FIELDS:
        dms = [dm for dm in find_dates(text[start:])]
        if dms:
            dm = dms[0]
            return dm.value(order), Evidence(line.page, line.bbox(start + dm.start, start + dm.end))
        return None
    if fld in AMOUNT_FIELDS:
        ams = find_amounts(text[start:], decimal)
        ams = [a for a in ams if a.has_decimals] or ams
        if ams:
            a = ams[0]
            return a.value, Evidence(line.page, line.bbox(start + a.start, start + a.end))
        return None
    if fld == "iban":
        for cand in find_ibans([line]):
            return cand.value, cand.evidence  # type: ignore[return-value]
        return None
    words = int(hint.get("words", 1)) if hint else 1
    if words > 1:
        m = re.match(r"[\s:#.]*((?:\S+\s+){%d}\S+)" % (words - 1), text[start:])
        if m and any(c.isdigit() for c in m.group(1)):
            s = start + m.start(1)
            return m.group(1), Evidence(line.page, line.bbox(s, s + len(m.group(1))))
    found = parse_id(None, text, start, end)  # type: ignore[arg-type]
    if found:
        value, s, e = found[0]
        return value, Evidence(line.page, line.bbox(s, e))
    return None
