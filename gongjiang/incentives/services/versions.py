"""Policy versions: draft, conditions, parameter values, submit, approve (maker/checker), reject."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.incentives.engine import (
    conditions_check,
    parameter_names,
)
from gongjiang.incentives.formulas import FORMULAS
from gongjiang.incentives.models import (
    ClaimMode,
    ParameterValue,
    Policy,
    PolicyVersion,
    VersionStatus,
)
from gongjiang.incentives.services._common import (
    _require_officer,
)


@transaction.atomic
def policy_version_draft(*, actor: Any, policy: Policy, change_note: str = "") -> PolicyVersion:
    """A new draft copying the conditions of the latest version. Bureau officers only."""
    _require_officer(actor)
    latest = policy.versions.order_by("-number").first()
    if policy.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.SUBMITTED]).exists():
        raise DomainError("该政策已有未发布的草稿，请先处理该草稿（提交审批或退回）")
    version = PolicyVersion.objects.create(policy=policy, number=(latest.number + 1) if latest else 1,
                                           conditions=latest.conditions if latest else [],
                                           change_note=change_note, created_by=actor)
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="policy_version", object_id=version.pk,
                 summary=f"起草 {policy.code} v{version.number}")
    return version


def _require_draft(version: PolicyVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise DomainError(f"版本 v{version.number} 状态为“{version.get_status_display()}”，只能修改草稿；"
                          "请新建草稿后修改")


@transaction.atomic
def policy_version_conditions_set(*, actor: Any, version: PolicyVersion, conditions: Any) -> PolicyVersion:
    """Replace a draft's conditions after checking them against the formula's declared facts and
    the parameters the version knows."""
    _require_officer(actor)
    _require_draft(version)
    spec = FORMULAS[version.policy.formula]
    version.conditions = conditions_check(conditions, facts=spec.facts, parameters=parameter_names(version))
    version.save(update_fields=["conditions"])
    return version


@transaction.atomic
def parameter_value_add(*, actor: Any, version: PolicyVersion, name: str, value: Any, effective_from: date,
                        citation: str, note: str = "") -> ParameterValue:
    """Record a parameter value in a draft, effective from `effective_from`, decided now, citing
    its source. Refuses a missing citation or a value that is not a number."""
    _require_officer(actor)
    _require_draft(version)
    if not name or not name.replace("_", "").isalnum():
        raise DomainError("参数名只能由英文字母、数字和下划线组成，例如 amount_technician", field="name")
    if not citation.strip():
        raise DomainError("请填写依据（文号和条款），例如：定政发〔2025〕4号 二(三)4", field="citation")
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise DomainError(f"取值“{value}”不是数字，请只填写数字，例如 1600 或 0.3", field="value") from exc
    from gongjiang.incentives.formulas import parameter_value_problem

    problem = parameter_value_problem(version.policy.formula, name, number)
    if problem:
        raise DomainError(problem, field="value")
    return ParameterValue.objects.create(version=version, name=name, effective_from=effective_from, value=number,
                                         citation=citation.strip(), decided_at=timezone.now(), note=note)


@transaction.atomic
def policy_version_submit(*, actor: Any, version: PolicyVersion) -> PolicyVersion:
    _require_officer(actor)
    _require_draft(version)
    spec = FORMULAS[version.policy.formula]
    conditions_check(version.conditions, facts=spec.facts, parameters=parameter_names(version))
    version.status = VersionStatus.SUBMITTED
    version.save(update_fields=["status"])
    return version


@transaction.atomic
def policy_version_approve(*, actor: Any, version: PolicyVersion, run_arrears: bool = True,
                           today: date | None = None) -> PolicyVersion:
    """Publish a submitted version: a second officer, never its drafter (maker/checker, also a
    database constraint). The previous published version is superseded; the arrears from the
    document's `applies_from` to this month are computed in the background (R6.1, end of `003`)."""
    _require_officer(actor)
    if version.status != VersionStatus.SUBMITTED:
        raise DomainError("只能审批“待审批”状态的版本")
    if version.created_by_id == actor.pk:
        raise PermissionDenied("起草人不能审批自己起草的版本，请由另一位工作人员审批")
    from gongjiang.incentives.counting import predecessor_warning
    from gongjiang.incentives.engine import parameters_resolve

    policy = Policy.objects.select_related("document").get(pk=version.policy_id)
    warning = predecessor_warning(policy, parameters_resolve(version, on=policy.document.applies_from))
    if warning and policy.continues_id is None:
        raise DomainError("发布前请处理延续的原政策：" + warning)
    PolicyVersion.objects.filter(policy=version.policy, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.SUPERSEDED)
    version.status, version.approved_by, version.published_at = VersionStatus.PUBLISHED, actor, timezone.now()
    version.save(update_fields=["status", "approved_by", "published_at"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="policy_version", object_id=version.pk,
                 summary=f"发布 {version.policy.code} v{version.number}")
    if run_arrears and version.policy.mode == ClaimMode.AUTOMATIC:
        from gongjiang.incentives.tasks import arrears_task

        until = (today or timezone.localdate()).isoformat()
        transaction.on_commit(lambda: arrears_task.enqueue(version.pk, until))
    return version


@transaction.atomic
def policy_version_reject(*, actor: Any, version: PolicyVersion, reason: str) -> PolicyVersion:
    _require_officer(actor)
    if version.status != VersionStatus.SUBMITTED:
        raise DomainError("只能退回“待审批”状态的版本")
    if not reason.strip():
        raise DomainError("请填写退回理由", field="reason")
    version.status = VersionStatus.REJECTED
    version.change_note = f"{version.change_note}（退回：{reason.strip()}）"[:255]
    version.save(update_fields=["status", "change_note"])
    return version


@transaction.atomic
def policy_predecessor_record(*, actor: Any, policy: Policy, continues: Policy | None, note: str = "") -> Policy:
    """Record the policy this one continues (继续给予), or — `continues` None — that there is none,
    so that a policy counting its predecessor's payments may be published (issue 17 §7). Bureau
    officers only; refuses a policy continuing itself or a note-less "none"."""
    _require_officer(actor)
    if continues is not None and continues.pk == policy.pk:
        raise DomainError("政策不能延续自身，请选择原政策", field="continues")
    if continues is None and not note.strip():
        raise DomainError("记录“无原政策”时请说明核实情况，例如：经核实，2025年前定海区未实施岗位补贴", field="note")
    policy.continues, policy.no_predecessor = continues, continues is None
    policy.save(update_fields=["continues", "no_predecessor"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="incentive_policy", object_id=policy.pk,
                 summary=f"{policy.name} 延续的原政策：{continues.name if continues else '无'}"
                         + (f"（{note.strip()}）" if note.strip() else ""))
    return policy


def published_version(policy: Policy) -> PolicyVersion | None:
    return policy.versions.filter(status=VersionStatus.PUBLISHED).first()
