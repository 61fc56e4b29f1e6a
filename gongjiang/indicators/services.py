"""Writes of targets, bureau-entered figures and indicator snapshots (ADR 0025). Each write checks
the actor's permission (`indicators.target_edit`) and scope: bureau staff only for their own
district, administrators anywhere."""

from __future__ import annotations

import threading
import time as clock
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongjiang.accounts.permissions import Scope, require, scope
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.indicators import queries
from gongjiang.indicators.catalogue import BY_CODE
from gongjiang.indicators.models import (
    AreaFigure,
    Bulletin,
    BulletinFormat,
    BulletinStatus,
    IndicatorSnapshot,
    Target,
)


def _check_area(actor: Any, area: Any) -> None:
    if scope(actor) == Scope.ALL:
        return
    if scope(actor) == Scope.DISTRICT and area is not None and area.pk == actor.district_id:
        return
    raise DomainError(f"您只能维护本区（{actor.district.name if actor.district_id else ''}）的目标和数据", field="area")


def _check_target(data: dict) -> None:
    indicator = BY_CODE.get(data.get("indicator", ""))
    if indicator is None:
        raise DomainError("请选择指标", field="indicator")
    if data.get("enterprise") is not None and not indicator.enterprise_level:
        raise DomainError(f"“{indicator.label}”不能作为企业目标；企业目标只能是技能人才总量、占比和高技能人才总量、占比",
                          field="enterprise")
    if data.get("township_code") and not indicator.township_level:
        raise DomainError(f"“{indicator.label}”不按乡镇（街道）统计，不能作为乡镇（街道）目标", field="township_code")
    if data.get("township_code") and data.get("enterprise") is not None:
        raise DomainError("企业目标不填写乡镇（街道）；乡镇（街道）目标不填写企业", field="township_code")
    value = data.get("value")
    if indicator.share and value is not None and value > 100:
        raise DomainError("比重按百分数填写，例如 35 表示 35%，不能超过 100", field="value")
    if data.get("from_year") and indicator.kind != "flow":
        raise DomainError(f"“{indicator.label}”是截至年底的存量指标，不需要填写累计起始年度", field="from_year")
    if data.get("from_year") and data.get("year") and data["from_year"] > data["year"]:
        raise DomainError("累计起始年度不能晚于目标年度", field="from_year")


def target_fields(*, area_code: str, enterprise_uscc: str = "", township_code: str = "",
                  township_name: str = "") -> dict:
    """The area, enterprise and 乡镇/街道 a target form or API request names by code, or a refusal
    naming the field (the page's form and the API say the same thing). A township's name, left
    blank, is the one its enterprises carry in the registry."""
    from gongjiang.reference.models import Division
    from gongjiang.registry.selectors import enterprise_by_uscc

    code = (area_code or "").strip()
    area = Division.objects.filter(code=code).first() if code else None
    if area is None:
        raise DomainError(f"行政区划代码“{code}”不存在，请填写 6 位代码，例如 330902", field="area_code")
    uscc = (enterprise_uscc or "").strip()
    enterprise = None
    if uscc:
        enterprise = enterprise_by_uscc(uscc)
        if enterprise is None:
            raise DomainError(f"统一社会信用代码“{uscc}”的企业未在人才库登记，请先登记企业", field="enterprise_uscc")
    township, name = (township_code or "").strip(), (township_name or "").strip()
    if township:
        from gongjiang.registry.models import township_problem
        from gongjiang.registry.selectors import township_names

        if len(area.code) != 6 or area.code.endswith("00"):
            raise DomainError("乡镇（街道）目标的地区应填写其所在区县的 6 位代码，例如 330902", field="area_code")
        name = name or township_names(district_code=area.code).get(township, "")
        problem = township_problem(area.code, township, name)
        if problem is not None:
            field, message = problem
            if field == "township_name":
                message = f"人才库中没有乡镇（街道）代码为 {township} 的企业，请填写乡镇（街道）名称"
            raise DomainError(message, field=field)
    elif name:
        raise DomainError("请填写乡镇（街道）代码：9 位数字，前 6 位为所在区县代码，例如 330902001", field="township_code")
    return {"area": area, "enterprise": enterprise, "township_code": township, "township_name": name}


def _audit_target(actor: Any, target: Target, verb: str) -> None:
    indicator = BY_CODE.get(target.indicator)
    label = indicator.label if indicator is not None else target.indicator
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="indicator_target", object_id=target.pk,
                 summary=f"{verb}目标 {target.unit_name} {target.year} 年 {label} {Decimal(str(target.value)).normalize():f}",
                 detail={"indicator": target.indicator, "area": target.area.code, "year": target.year,
                         "township": target.township_code,
                         "value": str(target.value), "enterprise": target.enterprise_id})


@transaction.atomic
def target_save(*, actor: Any, target: Target | None = None, **data: Any) -> Target:
    """Create a target, or correct `target`. Refuses: another district's target (staff), an
    indicator an enterprise cannot have, a percentage over 100, a duplicate (same indicator, area
    or enterprise, year)."""
    require(actor, "indicators.target_edit")
    _check_area(actor, data.get("area"))
    if target is not None:
        _check_area(actor, target.area)
    _check_target(data)
    created = target is None
    target = target or Target()
    for key, value in data.items():
        setattr(target, key, value)
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:
        raise DomainError("该地区（或企业、乡镇街道）该年度的这项指标已有目标，请修改原目标", field="year") from None
    _audit_target(actor, target, "新增" if created else "修改")
    return target


@transaction.atomic
def target_delete(*, actor: Any, target_id: int) -> None:
    require(actor, "indicators.target_edit")
    target = Target.objects.filter(pk=target_id).select_related("area").first()
    if target is None:
        raise NotFound("未找到该目标")
    _check_area(actor, target.area)
    target_id_was = target.pk
    target.delete()
    target.pk = target_id_was
    _audit_target(actor, target, "删除")


@transaction.atomic
def figure_save(*, actor: Any, figure: AreaFigure | None = None, **data: Any) -> AreaFigure:
    """Enter or correct a figure the records do not hold (employed people, skill-based villages)."""
    require(actor, "indicators.target_edit")
    _check_area(actor, data.get("area"))
    if figure is not None:
        _check_area(actor, figure.area)
    figure = figure or AreaFigure()
    for key, value in data.items():
        setattr(figure, key, value)
    try:
        with transaction.atomic():
            figure.save()
    except IntegrityError:
        raise DomainError("该地区该年度已录入这项数据，请修改原记录", field="year") from None
    return figure


@transaction.atomic
def figure_delete(*, actor: Any, figure_id: int) -> None:
    require(actor, "indicators.target_edit")
    figure = AreaFigure.objects.filter(pk=figure_id).select_related("area").first()
    if figure is None:
        raise NotFound("未找到该数据")
    _check_area(actor, figure.area)
    figure.delete()


_FIRST_SNAPSHOT = threading.Lock()


def snapshot_for(year: int, *, today: date | None = None) -> tuple[date, dict, IndicatorSnapshot | None]:
    """The reference date and base quantities the home page (and the API) shows for `year`: a past
    year on its last day, computed now (the snapshot is today's); this year from the stored
    snapshot — none yet: computed now and stored, so the next view is fast; older than the
    maximum age: a background refresh is queued (once per half hour and process) and the stored
    figures are shown with the time they were computed."""
    from django.core.cache import cache

    from gongjiang.indicators import selectors
    from gongjiang.indicators.tasks import snapshot_refresh_task

    today = today or timezone.localdate()
    if year < today.year:
        return date(year, 12, 31), queries.base(date(year, 12, 31)), None
    if selectors.snapshot_latest(year=today.year) is None:
        # One computation per process at a time: concurrent first views wait for it and then read
        # the stored snapshot. Without the lock, 100 clients' first views each ran the 4.7 s
        # computation on the 1,000,000-worker demo at once and saturated the server (bench/load).
        with _FIRST_SNAPSHOT:
            if selectors.snapshot_latest(year=today.year) is None:
                snapshot_refresh(on=today)
    base, snapshot = selectors.snapshot_base(on=today)
    if snapshot is not None and selectors.snapshot_stale(snapshot) and cache.add("indicators:refresh-queued", 1, timeout=1800):
        snapshot_refresh_task.enqueue(today.isoformat())
    return today, base, snapshot


def snapshot_refresh(*, on: date | None = None) -> IndicatorSnapshot:
    """Compute every base quantity of every area on `on` (default today) and store it, replacing
    that day's snapshot. Run by the background job and `gongjiang indicators refresh`."""
    on = on or timezone.localdate()
    started = clock.monotonic()
    values = queries.base(on)
    seconds = Decimal(str(round(clock.monotonic() - started, 2)))
    with transaction.atomic():
        snapshot, _created = IndicatorSnapshot.objects.update_or_create(
            on=on, defaults={"year": on.year, "values": values, "computed_at": timezone.now(), "seconds": seconds})
    return snapshot


# --- Monthly bulletins (R8.2; ADR 0025 §Bulletin) ---------------------------------------------------


def _bulletin_area(actor: Any, area_code: str) -> Any:
    from gongjiang.indicators.selectors import areas_for

    for area in areas_for(actor):
        if area.code == str(area_code):
            return area
    raise DomainError(f"您不能生成地区代码为 {area_code} 的通报：只能选择本人可查看进度的地区", field="area")


def bulletin_request(*, actor: Any, area_code: str, year: int, month: int, file_format: str) -> Bulletin:
    """Queue a bulletin (the background job makes the file); refuses a month not yet begun, an
    area outside the actor's scope, a format other than PDF and Excel."""
    from gongjiang.indicators.bulletin import _check_month
    from gongjiang.indicators.tasks import bulletin_task

    require(actor, "indicators.bulletin")
    if file_format not in BulletinFormat.values:
        raise DomainError("通报格式只能是 PDF 或 Excel", field="file_format")
    area = _bulletin_area(actor, area_code)
    _check_month(year, month, timezone.localdate())
    with transaction.atomic():
        bulletin = Bulletin.objects.create(area=area, year=year, month=month, file_format=file_format,
                                           requested_by=actor)
        transaction.on_commit(lambda: bulletin_task.enqueue(bulletin.pk))
    return bulletin


def bulletin_generate(bulletin_id: int) -> Bulletin:
    """Make the file of a queued bulletin and keep it (run by the background job). A failure is
    recorded on the bulletin with its reason; nothing half-made is kept."""
    import hashlib

    from gongjiang.indicators.bulletin import bulletin_content, render

    bulletin = Bulletin.objects.select_related("area").get(pk=bulletin_id)
    Bulletin.objects.filter(pk=bulletin_id).update(status=BulletinStatus.RUNNING)
    started = clock.monotonic()
    try:
        content = bulletin_content(bulletin.area, bulletin.year, bulletin.month)
        data = render(content, bulletin.file_format)
    except DomainError as error:
        Bulletin.objects.filter(pk=bulletin_id).update(status=BulletinStatus.FAILED, error=str(error)[:500],
                                                       finished_at=timezone.now())
        bulletin.refresh_from_db()
        return bulletin
    except Exception:
        Bulletin.objects.filter(pk=bulletin_id).update(
            status=BulletinStatus.FAILED, finished_at=timezone.now(),
            error="生成时发生内部错误，已记录在服务器日志；请稍后重试，仍失败请联系系统管理员")
        raise
    with transaction.atomic():
        Bulletin.objects.filter(pk=bulletin_id).update(
            status=BulletinStatus.DONE, content=data, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
            on=content.on, finished_at=timezone.now(),
            seconds=Decimal(str(round(clock.monotonic() - started, 2))), error="")
    bulletin.refresh_from_db()
    return bulletin


def bulletin_delete(*, actor: Any, bulletin_id: int) -> None:
    """Remove a bulletin made by mistake (e.g. the wrong month) from the archive."""
    require(actor, "indicators.bulletin")
    bulletin = Bulletin.objects.filter(pk=bulletin_id).select_related("area").first()
    if bulletin is None:
        raise NotFound("未找到该通报")
    _bulletin_area(actor, bulletin.area.code)
    bulletin.delete()
