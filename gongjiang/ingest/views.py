"""Import and export pages (issue 3 §1, §5): the import list with upload form and templates, a job's
progress (htmx polling) and result, the report download."""

from pathlib import PurePath

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from gongjiang.accounts.permissions import allowed
from gongjiang.audit.services import audit_export
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.http import client_ip
from gongjiang.ingest import selectors, services
from gongjiang.ingest.blank import template_build
from gongjiang.ingest.export import export_response
from gongjiang.ingest.kinds import kind_get, kinds_for
from gongjiang.ingest.tasks import import_job_task


def report_filename(original_name: str) -> str:
    """未通过的行-工人名单.xlsx for 工人名单.csv or 工人名单.xlsx (never …xlsx.xlsx; issue 10 §19)."""
    return f"未通过的行-{PurePath(original_name).stem or original_name}.xlsx"


# Files up to this size are imported while the clerk waits; larger ones go to the background worker.
SYNC_IMPORT_BYTES = 2 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入类别"))
    file = forms.FileField(label=_("文件（.xlsx、.xls、.csv）"))
    dry_run = forms.BooleanField(label=_("试导入：只检查，不写入"), required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]


@allowed("ingest.import")
def import_list(request: HttpRequest) -> HttpResponse:
    kinds = list(kinds_for(request.user))
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds,
                      initial={"kind": request.GET.get("kind", "")})
    too_large = request.method == "POST" and getattr(request, "upload_too_large", None)
    if too_large:  # the bounded upload handler stopped reading the file (issue 18 §2)
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", _("文件超过了 %(mb)d MB 的上限。请把文件分成几个较小的文件，分别上传。") % {"mb": too_large})
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_job_create(actor=request.user, kind_name=form.cleaned_data["kind"], upload=upload,
                                             name=upload.name, dry_run=form.cleaned_data["dry_run"])
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            if job.size <= SYNC_IMPORT_BYTES:
                services.import_job_run(job=job)
            else:
                import_job_task.enqueue(job.pk)
                messages.info(request, "文件较大，已在后台导入，本页会显示进度。")
            return redirect("ingest:job_detail", job_id=job.pk)
    page = Paginator(selectors.import_job_list(actor=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "ingest/import_list.html", {"form": form, "kinds": kinds, "page": page})


@allowed("ingest.job_read")
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    kind = kind_get(job.kind)
    context = {"job": job, "kind": kind, "previous": services.import_job_previous(job),
               "rejections": services.report_preview(job) if job.is_finished else []}
    if request.htmx:
        return render(request, "ingest/_job_status.html", context)
    return render(request, "ingest/job_detail.html", context)


@allowed("ingest.job_read")
def job_report(request: HttpRequest, job_id: int) -> FileResponse:
    """The rejected rows as sent (they may hold ID numbers): download is recorded as an export."""
    job = selectors.import_job_get(actor=request.user, job_id=job_id)
    if not job.report:
        raise NotFound("该导入没有未通过的行")
    audit_export(actor=request.user, object_type=f"import_report:{job.kind}", row_count=job.rejected_count,
                 file_format="xlsx", filters={"job": job.pk}, personal_fields=["id_number"],
                 ip_address=client_ip(request))
    return FileResponse(job.report.open("rb"), as_attachment=True, filename=report_filename(job.original_name))


@allowed("ingest.import")
def template_download(request: HttpRequest, kind_name: str) -> HttpResponse:
    kind = services.import_kind_for(actor=request.user, name=kind_name) if kind_get(kind_name) else None
    if kind is None:
        raise NotFound("未知的导入类别")
    response = HttpResponse(template_build(kind),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, f"{kind.label}导入模板.xlsx")
    return response


@allowed("ingest.job_read")
def import_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    jobs = selectors.import_job_list(actor=request.user)
    columns = [
        ("编号", lambda j: j.pk), ("导入类别", lambda j: j.kind_label),
        ("文件名", lambda j: j.original_name), ("文件校验值", lambda j: j.checksum),
        ("导入人", lambda j: j.actor.username if j.actor else "系统"), ("提交时间", lambda j: j.created_at),
        ("状态", lambda j: j.get_status_display()), ("数据行数", lambda j: j.rows_total),
        ("新增", lambda j: j.created_count), ("更新", lambda j: j.updated_count),
        ("无变化", lambda j: j.unchanged_count), ("未通过", lambda j: j.rejected_count),
        ("试导入", lambda j: "是" if j.dry_run else "否"),
    ]
    return export_response(actor=request.user, rows_iterable=jobs.iterator(), columns=columns, filename="导入记录",
                           file_format=file_format, object_type="import_job", filters={},
                           ip_address=client_ip(request))
