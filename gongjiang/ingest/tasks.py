"""Background import jobs (issue 3 §5). Run a worker with `gongjiang db_worker --queue-name '*'`."""

from django_tasks import task

from gongjiang.ingest.models import ImportJob, ImportStatus
from gongjiang.ingest.services import import_job_run


@task()
def import_job_task(job_id: int) -> None:
    job = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).first()
    if job is not None:
        import_job_run(job=job)
