"""Indicators API (/api/v1/indicators/; issue 16, R8.1–R8.3; ADR 0025): the indicators with their
definitions, their values per area and year (from the snapshot the home page reads), the targets
(list, create, correct, delete: bureau roles, audited, the same checks and Chinese refusals as the
page's form) and the ranking (指标晾晒). Thin: parse, call a selector or service, return a schema."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema

from gongjiang.accounts.permissions import allowed_api
from gongjiang.core.api import MAX_ID, MAX_LIMIT, MAX_OFFSET, errors, text, text_query
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.indicators import selectors, services
from gongjiang.indicators.catalogue import BY_CODE, FLOW, INDICATORS
from gongjiang.indicators.models import Comparison, Target
from gongjiang.indicators.models import Path as TargetPath

router = Router(tags=["目标与指标 indicators"])

IndicatorCode = Literal[tuple(i.code for i in INDICATORS)]  # type: ignore[valid-type]


class IndicatorOut(Schema):
    code: str = Field(description="指标代码（目标、导入和接口使用）")
    label: str = Field(description="指标名称")
    unit: str = Field(description="计量单位")
    kind: Literal["stock", "flow"] = Field(description="stock 截至统计日的存量；flow 自1月1日起累计的流量")
    kind_label: str
    definition: str = Field(description="口径说明（页面悬停显示的同一段文字）")
    share: bool = Field(description="比重指标：数值为 0—1 的比率，目标按百分数填写")
    money: bool = Field(description="金额指标（元）")
    enterprise_level: bool = Field(description="可作为企业目标")


def _indicator_out(indicator) -> IndicatorOut:
    return IndicatorOut(code=indicator.code, label=str(indicator.label), unit=str(indicator.unit), kind=indicator.kind,
                        kind_label="流量（本年度累计）" if indicator.kind == FLOW else "存量（截至统计日）",
                        definition=str(indicator.definition), share=indicator.share, money=indicator.money,
                        enterprise_level=indicator.enterprise_level)


@router.get("/definitions", auth=allowed_api("indicators.read"), response={200: list[IndicatorOut], **errors(401, 403)},
            summary="指标及其口径")
def definitions(request: HttpRequest):
    return [_indicator_out(i) for i in INDICATORS]


class BreakdownOut(Schema):
    label: str
    value: Decimal


class ValueOut(Schema):
    code: str
    label: str
    unit: str
    value: Decimal | None = Field(description="比重为比率（0.3512），金额为元（小数文本），人数为整数；无数据为 null，不作 0")
    start_value: Decimal | None = Field(None, description="存量指标上年末的数值")
    note: str = ""
    breakdown: list[BreakdownOut] = []


class ValuesOut(Schema):
    area_code: str
    area_name: str
    year: int
    on: date = Field(description="统计截止日")
    computed_at: datetime | None = Field(None, description="所读指标快照的计算时间；往年数字为当场计算，为 null")
    items: list[ValueOut]


def _area(request: HttpRequest, code: str, year: int):
    areas = selectors.areas_for(request.user)
    if code and code not in {a.code for a in areas}:
        raise NotFound("未找到该地区，或您无权查看它的指标")
    area = selectors.area_pick(areas, code, year)
    if area is None:
        raise NotFound("您没有可查看指标的地区")
    return area


@router.get("/values", auth=allowed_api("indicators.read"), response={200: ValuesOut, **errors(401, 403, 404, 422)},
            summary="某地区某年度的各项指标数值（与首页同一快照）")
def values(request: HttpRequest,
           area: str = text_query(6, "行政区划代码；留空为本人可查看的第一个有目标的地区", title="地区"),
           year: int | None = Query(None, ge=2000, le=2100, title="年度", description="留空为本年度")):
    today = timezone.localdate()
    year = year or today.year
    division = _area(request, area, year)
    on, base, snapshot = services.snapshot_for(year, today=today)
    items = [ValueOut(code=v.code, label=str(v.indicator.label), unit=str(v.indicator.unit), value=v.value,
                      start_value=v.start_value, note=str(v.note),
                      breakdown=[BreakdownOut(label=str(label), value=Decimal(n)) for label, n in v.breakdown])
             for v in selectors.values_from_base(base, division.code)]
    return ValuesOut(area_code=division.code, area_name=division.name, year=year, on=on,
                     computed_at=snapshot.computed_at if snapshot is not None else None, items=items)


# --- Targets ---------------------------------------------------------------------------------------


class TargetOut(Schema):
    id: int
    indicator: str
    indicator_label: str
    area_code: str
    area_name: str
    enterprise_uscc: str | None
    enterprise_name: str | None
    township_code: str = Field(description="乡镇（街道）目标的 9 位代码；地区、企业目标为空")
    township_name: str
    year: int
    from_year: int | None
    value: Decimal = Field(description="目标值；比重按百分数（35 表示 35%）")
    unit: str
    comparison: str
    comparison_label: str
    path: str
    path_label: str
    document: str
    clause: str
    wording: str
    note: str


class TargetListOut(Schema):
    count: int
    items: list[TargetOut]


def _plain(value: Decimal) -> Decimal:
    """111000.0000 → 111000, 36.5000 → 36.5 (never 1.11E+5)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _target_out(t: Target) -> TargetOut:
    indicator = BY_CODE.get(t.indicator)
    return TargetOut(id=t.pk, indicator=t.indicator, indicator_label=str(indicator.label) if indicator else t.indicator,
                     area_code=t.area.code, area_name=t.area.name,
                     enterprise_uscc=t.enterprise.uscc if t.enterprise_id else None,
                     enterprise_name=t.enterprise.name if t.enterprise_id else None,
                     township_code=t.township_code, township_name=t.township_name, year=t.year, from_year=t.from_year,
                     value=_plain(t.value), unit=str(indicator.unit) if indicator else "", comparison=t.comparison,
                     comparison_label=str(t.get_comparison_display()), path=t.path, path_label=str(t.get_path_display()),
                     document=t.document, clause=t.clause, wording=t.wording, note=t.note)


class TargetIn(Schema):
    """The page's target form as JSON (gongjiang.indicators.forms.TargetForm)."""

    indicator: IndicatorCode = Field(..., title="指标")
    area_code: text(6, "行政区划代码，例如 330902 定海区、310000 上海市", min_length=1, title="地区（行政区划代码）")  # type: ignore[valid-type]
    enterprise_uscc: text(18, "目标属于某家企业时填写；地区目标留空", title="企业（统一社会信用代码）") = ""  # type: ignore[valid-type]
    township_code: text(9, "目标属于区内某个乡镇（街道）时填写 9 位代码；地区填所在区县", title="乡镇（街道）代码") = ""  # type: ignore[valid-type]
    township_name: text(64, "留空时取人才库中该代码企业登记的名称", title="乡镇（街道）") = ""  # type: ignore[valid-type]
    year: int = Field(..., ge=2000, le=2100, title="目标年度", description="到该年年底应达到的目标")
    from_year: int | None = Field(None, ge=2000, le=2100, title="累计起始年度",
                                  description="跨年累计的人次、证书、金额目标填写，例如 2018")
    # Decimal as text (never a float), at most 12 digits before the point and 4 after (the column).
    value: str = Field(..., pattern=r"^\d{1,12}(\.\d{1,4})?$", max_length=17, title="目标值",
                       description="比重按百分数填写，35 表示 35%")
    comparison: Literal[tuple(Comparison.values)] = Field(Comparison.AT_LEAST, title="比较方式")  # type: ignore[valid-type]
    path: Literal[tuple(TargetPath.values)] = Field(TargetPath.LINEAR, title="进度要求")  # type: ignore[valid-type]
    document: text(64, "例如 定政發〔2025〕4號", min_length=1, title="文件文号")  # type: ignore[valid-type]
    clause: text(64, "例如 一 总体目标、二(二)2", min_length=1, title="条款")  # type: ignore[valid-type]
    wording: text(255, title="原文表述") = ""  # type: ignore[valid-type]
    note: text(255, title="说明") = ""  # type: ignore[valid-type]


def _target_data(payload: TargetIn) -> dict:
    data = payload.dict()
    fields = services.target_fields(area_code=data.pop("area_code"), enterprise_uscc=data.pop("enterprise_uscc"),
                                    township_code=data.pop("township_code"), township_name=data.pop("township_name"))
    for key in ("document", "clause"):
        data[key] = data[key].strip()
        if not data[key]:
            raise DomainError("请填写文件文号和条款", field=key)
    return {**data, "value": Decimal(data["value"]), **fields}


def _save(request: HttpRequest, payload: TargetIn, target: Target | None) -> Target:
    try:
        return services.target_save(actor=request.user, target=target, **_target_data(payload))
    except DomainError as exc:
        exc.field = {"area": "area_code", "enterprise": "enterprise_uscc"}.get(exc.field or "", exc.field)
        raise


@router.get("/targets", auth=allowed_api("indicators.read"), response={200: TargetListOut, **errors(401, 403, 422)},
            summary="目标（本人可查看的地区）")
def targets_list(request: HttpRequest, area: str = text_query(6, "行政区划代码", title="地区"),
                 year: int | None = Query(None, ge=2000, le=2100, title="目标年度"),
                 limit: int = Query(50, ge=1, le=MAX_LIMIT, title="条数"),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET, title="跳过条数")):
    qs = selectors.target_list(actor=request.user, area_code=area.strip(), year=year)
    return {"count": qs.count(), "items": [_target_out(t) for t in qs[offset:offset + limit]]}


def _target(request: HttpRequest, target_id: int) -> Target:
    target = selectors.target_list(actor=request.user).filter(pk=target_id).first()
    if target is None:
        raise NotFound("未找到该目标，或您无权修改")
    return target


@router.post("/targets", auth=allowed_api("indicators.target_edit"),
             response={201: TargetOut, **errors(400, 401, 403, 422)}, summary="录入目标（人社局，记录审计日志）")
def targets_create(request: HttpRequest, payload: TargetIn):
    return 201, _target_out(_save(request, payload, None))


@router.put("/targets/{target_id}", auth=allowed_api("indicators.target_edit"),
            response={200: TargetOut, **errors(400, 401, 403, 404, 422)}, summary="修改目标（人社局，记录审计日志）")
def targets_update(request: HttpRequest, payload: TargetIn, target_id: int = Path(..., ge=1, le=MAX_ID)):
    return _target_out(_save(request, payload, _target(request, target_id)))


@router.delete("/targets/{target_id}", auth=allowed_api("indicators.target_edit"),
               response={204: None, **errors(400, 401, 403, 404, 422)}, summary="删除目标（人社局，记录审计日志）")
def targets_delete(request: HttpRequest, target_id: int = Path(..., ge=1, le=MAX_ID)):
    services.target_delete(actor=request.user, target_id=_target(request, target_id).pk)
    return 204, None


# --- Ranking (指标晾晒) ------------------------------------------------------------------------------


class RankedOut(Schema):
    rank: int
    name: str
    code: str = Field(description="地区的行政区划代码、乡镇（街道）的 9 位代码，或企业的统一社会信用代码")
    kind: str = Field(description="地区 / 乡镇/街道 / 企业")
    actual: Decimal | None = Field(description="实际值（比重为比率）；无数据为 null")
    target: Decimal = Field(description="目标值（比重为比率）")
    completion: Decimal | None = Field(description="完成率：实际 ÷ 目标（1 为完成）")
    expected: Decimal | None = Field(description="按进度截至统计日应达到的数值")
    status: Literal["done", "on_track", "behind", "missed", "no_data"]
    status_label: str
    document: str
    clause: str


class RankingOut(Schema):
    indicator: str | None = Field(description="所排名的指标；该年度没有任何目标时为 null")
    indicator_label: str | None
    year: int
    on: date
    count: int
    items: list[RankedOut]


def _q(value: Decimal | None, places: str = "0.0001") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places))


@router.get("/ranking", auth=allowed_api("indicators.read"), response={200: RankingOut, **errors(401, 403, 422)},
            summary="指标晾晒：各单位按完成率排名")
def ranking(request: HttpRequest,
            indicator: IndicatorCode | None = Query(None, title="指标", description="留空为该年度第一个有目标的指标"),  # noqa: B008
            year: int | None = Query(None, ge=2000, le=2100, title="年度", description="留空为本年度"),
            district: str = text_query(6, "区县代码：只排该区各乡镇（街道）；留空为全部单位", title="区县"),
            limit: int = Query(100, ge=1, le=MAX_LIMIT, title="条数"),
            offset: int = Query(0, ge=0, le=MAX_OFFSET, title="跳过条数")):
    today = timezone.localdate()
    year = year or today.year
    codes = [i.code for i in selectors.ranking_indicators(year)]
    code = indicator if indicator in codes else None
    if indicator is None and codes:
        code = codes[0]
    on = selectors.reference_date(year)
    units = []
    if code:
        base = selectors.snapshot_base(on=on)[0] if on == today else None
        chosen = next((d for d in selectors.ranking_districts(year) if d.code == district.strip()), None)
        if district.strip() and chosen is None:
            units = []
        else:
            units = selectors.ranking(code, year, on, base=base, district=chosen)
    items = [RankedOut(rank=u.rank, name=u.name, code=u.code, kind=str(u.kind), actual=_q(u.progress.actual),
                       target=_q(u.progress.target_value), completion=_q(u.progress.completion),
                       expected=_q(u.progress.expected), status=u.progress.status,
                       status_label=u.progress.status_label, document=u.progress.target.document,
                       clause=u.progress.target.clause) for u in units[offset:offset + limit]]
    label = str(BY_CODE[code].label) if code else None
    return RankingOut(indicator=code, indicator_label=label, year=year, on=on, count=len(units), items=items)
