"""Reference data API (/api/v1/reference/)."""

from django.http import HttpRequest
from ninja import Router, Schema

from gongjiang.reference.grades import Grade, is_high_skilled
from gongjiang.reference.models import Division, Occupation

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


@router.get("/grades", response=list[GradeOut], summary="职业技能等级（八级工）")
def grades(request: HttpRequest):
    return [{"value": g.value, "label": str(g.label), "high_skilled": is_high_skilled(g.value)} for g in Grade]


@router.get("/occupations", response=list[OccupationOut], summary="职业分类")
def occupations(request: HttpRequest, parent: str = "", q: str = "", limit: int = 200):
    qs = Occupation.objects.select_related("parent")
    if parent:
        qs = qs.filter(parent__code=parent)
    elif not q:
        qs = qs.filter(level=1)
    if q:
        qs = qs.filter(name__contains=q)
    return [{"code": o.code, "level": o.level, "name": o.name, "parent_code": o.parent.code if o.parent else None}
            for o in qs[: max(1, min(limit, 2000))]]


@router.get("/divisions", response=list[DivisionOut], summary="行政区划")
def divisions(request: HttpRequest, parent: str = ""):
    qs = Division.objects.all()
    if parent:
        qs = qs.filter(parent__code=parent)
    return [{"code": d.code, "name": d.name, "level": d.level, "retired": d.retired_on is not None} for d in qs]
