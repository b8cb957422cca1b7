"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (5721 amounts).
"""

INTERCEPT = -7.9658
COEFFICIENTS = {
    "cents": 2.2522,
    "count": 0.4774,
    "currency_before": 1.0178,
    "first_place": 1.202,
    "label_change": -0.8805,
    "label_rounding": 1.5577,
    "label_subtotal": -0.2965,
    "label_tax": -0.7328,
    "label_tendered": -0.0373,
    "label_total": 3.3998,
    "largest": -0.3361,
    "last_place": -1.1419,
    "line_end": 0.5607,
    "not_below_totals": 0.7017,
    "ocr_confidence": 1.306,
    "printed": -0.1717,
    "quantity_before": 0.1355,
    "rank": 0.2056,
    "rounded": 1.1119,
    "share_of_largest": -0.5484,
    "subtotal_plus_tax": 1.3301,
    "tendered_less_change": 4.0336,
    "till_paid": -1.2244,
    "total_word": 0.7157,
    "words_on_line": -0.4478,
}
