"""Background jobs of income monitoring (django_tasks, ADR 0006)."""

from django_tasks import task

from gongjiang.income.services import income_snapshot_build


@task()
def income_snapshot_rebuild(year: int) -> int:
    """Rebuild a year's snapshot after an import wrote income records; returns worker-years."""
    return income_snapshot_build(actor=None, year=year).rows
