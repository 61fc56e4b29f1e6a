"""Rounding as published (issue 11 §4): Chinese statistical tables round half up (四舍五入), once,
from the exact value — never Python's `round()`, which rounds halves to even (191,300.50 → 191,300),
and never a monthly figure from the already rounded annual one.

What "exact" means for each figure (money arrives in fen):
- a mean of administrative rows is sum ÷ count of integer fen: rounded in integers, exactly;
- a type-7 quantile is lower + frac·(upper − lower) with integer order statistics and frac a
  multiple of 0.05 for P10/P25/P50/P75/P90, so the exact value is a multiple of 0.05 fen: the float
  is snapped to 0.01 fen (its error is below 10⁻⁶ fen) and that decimal is rounded;
- a weighted quantile is one of the integer values; a Zhejiang tail is sum ÷ k and a weighted
  mean a quotient of sums, each one correctly rounded float division: the float is converted to
  Decimal exactly and rounded (a figure k + ½ yuan is exactly representable; one just below it
  lies further below than the float's error).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal, localcontext

_CENT_OF_FEN = Decimal("0.01")


def half_up(value: Decimal) -> Decimal:
    """`value` rounded half up to a whole number (away from zero on a half)."""
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def yuan_from_fen(fen: float | None, *, per: int = 1, quantile: bool = False) -> Decimal | None:
    """Whole yuan from a figure in fen, ÷ `per` first (12: a monthly figure from the annual one),
    half up; None for a missing figure (None or NaN). `quantile=True` snaps to 0.01 fen first."""
    if fen is None or (isinstance(fen, float) and (math.isnan(fen) or math.isinf(fen))):
        return None
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(float(fen))
        if quantile:
            exact = exact.quantize(_CENT_OF_FEN)
        return half_up(exact / (100 * per))


def yuan_mean_from_sums(total_fen: int, count: int, *, per: int = 1) -> Decimal | None:
    """Whole yuan of total ÷ count (÷ `per`), half up, in integer arithmetic (exact)."""
    if count <= 0:
        return None
    den = 100 * per * int(count)
    num = int(total_fen)
    sign = -1 if num < 0 else 1
    return Decimal(sign * ((2 * abs(num) + den) // (2 * den)))
