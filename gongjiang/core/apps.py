from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongjiang.core"
    label = "core"

    def ready(self) -> None:
        # One log line per background job (issue 18 §2): logging only, no business logic.
        from django_tasks.signals import task_finished, task_started

        from gongjiang.core.logs import job_finished, job_started

        task_started.connect(job_started, dispatch_uid="gongjiang.job_started")
        task_finished.connect(job_finished, dispatch_uid="gongjiang.job_finished")
