"""Writes of the talent search: search documents, shortlists, contact requests (issue 4)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gongjiang.accounts.permissions import require
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_personal_read, audit_record
from gongjiang.core.errors import DomainError, NotFound, PermissionDenied
from gongjiang.registry.models import Worker
from gongjiang.search.documents import _Catalogue, docs_build
from gongjiang.search.models import (
    ContactRequest,
    ContactStatus,
    Shortlist,
    ShortlistEntry,
    WorkerSearchDetail,
    WorkerSearchDoc,
)

REINDEX_BATCH = 2000
UPDATE_FIELDS = ["tokens", "occupations", "top_grade", "district_code", "birth_year", "rank_base", "last_active_on",
                 "refreshed_at"]


# --- Search documents ----------------------------------------------------------------------


@transaction.atomic
def search_docs_refresh(worker_ids: Iterable[int]) -> int:
    """Rebuild the search documents of these workers from the registry; drop those of workers that
    no longer exist. Returns how many documents were written.

    Call it after any registry write that changes what search sees (records, consent, employment):
    registry services should call it (ADR 0008). Any caller; refuses nothing.
    """
    ids = sorted({int(i) for i in worker_ids})
    if not ids:
        return 0
    docs = docs_build(ids)
    WorkerSearchDoc.objects.filter(pk__in=set(ids) - {d.worker_id for d in docs}).delete()
    _docs_save(docs)
    return len(docs)


# Up to this many changed workers their documents are rebuilt at once (a clerk's edit, a small
# import); more go to a background job so an import request does not wait for them.
FOLLOW_INLINE_MAX = 500


def search_docs_follow(worker_ids: list[int]) -> None:
    """`registry.hooks` subscriber: rebuild the documents of workers the registry changed, now or,
    for many, in a background job (`search_docs_refresh_task`)."""
    if len(worker_ids) <= FOLLOW_INLINE_MAX:
        search_docs_refresh(worker_ids)
        return
    from gongjiang.search.tasks import search_docs_refresh_task

    search_docs_refresh_task.enqueue(sorted(worker_ids))


def search_reindex_later() -> None:
    """`registry.hooks` subscriber for loads too large to list: rebuild every document in a
    background job (`search_reindex_task`)."""
    from gongjiang.search.tasks import search_reindex_task

    search_reindex_task.enqueue()


def _docs_save(docs: list[WorkerSearchDoc]) -> None:
    now = timezone.now()
    for doc in docs:
        doc.refreshed_at = now
    WorkerSearchDoc.objects.bulk_create(docs, update_conflicts=True, unique_fields=["worker"],
                                        update_fields=UPDATE_FIELDS)
    WorkerSearchDetail.objects.bulk_create([doc.detail for doc in docs], update_conflicts=True,
                                           unique_fields=["doc"], update_fields=["terms", "facts"])


GIN_INDEX = "search_doc_tokens_gin"
# The partial index of the sample slot (migration 0006; the predicate matches `selectors._sample`).
GIN_SAMPLE_INDEX = "search_doc_tokens_sample_gin"


def _gin_index(create: bool) -> None:
    """Drop or (re)create the PostgreSQL GIN indexes over the tokens (migrations 0005, 0006)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        if create:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON search_workersearchdoc "
                           "USING gin (tokens) WITH (fastupdate = off)")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {GIN_SAMPLE_INDEX} ON search_workersearchdoc "
                           "USING gin (tokens) WITH (fastupdate = off) WHERE MOD(worker_id, 16) = 0")
            cursor.execute("ANALYZE search_workersearchdoc")
        else:
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_SAMPLE_INDEX}")


def search_reindex(*, batch_size: int = REINDEX_BATCH, progress: Callable[[int, int], None] | None = None,
                   rebuild_index: bool = False, from_id: int = 0, to_id: int | None = None) -> int:
    """Rebuild every worker's search document, batch by batch (each batch in its own transaction),
    and drop documents of deleted workers. For the `search_reindex` command and the nightly job
    (experience years and recency move with the calendar). Returns the number of documents.

    `rebuild_index` drops the GIN index first and builds it once at the end: much faster for a first
    load, but searches are slow meanwhile, so use it only before the platform is in use.
    `from_id`/`to_id` limit the rebuild to a range of worker ids (to run several in parallel)."""
    if rebuild_index:
        _gin_index(create=False)
    catalogue = _Catalogue()
    workers = Worker.objects.filter(pk__gte=from_id)
    if to_id is not None:
        workers = workers.filter(pk__lte=to_id)
    total = workers.count()
    done = 0
    last_id = from_id - 1
    while True:
        ids = list(workers.filter(pk__gt=last_id).order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            break
        with transaction.atomic():
            _docs_save(docs_build(ids, catalogue=catalogue))
        done += len(ids)
        last_id = ids[-1]
        if progress:
            progress(done, total)
    if not from_id and to_id is None:
        # NOT EXISTS (an anti-join): NOT IN (subquery) over a million ids is planned as a plain
        # subplan rescanned for every document when the ids do not fit work_mem (hours).
        WorkerSearchDoc.objects.filter(~Exists(Worker.objects.filter(pk=OuterRef("worker_id")))).delete()
    if rebuild_index:
        _docs_cluster()
        _gin_index(create=True)
    return done


def _docs_cluster() -> None:
    """PostgreSQL: rewrite the documents in ranking order (CLUSTER on the rank index), so reading the
    head of a ranking, or a grade band, touches few heap pages (ADR 0008: p95 −30 % on 1,000,000
    workers). Takes an exclusive lock on the table while it runs (about 20 s per million
    documents); later updates land anywhere and slowly undo the order, never the results."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("CLUSTER search_workersearchdoc USING search_doc_rank")


def search_record(*, actor: Any, filters: dict, result_count: int, ip_address: str | None = None) -> None:
    """Record one search in the audit log (issue 4 §3: every search by an enterprise is recorded;
    bureau searches are recorded too)."""
    from django.conf import settings
    from django.utils import translation

    from gongjiang.audit.labels import search_summary

    with translation.override(settings.LANGUAGE_CODE):  # the log is kept in Chinese, like the events
        summary = search_summary(filters)
    audit_record(actor=actor, action=AuditAction.SEARCH, object_type="worker_search",
                 object_id=getattr(actor, "enterprise_id", "") or "", summary=summary,
                 detail={"filters": filters, "results": result_count}, ip_address=ip_address)


# --- Shortlists ----------------------------------------------------------------------------


def _require_hr(actor: Any) -> None:
    require(actor, "search.shortlist", message="只有企业人事账号可以使用候选名单和联系请求")


def _shortlist_of(actor: Any, shortlist_id: int) -> Shortlist:
    shortlist = Shortlist.objects.filter(pk=shortlist_id, enterprise_id=actor.enterprise_id).first()
    if shortlist is None:
        raise NotFound("未找到该候选名单，或您无权查看")
    return shortlist


@transaction.atomic
def shortlist_create(*, actor: Any, name: str) -> Shortlist:
    """A new shortlist of the actor's enterprise. Enterprise HR only; refuses a blank or repeated name."""
    _require_hr(actor)
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写名单名称，例如“2025 焊工招聘”", field="name")
    if Shortlist.objects.filter(enterprise_id=actor.enterprise_id, name=name).exists():
        raise DomainError(f"本单位已有名为“{name}”的候选名单，请换一个名称", field="name")
    return Shortlist.objects.create(enterprise_id=actor.enterprise_id, name=name[:100], created_by=actor)


DEFAULT_SHORTLIST_NAME = "我的候选名单"


@transaction.atomic
def shortlist_default(*, actor: Any) -> Shortlist:
    """The enterprise's first shortlist, created as “我的候选名单” when it has none (so a clerk can
    shortlist straight from the results). Enterprise HR only."""
    _require_hr(actor)
    existing = Shortlist.objects.filter(enterprise_id=actor.enterprise_id).order_by("created_at", "id").first()
    if existing:
        return existing
    return Shortlist.objects.create(enterprise_id=actor.enterprise_id, name=DEFAULT_SHORTLIST_NAME, created_by=actor)


@transaction.atomic
def shortlist_entry_add(*, actor: Any, shortlist_id: int, worker_id: int, note: str = "") -> ShortlistEntry:
    """Put a worker on a shortlist. Only workers the enterprise can find (its own staff, or workers
    who consent to be found) may be added; adding twice is refused."""
    from gongjiang.search.selectors import worker_findable

    _require_hr(actor)
    shortlist = _shortlist_of(actor, shortlist_id)
    if not worker_findable(actor=actor, worker_id=worker_id):
        raise NotFound("未找到该人员，或本人未同意被其他单位检索")
    try:
        with transaction.atomic():
            return ShortlistEntry.objects.create(shortlist=shortlist, worker_id=worker_id, note=note.strip()[:500],
                                                 added_by=actor)
    except IntegrityError as exc:
        raise DomainError("该人员已在此候选名单中，无需重复添加") from exc


@transaction.atomic
def shortlist_entry_annotate(*, actor: Any, entry_id: int, note: str) -> ShortlistEntry:
    """Change the note on a shortlist entry of the actor's enterprise."""
    _require_hr(actor)
    entry = ShortlistEntry.objects.filter(pk=entry_id, shortlist__enterprise_id=actor.enterprise_id).first()
    if entry is None:
        raise NotFound("未找到该候选人记录")
    note = (note or "").strip()
    if len(note) > 500:
        raise DomainError("备注最多 500 字，请精简后再保存", field="note")
    entry.note = note
    entry.save(update_fields=["note"])
    return entry


@transaction.atomic
def shortlist_entry_remove(*, actor: Any, entry_id: int) -> None:
    _require_hr(actor)
    deleted, _ = ShortlistEntry.objects.filter(pk=entry_id, shortlist__enterprise_id=actor.enterprise_id).delete()
    if not deleted:
        raise NotFound("未找到该候选人记录")


# --- Contact requests ----------------------------------------------------------------------


@transaction.atomic
def contact_request_create(*, actor: Any, worker_id: int, message: str = "") -> ContactRequest:
    """An enterprise asks a findable worker for contact. Refuses a second pending request to the
    same worker, and workers who declined within the last 30 days."""
    from gongjiang.search.selectors import worker_findable

    _require_hr(actor)
    if not worker_findable(actor=actor, worker_id=worker_id):
        raise NotFound("未找到该人员，或本人未同意被其他单位检索")
    existing = ContactRequest.objects.filter(enterprise_id=actor.enterprise_id, worker_id=worker_id)
    if existing.filter(status=ContactStatus.PENDING).exists():
        raise DomainError("已向该人员发出联系请求，请等待本人答复")
    if existing.filter(status=ContactStatus.ACCEPTED).exists():
        raise DomainError("该人员已同意与本单位联系，无需再次请求")
    recent = timezone.now() - timedelta(days=30)
    if existing.filter(status=ContactStatus.DECLINED, decided_at__gte=recent).exists():
        raise DomainError("该人员近 30 天内已拒绝本单位的联系请求，请 30 天后再试")
    return ContactRequest.objects.create(enterprise_id=actor.enterprise_id, worker_id=worker_id,
                                         requested_by=actor, message=(message or "").strip()[:500])


@transaction.atomic
def contact_request_decide(*, actor: Any, request_id: int, accept: bool) -> ContactRequest:
    """The worker accepts or declines a contact request addressed to them. Only the worker
    themself may decide, and only once."""
    require(actor, "search.contact_answer", message="只有本人可以答复联系请求")
    request = ContactRequest.objects.select_for_update().filter(pk=request_id, worker_id=actor.worker_id).first()
    if request is None:
        raise NotFound("未找到该联系请求")
    if request.status != ContactStatus.PENDING:
        raise DomainError(f"该请求已{request.get_status_display()}，不能再次答复")
    request.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    return request


def contact_reveal(*, actor: Any, worker_id: int, ip_address: str | None = None) -> dict[str, str]:
    """Name and phone of a worker who accepted this enterprise's contact request; the read is
    recorded in the audit log. Refuses (PermissionDenied) until the worker has accepted."""
    from gongjiang.search.selectors import worker_findable

    _require_hr(actor)
    if not worker_findable(actor=actor, worker_id=worker_id):
        raise NotFound("未找到该人员，或您无权查看")
    accepted = ContactRequest.objects.filter(enterprise_id=actor.enterprise_id, worker_id=worker_id,
                                             status=ContactStatus.ACCEPTED).exists()
    if not accepted:
        raise PermissionDenied("本人同意联系请求后才能查看联系方式")
    worker = Worker.objects.get(pk=worker_id)
    audit_personal_read(actor=actor, object_type="worker", object_id=worker.pk, fields=["name", "phone"],
                        summary="人才检索：查看已同意联系的人员联系方式", ip_address=ip_address)
    return {"name": worker.name, "phone": worker.phone_plain() if worker.phone_sealed else ""}
