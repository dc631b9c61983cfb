"""Column types for exact decimals stored as scaled integers (dialect-neutral)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import BigInteger, Dialect
from sqlalchemy.types import TypeDecorator


class ScaledDecimal(TypeDecorator[Decimal]):
    """A Decimal stored as an integer of 10^-scale units (cents for scale 2).

    SQLite has no exact decimal type; integers are exact on every dialect, so money is
    stored in cents and metric values in millionths.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale
        self._factor = Decimal(10) ** scale

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        scaled = Decimal(value) * self._factor
        integral = scaled.to_integral_value()
        if scaled != integral:
            raise ValueError(f"{value} has more than {self.scale} decimals")
        return int(integral)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / self._factor).quantize(Decimal(1).scaleb(-self.scale))

    def __repr__(self) -> str:
        return f"ScaledDecimal({self.scale})"


def Money() -> ScaledDecimal:
    """Money in integer cents."""
    return ScaledDecimal(2)


def Value() -> ScaledDecimal:
    """A metric value or target in integer millionths (fractions like 0.9512 stay exact)."""
    return ScaledDecimal(6)


def Points() -> ScaledDecimal:
    """Scores, weights and points in hundredths."""
    return ScaledDecimal(2)
