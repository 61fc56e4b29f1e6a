"""Background jobs of the evaluation domain (django-tasks db worker: `gongjiang db_worker --queue-name '*'`)."""

from django_tasks import task


@task()
def certificate_pdfs_task(job_id: int) -> str:
    """Make and keep every certificate PDF of an issued batch (ADR 0021 §PDFs in the background)."""
    from gongjiang.evaluation.services import certificate_pdfs_make

    job = certificate_pdfs_make(job_id)
    return job.status if job is not None else "gone"
