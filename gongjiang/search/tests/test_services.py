"""Search documents, shortlists and contact requests (issue 4 §3–4)."""

import pytest

from gongjiang.audit.models import AuditEvent
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.search import services
from gongjiang.search.models import ContactStatus, WorkerSearchDoc
from gongjiang.search.tests.factories import WorkerFactory, skilled_worker

pytestmark = pytest.mark.django_db


def test_refresh_writes_occupation_ancestors_grade_and_consent_tokens(enterprise_a):
    worker = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04", grade=4, discoverable=True)
    terms = set(WorkerSearchDoc.objects.get(pk=worker.pk).terms)
    assert {"e:6-18-02-04", "o:6-18-02", "o:6-18", "o:6", "og:6-18:4", "g:4", "d:330902", "v:1"} <= terms
    assert "g:5" not in terms


def test_refresh_drops_the_document_of_a_deleted_worker(enterprise_a):
    worker = skilled_worker(enterprise=enterprise_a)
    worker_id = worker.pk
    worker.delete()
    services.search_docs_refresh([worker_id])
    assert not WorkerSearchDoc.objects.filter(pk=worker_id).exists()


def test_reindex_builds_a_document_for_every_worker(enterprise_a):
    skilled_worker(enterprise=enterprise_a, refresh=False)
    WorkerFactory()
    assert services.search_reindex(batch_size=1) == 2
    assert WorkerSearchDoc.objects.count() == 2


def test_search_record_writes_an_audit_event(hr_a):
    services.search_record(actor=hr_a, filters={"text": "焊工"}, result_count=3)
    event = AuditEvent.objects.get(action="search")
    assert event.actor_username == "hr_a"
    assert event.detail["results"] == 3


def test_shortlist_names_are_unique_per_enterprise(hr_a):
    services.shortlist_create(actor=hr_a, name="焊工招聘")
    with pytest.raises(DomainError) as exc:
        services.shortlist_create(actor=hr_a, name="焊工招聘")
    assert "换一个名称" in exc.value.message


def test_only_enterprise_hr_keeps_shortlists(bureau_admin):
    with pytest.raises(PermissionDenied):
        services.shortlist_create(actor=bureau_admin, name="名单")


def test_shortlisting_a_worker_who_did_not_consent_is_refused(hr_a, enterprise_b):
    hidden = skilled_worker(enterprise=enterprise_b, discoverable=False)
    shortlist = services.shortlist_create(actor=hr_a, name="名单")
    with pytest.raises(NotFound):
        services.shortlist_entry_add(actor=hr_a, shortlist_id=shortlist.pk, worker_id=hidden.pk)


def test_shortlisting_twice_is_refused(hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    shortlist = services.shortlist_create(actor=hr_a, name="名单")
    services.shortlist_entry_add(actor=hr_a, shortlist_id=shortlist.pk, worker_id=worker.pk)
    with pytest.raises(DomainError):
        services.shortlist_entry_add(actor=hr_a, shortlist_id=shortlist.pk, worker_id=worker.pk)


def test_another_enterprise_cannot_touch_a_shortlist(hr_a, hr_b, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    shortlist = services.shortlist_create(actor=hr_a, name="名单")
    with pytest.raises(NotFound):
        services.shortlist_entry_add(actor=hr_b, shortlist_id=shortlist.pk, worker_id=worker.pk)


def test_annotating_an_entry_keeps_the_note(hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    shortlist = services.shortlist_default(actor=hr_a)
    entry = services.shortlist_entry_add(actor=hr_a, shortlist_id=shortlist.pk, worker_id=worker.pk)
    services.shortlist_entry_annotate(actor=hr_a, entry_id=entry.pk, note="下周面试")
    entry.refresh_from_db()
    assert entry.note == "下周面试"


def test_a_second_pending_contact_request_is_refused(hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    with pytest.raises(DomainError) as exc:
        services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    assert "等待本人答复" in exc.value.message


def test_contacts_stay_hidden_until_the_worker_accepts(hr_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_b)
    services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    with pytest.raises(PermissionDenied):
        services.contact_reveal(actor=hr_a, worker_id=worker.pk)


def test_accepted_request_reveals_name_and_phone_and_is_audited(hr_a, enterprise_b):
    from gongjiang.accounts.models import Role, User

    worker = skilled_worker(enterprise=enterprise_b, name="赵大明")
    account = User.objects.create_user(username="w_zhao", password="x-Passw0rd!", role=Role.WORKER, worker=worker)
    request = services.contact_request_create(actor=hr_a, worker_id=worker.pk, message="欢迎面谈")
    services.contact_request_decide(actor=account, request_id=request.pk, accept=True)
    data = services.contact_reveal(actor=hr_a, worker_id=worker.pk)
    assert data == {"name": "赵大明", "phone": "13800138000"}
    assert AuditEvent.objects.filter(action="view_personal", object_id=str(worker.pk)).exists()


def test_only_the_addressed_worker_decides(hr_a, enterprise_b, worker_user):
    worker = skilled_worker(enterprise=enterprise_b)
    request = services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    with pytest.raises(NotFound):
        services.contact_request_decide(actor=worker_user, request_id=request.pk, accept=True)


def test_a_decided_request_cannot_be_decided_again(hr_a, enterprise_b):
    from gongjiang.accounts.models import Role, User

    worker = skilled_worker(enterprise=enterprise_b)
    account = User.objects.create_user(username="w2", password="x-Passw0rd!", role=Role.WORKER, worker=worker)
    request = services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    services.contact_request_decide(actor=account, request_id=request.pk, accept=False)
    with pytest.raises(DomainError):
        services.contact_request_decide(actor=account, request_id=request.pk, accept=True)
    request.refresh_from_db()
    assert request.status == ContactStatus.DECLINED


def test_a_declined_enterprise_must_wait_before_asking_again(hr_a, enterprise_b):
    from gongjiang.accounts.models import Role, User

    worker = skilled_worker(enterprise=enterprise_b)
    account = User.objects.create_user(username="w3", password="x-Passw0rd!", role=Role.WORKER, worker=worker)
    request = services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    services.contact_request_decide(actor=account, request_id=request.pk, accept=False)
    with pytest.raises(DomainError) as exc:
        services.contact_request_create(actor=hr_a, worker_id=worker.pk)
    assert "30 天" in exc.value.message


def test_registry_writes_refresh_the_search_document_after_commit(
        enterprise_a, worker_user, django_capture_on_commit_callbacks):
    """Consent given on the worker's own page reaches the search index without a reindex."""
    from gongjiang.registry import services as registry_services

    worker = worker_user.worker
    services.search_docs_refresh([worker.pk])
    assert "v:1" not in set(WorkerSearchDoc.objects.get(pk=worker.pk).terms)
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.worker_update(actor=worker_user, worker=worker, discoverable=True)
    assert "v:1" in set(WorkerSearchDoc.objects.get(pk=worker.pk).terms)
