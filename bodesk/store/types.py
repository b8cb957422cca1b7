"""Column types: exact decimals in SQLite."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Dialect
from sqlalchemy.types import TypeDecorator

SCALE_DIGITS = 4


class Amount(TypeDecorator[Decimal]):
    """A Decimal stored as an integer number of ten-thousandths.

    SQLite has no decimal type and REAL would lose cents; integers keep values exact and
    let the database sort and sum them. `places` is the minimum number of decimals shown
    on the way out (2 for money, 0 for quantities), so "120.00" stays "120.00" and "2" stays "2".
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int = 2) -> None:
        super().__init__()
        self.places = places

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int(Decimal(str(value)).scaleb(SCALE_DIGITS).to_integral_value())

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        exact = Decimal(value).scaleb(-SCALE_DIGITS)
        shown = exact.quantize(Decimal(1).scaleb(-self.places))
        return shown if shown == exact else exact.normalize()
