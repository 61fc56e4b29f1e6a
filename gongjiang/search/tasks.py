"""Background jobs of the talent search (ADR 0006): refresh some documents, or rebuild them all."""

from django_tasks import task

from gongjiang.search import services


@task()
def search_docs_refresh_task(worker_ids: list[int]) -> int:
    return services.search_docs_refresh(worker_ids)


@task()
def search_reindex_task() -> int:
    return services.search_reindex()
