"""`{{ amount|yuan }}`: an amount of money with its unit in the user's language (400.00 元 /
400.00 yuan), never the unit written into a template (issue 10 §15). Decimal in, text out; the
digits are the Decimal's own (two places as stored), so nothing is rounded on the way."""

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    return gettext("%(n)s 元") % {"n": amount}
