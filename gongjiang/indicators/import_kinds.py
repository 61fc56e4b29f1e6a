"""Targets from an Excel template (ADR 0007 machinery; ADR 0025): one row a target, upserted by
indicator + area + enterprise + year, so a corrected sheet re-imported changes only what changed."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.accounts.permissions import Scope, can, scope
from gongjiang.ingest.kinds import Column, ImportContext, ImportKind, RowError, WriteResult, register


def _permitted(actor: Any) -> bool:
    return actor is not None and can(actor, "indicators.target_edit")


def _indicator_choices():
    from gongjiang.indicators.catalogue import INDICATORS

    return [(i.code, str(i.label)) for i in INDICATORS]


def _prepare(ctx: ImportContext) -> None:
    from gongjiang.registry.models import Enterprise

    ctx.lookups["enterprises"] = {}
    ctx.lookups["enterprise_model"] = Enterprise


def _validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    from gongjiang.indicators.catalogue import BY_CODE

    indicator = BY_CODE[row["indicator"]]
    area = row["area"]
    actor = ctx.actor
    if actor is not None and scope(actor) == Scope.DISTRICT and area.pk != actor.district_id:
        raise RowError("area", _("您只能导入本区（%(d)s）的目标。") % {"d": actor.district.name},
                       _("请删除其他地区的行，或请市级管理员导入。"))
    uscc = row.get("enterprise_uscc") or ""
    row["_enterprise"] = None
    if uscc:
        if not indicator.enterprise_level:
            raise RowError("enterprise_uscc", _("“%(i)s”不能作为企业目标。") % {"i": indicator.label},
                           _("企业目标只能是技能人才总量、占比和高技能人才总量、占比；地区目标请把企业一列留空。"))
        found = ctx.lookups["enterprise_model"].objects.filter(uscc=uscc).first()
        if found is None:
            raise RowError("enterprise_uscc", _("统一社会信用代码为 %(c)s 的企业未在人才库登记。") % {"c": uscc},
                           _("请先登记该企业，或核对代码。"))
        row["_enterprise"] = found
    if indicator.share and row["value"] > 100:
        raise RowError("value", _("比重不能超过 100。"), _("比重按百分数填写，例如 35 表示 35%。"))
    if row.get("from_year"):
        if indicator.kind != "flow":
            raise RowError("from_year", _("“%(i)s”是截至年底的存量指标，不需要累计起始年度。") % {"i": indicator.label},
                           _("请把“累计起始年度”留空。"))
        if row["from_year"] > row["year"]:
            raise RowError("from_year", _("累计起始年度晚于目标年度。"), _("请核对两列是否填反。"))
    if not 2000 <= row["year"] <= 2100:
        raise RowError("year", _("目标年度应在 2000 至 2100 之间。"), _("请填写四位年份，例如 2026。"))
    return row


def _write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    from gongjiang.indicators.models import Comparison, Path, Target

    result = WriteResult()
    for r in rows:
        fields = {"from_year": r.get("from_year") or None, "value": r["value"],
                  "comparison": r.get("comparison") or Comparison.AT_LEAST, "path": r.get("path") or Path.LINEAR,
                  "document": r["document"], "clause": r["clause"], "wording": r.get("wording") or ""}
        # The sheet holds areas' and enterprises' targets; a 乡镇/街道's is entered on the page or by the API.
        found = Target.objects.filter(indicator=r["indicator"], area=r["area"], enterprise=r["_enterprise"],
                                      township_code="", year=r["year"]).first()
        if found is None:
            Target.objects.create(indicator=r["indicator"], area=r["area"], enterprise=r["_enterprise"],
                                  year=r["year"], **fields)
            result.created += 1
        elif any(getattr(found, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(found, k, v)
            found.save()
            result.updated += 1
        else:
            result.unchanged += 1
    return result


register(ImportKind(
    name="indicator_target", label=gettext_lazy("目标"),
    description=gettext_lazy("政策文件规定的目标：指标、地区（或企业）、年度、目标值、文号和条款"),
    columns=[
        Column("indicator", gettext_lazy("指标"), required=True, kind="choice", choices=_indicator_choices(),
               example="技能人才总量", help=gettext_lazy("填写指标名称或代码，例如 技能人才总量、high_skilled_share")),
        Column("area", gettext_lazy("地区"), required=True, kind="division", example="330902",
               help=gettext_lazy("行政区划代码或名称，例如 330902 或 定海区"), aliases=("地区代码", "行政区划代码")),
        Column("enterprise_uscc", gettext_lazy("企业统一社会信用代码"), kind="uscc",
               help=gettext_lazy("目标属于某家企业时填写，地区目标留空")),
        Column("year", gettext_lazy("目标年度"), required=True, kind="int", example="2026"),
        Column("from_year", gettext_lazy("累计起始年度"), kind="int",
               help=gettext_lazy("跨年累计的人次、证书、金额目标填写，例如 2018")),
        Column("value", gettext_lazy("目标值"), required=True, kind="decimal", example="112700",
               help=gettext_lazy("比重按百分数填写，35 表示 35%")),
        Column("comparison", gettext_lazy("比较方式"), kind="choice",
               choices=[("gte", "达到（不低于）"), ("gt", "超过")], example="达到（不低于）"),
        Column("path", gettext_lazy("进度要求"), kind="choice",
               choices=[("linear", "按时间均匀推进"), ("year_end", "年底一次考核")], example="按时间均匀推进"),
        Column("document", gettext_lazy("文件文号"), required=True, example="定政發〔2025〕4號", max_length=64),
        Column("clause", gettext_lazy("条款"), required=True, example="一 总体目标", max_length=64),
        Column("wording", gettext_lazy("原文表述"), example="全区技能人才总量达到11.27万人以上", max_length=255),
    ],
    natural_key=("indicator", "area", "enterprise_uscc", "year"),
    validate_row=_validate, write_batch=_write, prepare=_prepare, permission=_permitted, batch_size=500,
))
