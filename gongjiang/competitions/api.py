"""/api/v1/competitions/: the competition plan and the honour quotas as JSON (ADR 0016 contract)."""

from datetime import date

from ninja import Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.competitions import selectors
from gongjiang.core.api import errors

router = Router(tags=["竞赛与荣誉"])


class EventOut(Schema):
    id: int
    name: str
    level: str
    level_label: str
    occupation: str
    organiser: str
    starts_on: date
    ends_on: date
    entry_deadline: date
    places: int
    entries: int
    status: str


class QuotaOut(Schema):
    title: str
    kind: str
    area: str
    starts_on: date
    ends_on: date
    quota: int
    awarded: int
    in_notice: int
    left: int
    citation: str


@router.get("/plan", response={200: list[EventOut], **errors(401)}, auth=allowed_api("competitions.api_read"),
            summary="竞赛计划（已发布的竞赛）")
def plan(request):
    return [EventOut(id=c.pk, name=c.name, level=c.level, level_label=str(c.get_level_display()),
                     occupation=c.occupation.name if c.occupation else "", organiser=c.organiser_name,
                     starts_on=c.starts_on, ends_on=c.ends_on, entry_deadline=c.entry_deadline, places=c.places,
                     entries=c.entry_count, status=c.status) for c in selectors.competition_plan()[:1000]]


@router.get("/quotas", response={200: list[QuotaOut], **errors(401)}, auth=allowed_api("competitions.api_read"),
            summary="荣誉、工作室和企业认定的名额使用情况")
def quotas(request):
    return [QuotaOut(title=u["programme"].title, kind=u["programme"].kind, area=u["programme"].area.name,
                     starts_on=u["programme"].starts_on, ends_on=u["programme"].ends_on, quota=u["programme"].quota,
                     awarded=u["awarded"], in_notice=u["in_notice"], left=u["left"],
                     citation=u["programme"].citation) for u in selectors.programme_usage()]
