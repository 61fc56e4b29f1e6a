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
