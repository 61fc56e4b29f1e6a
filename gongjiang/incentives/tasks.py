"""Background tasks (ADR 0006): the monthly run and the arrears after publishing."""

from datetime import date

from django_tasks import task

from gongjiang.incentives import services
from gongjiang.incentives.models import PolicyVersion


@task()
def monthly_run_task(period_start: str, today: str | None = None) -> dict:
    """Decide the month for every published automatic policy and pay what is due."""
    runs = services.monthly_run(period_start=date.fromisoformat(period_start),
                                today=date.fromisoformat(today) if today else None)
    return {"runs": len(runs), "decisions": sum(r.decisions for r in runs)}


@task()
def arrears_task(version_id: int, until: str) -> dict:
    """Arrears of a newly published version, from the document's applies_from to `until`."""
    version = PolicyVersion.objects.select_related("policy", "policy__document").get(pk=version_id)
    runs = services.arrears_run(version=version, until=date.fromisoformat(until))
    return {"runs": len(runs), "decisions": sum(r.decisions for r in runs)}
