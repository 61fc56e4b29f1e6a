"""Evaluation API (/api/v1/evaluation/): batches and certificates in the caller's scope, and the
public verification of a credential (R4.2)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import IsoDate, errors, text_query
from gongjiang.evaluation import selectors
from gongjiang.evaluation.views import _verdict

router = Router(tags=["技能评价 evaluation"])


class public_api(allowed_api):  # noqa: N801 — used like allowed_api
    """An operation anyone may call without logging in (the action must be public); the OpenAPI
    document declares no security for it."""

    def __init__(self, action: str):
        super().__init__(action, csrf=False)
        del self.openapi_security_schema

    def __call__(self, request):
        return getattr(request, "user", None) or True


class BatchOut(Schema):
    id: int
    agency: str
    occupation_code: str
    occupation: str
    grade: int
    exam_date: IsoDate
    status: str
    candidates: int
    passed: int
    report_due: IsoDate | None


class CertificateOut(Schema):
    number: str
    holder_masked: str
    occupation: str
    grade: int
    issued_on: IsoDate
    agency: str
    status: str
    revoked_reason: str


class VerificationOut(Schema):
    status: str
    message: str
    number: str | None = None
    name_masked: str | None = None
    occupation: str | None = None
    grade: str | None = None
    issued_on: str | None = None
    issuer: str | None = None


@router.get("/batches", auth=allowed_api("evaluation.read"), response={200: list[BatchOut], **errors(401, 403, 422)},
            summary="评价批次")
def batches(request: HttpRequest, status: str = text_query(16)):
    rows = selectors.batch_list(actor=request.auth, status=status)[:500]
    return [BatchOut(id=b.pk, agency=b.agency.name, occupation_code=b.occupation.code, occupation=b.occupation.name,
                     grade=b.grade, exam_date=b.exam_date, status=b.status, candidates=b.candidate_count,
                     passed=b.passed_count, report_due=b.report_due) for b in rows]


@router.get("/certificates", auth=allowed_api("evaluation.read"),
            response={200: list[CertificateOut], **errors(401, 403, 422)}, summary="本平台颁发的证书")
def certificates(request: HttpRequest, status: str = text_query(16), number: str = text_query(30)):
    rows = selectors.certificate_list(actor=request.auth, status=status, number=number)[:500]
    return [CertificateOut(number=c.number, holder_masked=c.name_masked, occupation=c.occupation.name,
                           grade=c.grade, issued_on=c.issued_on, agency=c.agency.name,
                           status=c.status, revoked_reason=c.revoked_reason) for c in rows]


@router.get("/verify", auth=public_api("public"), response={200: VerificationOut, **errors(422)},
            summary="查验证书凭证（无需登录）")
def verify(request: HttpRequest, credential: str = text_query(8000, "签名凭证（JWS）或查验链接")):
    verdict = _verdict(credential)
    claims = verdict.get("claims") or {}
    return VerificationOut(status=verdict["status"], message=verdict["message"], number=claims.get("no"),
                           name_masked=claims.get("name"), occupation=claims.get("occ"), grade=claims.get("grade"),
                           issued_on=claims.get("date"), issuer=claims.get("issuer"))
