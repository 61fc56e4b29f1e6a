"""Template tags for other apps' pages: the certificates this platform issued to a worker whose
archive the viewer is already entitled to see (the registry view checked the scope) — valid ones
and revoked ones with the reason, so the archive shows both events."""

from django import template

from gongjiang.evaluation.models import IssuedCertificate

register = template.Library()


@register.simple_tag
def worker_issued_certificates(worker, limit: int = 20):
    if not worker:
        return []
    return list(IssuedCertificate.objects.filter(worker=worker).select_related("agency", "occupation")
                .order_by("-issued_on", "-id")[:limit])
