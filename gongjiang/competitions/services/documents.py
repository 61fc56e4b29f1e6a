"""Certificates of award (a confirmed competition result, an awarded honour) and statements for
banks and insurers (a worker's grade and titles; an enterprise's certified skilled-talent ratio,
`003` 二(二)5 技能共富贷/技能共富保, 企业技能人才占比认定模块). Each is a compact JWS signed with the
platform's certificate key by the evaluation app's signer, and its PDF is signed as a file by the
same code (ADR 0021): a bank checks it offline with the published keys, or online on
`/competitions/verify/`. No second signer (ADR 0024)."""

import uuid
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from gongjiang.accounts.permissions import require
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.competitions import selectors
from gongjiang.competitions.models import (
    Competition,
    CompetitionStatus,
    DocumentKind,
    Nomination,
    NominationStatus,
    Result,
    SignedDocument,
)
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.core.masking import mask_id_number, mask_name
from gongjiang.evaluation import credentials, keys
from gongjiang.evaluation.services import PLATFORM_ISSUER
from gongjiang.reference.grades import Grade
from gongjiang.registry import selectors as registry_selectors

#: A statement speaks for the day it is issued; banks are told to ask for a fresh one after 90 days
#: (an assumption of ours: the texts set no period).
STATEMENT_VALID_DAYS = 90
PREFIX = {DocumentKind.RESULT: "JSZ", DocumentKind.HONOUR: "RYZ", DocumentKind.WORKER_STATEMENT: "JNZM",
          DocumentKind.ENTERPRISE_STATEMENT: "QYZM"}


def _issue(*, actor: Any, kind: str, holder: str, body: dict, today: date, valid_until: date | None = None,
           **links: Any) -> SignedDocument:
    document = SignedDocument.objects.create(kind=kind, number=f"TMP{uuid.uuid4().hex[:24]}", holder=holder,
                                             claims={}, credential="", key_id="", issued_on=today,
                                             valid_until=valid_until, issued_by=actor, **links)
    document.number = f"{PREFIX[kind]}{today:%Y}{document.pk:07d}"
    with translation.override("zh-hans"):
        kind_words = str(DocumentKind(kind).label)
    claims = {"v": 1, "iss": PLATFORM_ISSUER, "no": document.number, "kind": kind, "doc": kind_words,
              "date": today.isoformat(), **body}
    if valid_until:
        claims["until"] = valid_until.isoformat()
    private = keys.signing_key()
    document.claims, document.credential = claims, credentials.jws_sign(claims, private)
    document.key_id = credentials.key_id(private.public_key())
    document.save(update_fields=["number", "claims", "credential", "key_id"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="signed_document", object_id=document.pk,
                 summary=f"出具{kind_words} {document.number}（{holder}）")
    return document


@transaction.atomic
def result_certificate_issue(*, actor: Any, result: Result, today: date | None = None) -> SignedDocument:
    """The certificate of award of a confirmed result with an award (once: a second call returns
    the same certificate). The event's organiser or bureau staff."""
    require(actor, "competitions.organise")
    if not selectors.competition_scope(actor).filter(pk=result.competition_id).exists():
        raise NotFound("未找到该竞赛，或您无权管理")
    existing = SignedDocument.objects.filter(result=result).first()
    if existing:
        return existing
    competition = Competition.objects.get(pk=result.competition_id)
    if competition.status != CompetitionStatus.FINAL:
        raise DomainError("成绩确认后才能出具获奖证书")
    if result.award == "none":
        raise DomainError("未获奖的成绩不出具获奖证书")
    worker = result.entry.worker
    promotion = getattr(result, "promotion", None)
    body = {"name": mask_name(worker.name), "event": competition.name, "level": str(competition.get_level_display()),
            "rank": result.rank, "award": str(result.get_award_display()), "held": competition.ends_on.isoformat(),
            "issuer": competition.organiser_name}
    if promotion and promotion.title:
        body["title"] = promotion.title
    if promotion and promotion.grade_to:
        with translation.override("zh-hans"):
            body["grade"] = str(Grade(promotion.grade_to).label)
    return _issue(actor=actor, kind=DocumentKind.RESULT, holder=worker.name, body=body,
                  today=today or timezone.localdate(), result=result, worker=worker)


@transaction.atomic
def honour_certificate_issue(*, actor: Any, nomination: Nomination, today: date | None = None) -> SignedDocument:
    """The certificate of an awarded honour, studio or designation (once). Bureau staff."""
    require(actor, "honours.review")
    if not selectors.nomination_scope(actor).filter(pk=nomination.pk).exists():
        raise NotFound("未找到该推荐，或您无权办理")
    existing = SignedDocument.objects.filter(nomination=nomination).first()
    if existing:
        return existing
    nomination = Nomination.objects.select_related("programme__area", "worker", "enterprise").get(pk=nomination.pk)
    if nomination.status != NominationStatus.AWARDED:
        raise DomainError("授予后才能出具荣誉证书")
    programme = nomination.programme
    body = {"name": nomination.studio_name or nomination.community_name or (
                mask_name(nomination.worker.name) if nomination.worker_id else nomination.enterprise.name),
            "honour": programme.title, "awarded": nomination.awarded_on.isoformat(),
            "period": f"{programme.starts_on:%Y}—{programme.ends_on:%Y}", "issuer": f"{programme.area.name}",
            "basis": programme.citation}
    if nomination.studio_name and nomination.worker_id:
        body["lead"] = mask_name(nomination.worker.name)
    holder = nomination.subject_name
    return _issue(actor=actor, kind=DocumentKind.HONOUR, holder=holder, body=body,
                  today=today or timezone.localdate(), nomination=nomination, worker=nomination.worker,
                  enterprise=nomination.enterprise)


@transaction.atomic
def worker_statement_issue(*, actor: Any, worker: Any, today: date | None = None) -> SignedDocument:
    """A statement of a worker's highest grade and titles for a bank or insurer (技能共富贷/保),
    from the archive as of `today`. Bureau staff, within their scope."""
    require(actor, "competitions.statement_issue")
    if not registry_selectors.worker_scope(actor).filter(pk=worker.pk).exists():
        raise NotFound("未在您可管理的人才库范围内找到该人员")
    today = today or timezone.localdate()
    grade = registry_selectors.worker_top_grade(worker)
    with translation.override("zh-hans"):
        grade_words = str(Grade(grade).label) if grade else "无职业技能等级记录"
    titles = sorted({h.title for h in registry_selectors.worker_honours(worker)})
    body = {"name": mask_name(worker.name), "id": mask_id_number(worker.id_number_plain()), "grade": grade_words,
            "titles": titles, "issuer": f"{actor.district.name if actor.district_id else ''}人力资源和社会保障局"}
    return _issue(actor=actor, kind=DocumentKind.WORKER_STATEMENT, holder=worker.name, body=body, today=today,
                  valid_until=today + timedelta(days=STATEMENT_VALID_DAYS), worker=worker)


@transaction.atomic
def enterprise_statement_issue(*, actor: Any, enterprise: Any, today: date | None = None) -> SignedDocument:
    """A statement of an enterprise's certified skilled-talent ratio (企业技能人才占比认定) from our
    records (`registry.selectors.enterprise_skill_ratio`). Bureau staff, within their scope."""
    require(actor, "competitions.statement_issue")
    if not registry_selectors.enterprise_scope(actor).filter(pk=enterprise.pk).exists():
        raise NotFound("未在您可管理的范围内找到该企业")
    ratio = registry_selectors.enterprise_skill_ratio(enterprise)
    if not ratio["employees"]:
        raise DomainError("本平台没有该企业在职职工的记录，不能出具技能人才占比证明")
    today = today or timezone.localdate()
    body = {"name": enterprise.name, "uscc": enterprise.uscc, "employees": ratio["employees"],
            "skilled": ratio["skilled"], "high_skilled": ratio["high_skilled"],
            "skilled_ratio": f"{ratio['skilled_ratio'] * 100:.1f}%",
            "high_skilled_ratio": f"{ratio['high_skilled_ratio'] * 100:.1f}%",
            "issuer": f"{actor.district.name if actor.district_id else ''}人力资源和社会保障局"}
    return _issue(actor=actor, kind=DocumentKind.ENTERPRISE_STATEMENT, holder=enterprise.name, body=body, today=today,
                  valid_until=today + timedelta(days=STATEMENT_VALID_DAYS), enterprise=enterprise)


def document_verify(data: bytes) -> dict:
    """Check a pasted credential, a verification link or a signed PDF with the evaluation app's
    verifier, then this platform's record of it: {status, message, claims}."""
    result = credentials.any_verify(data, keys.published_keys())
    if not result.valid:
        return {"status": "invalid", "message": result.message}
    document = SignedDocument.objects.filter(number=str(result.claims.get("no", ""))).first()
    if document is None or document.claims != result.claims:
        return {"status": "unknown", "claims": result.claims,
                "message": "签名有效，但本平台没有这份证书或证明的记录，请向出具单位核实"}
    if document.valid_until and timezone.localdate() > document.valid_until:
        return {"status": "expired", "claims": result.claims,
                "message": f"签名有效，但这份证明的有效期已于 {document.valid_until:%Y-%m-%d} 届满，请申请人重新开具"}
    return {"status": "valid", "claims": result.claims, "message": "有效：签名校验通过，与本平台记录一致"}
