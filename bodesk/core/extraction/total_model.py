"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (5556 amounts).
"""

INTERCEPT = -8.3748
COEFFICIENTS = {
    "cents": 2.2939,
    "count": 0.5115,
    "currency_before": 1.0275,
    "first_place": 1.1937,
    "label_change": -0.876,
    "label_rounding": 1.3336,
    "label_subtotal": -0.4887,
    "label_tax": -0.7979,
    "label_tendered": -0.1635,
    "label_total": 3.4049,
    "largest": -0.2767,
    "last_place": -1.0893,
    "line_end": 0.5159,
    "not_below_totals": 0.7099,
    "ocr_confidence": 1.2488,
    "printed": 0.0086,
    "quantity_before": 0.0849,
    "rank": 0.2596,
    "rounded": 1.1288,
    "share_of_largest": -0.4419,
    "subtotal_plus_tax": 1.3425,
    "tendered_less_change": 4.087,
    "till_paid": -1.1791,
    "total_word": 0.6601,
    "words_on_line": -0.4676,
}
