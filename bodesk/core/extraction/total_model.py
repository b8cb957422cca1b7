"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (5555 amounts).
"""

INTERCEPT = -7.9356
COEFFICIENTS = {
    "cents": 2.0407,
    "count": 0.4415,
    "currency_before": 1.007,
    "first_place": 0.9191,
    "label_change": -0.8399,
    "label_rounding": 1.3557,
    "label_subtotal": -0.2314,
    "label_tax": -0.6842,
    "label_tendered": -0.0833,
    "label_total": 3.6024,
    "largest": -0.3441,
    "last_place": -0.8777,
    "line_end": 0.9018,
    "not_below_totals": 0.6753,
    "ocr_confidence": 1.1055,
    "printed": -0.0662,
    "quantity_before": -0.4975,
    "rank": 0.1833,
    "rounded": 1.2026,
    "rounded_away": -1.3711,
    "share_of_largest": -0.5676,
    "subtotal_plus_tax": 1.832,
    "tendered_less_change": 4.2639,
    "till_paid": -1.0585,
    "total_word": 0.701,
    "words_on_line": -0.4679,
}
