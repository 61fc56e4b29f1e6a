"""Background jobs of the demand domain (django_tasks, ADR 0006): the supply–demand forecast."""

from django_tasks import task

from gongjiang.demand import services


@task()
def forecast_run_task(run_id: int) -> dict:
    """Compute a queued forecast run (`services.forecast_run_execute`)."""
    run = services.forecast_run_execute(run_id)
    return {"run": run.pk, "status": run.status, "seconds": run.seconds}
