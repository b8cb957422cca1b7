"""The total-choosing model's coefficients, written by `make train-extract` (benchmarks/train_extract.py):
a logistic regression over `ranker.amount_features`, fitted on 70 receipts (5555 amounts).
"""

INTERCEPT = -7.8184
COEFFICIENTS = {
    "cents": 2.0291,
    "count": 0.4571,
    "currency_before": 1.0048,
    "first_place": 1.1136,
    "label_change": -0.8668,
    "label_rounding": 1.343,
    "label_subtotal": -0.2305,
    "label_tax": -0.697,
    "label_tendered": 0.0173,
    "label_total": 3.4458,
    "largest": -0.3161,
    "last_place": -0.8989,
    "line_end": 0.8527,
    "not_below_totals": 0.6078,
    "ocr_confidence": 1.041,
    "printed": 0.0283,
    "quantity_before": -0.4493,
    "rank": 0.1703,
    "rounded": 1.2261,
    "share_of_largest": -0.5598,
    "subtotal_plus_tax": 1.4909,
    "tendered_less_change": 4.2766,
    "till_paid": -1.0686,
    "total_word": 0.7119,
    "words_on_line": -0.4999,
}
