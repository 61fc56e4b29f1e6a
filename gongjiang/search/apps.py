from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongjiang.search"
    label = "search"

    def ready(self) -> None:
        from gongjiang.registry.hooks import on_worker_changed
        from gongjiang.search.services import search_docs_refresh

        # Keep each worker's search document in step with registry writes (consent, grade, job …).
        on_worker_changed(search_docs_refresh)
