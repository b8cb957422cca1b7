"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (6636 amounts).
"""

INTERCEPT = -7.8305
COEFFICIENTS = {
    "cents": 2.1731,
    "count": 0.4392,
    "currency_before": 1.0423,
    "first_place": 1.2673,
    "label_change": -1.0018,
    "label_rounding": 1.7623,
    "label_subtotal": -0.1922,
    "label_tax": -0.9291,
    "label_tendered": -0.2954,
    "label_total": 3.7116,
    "largest": -0.4578,
    "last_place": -0.8806,
    "line_end": 1.0148,
    "not_below_totals": 0.8028,
    "ocr_confidence": 1.0942,
    "printed": 0.3475,
    "quantity_before": -0.4453,
    "rank": 0.0675,
    "rounded": 1.293,
    "rounded_away": -1.4586,
    "share_of_largest": -0.8387,
    "subtotal_plus_tax": 1.7105,
    "tendered_less_change": 4.5827,
    "till_paid": -1.2531,
    "total_word": 0.4709,
    "words_on_line": -0.5324,
}
