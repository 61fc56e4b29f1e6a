"""The career guidance panel on the registry's archive pages (the worker's own, and bureau staff's
view of a worker): the registry template includes `guidance/_worker_guidance.html`, which calls
this tag — the registry imports nothing of this app (ADR 0027)."""

from django import template

from gongjiang.accounts.permissions import can
from gongjiang.guidance.selectors import career_guidance

register = template.Library()


@register.simple_tag(takes_context=True)
def worker_career_guidance(context, worker):
    """The guidance of `worker` when the viewer may read it (`guidance.read`), else None."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not worker or user is None or not can(user, "guidance.read", worker):
        return None
    return career_guidance(actor=user, worker_id=worker.pk)
