"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (7181 amounts).
"""

INTERCEPT = -8.4174
COEFFICIENTS = {
    "cents": 2.1336,
    "count": 0.401,
    "currency_before": 0.9955,
    "first_place": 1.3518,
    "label_change": -0.9436,
    "label_rounding": 1.8933,
    "label_subtotal": -0.4029,
    "label_tax": -0.9239,
    "label_tendered": -0.1785,
    "label_total": 3.6898,
    "largest": -0.4308,
    "last_place": -0.7382,
    "line_end": 0.9829,
    "not_below_totals": 0.9772,
    "ocr_confidence": 1.035,
    "printed": 0.5335,
    "quantity_before": -0.4272,
    "rank": 0.083,
    "rounded": 1.306,
    "rounded_away": -1.4823,
    "share_of_largest": -0.759,
    "subtotal_plus_tax": 1.7379,
    "tendered_less_change": 4.5812,
    "till_paid": -1.2412,
    "total_word": 0.5282,
    "words_on_line": -0.4861,
}
