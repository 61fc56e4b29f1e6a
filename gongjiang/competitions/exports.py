"""Every list of the competitions domain as Excel or CSV, through the import centre's export helper
(ADR 0007: audited, text columns kept as text). Public lists hold masked names only."""

from django.http import Http404, HttpRequest, HttpResponse

from gongjiang.competitions import selectors
from gongjiang.core.http import client_ip
from gongjiang.ingest.export import export_response


def _send(request, rows, columns, filename, file_format, object_type, personal_fields=None):
    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=filename,
                           file_format=file_format, object_type=object_type, personal_fields=personal_fields or [],
                           ip_address=client_ip(request))


EVENT_COLUMNS = [("竞赛名称", lambda c: c.name), ("级别", lambda c: c.get_level_display()),
                 ("工种", lambda c: c.occupation.name if c.occupation else ""), ("组织单位", lambda c: c.organiser_name),
                 ("开始日期", lambda c: c.starts_on), ("结束日期", lambda c: c.ends_on),
                 ("报名截止", lambda c: c.entry_deadline), ("地点", lambda c: c.venue), ("名额", lambda c: c.places),
                 ("已报名", lambda c: c.entry_count), ("状态", lambda c: c.get_status_display())]


def public_export(request: HttpRequest, what: str, file_format: str) -> HttpResponse:
    if what == "plan":
        return _send(request, selectors.competition_plan(), EVENT_COLUMNS, "竞赛计划", file_format, "competition_plan")
    if what == "honours":
        columns = [("称号", lambda r: r["programme"]), ("类别", lambda r: r["kind"]), ("名称", lambda r: r["name"]),
                   ("领办人", lambda r: r["lead"]), ("单位", lambda r: r["unit"]), ("状态", lambda r: r["status"]),
                   ("授予日期", lambda r: r["awarded_on"] or ""), ("期限", lambda r: r["period"])]
        return _send(request, selectors.honour_list_public(), columns, "荣誉与认定名单", file_format, "honour_list")
    raise Http404("未找到该名单")


def competition_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    return _send(request, selectors.competition_list(actor=request.user), EVENT_COLUMNS, "我组织的竞赛", file_format,
                 "competition_event")


def competition_export(request: HttpRequest, competition, what: str, file_format: str) -> HttpResponse:
    if what == "entries":
        columns = [("姓名", lambda e: e.worker.name), ("身份证号", lambda e: e.worker.id_number_masked),
                   ("队名", lambda e: e.team_name), ("选送单位", lambda e: e.unit_name),
                   ("报名时等级", lambda e: e.get_grade_at_entry_display() if e.grade_at_entry else "")]
        return _send(request, selectors.entry_list(competition), columns, f"{competition.name}报名名单"[:28],
                     file_format, "competition_entry")
    if what == "results":
        columns = [("名次", lambda r: r.rank), ("姓名", lambda r: r.entry.worker.name),
                   ("身份证号", lambda r: r.entry.worker.id_number_masked), ("队名", lambda r: r.team_key),
                   ("奖项", lambda r: r.get_award_display()), ("成绩", lambda r: r.score if r.score is not None else ""),
                   ("授予称号", lambda r: getattr(getattr(r, "promotion", None), "title", "")),
                   ("晋升至", lambda r: r.promotion.get_grade_to_display()
                    if getattr(r, "promotion", None) and r.promotion.grade_to else "")]
        return _send(request, selectors.result_list(competition), columns, f"{competition.name}成绩"[:28],
                     file_format, "competition_result")
    raise Http404("未找到该名单")


def rule_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    columns = [("竞赛级别", lambda r: r.get_level_display()), ("奖项", lambda r: r.get_award_display()),
               ("名次不低于", lambda r: r.max_rank or ""), ("授予称号", lambda r: r.title),
               ("晋升等级数", lambda r: r.grade_steps or ""),
               ("直接晋升至", lambda r: r.get_grade_direct_display() if r.grade_direct else ""),
               ("最高晋升至", lambda r: r.get_grade_cap_display() if r.grade_cap else ""),
               ("依据", lambda r: r.citation), ("起始日期", lambda r: r.effective_from)]
    return _send(request, selectors.promotion_rule_list(), columns, "以赛代评规则", file_format, "promotion_rule")


def nomination_list_export(request: HttpRequest, file_format: str) -> HttpResponse:
    columns = [("项目", lambda n: n.programme.title), ("推荐对象", lambda n: n.subject_name),
               ("单位", lambda n: n.enterprise.name if n.enterprise_id else ""),
               ("推荐单位", lambda n: n.nominating_unit), ("状态", lambda n: n.get_status_display()),
               ("公示截止", lambda n: n.notice_until or ""), ("授予日期", lambda n: n.awarded_on or ""),
               ("审核意见", lambda n: n.review_note)]
    return _send(request, selectors.nomination_scope(request.user), columns, "推荐与授予", file_format, "nomination")
