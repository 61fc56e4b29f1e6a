"""Screen words for the audit log (issue 10 §7; ADR 0018): the kinds of object an event concerns,
the roles of the people who acted, and the search filters a summary names. Events store code names
(`worker_search`, `bureau_staff`); the log page and its export show these words. A kind of
object recorded somewhere in the code without a word here fails `audit/tests/test_labels.py`."""

from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

OBJECT_TYPES: dict[str, Any] = {
    # evaluation (issue 13), competitions (issue 14), training (issue 12)
    "agency": _("评价机构"),
    "competition_plan": _("竞赛计划"),
    "direct_award": _("直接认定与破格晋升"),
    "eligibility_rule": _("申报条件"),
    "evaluation_batch": _("评价批次"),
    "evaluation_candidate": _("评价考生"),
    "examiner": _("考评人员"),
    "negative_list_entry": _("失信名单记录"),
    "honour_list": _("荣誉名单"),
    "issued_certificate": _("颁发的证书"),
    "certificate_pdf": _("证书 PDF"),
    "promotion_rule": _("以赛代评规则"),
    "enterprise_training": _("企业培训"),
    "training_checkin": _("培训签到记录"),
    "training_class": _("培训班"),
    "training_completion": _("培训结业"),
    "training_enrolment": _("培训学员"),
    "training_institution": _("培训机构"),
    "training_programme": _("培训项目"),
    "training_site": _("培训场地"),
    "audit_event": _("审计日志"),
    "indicator_target": _("目标"),
    "indicator_ranking": _("指标晾晒"),
    "indicator_bulletin": _("月度通报"),
    "indicator_performance": _("绩效评估"),
    "certificate": _("证书"),
    "competition": _("职业技能竞赛"),
    "competition_entry": _("竞赛报名"),
    "competition_event": _("职业技能竞赛"),
    "competition_result": _("竞赛成绩"),
    "competition_objection": _("竞赛成绩异议"),
    "signed_document": _("获奖证书与技能人才证明"),
    "nomination": _("荣誉推荐"),
    "honour_programme": _("荣誉与认定项目"),
    "studio_member": _("工作室成员"),
    "studio_review": _("工作室年度考核"),
    "contact_request": _("联系请求"),
    "decision_run": _("月度计算"),
    "demand": _("用工需求"),
    "demand_aggregate": _("用工需求汇总"),
    "demand_filing": _("用工需求填报"),
    "demand_filing_history": _("用工需求填报记录"),
    "demand_forecast": _("供需预测"),
    "demand_weights": _("紧缺指标权重"),
    "demand_workforce": _("技能人才队伍调查"),
    "demand_indicators": _("紧缺指标"),
    "shortage_catalogue": _("紧缺职业目录"),
    "shortage_catalogue_list": _("紧缺职业目录列表"),
    "shortage_catalogue_public": _("公开的紧缺职业目录"),
    "employment": _("就业记录"),
    "enterprise": _("企业"),
    "honour": _("荣誉称号"),
    "import_job": _("导入任务"),
    "import_report": _("导入结果报告"),
    "import": _("数据导入"),
    "incentive_claim": _("享受事项"),
    "incentive_decision": _("享受决定"),
    "incentive_notice": _("公示名单"),
    "incentive_policy": _("激励政策"),
    "income_distribution": _("收入分配统计"),
    "income_record": _("收入记录"),
    "ledger_entry": _("发放台账"),
    "payment_batch": _("发放批次"),
    "policy_version": _("政策版本"),
    "shortlist": _("候选名单"),
    "soe_pay_gap": _("国有企业工资增长比较"),
    "training": _("职业培训"),
    "training_finding": _("培训监管疑点"),
    "training_supervision": _("培训监管"),
    "user": _("登录账号"),
    "worker_archive": _("终身职业技能档案"),
    "wage_levels": _("工资价位"),
    "worker": _("人员档案"),
    "worker_search": _("人才检索"),
    "lifelong_archive": _("终身职业技能档案"),
}

#: Search filters (`search.query.SearchQuery.as_filters`) as a clerk reads them.
SEARCH_FILTERS: dict[str, Any] = {
    "text": _("关键词"), "occupation_code": _("职业"), "grade_min": _("最低等级"), "district_code": _("区县"),
    "nearby": _("含相邻区县"), "certificate_kind": _("证书类别"), "honours": _("荣誉"), "years_min": _("最少从业年限"),
    "age_min": _("最小年龄"), "age_max": _("最大年龄"), "industry_code": _("行业"), "shortage_only": _("仅紧缺职业"),
    "subsidy_ends_year": _("补贴到期年份"), "page": _("页码"), "worker_ids": _("限定人数"),
    "occupation_codes": _("职业（多个）"),
}


#: Sub-kinds named after a colon (`import:workers`), registered by the apps that define them (the
#: import kinds register themselves), so the log does not depend on those apps.
_KINDS: dict[str, Any] = {}


def object_kind_register(name: str, label: Any) -> None:
    _KINDS[name] = label


def object_type_words(object_type: str) -> str:
    """`worker_search` → 人才检索; `import:workers` → 数据导入（人员）; unknown kinds as they are."""
    head, _sep, tail = (object_type or "").partition(":")
    label = OBJECT_TYPES.get(head)
    if label is None:
        return object_type
    if tail:
        return f"{label}（{_KINDS.get(tail, tail)}）"
    return str(label)


def object_words(object_type: str, object_id: Any) -> str:
    """The object of an event in words: 人员档案（编号 6）; 人才检索."""
    label = object_type_words(object_type)
    if object_id in ("", None):
        return label
    return gettext("%(label)s（编号 %(id)s）") % {"label": label, "id": object_id}


def role_words(role: str) -> str:
    from gongjiang.accounts.models import Role

    return str(dict(Role.choices).get(role, role)) if role else ""


def filter_value_words(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if key == "district_code":
        from gongjiang.reference.selectors import division_name_for_code

        found = division_name_for_code(str(value))
        return f"{found.full_name}（{value}）" if found else str(value)
    if key == "grade_min":
        from gongjiang.reference.grades import Grade

        try:
            return str(Grade(int(value)).label)
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def search_summary(filters: dict) -> str:
    """人才检索：区县 上海市普陀区（310107）；关键词 焊工 — the filters a search used, in words."""
    parts = [f"{SEARCH_FILTERS.get(k, k)} {filter_value_words(k, v)}" for k, v in filters.items()
             if v not in ("", None, False, []) and k != "page"]
    return gettext("人才检索") + ("：" + "；".join(parts) if parts else "")
