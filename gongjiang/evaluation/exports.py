"""Every evaluation list as .xlsx or .csv through the platform's export helper (ingest.export:
streamed, formula-safe, audited)."""

from __future__ import annotations

from django.http import HttpRequest

from gongjiang.core.http import client_ip
from gongjiang.ingest.export import export_response
from gongjiang.reference.schools import school_kinds_label


def _respond(request: HttpRequest, rows, columns, filename: str, file_format: str, object_type: str):
    return export_response(actor=request.user, rows_iterable=rows, columns=columns, filename=filename,
                           file_format=file_format, object_type=object_type, filters=dict(request.GET.items()),
                           ip_address=client_ip(request))


def agencies(request, qs, file_format):
    columns = [("机构名称", lambda a: a.name), ("机构类别", lambda a: a.get_kind_display()),
               ("机构代码", lambda a: a.code), ("省份代码", lambda a: a.province_code),
               ("站点代码", lambda a: a.site_code), ("备案区县", lambda a: a.district.name),
               ("所属企业", lambda a: a.enterprise.name if a.enterprise else ""),
               ("状态", lambda a: a.get_status_display()), ("状态说明", lambda a: a.status_reason),
               ("备案日期", lambda a: a.filed_on)]
    return _respond(request, qs.iterator(), columns, "评价机构", file_format, "agency")


def rules(request, qs, file_format):
    columns = [("职业编码", lambda r: r.occupation.code), ("职业（工种）", lambda r: r.occupation.name),
               ("申报等级", lambda r: r.get_grade_display()),
               ("需已取得等级", lambda r: r.get_previous_grade_display() if r.previous_grade else "不要求"),
               ("途径", lambda r: r.get_route_display()), ("条件", lambda r: r.describe()),
               ("累计从事本职业工作年限", lambda r: r.years),
               ("学校类别", lambda r: school_kinds_label(r.school_kinds)),
               ("正规培训标准学时", lambda r: r.training_hours if r.training_hours else ""),
               ("依据", lambda r: r.citation)]
    return _respond(request, qs.iterator(), columns, "申报条件", file_format, "eligibility_rule")


def batches(request, qs, file_format):
    columns = [("评价机构", lambda b: b.agency.name), ("职业（工种）", lambda b: b.occupation.name),
               ("等级", lambda b: b.get_grade_display()), ("考核日期", lambda b: b.exam_date),
               ("考核地点", lambda b: b.site), ("考生人数", lambda b: b.candidate_count),
               ("合格人数", lambda b: b.passed_count), ("状态", lambda b: b.get_status_display()),
               ("公示截止", lambda b: b.notice_until), ("发证日期", lambda b: b.issued_on),
               ("报送期限", lambda b: b.report_due), ("报送日期", lambda b: b.reported_on)]
    return _respond(request, qs.iterator(), columns, "评价批次", file_format, "evaluation_batch")


def candidates(request, batch, qs, file_format):
    columns = [("姓名", lambda c: c.worker.name), ("身份证号", lambda c: c.worker.id_number_masked),
               ("符合申报条件", lambda c: "是" if c.eligible else "否"), ("申报条件审核", lambda c: c.eligibility_reason),
               ("理论知识成绩", lambda c: c.theory_score), ("操作技能成绩", lambda c: c.practical_score),
               ("评定结果", lambda c: c.get_result_display()),
               ("证书编号", lambda c: c.certificate.number if hasattr(c, "certificate") else "")]
    return _respond(request, qs.iterator(), columns, f"考生-{batch.occupation.name}-{batch.exam_date}", file_format,
                    "evaluation_candidate")


def certificates(request, qs, file_format):
    columns = [("证书编号", lambda c: c.number), ("持证人", lambda c: c.name_masked),
               ("职业（工种）", lambda c: c.occupation.name),
               ("等级", lambda c: c.get_grade_display()), ("发证日期", lambda c: c.issued_on),
               ("发证机构", lambda c: c.agency.name), ("状态", lambda c: c.get_status_display()),
               ("撤销原因", lambda c: c.revoked_reason)]
    return _respond(request, qs.iterator(), columns, "证书", file_format, "issued_certificate")


def negative_entries(request, qs, file_format):
    from django.utils import timezone

    today = timezone.localdate()

    def state(e):
        if e.lifted_at:
            return "已移出"
        return "有效" if e.in_force(today) else ("已期满" if e.listed_until and e.listed_until < today else "未生效")

    columns = [("对象类别", lambda e: e.get_subject_display()), ("名称", lambda e: e.subject_name),
               ("列入原因", lambda e: e.reason), ("依据文件", lambda e: e.basis),
               ("列入日期", lambda e: e.listed_from), ("期满日期", lambda e: e.listed_until or "长期"),
               ("列入人", lambda e: e.added_by.get_full_name() or e.added_by.username), ("状态", state),
               ("移出时间", lambda e: timezone.localtime(e.lifted_at).strftime("%Y-%m-%d %H:%M") if e.lifted_at else ""),
               ("移出原因", lambda e: e.lift_reason)]
    return _respond(request, qs.iterator(), columns, "失信名单", file_format, "negative_list_entry")
