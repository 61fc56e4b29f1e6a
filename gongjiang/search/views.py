"""Talent search pages: parse, call a selector or service, render; htmx requests get a partial."""

from dataclasses import replace

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongjiang.accounts.permissions import allowed, can
from gongjiang.core.errors import DomainError
from gongjiang.core.http import client_ip
from gongjiang.ingest.export import export_response
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Industry, Occupation
from gongjiang.registry.models import CertificateKind
from gongjiang.registry.selectors import district_choices
from gongjiang.search import selectors, services
from gongjiang.search.programmes import programme_filters_apply
from gongjiang.search.query import DISTRICT_BY, PAGE_SIZE_MAX, search_query_parse
from gongjiang.search.tasks import search_reindex_task
from gongjiang.search.terms import EXPERIENCE_STEPS

EXPORT_ROWS_MAX = 1000
INLINE_REINDEX_MAX = 5000  # workers; above this the rebuild runs as a background task


def _flash(request: HttpRequest, text: str, ok: bool) -> HttpResponse:
    """The outcome of a one-click action: a partial for htmx, else a message and back to the page."""
    if request.htmx:
        return render(request, "search/_flash.html", {"text": text, "ok": ok})
    (messages.success if ok else messages.error)(request, text)
    return redirect(request.META.get("HTTP_REFERER") or reverse("search:search"))


def _form_context(request: HttpRequest) -> dict:
    return {
        "grades": Grade.choices, "cert_kinds": CertificateKind.choices, "years_steps": EXPERIENCE_STEPS,
        "districts": district_choices(request.user),
        "district_by_choices": [(value, meaning) for value, (_prefix, meaning) in DISTRICT_BY.items()],
        "industries": Industry.objects.filter(level=1).order_by("code"),
        "shortlists": list(selectors.shortlist_list(actor=request.user)),
        "is_hr": can(request.user, "search.shortlist"),
        "is_bureau": can(request.user, "search.programme_filters"),
        "this_year": timezone.localdate().year,
        "occupations": Occupation.objects.filter(level=Occupation.Level.OCCUPATION).values_list("code", "name"),
    }


@allowed("search.search")
def search(request: HttpRequest) -> HttpResponse:
    """The talent search page (issue 4 §1–3). Each search is recorded in the audit log."""
    context = _form_context(request)
    context["errors"] = {}
    try:
        query = programme_filters_apply(actor=request.user, query=search_query_parse(request.GET))
        result = selectors.worker_search(actor=request.user, query=query)
    except DomainError as exc:
        context["errors"] = {exc.field or "general": exc.message}
        result = None
    else:
        services.search_record(actor=request.user, filters=query.as_filters(), result_count=result.total,
                               ip_address=client_ip(request))
    context["result"] = result
    params = request.GET.copy()
    params.pop("page", None)
    context["params"] = params.urlencode()
    template = "search/_results.html" if request.htmx and request.htmx.target == "search-results" \
        else "search/search.html"
    return render(request, template, context)


@allowed("search.search")
def search_export(request: HttpRequest) -> HttpResponse:
    """The matches of a search as CSV/XLSX (at most 1,000 rows), masked as on screen; audited."""
    query = programme_filters_apply(actor=request.user, query=search_query_parse(
        {**request.GET.dict(), "page": 1, "page_size": PAGE_SIZE_MAX}))
    hits = []
    for page in range(1, EXPORT_ROWS_MAX // PAGE_SIZE_MAX + 1):
        result = selectors.worker_search(actor=request.user, query=replace(query, page=page), facets=False)
        hits += result.hits
        if len(result.hits) < query.page_size:
            break
    columns = [("姓名", lambda h: h.name), ("性别", lambda h: h.sex), ("年龄", lambda h: h.age),
               ("最高等级", lambda h: h.top_grade_label), ("区县", lambda h: h.district),
               ("单位", lambda h: h.employer), ("联系电话", lambda h: h.phone_masked),
               ("匹配原因", lambda h: "；".join(h.reasons))]
    unmasked = ["name"] if any(not h.name_masked for h in hits) else []
    return export_response(actor=request.user, rows_iterable=hits, columns=columns, filename="人才检索结果",
                           file_format=request.GET.get("format", "xlsx"), object_type="worker_search",
                           filters=query.as_filters(), personal_fields=unmasked, ip_address=client_ip(request))


# --- Shortlists ----------------------------------------------------------------------------


@allowed("search.shortlist")
def shortlist_list(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            shortlist = services.shortlist_create(actor=request.user, name=request.POST.get("name", ""))
        except DomainError as exc:
            error = exc.message
        else:
            return redirect("search:shortlist_detail", shortlist.pk)
    return render(request, "search/shortlist_list.html", {
        "shortlists": selectors.shortlist_list(actor=request.user), "error": error,
        "name": request.POST.get("name", "")})


@allowed("search.shortlist")
def shortlist_detail(request: HttpRequest, shortlist_id: int) -> HttpResponse:
    shortlist = selectors.shortlist_get(actor=request.user, shortlist_id=shortlist_id)
    return render(request, "search/shortlist_detail.html", {
        "shortlist": shortlist, "rows": selectors.shortlist_rows(actor=request.user, shortlist=shortlist)})


@allowed("search.shortlist")
def shortlist_export(request: HttpRequest, shortlist_id: int) -> HttpResponse:
    shortlist = selectors.shortlist_get(actor=request.user, shortlist_id=shortlist_id)
    rows = selectors.shortlist_rows(actor=request.user, shortlist=shortlist)
    columns = [("姓名", lambda r: r.name), ("职业", lambda r: r.occupation), ("最高等级", lambda r: r.top_grade_label),
               ("区县", lambda r: r.district), ("联系电话", lambda r: r.phone),
               ("联系请求", lambda r: r.contact_status_label), ("备注", lambda r: r.entry.note),
               ("加入日期", lambda r: timezone.localdate(r.entry.added_at))]  # the local day the page shows
    unmasked = ["name"] if any(not r.name_masked for r in rows) else []
    return export_response(actor=request.user, rows_iterable=rows, columns=columns,
                           filename=f"候选名单-{shortlist.name}", file_format=request.GET.get("format", "xlsx"),
                           object_type="shortlist", filters={"shortlist": shortlist.pk}, personal_fields=unmasked,
                           ip_address=client_ip(request))


@allowed("search.shortlist")
@require_POST
def shortlist_add(request: HttpRequest) -> HttpResponse:
    """Add a search hit to a shortlist (the chosen one, or the enterprise's default)."""
    try:
        worker_id = int(request.POST.get("worker_id", ""))
        raw = request.POST.get("shortlist_id", "")
        shortlist_id = int(raw) if raw else services.shortlist_default(actor=request.user).pk
        services.shortlist_entry_add(actor=request.user, shortlist_id=shortlist_id, worker_id=worker_id,
                                     note=request.POST.get("note", ""))
        text, ok = _("已加入候选名单"), True
    except ValueError:
        text, ok = _("请求缺少人员编号，请刷新页面后重试"), False
    except DomainError as exc:
        text, ok = exc.message, False
    return _flash(request, text, ok)


@allowed("search.shortlist")
@require_POST
def entry_note(request: HttpRequest, entry_id: int) -> HttpResponse:
    try:
        entry = services.shortlist_entry_annotate(actor=request.user, entry_id=entry_id,
                                                  note=request.POST.get("note", ""))
        messages.success(request, _("备注已保存"))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("search:shortlist_list")
    return redirect("search:shortlist_detail", entry.shortlist_id)


@allowed("search.shortlist")
@require_POST
def entry_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    shortlist_id = request.POST.get("shortlist_id", "")
    services.shortlist_entry_remove(actor=request.user, entry_id=entry_id)
    messages.success(request, _("已移出候选名单"))
    return redirect("search:shortlist_detail", shortlist_id) if shortlist_id.isdigit() \
        else redirect("search:shortlist_list")


# --- Contact requests ----------------------------------------------------------------------


@allowed("search.contact_request")
@require_POST
def contact_request(request: HttpRequest, worker_id: int) -> HttpResponse:
    try:
        services.contact_request_create(actor=request.user, worker_id=worker_id,
                                        message=request.POST.get("message", ""))
        text, ok = _("联系请求已发出，本人同意后可查看联系方式"), True
    except DomainError as exc:
        text, ok = exc.message, False
    return _flash(request, text, ok)


@allowed("search.contact_request")
@require_POST
def contact_reveal(request: HttpRequest, worker_id: int) -> HttpResponse:
    data = services.contact_reveal(actor=request.user, worker_id=worker_id, ip_address=client_ip(request))
    return render(request, "search/_contact.html", {"data": data})


@allowed("search.contact_answer")
def my_requests(request: HttpRequest) -> HttpResponse:
    """A worker's contact requests, to accept or decline (issue 4 §4)."""
    if request.method == "POST":
        try:
            services.contact_request_decide(actor=request.user, request_id=int(request.POST.get("request_id", 0)),
                                            accept=request.POST.get("decision") == "accept")
            messages.success(request, _("已答复"))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("search:my_requests")
    return render(request, "search/my_requests.html", {
        "requests": selectors.contact_request_list_for_worker(actor=request.user)})


@allowed("search.contact_answer")
def my_requests_export(request: HttpRequest, file_format: str) -> HttpResponse:
    """A worker's own contact requests, the rows of the page, as .xlsx or .csv (audited)."""
    columns = [("单位", lambda r: r.enterprise.name), ("留言", lambda r: r.message), ("时间", lambda r: r.created_at),
               ("状态", lambda r: r.get_status_display())]
    return export_response(actor=request.user, rows_iterable=selectors.contact_request_list_for_worker(actor=request.user),
                           columns=columns, filename="联系请求", file_format=file_format,
                           object_type="contact_request", filters={"scope": "mine"}, personal_fields=[],
                           ip_address=client_ip(request))


# --- Index maintenance (bureau administrators) ------------------------------------------------


@allowed("search.index_manage")
def index_status(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        status = selectors.search_index_status()
        if status["workers"] <= INLINE_REINDEX_MAX:
            count = services.search_reindex()
            messages.success(request, _("已重建 %(n)s 份检索文档") % {"n": count})
        else:
            search_reindex_task.enqueue()
            messages.success(request, _("已在后台开始重建检索文档，请稍后刷新查看进度"))
        return redirect("search:index_status")
    return render(request, "search/index_status.html", {"status": selectors.search_index_status()})
