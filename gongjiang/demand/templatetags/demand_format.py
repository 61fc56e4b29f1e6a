"""Number formats of the demand pages (STYLE: numbers on screens pass one tested filter)."""

from django import template

register = template.Library()


@register.filter
def share(value) -> str:
    """0.375 -> "37.5%"; None -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def decimal1(value) -> str:
    """2.0 -> "2.0"; None -> "—"."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.1f}"


@register.filter
def signed(value) -> str:
    """A score or z-value with its sign and two decimals: 1.234 -> "+1.23"."""
    if value is None or value == "":
        return "—"
    return f"{float(value):+.2f}"
