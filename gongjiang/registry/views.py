"""Registry pages: parse, call a service or selector, render. htmx requests get a partial."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongjiang.accounts.permissions import Scope, allowed, can, scope
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.forms import form_add_domain_error
from gongjiang.core.http import client_ip
from gongjiang.core.paging import CappedPaginator
from gongjiang.reference.grades import Grade
from gongjiang.registry import selectors, services
from gongjiang.registry.forms import (
    ARCHIVE_FORMS,
    EmployeeAddForm,
    EnterpriseContactForm,
    EnterpriseForm,
    MyArchiveForm,
    WorkerEditForm,
    WorkerForm,
)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@allowed("registry.worker_list")
def worker_list(request: HttpRequest) -> HttpResponse:
    q = request.GET
    districts, district_code, district_error = _district_filter(request)
    workers = selectors.worker_list(actor=request.user, text=q.get("q", ""), district_code=district_code,
                                    grade_min=_int_or_none(q.get("grade_min")),
                                    occupation_code=q.get("occupation", "").strip(),
                                    enterprise_id=_int_or_none(q.get("enterprise")),
                                    top_grade=(top := _top_grade(q.get("top_grade"))))
    if district_error:
        workers = workers.none()
    page = CappedPaginator(workers, 30).get_page(q.get("page"))  # a district's list can hold 1,000,000 rows
    page.object_list = selectors.workers_top_grade_fill(list(page.object_list))
    template = "registry/_worker_rows.html" if request.htmx and request.htmx.target == "worker-rows" \
        else "registry/worker_list.html"
    return render(request, template, {"page": page, "grades": Grade.choices, "districts": districts,
                                      "district_error": district_error,
                                      "top_grade_label": (Grade(top).label if top else "无技能等级") if top is not None
                                      else ""})


def _top_grade(value: str | None) -> int | None:
    """The home page's "highest grade exactly" filter: a grade of the ladder, or 0 for none."""
    number = _int_or_none(value)
    return number if number is not None and (number == 0 or number in Grade.values) else None


def _district_filter(request: HttpRequest) -> tuple[list, str, str]:
    """The actor's district list, the chosen code and, for a code outside it, why nothing is shown."""
    districts = selectors.district_choices(request.user)
    try:
        return districts, selectors.district_checked(request.user, request.GET.get("district", ""), districts), ""
    except DomainError as exc:
        return districts, "", exc.message


@allowed("registry.worker_read")
def worker_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker, entries = selectors.worker_archive(actor=request.user, worker_id=worker_id)
    return render(request, "registry/worker_detail.html", {
        "worker": worker, "entries": entries, "archive_kinds": ARCHIVE_FORMS,
        "employment": selectors.worker_current_employment(worker),
        "top_grade": Grade(g).label if (g := selectors.worker_top_grade(worker)) else "",
        "can_edit": can(request.user, "registry.worker_edit"),
        "can_reveal": can(request.user, "registry.personal_data_read", worker),
    })


@allowed("registry.personal_data_read")
@require_POST
def worker_reveal(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Unmasked personal data, on request, recorded in the audit log (htmx partial)."""
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    data = services.worker_personal_data_read(actor=request.user, worker=worker, ip_address=client_ip(request))
    return render(request, "registry/_personal_data.html", {"worker": worker, "data": data})


@allowed("registry.worker_register")
def worker_create(request: HttpRequest) -> HttpResponse:
    form = WorkerForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            worker = services.worker_register(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记 {worker.name}")
            return redirect("registry:worker_detail", worker_id=worker.pk)
    return render(request, "registry/form.html", {"form": form, "title": "登记人员"})


@allowed("registry.employee_add")
def employee_add(request: HttpRequest) -> HttpResponse:
    # Enterprise HR add to their own enterprise; bureau staff choose among the enterprises they see.
    enterprises = None if scope(request.user) == Scope.ENTERPRISE else selectors.enterprise_scope(request.user)
    form = EmployeeAddForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        try:
            employment = services.employee_add(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记 {employment.worker.name} 入职")
            return redirect("registry:worker_detail", worker_id=employment.worker_id)
    return render(request, "registry/form.html", {"form": form, "title": "新增员工"})


@allowed("registry.worker_edit")
def worker_edit(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    initial = {"name": worker.name, "residence_district": worker.residence_district,
               "discoverable": worker.discoverable}
    form = WorkerEditForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.worker_update(actor=request.user, worker=worker, name=data["name"],
                                   phone=data["phone"] or None, ss_card=data["ss_card"] or None,
                                   residence_district=data["residence_district"],
                                   discoverable=data["discoverable"])
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("registry:worker_detail", worker_id=worker.pk)
    return render(request, "registry/form.html", {
        "form": form, "title": f"更正 {worker.name} 的基本信息",
        "note": "联系电话、社保卡号留空表示不修改。"})


def _archive_form(request: HttpRequest, kind: str, **kwargs):
    form_class, label = ARCHIVE_FORMS[kind]
    if kind == "employment":
        kwargs["enterprises"] = selectors.enterprise_scope(request.user)
    return form_class(request.POST or None, **kwargs), label


@allowed("registry.worker_edit")
def record_edit(request: HttpRequest, worker_id: int, kind: str, record_id: int | None = None) -> HttpResponse:
    if kind not in ARCHIVE_FORMS:
        raise NotFound("未知的档案类别")
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    instance = None
    if record_id is not None:
        model = services.ARCHIVE_MODELS[kind]
        instance = model.objects.filter(pk=record_id, worker=worker).first()
        if instance is None:
            raise NotFound("未找到该记录")
    form, label = _archive_form(request, kind, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.cleaned_data}
        try:
            services.archive_record_save(actor=request.user, worker=worker, kind=kind, data=data,
                                         instance=instance)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, f"{label}已保存")
            return redirect("registry:worker_detail", worker_id=worker.pk)
    verb = "更正" if instance else "新增"
    return render(request, "registry/form.html", {"form": form, "title": f"{verb}{label} · {worker.name}",
                                                  "back": worker})


@allowed("registry.worker_edit")
@require_POST
def record_delete(request: HttpRequest, worker_id: int, kind: str, record_id: int) -> HttpResponse:
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    services.archive_record_delete(actor=request.user, worker=worker, kind=kind, record_id=record_id)
    messages.success(request, "已删除该记录")
    return redirect("registry:worker_detail", worker_id=worker.pk)


@allowed("registry.own_archive")
def my_archive(request: HttpRequest) -> HttpResponse:
    """A worker's own lifelong archive, and their consent to be found (PIPL)."""
    worker, entries = selectors.worker_archive(actor=request.user, worker_id=request.user.worker_id)
    form = MyArchiveForm(request.POST or None, initial={"discoverable": worker.discoverable})
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_update(actor=request.user, worker=worker, phone=form.cleaned_data["phone"] or None,
                                   discoverable=form.cleaned_data["discoverable"])
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("registry:my_archive")
    return render(request, "registry/my_archive.html", {
        "worker": worker, "entries": entries, "form": form,
        "employment": selectors.worker_current_employment(worker),
        "top_grade": Grade(g).label if (g := selectors.worker_top_grade(worker)) else ""})


@allowed("registry.enterprise_list")
def enterprise_list(request: HttpRequest) -> HttpResponse:
    districts, district_code, district_error = _district_filter(request)
    enterprises = selectors.enterprise_list(actor=request.user, text=request.GET.get("q", ""),
                                            district_code=district_code)
    if district_error:
        enterprises = enterprises.none()
    page = Paginator(enterprises, 30).get_page(request.GET.get("page"))
    return render(request, "registry/enterprise_list.html", {"page": page, "districts": districts,
                                                             "district_error": district_error})


@allowed("registry.enterprise_list")
def enterprise_detail(request: HttpRequest, enterprise_id: int) -> HttpResponse:
    enterprise = selectors.enterprise_get(actor=request.user, enterprise_id=enterprise_id)
    employees = selectors.worker_list(actor=request.user, enterprise_id=enterprise.pk)
    return render(request, "registry/enterprise_detail.html", {
        "enterprise": enterprise, "employee_count": employees.count(), "employees": employees[:20]})


def _enterprise_form(request: HttpRequest, enterprise_id: int | None = None) -> HttpResponse:
    enterprise = selectors.enterprise_get(actor=request.user, enterprise_id=enterprise_id) if enterprise_id else None
    # Enterprise HR correct their own contact details only; bureau staff every field.
    form_class = EnterpriseForm if can(request.user, "registry.enterprise_register") else EnterpriseContactForm
    form = form_class(request.POST or None, instance=enterprise,
                      **({"actor": request.user} if form_class is EnterpriseForm else {}))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.cleaned_data}
        try:
            if enterprise is None:
                enterprise = services.enterprise_register(actor=request.user, **fields)
            else:
                services.enterprise_update(actor=request.user, enterprise=enterprise, **fields)
        except DomainError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("registry:enterprise_detail", enterprise_id=enterprise.pk)
    title = f"更正 {enterprise.name}" if enterprise else "登记企业"
    return render(request, "registry/form.html", {"form": form, "title": title})


enterprise_create = allowed("registry.enterprise_register")(_enterprise_form)
enterprise_edit = allowed("registry.enterprise_edit")(_enterprise_form)


# --- Exports (issue 3 §6): the same scoped, filtered lists as the pages, masked, audited. ---


@allowed("registry.worker_list")
def worker_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    from gongjiang.ingest.export import export_response

    q = request.GET
    filters = {key: q.get(key, "") for key in ("q", "district", "grade_min", "occupation", "enterprise", "top_grade")
               if q.get(key)}
    workers = selectors.worker_list(actor=request.user, text=q.get("q", ""), district_code=q.get("district", ""),
                                    grade_min=_int_or_none(q.get("grade_min")),
                                    occupation_code=q.get("occupation", "").strip(),
                                    enterprise_id=_int_or_none(q.get("enterprise")),
                                    top_grade=_top_grade(q.get("top_grade")), name_reach=None)
    grades = dict(Grade.choices)
    columns = [("姓名", lambda w: w.name), ("身份证号", lambda w: w.id_number_masked),
               ("性别", lambda w: w.get_sex_display()), ("出生日期", lambda w: w.birth_date),
               ("最高等级", lambda w: str(grades.get(w.top_grade, "")) if w.top_grade else ""),
               ("联系电话", lambda w: w.phone_masked)]
    return export_response(actor=request.user, rows_iterable=workers.iterator(chunk_size=2000), columns=columns,
                           filename="人才库", file_format=file_format, object_type="worker", filters=filters,
                           personal_fields=[], ip_address=client_ip(request))


@allowed("registry.enterprise_list")
def enterprise_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    from gongjiang.ingest.export import export_response

    filters = {key: request.GET[key] for key in ("q", "district") if request.GET.get(key)}
    enterprises = selectors.enterprise_list(actor=request.user, text=request.GET.get("q", ""),
                                            district_code=request.GET.get("district", ""))
    columns = [("单位名称", lambda e: e.name), ("统一社会信用代码", lambda e: e.uscc),
               ("区县", lambda e: e.district.name), ("行业", lambda e: e.industry.name if e.industry else ""),
               ("规模", lambda e: e.get_size_display()), ("经济类型", lambda e: e.get_ownership_display()),
               ("地址", lambda e: e.address)]
    return export_response(actor=request.user, rows_iterable=enterprises.iterator(chunk_size=2000),
                           columns=columns, filename="企业", file_format=file_format, object_type="enterprise",
                           filters=filters, ip_address=client_ip(request))


# --- The lifelong archive as a file (R1.3; issue 10 §13) --------------------------------------


def _archive_download(request: HttpRequest, worker_id: int, file_format: str, back: str) -> HttpResponse:
    try:
        name, content_type, content = services.worker_archive_export(
            actor=request.user, worker_id=worker_id, file_format=file_format, ip_address=client_ip(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(file_format != "pdf", name)
    return response


@allowed("registry.own_archive")
def my_archive_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """The worker's own lifelong archive as PDF (to print) or Excel (every record); audited."""
    return _archive_download(request, request.user.worker_id, file_format, "registry:my_archive")


@allowed("registry.archive_export")
def worker_archive_export(request: HttpRequest, worker_id: int, file_format: str) -> HttpResponse:
    """A worker's lifelong archive printed or exported for them by bureau staff; audited."""
    from django.urls import reverse

    return _archive_download(request, worker_id, file_format, reverse("registry:worker_detail", args=[worker_id]))
