"""Background refresh of the indicator snapshot (ADR 0025 §Speed; django-tasks db worker)."""

from datetime import date

from django_tasks import task


@task()
def snapshot_refresh_task(on: str | None = None) -> None:
    from gongjiang.indicators.services import snapshot_refresh

    snapshot_refresh(on=date.fromisoformat(on) if on else None)
