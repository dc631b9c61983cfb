"""Exact decimals for money and scores: parsing, rounding half-up, and formatting.

Rule (appraisal-rules §3, §5.4): money is exact to the cent, scores are rounded half-up at
the points the rules name; no binary floating point anywhere.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

CENT = Decimal("0.01")
ZERO = Decimal("0")


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 9)}


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Round to `places` decimals, halves away from zero (0.125 → 0.13)."""
    try:
        quantum = _QUANTA[places]
    except KeyError:
        quantum = Decimal(1).scaleb(-places)
    # The rounding passed by position: the hottest call of a cycle's scoring.
    return value.quantize(quantum, ROUND_HALF_UP)


def money(value: Decimal | int | str) -> Decimal:
    """A money amount rounded half-up to the cent."""
    return round_half_up(Decimal(value), 2)


def to_cents(value: Decimal) -> int:
    """Money as integer cents (exact: refuses fractions of a cent)."""
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"{value} has fractions of a cent")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def decimal_of(raw: Any) -> Decimal | None:
    """A stored decimal string (or number), such as a scorecard's, as a Decimal; None for
    none (and for anything that is not a number)."""
    if raw is None or raw == "":
        return None
    try:
        return Decimal(str(raw))
    except InvalidOperation:
        return None


def parse_decimal(text: str) -> Decimal:
    """Parse a decimal that people type: thousands separators, ¥/$ signs and spaces allowed.

    Raises ValueError for anything that is not a finite number.
    """
    cleaned = (
        str(text)
        .strip()
        .replace(",", "")
        .replace("，", "")
        .replace("¥", "")
        .replace("￥", "")
        .replace("$", "")
        .replace("RMB", "")
        .replace("元", "")
        .replace(" ", "")
    )
    if cleaned.startswith("(") and cleaned.endswith(")"):
        cleaned = "-" + cleaned[1:-1]
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a number: {text!r}")
    return value


def format_money(value: Decimal) -> str:
    """`1234.5` → `1,234.50`."""
    return f"{round_half_up(value, 2):,.2f}"
