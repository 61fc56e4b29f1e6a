from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongjiang.search"
    label = "search"

    def ready(self) -> None:
        from gongjiang.registry.hooks import on_many_workers_changed, on_worker_changed
        from gongjiang.search.services import search_docs_follow, search_reindex_later

        # Keep each worker's search document in step with registry writes (consent, grade, job …)
        # and imports (ADR 0008 §Freshness).
        on_worker_changed(search_docs_follow)
        on_many_workers_changed(search_reindex_later)
