"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (4213 amounts).
"""

INTERCEPT = -8.0713
COEFFICIENTS = {
    "cents": 2.1258,
    "count": 0.537,
    "currency_before": 1.0814,
    "first_place": 0.9987,
    "label_change": -0.7846,
    "label_rounding": 1.1039,
    "label_subtotal": -0.5254,
    "label_tax": -1.0974,
    "label_tendered": 0.0782,
    "label_total": 3.151,
    "largest": -0.1901,
    "last_place": -0.8202,
    "line_end": 0.4613,
    "not_below_totals": 0.6014,
    "ocr_confidence": 1.0363,
    "printed": -0.3542,
    "quantity_before": 0.0443,
    "rank": 0.3054,
    "rounded": 0.9513,
    "share_of_largest": -0.3578,
    "subtotal_plus_tax": 1.1442,
    "tendered_less_change": 3.7147,
    "till_paid": -1.1049,
    "total_word": 0.7647,
    "words_on_line": -0.4185,
}
