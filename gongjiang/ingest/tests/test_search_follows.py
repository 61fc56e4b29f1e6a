"""After an import, talent search finds what was imported without waiting for the nightly rebuild
(ADR 0007 §Jobs, ADR 0008 §Freshness; R1.1): few changed workers are refreshed at once, more in a
background job, a load too large to list by a full rebuild in the background."""

from django_tasks_db.models import DBTaskResult

from gongjiang.core import crypto
from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get
from gongjiang.ingest.tests.factories import WORKER_HEADERS, csv_write, worker_row
from gongjiang.registry.models import Worker
from gongjiang.search import services as search_services
from gongjiang.search.models import WorkerSearchDoc

CERT_HEADERS = ["身份证号", "姓名", "证书编号", "证书类别", "职业（工种）代码", "等级", "发证机构", "发证日期"]


def _run_queued(job: DBTaskResult) -> None:
    """What the db_worker process does with the queued job (run here: the worker command closes
    the test's database connection)."""
    job.task.call(*job.args_kwargs["args"], **job.args_kwargs["kwargs"])


def _terms(worker_id: int) -> set[str]:
    return set(WorkerSearchDoc.objects.get(pk=worker_id).terms)


def test_imported_workers_are_in_the_search_documents(bureau_admin, tmp_path, django_capture_on_commit_callbacks):
    rows = [worker_row() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(kind=kind_get("workers"), path=csv_write(tmp_path / "w.csv", [WORKER_HEADERS, *rows]),
                    actor=bureau_admin)
    ids = set(Worker.objects.values_list("pk", flat=True))
    assert set(WorkerSearchDoc.objects.values_list("pk", flat=True)) == ids
    assert all("d:330902" in _terms(pk) for pk in ids)


def test_an_imported_certificate_raises_the_grade_search_sees(bureau_admin, employee_a, tmp_path,
                                                              django_capture_on_commit_callbacks):
    from gongjiang.registry.tests.factories import occupation

    search_services.search_docs_refresh([employee_a.pk])
    assert "g:5" not in _terms(employee_a.pk)
    code = occupation().code
    row = [employee_a.id_number_plain(), employee_a.name, "Q20240501", "职业资格证书", code, "技师", "舟山鉴定中心",
           "2024-05-01"]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_file(kind=kind_get("certificates"), path=csv_write(tmp_path / "c.csv", [CERT_HEADERS, row]),
                              actor=bureau_admin)
    assert outcome.created == 1
    assert "g:5" in _terms(employee_a.pk)


def test_a_dry_run_changes_no_search_document(bureau_admin, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_file(kind=kind_get("workers"), path=csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row()]),
                    actor=bureau_admin, dry_run=True)
    assert callbacks == []
    assert not WorkerSearchDoc.objects.exists()


def test_an_unchanged_re_import_refreshes_nothing(bureau_admin, tmp_path, django_capture_on_commit_callbacks):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row()])
    import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        outcome = import_file(kind=kind_get("workers"), path=path, actor=bureau_admin)
    assert (outcome.unchanged, callbacks) == (1, [])


def test_many_imported_workers_are_refreshed_by_a_background_job(bureau_admin, tmp_path, monkeypatch,
                                                                 django_capture_on_commit_callbacks):
    monkeypatch.setattr(search_services, "FOLLOW_INLINE_MAX", 2)
    rows = [worker_row() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(kind=kind_get("workers"), path=csv_write(tmp_path / "w.csv", [WORKER_HEADERS, *rows]),
                    actor=bureau_admin)
    assert not WorkerSearchDoc.objects.exists()  # not in the import's own time
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("search_docs_refresh_task")
    _run_queued(job)
    assert WorkerSearchDoc.objects.count() == 3


def test_a_load_too_large_to_list_rebuilds_every_document_in_the_background(
        bureau_admin, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("gongjiang.ingest.kinds.CHANGED_LIST_MAX", 2)
    rows = [worker_row() for _ in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(kind=kind_get("workers"), path=csv_write(tmp_path / "w.csv", [WORKER_HEADERS, *rows]),
                    actor=bureau_admin)
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("search_reindex_task")
    _run_queued(job)
    assert set(WorkerSearchDoc.objects.values_list("pk", flat=True)) == {
        Worker.objects.get(id_number_hash=crypto.lookup_hash(row[0])).pk for row in rows}
