"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (4095 amounts).
"""

INTERCEPT = -8.1763
COEFFICIENTS = {
    "cents": 2.2192,
    "count": 0.5419,
    "currency_before": 1.0775,
    "first_place": 1.0312,
    "label_change": -0.8026,
    "label_rounding": 1.1345,
    "label_subtotal": -0.5892,
    "label_tax": -1.0615,
    "label_tendered": 0.1079,
    "label_total": 3.0895,
    "largest": -0.1371,
    "last_place": -0.8028,
    "line_end": 0.5412,
    "not_below_totals": 0.837,
    "ocr_confidence": 1.1086,
    "quantity_before": 0.0867,
    "rank": 0.1841,
    "rounded": 1.1962,
    "share_of_largest": -0.2146,
    "subtotal_plus_tax": 1.4361,
    "tendered_less_change": 3.1956,
    "till_paid": -1.2267,
    "total_word": 0.7265,
    "words_on_line": -0.3722,
}
