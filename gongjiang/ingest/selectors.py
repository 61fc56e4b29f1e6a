"""Reads of import records, scoped to who is asking."""

from typing import Any

from django.db.models import QuerySet

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core.errors import NotFound
from gongjiang.ingest.models import ImportJob


def import_job_list(*, actor: Any) -> QuerySet[ImportJob]:
    """Import records the actor may see: all (bureau administrators), their own (everyone else)."""
    qs = ImportJob.objects.select_related("actor")
    if not actor.is_authenticated:
        return qs.none()
    if scope(actor) == Scope.ALL:
        return qs
    return qs.filter(actor=actor)


def import_job_get(*, actor: Any, job_id: int) -> ImportJob:
    """One import record in the actor's scope, or NotFound."""
    job = import_job_list(actor=actor).filter(pk=job_id).first()
    if job is None:
        raise NotFound("未找到该导入记录，或您无权查看")
    return job
