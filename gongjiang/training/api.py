"""Training API (/api/v1/training/, issue 12): institutions, classes, rosters, findings. Same
scope as the pages (training.selectors); writes go through the same services."""

from datetime import date

from django.http import HttpRequest
from ninja import Path, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import MAX_ID, errors, text, text_query
from gongjiang.training import selectors, services

router = Router(tags=["培训 training"])


class InstitutionOut(Schema):
    id: int
    name: str
    uscc: str
    kind: str
    status: str
    grade: str
    district_code: str

    @staticmethod
    def resolve_district_code(obj) -> str:
        return obj.district.code


class ClassOut(Schema):
    id: int
    name: str
    institution_id: int
    programme_code: str
    start_date: date
    end_date: date
    planned_hours: int
    capacity: int
    status: str

    @staticmethod
    def resolve_programme_code(obj) -> str:
        return obj.programme.code


class EnrolIn(Schema):
    id_number: text(32, "身份证号", title="身份证号")
    name: text(64, "姓名", title="姓名")


class EnrolmentOut(Schema):
    id: int
    class_id: int
    worker_name: str
    id_number_masked: str


class FindingOut(Schema):
    id: int
    rule: str
    rule_label: str
    institution_id: int
    class_id: int | None
    reason: str
    status: str

    @staticmethod
    def resolve_rule_label(obj) -> str:
        return obj.get_rule_display()

    @staticmethod
    def resolve_class_id(obj) -> int | None:
        return obj.training_class_id


@router.get("/institutions", auth=allowed_api("training.workbench"), response={200: list[InstitutionOut], **errors(401, 403, 422)},
            summary="培训机构（按权限范围）")
def institutions(request: HttpRequest, q: str = text_query(100)):
    return list(selectors.institution_list(actor=request.user, q=q)[:500])


@router.get("/classes", auth=allowed_api("training.workbench"), response={200: list[ClassOut], **errors(401, 403, 422)},
            summary="培训班（按权限范围）")
def classes(request: HttpRequest, status: str = text_query(16), q: str = text_query(100)):
    return list(selectors.class_list(actor=request.user, status=status, q=q)[:500])


@router.get("/classes/{class_id}", auth=allowed_api("training.workbench"), response={200: ClassOut, **errors(401, 403, 404, 422)},
            summary="培训班详情")
def class_detail(request: HttpRequest, class_id: int = Path(..., ge=1, le=MAX_ID)):
    return selectors.class_get(actor=request.user, class_id=class_id)


@router.post("/classes/{class_id}/enrolments", auth=allowed_api("training.class_file"),
             response={201: EnrolmentOut, **errors(400, 401, 403, 404, 422)}, summary="实名登记学员")
def enrol(request: HttpRequest, payload: EnrolIn, class_id: int = Path(..., ge=1, le=MAX_ID)):
    training_class = selectors.class_get(actor=request.user, class_id=class_id)
    enrolment = services.trainee_enrol(actor=request.user, training_class=training_class, id_number=payload.id_number,
                                       name=payload.name)
    return 201, EnrolmentOut(id=enrolment.pk, class_id=training_class.pk, worker_name=enrolment.worker.name,
                             id_number_masked=enrolment.worker.id_number_masked)


@router.get("/findings", auth=allowed_api("training.supervision"), response={200: list[FindingOut], **errors(401, 403, 422)},
            summary="培训监管疑点")
def findings(request: HttpRequest, status: str = text_query(16), rule: str = text_query(32)):
    return list(selectors.finding_list(actor=request.user, status=status, rule=rule)[:500])
