"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (5543 amounts).
"""

INTERCEPT = -8.3841
COEFFICIENTS = {
    "cents": 2.2935,
    "count": 0.5044,
    "currency_before": 1.0415,
    "first_place": 1.2172,
    "label_change": -0.8832,
    "label_rounding": 1.3318,
    "label_subtotal": -0.3482,
    "label_tax": -0.7839,
    "label_tendered": -0.1968,
    "label_total": 3.34,
    "largest": -0.2808,
    "last_place": -1.101,
    "line_end": 0.5229,
    "not_below_totals": 0.7536,
    "ocr_confidence": 1.2521,
    "printed": 0.0229,
    "quantity_before": 0.0896,
    "rank": 0.2619,
    "rounded": 1.2337,
    "share_of_largest": -0.4474,
    "subtotal_plus_tax": 1.4119,
    "tendered_less_change": 4.144,
    "till_paid": -1.2106,
    "total_word": 0.6853,
    "words_on_line": -0.4763,
}
