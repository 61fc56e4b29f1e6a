"""Reference data API (/api/v1/reference/)."""

from django.http import HttpRequest
from ninja import Query, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import errors, text_query
from gongjiang.reference.grades import Grade, is_high_skilled
from gongjiang.reference.models import Division, Occupation
from gongjiang.reference.selectors import occupation_search

router = Router(tags=["基础数据 reference"])


class GradeOut(Schema):
    value: int
    label: str
    high_skilled: bool


class OccupationOut(Schema):
    code: str
    level: int
    name: str
    parent_code: str | None


class DivisionOut(Schema):
    code: str
    name: str
    level: int
    retired: bool


@router.get("/grades", auth=allowed_api("reference.read"), response={200: list[GradeOut], **errors(401)}, summary="职业技能等级（八级工）")
def grades(request: HttpRequest):
    return [{"value": g.value, "label": str(g.label), "high_skilled": is_high_skilled(g.value)} for g in Grade]


@router.get("/occupations", auth=allowed_api("reference.read"), response={200: list[OccupationOut], **errors(401, 422)}, summary="职业分类")
def occupations(request: HttpRequest, parent: str = text_query(16), q: str = text_query(),
                limit: int = Query(200, ge=1, le=2000, title="条数")):
    if q:  # names, trade aliases (数控车工 → 车工) and code prefixes
        found = occupation_search(q, limit=limit)
    else:
        qs = Occupation.objects.select_related("parent")
        found = list(qs.filter(parent__code=parent) if parent else qs.filter(level=1))[:limit]
    return [{"code": o.code, "level": o.level, "name": o.name, "parent_code": o.parent.code if o.parent else None}
            for o in found]


@router.get("/divisions", auth=allowed_api("reference.read"), response={200: list[DivisionOut], **errors(401, 422)}, summary="行政区划")
def divisions(request: HttpRequest, parent: str = text_query(12)):
    qs = Division.objects.all()
    if parent:
        qs = qs.filter(parent__code=parent)
    return [{"code": d.code, "name": d.name, "level": d.level, "retired": d.retired_on is not None} for d in qs]
