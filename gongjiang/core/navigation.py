"""Navigation derived from the permission table (issue 10 §14, §17; ADR 0018).

One list of the platform's modules — what each is called on screen, where it lives, which action
(`accounts/permissions.py`) it needs — feeds both the top navigation and the home page, so a role
is offered exactly the modules it may use: a link never leads to a 403 page, and a new module
appears for every role that may use it once it has a line here. `core.tests.test_navigation`
follows every link offered to every role and fails on a refusal.
"""

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongjiang.accounts.permissions import can


@dataclass(frozen=True)
class Module:
    key: str
    action: str
    url_name: str
    label: Any
    description: Any
    in_nav: bool = True
    #: an extra binding the link needs ("enterprise": the account's enterprise, "no_enterprise")
    needs: str = ""
    url_arg: str = ""


MODULES: list[Module] = [
    Module("my_archive", "registry.own_archive", "registry:my_archive", _("我的档案"),
           _("我的终身职业技能档案：培训、评价、证书、竞赛和荣誉")),
    Module("staff", "registry.worker_list", "registry:worker_list", _("本单位员工"),
           _("查看和维护本单位技能人才档案"), needs="enterprise"),
    Module("registry", "registry.worker_list", "registry:worker_list", _("人才库"),
           _("检索技能人才，查看终身职业技能档案"), needs="no_enterprise"),
    Module("employee_add", "registry.employee_add", "registry:employee_add", _("新增员工"),
           _("登记新入职员工"), in_nav=False, needs="enterprise"),
    Module("worker_register", "registry.worker_register", "registry:worker_create", _("登记人员"),
           _("新增技能人才"), in_nav=False),
    Module("enterprises", "registry.enterprise_register", "registry:enterprise_list", _("企业"),
           _("登记和维护用人单位")),
    Module("my_enterprise", "registry.enterprise_edit", "registry:enterprise_detail", _("本单位信息"),
           _("查看和更正本单位登记信息"), needs="enterprise", url_arg="enterprise_id"),
    Module("incentives", "incentives.officer", "incentives:policy_list", _("专项激励"),
           _("政策、条件与参数的版本管理")),
    Module("claims", "incentives.officer", "incentives:claim_list", _("享受事项"),
           _("初审、复审、公示异议和发放进度"), in_nav=False),
    Module("run", "incentives.officer", "incentives:run_month", _("月度计算"),
           _("免申即享政策的月度计算和历次计算记录"), in_nav=False),
    Module("batches", "incentives.officer", "incentives:batch_list", _("发放批次"),
           _("生成发放批次，导入银行回盘"), in_nav=False),
    Module("mine", "incentives.own_records", "incentives:mine", _("补贴奖励"),
           _("我的补贴、奖励和申报进度")),
    Module("policies", "incentives.policy_read", "incentives:policy_list", _("激励政策"),
           _("适用于本地区的专项激励政策及其依据"), in_nav=False),
    Module("notice", "incentives.public", "incentives:notice", _("公示名单"),
           _("正在公示的补贴和奖励名单"), in_nav=False),
    Module("search", "search.search", "search:search", _("人才检索"),
           _("按职业、等级、区县等条件检索技能人才")),
    Module("shortlists", "search.shortlist", "search:shortlist_list", _("候选名单"),
           _("本单位的候选人名单和联系请求")),
    Module("requests", "search.contact_answer", "search:my_requests", _("联系请求"),
           _("用人单位发给我的联系请求")),
    Module("imports", "ingest.import", "ingest:import_list", _("数据导入"),
           _("用 Excel 批量导入人员、证书和其他记录")),
    # evaluation (issue 13): the agency's batches, the bureau's supervision, a worker's certificates
    Module("evaluation", "evaluation.batch_manage", "evaluation:home", _("技能评价"),
           _("组织评价批次、录入成绩、公示和颁发证书")),
    Module("evaluation_supervision", "evaluation.read", "evaluation:home", _("技能评价"),
           _("评价机构备案、申报条件、质量监督和证书撤销")),
    Module("my_certificates", "evaluation.own_certificates", "evaluation:my_certificates", _("我的证书"),
           _("本平台颁发给我的证书，可下载、可核验")),
    # competitions and honours (issue 14)
    Module("competitions", "competitions.organise", "competitions:competition_list", _("职业技能竞赛"),
           _("发布竞赛、报名、登记和公示成绩")),
    Module("honours", "honours.nominate", "competitions:programme_list", _("荣誉与认定"),
           _("推荐、审核、公示和授予，名额使用情况")),
    Module("skill_statements", "competitions.statement_issue", "competitions:statements", _("技能人才证明"),
           _("为银行、保险机构出具个人等级称号证明和企业技能人才占比证明，可验签")),
    # demand and the shortage catalogue (issue 15)
    Module("demand_analysis", "demand.analyse", "demand:analysis", _("用工需求"),
           _("用工需求汇总、紧缺指标、供需预测、技能人才队伍调查、紧缺职业目录的编制与发布")),
    Module("demand_filings", "demand.filing_list", "demand:filing_list", _("用工需求"),
           _("填报、修改和撤回本单位的用工需求")),
    # training (issue 12): the bureau's supervision and the institution's own work
    Module("training", "training.workbench", "training:home", _("职业培训"),
           _("培训机构、两目录、培训班审批、考勤与监管疑点")),
    Module("training_institution", "training.class_file", "training:institution_detail", _("本机构与场地"),
           _("本机构的登记信息和培训场地"), needs="training_institution", url_arg="training_institution_id"),
    Module("training_classes", "training.class_file", "training:class_list", _("培训班"),
           _("报备培训班、登记学员、导入考勤、结业")),
    Module("training_class_create", "training.class_file", "training:class_create", _("报备培训班"),
           _("报备新的培训班：项目、场地、教师、日期与课表")),
    Module("training_enterprise", "training.enterprise_read", "training:enterprise_training", _("企业培训"),
           _("企业职工培训、新型学徒制和培训经费（工资总额1.5%–2.5%）")),
    Module("training_catalogue", "training.class_file", "training:public_catalogue", _("两目录"),
           _("经认定的培训机构和补贴性培训项目目录"), in_nav=False),
    # targets and indicators (issue 16): the bureau's progress, targets, ranking
    Module("indicators", "indicators.read", "indicators:target_list", _("目标与指标"),
           _("目标、指标进度、指标晾晒和人社局录入的数据")),
    Module("bulletins", "indicators.bulletin", "indicators:bulletin_list", _("月度通报"),
           _("生成和下载本地区的月度通报（PDF、Excel）"), in_nav=False),
    Module("income", "income.read", "income:wage_levels", _("收入监测"),
           _("工资价位、收入分配和激励效果评估")),
    Module("index", "search.index_manage", "search:index_status", _("检索索引"),
           _("人才检索索引的状态和重建"), in_nav=False),
    Module("audit", "audit.log_read", "audit:log", _("审计日志"),
           _("个人信息查看与导出记录")),
    Module("portal", "portal.read", "portal:index", _("公共服务"),
           _("政策文件、公示名单、工资价位、紧缺职业目录、培训机构、证书查验、竞赛和荣誉"), in_nav=False),
    Module("admin", "admin.site", "admin:index", _("后台管理"), _("基础数据和账号的后台维护")),
]


def _bound(user: Any, module: Module) -> bool:
    if module.needs == "enterprise":
        return bool(getattr(user, "enterprise_id", None))
    if module.needs == "no_enterprise":
        return not getattr(user, "enterprise_id", None)
    if module.needs == "training_institution":
        return bool(getattr(user, "training_institution_id", None))
    return True


def modules_for(user: Any, *, nav: bool = False) -> list[dict]:
    """The modules `user` may use (the navigation's subset when `nav`), each with its link."""
    found, seen_urls = [], set()
    for module in MODULES:
        if (nav and not module.in_nav) or not _bound(user, module) or not can(user, module.action):
            continue
        args = [getattr(user, module.url_arg)] if module.url_arg else []
        url = reverse(module.url_name, args=args)
        if url in seen_urls:
            continue
        seen_urls.add(url)
        found.append({"key": module.key, "label": module.label, "description": module.description, "url": url})
    return found


def template_context(request) -> dict:
    """Context processor: `nav_modules` (top navigation) and `home_modules` (the home page), lazily."""
    user = getattr(request, "user", None)

    class _Lazy:
        def __init__(self, nav: bool):
            self.nav, self._items = nav, None

        def _get(self) -> list[dict]:
            if self._items is None:
                self._items = modules_for(user, nav=self.nav) if user is not None else []
            return self._items

        def __iter__(self):
            return iter(self._get())

        def __len__(self) -> int:
            return len(self._get())

    return {"nav_modules": _Lazy(True), "home_modules": _Lazy(False)}
