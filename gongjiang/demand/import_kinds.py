"""Import kinds of the demand domain (issue 15; ADR 0007, ADR 0023): enterprise demand sheets
(enterprise HR, for their own enterprise) and job-seeker counts from the employment service
(bureau). The checks are the services' own (`services._clean`), run while validating, so a dry run
reports every bad row and a real run writes only rows that pass; each row is one filing."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from gongjiang.accounts.permissions import can
from gongjiang.core.errors import DomainError
from gongjiang.demand import services
from gongjiang.demand.models import DemandFiling, FilingStatus, JobSeekerCount
from gongjiang.ingest.kinds import Column, ImportContext, ImportKind, RowError, WriteResult, register


def _hr(actor: Any) -> bool:
    return actor is not None and can(actor, "demand.file")


def _bureau(actor: Any) -> bool:
    return actor is not None and can(actor, "demand.job_seekers_import")


def _as_row_error(exc: DomainError) -> RowError:
    return RowError(exc.field or "", exc.message)


def _filing_prepare(ctx: ImportContext) -> None:
    from gongjiang.registry.models import Enterprise

    ctx.lookups["enterprise"] = Enterprise.objects.filter(pk=getattr(ctx.actor, "enterprise_id", None)).select_related(
        "district").first()


def _filing_validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    enterprise = ctx.lookups.get("enterprise")
    if enterprise is None:
        raise RowError("", gettext_lazy("本账号未关联企业，不能导入需求。"), gettext_lazy("请用企业人事账号导入。"))
    try:
        clean = services._clean(row, district_code=enterprise.district.code, today=ctx.today)
    except DomainError as exc:
        raise _as_row_error(exc) from None
    row.update(clean)
    return row


def _filing_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result = WriteResult()
    enterprise = ctx.lookups["enterprise"]
    for row in rows:
        values = {key: row[key] for key in services.FILING_FIELDS}
        existing = DemandFiling.objects.filter(enterprise=enterprise, occupation=values["occupation"],
                                               grade=values["grade"], period=values["period"],
                                               status=FilingStatus.ACTIVE).first()
        try:
            if existing is None:
                services.filing_create(actor=ctx.actor, enterprise=enterprise, today=ctx.today, **values)
                result.created += 1
            else:
                revision = existing.revision
                services.filing_revise(actor=ctx.actor, filing=existing, today=ctx.today,
                                       reason=str(gettext_lazy("导入")), **values)
                existing.refresh_from_db(fields=["revision"])
                if existing.revision == revision:
                    result.unchanged += 1
                else:
                    result.updated += 1
        except DomainError as exc:
            result.rejected.append((row, _as_row_error(exc)))
    return result


register(ImportKind(
    name="demand_filings", label=gettext_lazy("用工需求"),
    description=gettext_lazy("企业填报用工需求：每行一个职业（工种）和等级。同一职业、等级和月份已填报过的，按本表修改那条填报。"),
    columns=[
        Column("occupation", gettext_lazy("职业（工种）"), required=True, example="6-18-02-04 焊工",
               aliases=("职业（工种）代码", "职业代码", "工种", "职业"), max_length=140,
               help=gettext_lazy("《职业分类大典》代码或准确名称")),
        Column("grade", gettext_lazy("技能等级"), required=True, kind="grade", example="高级工（三级）"),
        Column("headcount", gettext_lazy("需求人数"), required=True, kind="int", example="5"),
        Column("wage_offered", gettext_lazy("拟提供月工资（元）"), required=True, kind="decimal", example="7500",
               aliases=("月工资", "拟提供月工资")),
        Column("needed_by", gettext_lazy("希望到岗日期"), required=True, kind="date", example="2026-12-31"),
        Column("period", gettext_lazy("需求月份"), kind="date", example="",
               help=gettext_lazy("留空为本月")),
        Column("vacancies_advertised", gettext_lazy("已发布招聘岗位数"), kind="int", example="5"),
        Column("applicants", gettext_lazy("应聘人数"), kind="int", example="12"),
        Column("suitable_applicants", gettext_lazy("符合要求的应聘人数"), kind="int", example="2"),
        Column("weeks_open", gettext_lazy("岗位空缺周数"), kind="int", example="8"),
        Column("filled", gettext_lazy("已招满"), kind="bool", example="否"),
    ],
    natural_key=("occupation", "grade", "period"), validate_row=_filing_validate, write_batch=_filing_write,
    prepare=_filing_prepare, permission=_hr, batch_size=500,
))


def _seekers_validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    if row["occupation"].level != 4:
        raise RowError("occupation", gettext_lazy("请填写到“职业”一级（四段代码，如 6-18-02-04）。"))
    if row["seekers"] < 0:
        raise RowError("seekers", gettext_lazy("求职人数不能为负数。"), gettext_lazy("请填写0或正整数。"))
    if row["district"].level != 3:
        raise RowError("district", gettext_lazy("请填写区县（如 330902 定海区）。"))
    row["period"] = row["period"].replace(day=1)
    if row["period"] > ctx.today:
        raise RowError("period", gettext_lazy("月份晚于本月。"), gettext_lazy("请核对月份。"))
    return row


def _seekers_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result = WriteResult()
    for row in rows:
        item, created = JobSeekerCount.objects.get_or_create(
            occupation=row["occupation"], grade=row["grade"], district=row["district"], period=row["period"],
            defaults={"seekers": row["seekers"]})
        if created:
            result.created += 1
        elif item.seekers != row["seekers"]:
            item.seekers = row["seekers"]
            item.save(update_fields=["seekers"])
            result.updated += 1
        else:
            result.unchanged += 1
    return result


register(ImportKind(
    name="job_seekers", label=gettext_lazy("求职登记人数"),
    description=gettext_lazy("公共就业服务机构的求职登记人数（按职业、等级、区县和月份汇总，不含个人信息），用于计算供需缺口。"),
    columns=[
        Column("occupation", gettext_lazy("职业（工种）代码"), required=True, kind="occupation", example="6-18-02-04"),
        Column("grade", gettext_lazy("技能等级"), required=True, kind="grade", example="高级工（三级）"),
        Column("district", gettext_lazy("区县"), required=True, kind="division", example="330902 定海区"),
        Column("period", gettext_lazy("月份"), required=True, kind="date", example="2026-03-01"),
        Column("seekers", gettext_lazy("求职人数"), required=True, kind="int", example="4"),
    ],
    natural_key=("occupation", "grade", "district", "period"), validate_row=_seekers_validate,
    write_batch=_seekers_write, permission=_bureau,
))
