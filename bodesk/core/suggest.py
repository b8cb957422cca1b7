"""Booking suggestions learned from the office's own history (no database, no Qt).

First the vendor's history: the booking of its most recent invoices, and for a line whose
description was booked differently before, that line's booking. A person's correction on one
invoice is therefore what the vendor's next invoice gets. Without vendor history, the line text
decides: a small TF-IDF nearest-neighbour classifier trained on every line the office has booked.
It answers only when a past line is clearly alike; a first-time vendor whose lines look like
nothing booked before gets no guess rather than a wrong one.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bodesk.core.books import SOURCE_TEXT, SOURCE_VENDOR

#: How many of the vendor's most recent invoices are looked at.
HISTORY_DEPTH = 10
#: The classifier answers only at this cosine similarity or above, and ahead of any other account by the margin.
MIN_SIMILARITY = 0.5
MIN_MARGIN = 0.15

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


@dataclass(frozen=True)
class Booking:
    """Where an amount goes: the expense account, a cost centre, a tax code."""

    account: str
    cost_centre: str | None = None
    tax_code: str | None = None


@dataclass(frozen=True)
class PastInvoice:
    """One earlier invoice of the vendor as booked: its own booking and its lines' (description, booking)."""

    invoice_id: int
    number: str | None
    invoice_date: date | None
    booking: Booking
    lines: tuple[tuple[str, Booking], ...] = ()


@dataclass
class Suggestion:
    """A suggested booking for an invoice and, where they differ, for its lines, with where it came from."""

    booking: Booking
    source: str  # SOURCE_VENDOR or SOURCE_TEXT
    basis: str  # "as on this vendor's last 4 invoices"
    lines: dict[int, tuple[Booking, str]] = field(default_factory=dict)  # line_no -> (booking, basis)


def normalise(text: str | None) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text or ""))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def from_vendor(history: list[PastInvoice], lines: list[tuple[int, str | None]]) -> Suggestion | None:
    """The vendor's history (newest first) applied to an invoice's lines, or None without history."""
    if not history:
        return None
    latest = history[0].booking
    run = 0
    for past in history:
        if past.booking != latest:
            break
        run += 1
    if run == 1:
        first = history[0]
        ref = f" ({first.number})" if first.number else ""
        basis = f"as on this vendor's last invoice{ref}"
    else:
        basis = f"as on this vendor's last {run} invoices"
    suggestion = Suggestion(latest, SOURCE_VENDOR, basis)
    # Line by line: the newest booking of the same description, where it differs from the invoice's.
    for line_no, description in lines:
        key = normalise(description)
        if not key:
            continue
        for past in history:
            match = next((b for d, b in past.lines if normalise(d) == key), None)
            if match is not None:
                if match != latest:
                    ref = past.number or f"invoice {past.invoice_id}"
                    suggestion.lines[line_no] = (match, f"as for “{description}” on this vendor's {ref}")
                break
    return suggestion


class LineClassifier:
    """Nearest booked line by TF-IDF cosine similarity, trained on (description, booking) pairs."""

    def __init__(self, examples: list[tuple[str, Booking]]) -> None:
        docs = [(Counter(normalise(text).split()), booking) for text, booking in examples]
        self._docs = [(terms, booking) for terms, booking in docs if terms]
        frequency: Counter[str] = Counter()
        for terms, _ in self._docs:
            frequency.update(terms.keys())
        n = len(self._docs)
        self._idf = {term: math.log((1 + n) / (1 + df)) + 1 for term, df in frequency.items()}
        self._vectors = [(self._vector(terms), booking) for terms, booking in self._docs]

    def __len__(self) -> int:
        return len(self._docs)

    def _vector(self, terms: Counter[str]) -> dict[str, float]:
        vec = {t: c * self._idf.get(t, 0.0) for t, c in terms.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def predict(self, text: str | None) -> tuple[Booking, float, int] | None:
        """(booking, similarity, how many past lines agree), or None when nothing is clearly alike."""
        terms = Counter(normalise(text).split())
        if not terms or not self._vectors:
            return None
        query = self._vector(terms)
        best: dict[Booking, float] = {}
        support: Counter[Booking] = Counter()
        for vec, booking in self._vectors:
            score = sum(w * vec.get(t, 0.0) for t, w in query.items())
            if score >= MIN_SIMILARITY:
                support[booking] += 1
            best[booking] = max(best.get(booking, 0.0), score)
        ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
        top, score = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if score < MIN_SIMILARITY or score - runner_up < MIN_MARGIN:
            return None
        return top, score, support[top]


def from_text(classifier: LineClassifier, lines: list[tuple[int, str | None, object]]) -> Suggestion | None:
    """A suggestion from the line texts alone (lines: (line_no, description, amount)); None unless
    every line the classifier answers for is clearly like earlier booked lines."""
    answers: dict[int, tuple[Booking, int]] = {}
    amounts: dict[int, float] = {}
    for line_no, description, amount in lines:
        guess = classifier.predict(description)
        if guess is None:
            return None  # one line unlike anything booked: no guess rather than a half-wrong one
        answers[line_no] = (guess[0], guess[2])
        amounts[line_no] = abs(float(amount or 0))
    if not answers:
        return None
    main_line = max(answers, key=lambda n: amounts[n])
    booking, support = answers[main_line]
    suggestion = Suggestion(booking, SOURCE_TEXT, f"from the line text, like {_plural(support, 'earlier booked line')}")
    for line_no, (other, count) in answers.items():
        if other != booking:
            suggestion.lines[line_no] = (other, f"from the line text, like {_plural(count, 'earlier booked line')}")
    return suggestion
