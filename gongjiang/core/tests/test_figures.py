"""The number filters of pages (issue 10 items 1–2: `widthratio` printed 0% for every growth)."""

import math

import pytest
from django.template import Context, Template

from gongjiang.core.templatetags.figures import log_points_percent, percent, signed_percent


@pytest.mark.parametrize(("value", "shown"), [(0.0103, "1.0%"), (0.0086, "0.9%"), (0.4235, "42.4%"), (0.00049, "0.0%"),
                                              (0.00050, "0.1%"), (None, "—"), (math.nan, "—"), ("x", "—")])
def test_percent_rounds_half_up_to_one_decimal(value, shown):
    assert percent(value) == shown


def test_percent_takes_the_number_of_decimals():
    assert percent(0.0103, 2) == "1.03%"


def test_a_change_carries_its_sign():
    assert signed_percent(0.0103) == "+1.0%"
    assert signed_percent(-0.0086) == "−0.9%"
    assert signed_percent(-0.0001) == "0.0%"


def test_log_points_are_shown_as_the_percentage_change_they_mean():
    assert log_points_percent(0.1693) == "+18.4%"  # exp(0.1693) − 1 = 18.45%
    assert log_points_percent(-0.05) == "−4.9%"


def test_the_filters_work_in_a_template():
    text = Template("{% load figures %}{{ g|signed_percent }} {{ b|log_points_percent }}").render(
        Context({"g": 0.0103, "b": 0.1693}))
    assert text == "+1.0% +18.4%"
