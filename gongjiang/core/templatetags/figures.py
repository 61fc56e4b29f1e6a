"""Numbers on pages, formatted in one tested place (STYLE: never template arithmetic such as
`widthratio`, which turns its width into an integer — `widthratio x 0.001 0.1` is always 0 — and
rounds to whole numbers). Half up (四舍五入), as published tables round.

    {% load figures %}
    {{ share|percent }}            0.0103 → 1.0%
    {{ growth|percent:2 }}         0.0103 → 1.03%
    {{ growth|signed_percent }}    0.0103 → +1.0%, −0.0086 → −0.9%
    {{ did|log_points_percent }}   0.1693 → +18.4% (exp(β) − 1)

None, NaN and text that is not a number print as "—".
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()
MISSING = "—"


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def _percent_text(ratio: float, digits: int, signed: bool) -> str:
    step = Decimal(1).scaleb(-int(digits))
    shown = (Decimal(repr(ratio)) * 100).quantize(step, rounding=ROUND_HALF_UP)
    if shown == 0:
        shown = abs(shown)  # no "−0.0%"
    text = f"{abs(shown):.{int(digits)}f}%"
    if shown < 0:
        return "−" + text
    return ("+" + text) if signed and shown > 0 else text


@register.filter
def percent(value, digits: int = 1) -> str:
    """A ratio as a percentage with `digits` decimals (default 1), half up."""
    number = _number(value)
    return MISSING if number is None else _percent_text(number, digits, signed=False)


@register.filter
def signed_percent(value, digits: int = 1) -> str:
    """A change as a percentage with its sign (+1.0%, −0.9%, 0.0%)."""
    number = _number(value)
    return MISSING if number is None else _percent_text(number, digits, signed=True)


@register.filter
def log_points_percent(value, digits: int = 1) -> str:
    """An effect in log points as the percentage change it means, exp(β) − 1, with its sign."""
    number = _number(value)
    return MISSING if number is None else _percent_text(math.expm1(number), digits, signed=True)
