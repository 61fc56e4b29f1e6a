"""Incentives API (/api/v1/incentives/): the same selectors and services as the pages."""

from datetime import date
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import MAX_ID, IsoDate, errors, text, text_query
from gongjiang.core.errors import DomainError
from gongjiang.incentives import selectors, services
from gongjiang.incentives.models import ClaimStatus

# A what-if run computes every month of the period: five years at most (issue 18 §7: bounded work).
WHATIF_MONTHS_MAX = 60

router = Router(tags=["专项激励 incentives"])


class PolicyOut(Schema):
    code: str
    name: str
    document_number: str
    clause: str
    formula: str
    subject_kind: str
    mode: str
    district_code: str
    notes: str


class DecisionOut(Schema):
    id: int
    policy_code: str
    period: str
    eligible: bool
    entitled: Decimal
    already_paid: Decimal
    amount: Decimal
    trace: dict


class ClaimOut(Schema):
    id: int
    policy_code: str
    period: str
    amount: Decimal
    status: str
    notice_until: date | None
    notice_calendar_note: str = Field("", description="公示截止日按周一至周五推算时的说明（该年法定节假日安排尚未公布）")


class WhatIfRowOut(Schema):
    district: str
    occupation: str
    people_before: int
    people_after: int
    amount_before: Decimal
    amount_after: Decimal
    amount_delta: Decimal


class WhatIfOut(Schema):
    people_delta: int
    amount_delta: Decimal
    rows: list[WhatIfRowOut]


def _policy_out(p) -> PolicyOut:
    return PolicyOut(code=p.code, name=p.name, document_number=p.document.number, clause=p.clause, formula=p.formula,
                     subject_kind=p.subject_kind, mode=p.mode, district_code=p.district.code, notes=p.notes)


def _decision_out(d) -> DecisionOut:
    return DecisionOut(id=d.pk, policy_code=d.policy.code, period=d.period, eligible=d.eligible, entitled=d.entitled,
                       already_paid=d.already_paid, amount=d.amount, trace=d.explanation)


@router.get("/policies", auth=allowed_api("incentives.policy_read"), response={200: list[PolicyOut], **errors(401)}, summary="激励政策列表")
def policies(request: HttpRequest):
    return [_policy_out(p) for p in selectors.policy_list()]


@router.get("/decisions/mine", auth=allowed_api("incentives.own_records"), response={200: list[DecisionOut], **errors(401, 403)}, summary="本人（本企业）的享受决定及计算过程")
def my_decisions(request: HttpRequest):
    user = request.user
    if user.worker_id:
        return [_decision_out(d) for d in selectors.decisions_for_worker(worker_id=user.worker_id)]
    if user.enterprise_id:
        return [_decision_out(d) for d in selectors.decisions_for_enterprise(enterprise_id=user.enterprise_id)]
    return []


@router.get("/decisions/{decision_id}", auth=allowed_api("incentives.beneficiary_act"), response={200: DecisionOut, **errors(401, 403, 404, 422)}, summary="一个决定及其计算过程")
def decision(request: HttpRequest, decision_id: int = Path(..., ge=1, le=MAX_ID)):
    return _decision_out(selectors.decision_get(actor=request.user, decision_id=decision_id))


@router.get("/claims", auth=allowed_api("incentives.beneficiary_act"), response={200: list[ClaimOut], **errors(401, 403, 422)}, summary="享受事项（按权限范围）")
def claims(request: HttpRequest, status: Literal["", *ClaimStatus.values] = "", policy: str = text_query(32)):
    return [ClaimOut(id=c.pk, policy_code=c.policy.code, period=c.period, amount=c.amount, status=c.status,
                     notice_until=c.notice_until, notice_calendar_note=c.notice_calendar_note)
            for c in selectors.claim_list(actor=request.user, status=status, policy_code=policy)[:500]]


@router.get("/versions/{version_id}/whatif", auth=allowed_api("incentives.officer"), response={200: WhatIfOut, **errors(400, 401, 403, 404, 422)},
            summary="草稿与现行版本的测算比较")
def whatif(request: HttpRequest, first: IsoDate, last: IsoDate, version_id: int = Path(..., ge=1, le=MAX_ID)):
    _whatif_period_check(first, last)
    result = selectors.whatif(draft=selectors.version_get(version_id=version_id), first=first, last=last)
    return WhatIfOut(people_delta=result["people_delta"], amount_delta=result["amount_delta"],
                     rows=[WhatIfRowOut(**{k: r[k] for k in WhatIfRowOut.model_fields}) for r in result["rows"]])


def _whatif_period_check(first: date, last: date) -> None:
    if last < first:
        raise DomainError(_("测算期间的结束日期早于开始日期，请对调后再测算"), field="last")
    if (last.year - first.year) * 12 + last.month - first.month + 1 > WHATIF_MONTHS_MAX:
        raise DomainError(_("测算期间最长 %(n)s 个月（5 年），请缩短后再测算") % {"n": WHATIF_MONTHS_MAX}, field="last")


class AccountIn(Schema):
    account: text(64, "收款账户：12–30 位数字（银行卡号或社保卡金融账户）")


@router.post("/claims/{claim_id}/confirm", auth=allowed_api("incentives.own_records"), response={200: ClaimOut, **errors(400, 401, 403, 404, 422)},
             summary="本人确认金额和收款账户（免申即享）")
def claim_confirm(request: HttpRequest, payload: AccountIn, claim_id: int = Path(..., ge=1, le=MAX_ID)):
    claim = services.claim_confirm(actor=request.user, claim=selectors.claim_get(actor=request.user, claim_id=claim_id),
                                   account=payload.account)
    return ClaimOut(id=claim.pk, policy_code=claim.policy.code, period=claim.period, amount=claim.amount,
                    status=claim.status, notice_until=claim.notice_until,
                    notice_calendar_note=claim.notice_calendar_note)
