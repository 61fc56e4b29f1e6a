"""`|yuan`: money with its unit in the user's language (issue 10 §15)."""

from decimal import Decimal

from django.utils import translation

from gongjiang.core.templatetags.money import yuan


def test_yuan_keeps_the_digits_and_names_the_unit_in_each_language():
    assert yuan(Decimal("400.00")) == "400.00 元"
    with translation.override("en"):
        assert yuan(Decimal("1234.50")) == "1234.50 yuan"
    assert yuan(None) == "—"
