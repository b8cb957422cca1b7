"""What the office sees of a set of readings: each document either goes on untouched or is sent to a person
for its reading (a field missing, uncertain, or not adding up: `checks.extraction_findings` at the default
threshold, or no record at all), and its key fields are either all right or not. "slipped" counts wrong
readings nobody is asked to check, "needless" right ones a person is asked to check.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The rows `tally` counts, in the order the benchmarks print them.
REVIEW = ("untouched", "slipped", "needless")


def tally(documents: Iterable[tuple[object | None, bool]]) -> dict[str, int]:
    """Counts of `REVIEW` over (ExtractionResult or None where there is no record, key fields all right)."""
    from bodesk.core.checks import extraction_findings
    from bodesk.core.vocabulary import READING_KINDS
    from bodesk.settings import setting_for

    threshold = setting_for("rules.low_confidence_threshold").default
    counts = dict.fromkeys(REVIEW, 0)
    for result, right in documents:
        sent = result is None or bool(result.errors) or any(
            f.kind in READING_KINDS for f in extraction_findings(result, low_confidence=threshold))
        counts["untouched"] += not sent
        counts["slipped"] += not sent and not right
        counts["needless"] += sent and right
    return counts
