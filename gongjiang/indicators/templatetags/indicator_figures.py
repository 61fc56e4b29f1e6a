"""`{{ value|indicator_value:indicator }}`: an indicator's figure with its unit — shares through
core's `percent`, money through `yuan`, counts with thousands separators (111,000 人)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import gettext as _

from gongjiang.core.templatetags.figures import percent
from gongjiang.core.templatetags.money import yuan

register = template.Library()


@register.filter
def indicator_value(value, indicator) -> str:
    if value is None or value == "":
        # A figure our records cannot measure (e.g. new-skill training) says so, not "—" or 0.
        return str(_("暂无数据来源")) if getattr(indicator, "no_source", False) else "—"
    if getattr(indicator, "share", False):
        return percent(value, 1)
    if getattr(indicator, "money", False):
        return yuan(Decimal(value).quantize(Decimal("0.01")))
    number = Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{number:,} {indicator.unit}" if indicator is not None else f"{number:,}"


@register.filter
def ratio_percent(value) -> str:
    """A completion or elapsed ratio as a percentage (0.5234 → 52.3%)."""
    return percent(value, 1)
