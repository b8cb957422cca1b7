"""The domain of bodesk: records, extraction heuristics, rules. No Qt, no SQL."""
