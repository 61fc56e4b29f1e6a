"""Ingest API (/api/v1/ingest/): import kinds, upload a file, follow an import job (issue 3 §4, §5).
The same services and selectors as the pages."""

from datetime import datetime

from django.http import HttpRequest
from ninja import File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import MAX_ID, MAX_LIMIT, errors, text
from gongjiang.ingest import selectors, services
from gongjiang.ingest.kinds import kinds_for
from gongjiang.ingest.tasks import import_job_task
from gongjiang.ingest.views import SYNC_IMPORT_BYTES

router = Router(tags=["导入 ingest"])


class ColumnOut(Schema):
    key: str
    header: str
    required: bool
    kind: str


class KindOut(Schema):
    name: str
    label: str
    natural_key: list[str]
    columns: list[ColumnOut]


class JobOut(Schema):
    id: int
    kind: str
    original_name: str
    checksum: str
    status: str
    dry_run: bool
    rows_total: int
    rows_done: int
    created_count: int
    updated_count: int
    unchanged_count: int
    rejected_count: int
    ignored_columns: list[str]
    message: str
    created_at: datetime
    finished_at: datetime | None
    report_url: str | None


def _job_out(job) -> JobOut:
    from django.urls import reverse

    data = {field: getattr(job, field) for field in JobOut.model_fields if field != "report_url"}
    return JobOut(**data, report_url=reverse("ingest:job_report", args=[job.pk]) if job.report else None)


@router.get("/kinds", auth=allowed_api("ingest.job_read"), response={200: list[KindOut], **errors(401)})
def kind_list(request: HttpRequest):
    """Import kinds the caller may import, with their columns."""
    return [KindOut(name=k.name, label=str(k.label), natural_key=list(k.key_columns),
                    columns=[ColumnOut(key=c.key, header=str(c.header), required=c.required, kind=c.kind)
                             for c in k.columns]) for k in kinds_for(request.user)]


@router.get("/jobs", auth=allowed_api("ingest.job_read"), response={200: list[JobOut], **errors(401, 422)})
def job_list(request: HttpRequest, limit: int = Query(50, ge=1, le=MAX_LIMIT, title="条数", description="最多返回的条数（1–500）")):
    return [_job_out(job) for job in selectors.import_job_list(actor=request.user)[:limit]]


@router.get("/jobs/{job_id}", auth=allowed_api("ingest.job_read"), response={200: JobOut, **errors(401, 404, 422)})
def job_get(request: HttpRequest, job_id: int = Path(..., ge=1, le=MAX_ID)):
    return _job_out(selectors.import_job_get(actor=request.user, job_id=job_id))


@router.post("/jobs", auth=allowed_api("ingest.import"), response={200: JobOut, **errors(400, 401, 403, 422)})
def job_create(request: HttpRequest, kind: Form[text(32, "导入类别，见 GET /kinds", min_length=1)], file: File[UploadedFile],
               dry_run: Form[bool] = False):
    """Upload a file of `kind`; small files are imported at once, large ones in the background
    (poll GET /jobs/{id})."""
    job = services.import_job_create(actor=request.user, kind_name=kind, upload=file, name=file.name or "upload",
                                     dry_run=dry_run)
    if job.size <= SYNC_IMPORT_BYTES:
        services.import_job_run(job=job)
    else:
        import_job_task.enqueue(job.pk)
    return _job_out(job)
