"""Background refresh of the indicator snapshot (ADR 0025 §Speed; django-tasks db worker)."""

from datetime import date

from django_tasks import task


@task()
def snapshot_refresh_task(on: str | None = None) -> None:
    from gongjiang.indicators.services import snapshot_refresh

    snapshot_refresh(on=date.fromisoformat(on) if on else None)


@task()
def bulletin_task(bulletin_id: int) -> str:
    """Make a queued bulletin's file (R8.2; ADR 0025 §Bulletin)."""
    from gongjiang.indicators.services import bulletin_generate

    return bulletin_generate(bulletin_id).status
