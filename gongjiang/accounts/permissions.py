"""Who may do what, in one place (issue 18 §1, R9.1; ADR 0011).

Three tables answer every "may this user do this?" of the platform:

- `ROLE_SCOPES`: for each role, which records it sees (all, its district, its enterprise, its own
  archive, none). Selectors turn the scope into a query (`registry.selectors.worker_scope` …);
  nothing else asks which role a user has.
- predicates (django-rules): `is_bureau`, `is_enterprise_hr`, … built from the roles; combinable
  with `|`, `&`, `~`.
- `ACTIONS`: every action a screen, API operation, export, admin page or command performs, with the
  predicate that allows it and the refusal shown in the user's own terms.

Views declare the action they serve with `@allowed("…")`, API operations with
`auth=allowed_api("…")`; services call `require(actor, "…")` for the same names, so a rule is
written once. The authorisation-matrix test (`accounts/tests/test_matrix.py`) walks every URL
pattern and API operation, reads the declared action, and expects exactly what this table says,
for every role — a new endpoint without an entry fails it.

Adding a role: a `Role` choice (accounts.models), its line in `ROLE_SCOPES`, a predicate below if
actions name it, and the actions it gets in `ACTIONS`; then its screens.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import wraps
from typing import Any

import rules
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from ninja.security import SessionAuth

from gongjiang.accounts.models import Role
from gongjiang.core.errors import PermissionDenied


class Scope(enum.StrEnum):
    """Which records a role sees; selectors turn it into a query."""

    ALL = "all"              # every record of the installation
    DISTRICT = "district"    # records of the district the account is bound to
    ENTERPRISE = "enterprise"  # the enterprise the account is bound to and its current staff
    OWN = "own"              # the worker's own archive and records
    AGENCY = "agency"        # the evaluation agency the account is bound to: its batches and certificates
    NONE = "none"            # no registry records (yet): their own domain's records only


ROLE_SCOPES: dict[str, Scope] = {
    Role.BUREAU_ADMIN: Scope.ALL,
    Role.BUREAU_STAFF: Scope.DISTRICT,
    Role.ENTERPRISE_HR: Scope.ENTERPRISE,
    Role.WORKER: Scope.OWN,
    Role.TRAINING_INSTITUTION: Scope.NONE,
    Role.EVALUATION_AGENCY: Scope.AGENCY,  # no registry records; its agency's evaluation records
    Role.COMPETITION_ORGANISER: Scope.NONE,  # issue 14: its own events only (competitions.selectors)
}


def scope(user: Any) -> Scope:
    """The scope of `user`'s reads: superusers see all; anonymous users and accounts missing the
    binding their role needs (an HR account without an enterprise …) see nothing."""
    if not getattr(user, "is_authenticated", False):
        return Scope.NONE
    if user.is_superuser:
        return Scope.ALL
    found = ROLE_SCOPES.get(user.role, Scope.NONE)
    binding = {Scope.DISTRICT: "district_id", Scope.ENTERPRISE: "enterprise_id", Scope.OWN: "worker_id",
               Scope.AGENCY: "agency_id"}.get(found)
    if binding and not getattr(user, binding, None):
        return Scope.NONE
    return found


# --- Predicates ------------------------------------------------------------------------------


def _has_role(role: str) -> rules.Predicate:
    def check(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.role == role)

    return rules.predicate(check, name=f"has_role_{role}")


@rules.predicate
def is_authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


is_bureau_admin = is_superuser | _has_role(Role.BUREAU_ADMIN)
is_bureau_staff = _has_role(Role.BUREAU_STAFF)
is_bureau = is_bureau_admin | is_bureau_staff
#: The statistics office publishes wage price levels (R7.2); bureau roles until it has a role of its own.
is_statistics_office = is_bureau
is_enterprise_hr = rules.predicate(lambda user: scope(user) == Scope.ENTERPRISE and user.role == Role.ENTERPRISE_HR,
                                   name="is_enterprise_hr")
is_worker = rules.predicate(lambda user: scope(user) == Scope.OWN, name="is_worker")
is_training_institution = _has_role(Role.TRAINING_INSTITUTION)
#: An evaluation agency's staff account bound to its agency (evaluation.Agency).
is_evaluation_agency = rules.predicate(lambda user: scope(user) == Scope.AGENCY, name="is_evaluation_agency")
is_competition_organiser = _has_role(Role.COMPETITION_ORGANISER)  # issue 14
# training (issue 12): a training-institution account is bound to one institution (User.training_institution);
# it sees no registry records (Scope.NONE) and, in the training domain, only its institution's
# records (training.selectors.institution_scope).
is_trainer = rules.predicate(
    lambda user: bool(getattr(user, "is_authenticated", False) and user.role == Role.TRAINING_INSTITUTION
                      and getattr(user, "training_institution_id", None)), name="is_trainer")
# end training
sees_workers = rules.predicate(lambda user: scope(user) not in (Scope.NONE, Scope.AGENCY), name="sees_workers")


@rules.predicate
def is_the_worker(user: Any, worker: Any = None) -> bool:
    """The worker themself (with a worker object: that very archive)."""
    if scope(user) != Scope.OWN:
        return False
    return worker is None or getattr(worker, "pk", worker) == user.worker_id


always = rules.always_allow


# --- Actions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    predicate: rules.Predicate
    refusal: Any  # lazy Chinese text, shown as it is
    public: bool = False  # served without logging in


_OFFICER = _("只有人社局工作人员可以办理")
_STATISTICS = _("收入数据只向统计部门（人社局）开放")

ACTIONS: dict[str, Action] = {
    # Anyone, without logging in.
    "public": Action(always, "", public=True),
    # Every logged-in user.
    "core.home": Action(is_authenticated, _("请先登录")),
    "reference.read": Action(is_authenticated, _("请先登录")),
    "demand.catalogue_read": Action(is_authenticated, _("请先登录")),
    "incentives.policy_read": Action(is_authenticated, _("请先登录")),
    "ingest.job_read": Action(is_authenticated, _("请先登录")),
    "incentives.claim_read": Action(is_authenticated, _("请先登录")),
    # Django admin (back-office editing) and the audit log.
    "admin.site": Action(rules.predicate(lambda u: bool(getattr(u, "is_staff", False) and u.is_active)),
                         _("后台管理只向人社局管理员开放")),
    "audit.log_read": Action(is_bureau_admin, _("只有人社局管理员可以查看审计日志")),
    # Registry.
    "registry.worker_list": Action(sees_workers, _("您的角色不能查看人才库")),
    "registry.worker_read": Action(sees_workers, _("您的角色不能查看人员档案")),
    "registry.worker_register": Action(is_bureau, _("只有人社局工作人员可以登记人员")),
    "registry.employee_add": Action(is_bureau | is_enterprise_hr, _("只有人社局工作人员和企业人事可以登记入职")),
    "registry.worker_edit": Action(is_bureau | is_enterprise_hr, _("您的角色不能修改人才库")),
    "registry.personal_data_read": Action(is_bureau | is_the_worker,
                                          _("完整的身份证号和联系方式只向人社局工作人员和本人显示")),
    "registry.own_archive": Action(is_worker, _("本账号未关联个人档案")),
    # The lifelong archive as PDF/Excel (R1.3): the worker themself, and bureau staff for the worker at the counter.
    "registry.archive_export": Action(is_bureau | is_worker, _("只有本人和人社局工作人员可以导出终身职业技能档案")),
    "registry.enterprise_list": Action(is_bureau | is_enterprise_hr, _("只有人社局工作人员和企业人事可以查看企业")),
    "registry.enterprise_register": Action(is_bureau, _("只有人社局工作人员可以登记企业")),
    "registry.enterprise_edit": Action(is_bureau | is_enterprise_hr, _("只有人社局工作人员和本企业人事可以修改企业信息")),
    # Imports: the page is for roles with at least one import kind; each kind names its own action.
    "ingest.import": Action(is_bureau | is_enterprise_hr | is_evaluation_agency, _("您的角色不能导入数据")),
    "ingest.import_bureau_data": Action(is_bureau, _("只有人社局工作人员可以导入此类数据")),
    # Talent search.
    "search.search": Action(is_bureau | is_enterprise_hr, _("只有用人单位和人社部门可以检索人才库")),
    "search.programme_filters": Action(is_bureau, _("按补贴到期等条件检索仅限人社局工作人员")),
    "search.index_manage": Action(is_bureau_admin, _("只有人社局管理员可以维护检索索引")),
    "search.shortlist": Action(is_enterprise_hr, _("只有企业人事账号可以使用候选名单")),
    "search.contact_request": Action(is_enterprise_hr, _("只有企业人事账号可以发出联系请求")),
    "search.contact_answer": Action(is_worker, _("此页面供劳动者本人答复联系请求")),
    # Special incentives.
    # The policies in force and the 公示 list are public (issue 16, R9.2; ADR 0026).
    "incentives.public": Action(always, "", public=True),
    "incentives.officer": Action(is_bureau, _OFFICER),
    "incentives.own_records": Action(is_worker | is_enterprise_hr, _("只有劳动者本人或企业可以查看自己的享受记录")),
    "incentives.apply": Action(is_worker, _("申报个人补贴须由劳动者本人登录办理")),
    "incentives.beneficiary_act": Action(is_bureau | is_worker | is_enterprise_hr, _("只有享受对象本人、企业或经办人员可以办理")),
    # Skill evaluation (R4.1–R4.3). Agency staff run their own agency's batches; the bureau files
    # agencies, sets the eligibility rules, audits and revokes. Verification is public.
    "evaluation.public": Action(always, "", public=True),  # results in notice (公示), masked (ADR 0026)
    "evaluation.read": Action(is_bureau | is_evaluation_agency, _("只有评价机构和人社局工作人员可以办理技能评价")),
    "evaluation.agency_file": Action(is_bureau, _("评价机构由人社局备案")),
    "evaluation.examiner_manage": Action(is_bureau | is_evaluation_agency,
                                         _("只有评价机构和人社局工作人员可以维护考评员")),
    "evaluation.rule_edit": Action(is_bureau, _("申报条件由人社局维护")),
    "evaluation.batch_manage": Action(is_evaluation_agency, _("评价批次由评价机构组织；人社局负责备案和监督")),
    "evaluation.certificate_revoke": Action(is_bureau | is_evaluation_agency,
                                            _("只有发证机构或人社局可以撤销证书")),
    "evaluation.audit": Action(is_bureau, _("评价质量监督仅限人社局工作人员")),
    "evaluation.award_decide": Action(is_bureau, _("直接认定和破格晋升由人社局审批")),
    # The negative list (失信名单) of agencies and examiners: kept and read by bureau staff (R4.3).
    "evaluation.negative_list": Action(is_bureau, _("失信名单由人社局工作人员维护")),
    "evaluation.own_certificates": Action(is_worker, _("此页面供持证人本人查看证书")),
    # A batch's certificate PDFs made in the background: progress, 重新生成, all as one zip.
    "evaluation.certificate_pdfs": Action(is_bureau | is_evaluation_agency,
                                          _("只有评价机构和人社局工作人员可以生成和下载批次的证书 PDF")),
    # The registry's copy of an issued certificate is written by the evaluation services.
    "registry.certificate_issue": Action(is_bureau | is_evaluation_agency,
                                         _("只有评价机构和人社局可以颁发证书")),
    # Income monitoring.
    "income.read": Action(is_statistics_office, _STATISTICS),
    "income.public": Action(always, "", public=True),  # the published wage price levels only (ADR 0026)
    "income.records_import": Action(is_statistics_office, _STATISTICS),
    # --- Competitions, honours and designations (issue 14, ADR 0024) ---
    "competitions.public": Action(always, "", public=True),  # the plan, results, honour lists
    "competitions.organise": Action(is_bureau | is_competition_organiser,
                                    _("只有竞赛组织单位和人社局工作人员可以组织竞赛")),
    "competitions.results_confirm": Action(is_bureau, _("成绩公示期满后由人社局确认并办理以赛代评晋级")),
    "competitions.rules_read": Action(is_bureau | is_competition_organiser,
                                      _("只有竞赛组织单位和人社局工作人员可以查看以赛代评规则")),
    "registry.competition_outcome_record": Action(is_bureau, _("只有人社局工作人员可以把竞赛和荣誉写入档案")),
    "competitions.api_read": Action(is_authenticated, _("请先登录")),
    "honours.nominate": Action(is_bureau | is_enterprise_hr, _("只有企业人事和人社局工作人员可以推荐")),
    "honours.review": Action(is_bureau, _("只有人社局工作人员可以审核、公示和授予")),
    # Objections to results in their notice: anyone may lodge one; the organiser handles it.
    "competitions.objection_lodge": Action(always, "", public=True),
    # Statements for banks and insurers (a worker's grade and titles, an enterprise's ratio).
    "competitions.statement_issue": Action(is_bureau, _("只有人社局工作人员可以出具技能人才证明")),
    "competitions.document_read": Action(is_bureau | is_competition_organiser,
                                         _("只有出具单位（竞赛组织单位、人社局）可以下载证书和证明")),
    "competitions.objection_handle": Action(is_bureau | is_competition_organiser,
                                            _("只有本竞赛的组织单位和人社局工作人员可以处理成绩异议")),
    # --- end of issue 14 ---


    # --- Demand and the shortage catalogue (issue 15; R2.1, R2.2) ---
    "demand.catalogue_public": Action(always, "", public=True),
    "demand.filing_list": Action(is_bureau | is_enterprise_hr, _("只有企业人事和人社局工作人员可以查看用工需求填报")),
    "demand.file": Action(is_enterprise_hr, _("只有企业人事账号可以填报、修改或撤回本单位的用工需求")),
    "demand.analyse": Action(is_bureau, _("用工需求汇总和紧缺指标只向人社局工作人员开放")),
    "demand.forecast_run": Action(is_bureau, _("只有人社局工作人员可以提交供需预测计算")),
    "demand.catalogue_compute": Action(is_bureau, _("只有人社局工作人员可以编制紧缺职业目录草案和填写评审意见")),
    "demand.catalogue_publish": Action(is_bureau_admin, _("只有人社局管理员可以发布紧缺职业目录")),
    "demand.weights_edit": Action(is_bureau_admin, _("只有人社局管理员可以修改紧缺指标权重")),
    "demand.job_seekers_import": Action(is_bureau, _("只有人社局工作人员可以导入求职登记数据")),
    # --- end demand ---

    # training (issue 12; R3.1–R3.5)
    "training.public_read": Action(always, "", public=True),
    "training.workbench": Action(is_bureau | is_trainer, _("培训业务只向人社局工作人员和已绑定机构的培训机构账号开放")),
    "training.institution_manage": Action(is_bureau, _("只有人社局工作人员可以准入、评级培训机构或调整其状态")),
    "training.site_edit": Action(is_bureau | is_trainer, _("只有本机构账号和人社局工作人员可以维护培训场地")),
    "training.programme_manage": Action(is_bureau, _("只有人社局工作人员可以维护补贴性培训项目目录")),
    "training.class_file": Action(is_trainer, _("只有培训机构账号可以报备培训班、登记学员和考勤")),
    "training.class_approve": Action(is_bureau, _("只有人社局工作人员可以审批培训班")),
    "training.supervision": Action(is_bureau, _("只有人社局工作人员可以查看和处理监管疑点")),
    "training.enterprise_file": Action(is_enterprise_hr, _("只有企业人事账号可以填报本企业的职工培训和培训经费")),
    "training.enterprise_read": Action(is_enterprise_hr | is_bureau,
                                       _("企业培训和培训经费只向本企业人事和人社局工作人员开放")),
    # end training

    # --- Targets and indicators (issue 16; R8.1–R8.3; ADR 0025) ---
    "indicators.read": Action(is_bureau, _("目标与指标进度只向人社局工作人员开放")),
    "indicators.target_edit": Action(is_bureau, _("只有人社局工作人员可以录入、修改和删除目标")),
    "indicators.refresh": Action(is_bureau, _("只有人社局工作人员可以重新计算指标")),
    "indicators.ranking_export": Action(is_bureau, _("只有人社局工作人员可以导出指标晾晒表")),
    "indicators.bulletin": Action(is_bureau, _("只有人社局工作人员可以生成、查看和下载月度通报")),
    # --- end indicators ---
    # The public portal (issue 16, R9.2; ADR 0026): gathers every app's public pages.
    "portal.read": Action(always, "", public=True),
    # Career guidance (issue 16, R1.5; ADR 0027): on the archive, for the worker and bureau staff.
    "guidance.read": Action(is_bureau | is_the_worker, _("职业发展指引只向本人和人社局工作人员显示")),
}

#: Roles the matrix test and the documentation enumerate (anonymous users aside).
ROLES = [choice for choice, _label in Role.choices]


def _action(name: str) -> Action:
    try:
        return ACTIONS[name]
    except KeyError:
        raise KeyError(f"permissions: no action named {name!r}; add it to ACTIONS") from None


def can(user: Any, action: str, obj: Any = None) -> bool:
    """May `user` perform `action` (on `obj`, for predicates that look at it)? Object *scope*
    (district, enterprise, own record) is the selectors' business: a record outside scope is not
    found, whatever this says."""
    return bool(_action(action).predicate.test(user, obj))


def refusal(action: str) -> str:
    return str(_action(action).refusal)


def refusal_for(user: Any, action: str) -> str:
    """The refusal of `action` said to `user` in their role's terms (issue 10 §17): which account
    they are logged in with, then who may do it. Anonymous users get the refusal as it is."""
    from django.utils.translation import gettext

    text = str(_action(action).refusal)
    if not getattr(user, "is_authenticated", False) or not getattr(user, "role", ""):
        return text
    return gettext("您登录的是“%(role)s”账号。%(refusal)s。") % {"role": user.get_role_display(),
                                                         "refusal": text.rstrip("。")}


def require(user: Any, action: str, obj: Any = None, message: Any = None) -> None:
    """Raise `core.errors.PermissionDenied` with the action's refusal (or `message`) unless allowed."""
    if not can(user, action, obj):
        raise PermissionDenied(str(message or _action(action).refusal))


def allowed(action: str | dict[str, str], *, by: str | None = None):
    """Decorator for page views: anonymous users go to the log-in page (unless the action is
    public), users the action refuses get 403 with the refusal, domain errors become 404/403.

    `action` is an action's name, or — for one view serving several actions named by a URL
    segment — a mapping from that segment's values (`by`, e.g. "action") to action names; an
    unknown value is not found. The names are kept on the view for the authorisation-matrix test."""
    names = action if isinstance(action, dict) else {None: action}
    for name in names.values():
        _action(name)

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            from django.http import Http404

            from gongjiang.core.errors import NotFound

            key = kwargs.get(by) if by else None
            if key not in names:
                raise Http404("未找到该页面")
            spec = ACTIONS[names[key]]
            if not spec.public and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not spec.predicate.test(request.user, None):
                raise DjangoPermissionDenied(refusal_for(request.user, names[key]))
            try:
                return view(request, *args, **kwargs)
            except NotFound as exc:
                raise Http404(str(exc)) from exc
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(str(exc)) from exc

        wrapper.permission_action = action
        wrapper.permission_by = by
        return wrapper

    return decorate


class allowed_api(SessionAuth):  # noqa: N801 — used like a decorator argument: auth=allowed_api("…")
    """django-ninja authentication for one API operation: the session user, if the action allows
    them (401 when not logged in, 403 with the refusal when refused)."""

    def __init__(self, action: str, csrf: bool = True):
        _action(action)
        self.action = action
        super().__init__(csrf=csrf)

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        require(user, self.action)
        return user


def template_context(request) -> dict:
    """Context processor: `may.<action with dots as __>` for templates, e.g. `{% if may.audit__log_read %}`."""
    user = getattr(request, "user", None)

    class _May:
        def __getattr__(self, name: str) -> bool:
            return can(user, name.replace("__", "."))

        def __getitem__(self, name: str) -> bool:
            return can(user, name.replace("__", "."))

    return {"may": _May()}
