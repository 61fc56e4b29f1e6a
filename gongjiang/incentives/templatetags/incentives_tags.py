"""Template tags for other apps' pages: the incentive decisions of a worker or enterprise whose
page the viewer is already entitled to see (the registry view checked the scope)."""

from django import template

from gongjiang.incentives import selectors

register = template.Library()


@register.simple_tag
def worker_incentive_decisions(worker, limit: int = 20):
    return selectors.decisions_for_worker(worker_id=worker.pk, limit=limit) if worker else []


@register.simple_tag
def enterprise_incentive_decisions(enterprise, limit: int = 20):
    return selectors.decisions_for_enterprise(enterprise_id=enterprise.pk, limit=limit) if enterprise else []


@register.simple_tag
def explanation_in_words(decision):
    """The decision's explanation in words (labels, values in words, amount rule), raw names apart."""
    from gongjiang.incentives.explain import explanation_words

    return explanation_words(decision.explanation, formula=decision.policy.formula)


@register.simple_tag
def conditions_in_words(conditions, formula):
    from gongjiang.incentives.explain import conditions_words

    return conditions_words(conditions or [], formula=formula)


@register.filter
def parameter_label(name):
    from gongjiang.incentives.explain import parameter_label as label

    return label(name)


@register.filter
def parameter_value(parameter):
    """A ParameterValue's value in words (每月 600 元, 36 个月, 是)."""
    from gongjiang.incentives.explain import parameter_words

    return parameter_words(parameter.name, parameter.value)


@register.filter
def period_words(obj):
    """A claim's or decision's period in words (2025年3月, 一次性（每人一次）…)."""
    from gongjiang.incentives.explain import period_words as words

    return words(obj.period, obj.period_start)


@register.filter
def translated(text):
    """Data shipped with a translation in the catalogue (policy and condition names); other data as it is."""
    from django.utils.translation import gettext

    return gettext(text) if text else text
