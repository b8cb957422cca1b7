"""Fields voted on across several OCR readings of the same document.

A doubtful scan (faint thermal print, a photo) is read more than one way (`ocr.read_words`): the
page cut to black and white at one threshold, and the grey page left to tesseract. Each reading
misreads different digits ("87.10" in one, "37.10" in the other), so each is read for its fields on
its own, and every field takes the value the readings support most, each reading's vote weighted by
its own confidence in that field (which already counts its labels, its arithmetic and the words'
OCR confidence). A tie goes to the most readable reading, the first. (The total is then chosen
over the readings by the learned model, `ranker`, in `engine.analyse`.) The field's confidence is its
best reading's, times the share of the votes it won: a field the readings dispute is flagged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bodesk.core.records import HEADER_FIELDS, ExtractionResult

from .numbers import fold

#: A reading that found a field but gave it no confidence still votes, weakly.
_DEFAULT_WEIGHT = 0.5


def _key(value: Any) -> Any:
    """What two readings must share to agree: a name's letters and digits, any other value as it is."""
    return re.sub(r"[^0-9a-z]", "", fold(value)) if isinstance(value, str) else value


def vote(result: ExtractionResult, others: Sequence[ExtractionResult]) -> None:
    """Set each header field of `result` (the first reading's) to the value the readings support most."""
    readings = [result, *others]
    for name in HEADER_FIELDS:
        weights: dict[Any, float] = {}
        holders: dict[Any, ExtractionResult] = {}
        for reading in readings:
            value = getattr(reading, name)
            if value is None:
                continue
            key = _key(value)
            weight = reading.confidence.get(name, _DEFAULT_WEIGHT)
            weights[key] = weights.get(key, 0.0) + weight
            if key not in holders or weight > holders[key].confidence.get(name, _DEFAULT_WEIGHT):
                holders[key] = reading
        if not weights or (len(weights) == 1 and getattr(result, name) is not None):
            continue  # every reading that found it agrees with the first
        best = max(weights, key=weights.__getitem__)  # the first reading's value first: ties go to it
        source = holders[best]
        setattr(result, name, getattr(source, name))
        share = weights[best] / sum(weights.values())
        if name in source.confidence:
            result.confidence[name] = round(source.confidence[name] * share, 3)
        if name in source.evidence:
            result.evidence[name] = source.evidence[name]
        else:
            result.evidence.pop(name, None)
