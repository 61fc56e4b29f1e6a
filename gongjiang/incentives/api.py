"""Incentives API (/api/v1/incentives/): the same selectors and services as the pages."""

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from gongjiang.core.errors import PermissionDenied
from gongjiang.incentives import selectors, services

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


@router.get("/policies", response=list[PolicyOut], summary="激励政策列表")
def policies(request: HttpRequest):
    return [_policy_out(p) for p in selectors.policy_list()]


@router.get("/decisions/mine", response=list[DecisionOut], summary="本人（本企业）的享受决定及计算过程")
def my_decisions(request: HttpRequest):
    user = request.user
    if user.worker_id:
        return [_decision_out(d) for d in selectors.decisions_for_worker(worker_id=user.worker_id)]
    if user.enterprise_id:
        return [_decision_out(d) for d in selectors.decisions_for_enterprise(enterprise_id=user.enterprise_id)]
    return []


@router.get("/decisions/{decision_id}", response=DecisionOut, summary="一个决定及其计算过程")
def decision(request: HttpRequest, decision_id: int):
    return _decision_out(selectors.decision_get(actor=request.user, decision_id=decision_id))


@router.get("/claims", response=list[ClaimOut], summary="享受事项（按权限范围）")
def claims(request: HttpRequest, status: str = "", policy: str = ""):
    return [ClaimOut(id=c.pk, policy_code=c.policy.code, period=c.period, amount=c.amount, status=c.status,
                     notice_until=c.notice_until, notice_calendar_note=c.notice_calendar_note)
            for c in selectors.claim_list(actor=request.user, status=status, policy_code=policy)[:500]]


@router.get("/versions/{version_id}/whatif", response=WhatIfOut, summary="草稿与现行版本的测算比较")
def whatif(request: HttpRequest, version_id: int, first: date, last: date):
    if not (request.user.is_superuser or request.user.is_bureau):
        raise PermissionDenied("只有人社局工作人员可以测算")
    result = selectors.whatif(draft=selectors.version_get(version_id=version_id), first=first, last=last)
    return WhatIfOut(people_delta=result["people_delta"], amount_delta=result["amount_delta"],
                     rows=[WhatIfRowOut(**{k: r[k] for k in WhatIfRowOut.model_fields}) for r in result["rows"]])


class AccountIn(Schema):
    account: str


@router.post("/claims/{claim_id}/confirm", response=ClaimOut, summary="本人确认金额和收款账户（免申即享）")
def claim_confirm(request: HttpRequest, claim_id: int, payload: AccountIn):
    claim = services.claim_confirm(actor=request.user, claim=selectors.claim_get(actor=request.user, claim_id=claim_id),
                                   account=payload.account)
    return ClaimOut(id=claim.pk, policy_code=claim.policy.code, period=claim.period, amount=claim.amount,
                    status=claim.status, notice_until=claim.notice_until,
                    notice_calendar_note=claim.notice_calendar_note)
