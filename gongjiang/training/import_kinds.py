"""Import kinds of the training domain (issue 12; ADR 0007 machinery): check-in records from
face-recognition devices, and class rosters. Both are for a training institution's own approved
classes; `training.services.checkins_import` runs the check-in file all-or-nothing."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.accounts.permissions import can
from gongjiang.core import crypto
from gongjiang.core.errors import DomainError
from gongjiang.ingest.kinds import Column, ImportContext, ImportKind, RowError, WriteResult, register

_DATETIME = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?[ T]+(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2}))?秒?")


def datetime_parse(text: Any, tz: Any = None) -> datetime | None:
    """A local date and time as devices and spreadsheets write it: 2025-03-01 08:30[:15],
    2025/3/1 8:30, 2025年3月1日 8时30分, or a spreadsheet date-time cell; None when it is none of
    these. The common device form (2025-03-01 08:30[:15]) is read by `datetime.fromisoformat`
    (C, ~10x the regular expression); `tz` is the local time zone (default: the current one)."""
    if isinstance(text, datetime):
        value = text.replace(tzinfo=None)
    elif text.__class__ is str and len(text) in (16, 19) and text[4] == "-" and text[10] == " " and text[7] == "-":
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return None
    else:
        match = _DATETIME.match(str(text or "").strip())
        if not match:
            return None
        year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
        try:
            value = datetime(year, month, day, hour, minute, second)  # noqa: DTZ001 — made aware below
        except ValueError:
            return None
    # zoneinfo: making a wall-clock time aware is attaching the zone (what timezone.make_aware does).
    return value.replace(tzinfo=tz or timezone.get_current_timezone())


def _trainer(actor: Any) -> bool:
    return actor is not None and can(actor, "training.class_file")


def _classes(ctx: ImportContext) -> dict[int, Any]:
    from gongjiang.training.models import TrainingClass

    if "classes" not in ctx.lookups:
        ctx.lookups["classes"] = {c.pk: c for c in TrainingClass.objects.filter(
            institution_id=getattr(ctx.actor, "training_institution_id", None))}
    return ctx.lookups["classes"]


def _class_of(row: dict[str, Any], ctx: ImportContext) -> Any:
    found = _classes(ctx).get(row["class_id"])
    if found is None:
        raise RowError("class_id", _("班级编号 %(n)s 不是本机构的培训班。") % {"n": row["class_id"]},
                       _("请填写培训班页面上显示的班级编号。"))
    if found.status != "approved":
        raise RowError("class_id", _("培训班“%(c)s”尚未批准。") % {"c": found.name},
                       _("培训班批准后才能导入学员和考勤。"))
    return found


CLASS_COLUMN = Column("class_id", gettext_lazy("班级编号"), required=True, kind="int", example="12")
ID_COLUMN = Column("id_number", gettext_lazy("身份证号"), required=True, kind="id_number", example="330902199001011234",
                   aliases=("公民身份号码", "身份证号码", "证件号码", "身份证"))


# --- Check-ins ---------------------------------------------------------------------------------


def _checkins_prepare(ctx: ImportContext) -> None:
    from gongjiang.training.models import Enrolment

    ctx.lookups["enrolled"] = {
        (class_id, id_hash): (enrolment_id, worker_id, site_id)
        for enrolment_id, class_id, worker_id, id_hash, site_id in Enrolment.objects.filter(
            training_class__institution_id=getattr(ctx.actor, "training_institution_id", None))
        .values_list("id", "training_class_id", "worker_id", "worker__id_number_hash", "training_class__site_id")}
    # (class id, ID number) -> (enrolment, worker, site, start date, end date): a device file
    # repeats each trainee hundreds of times, so the keyed hashes are computed once per trainee.
    ctx.lookups["trainees"] = {}
    ctx.lookups["tz"] = timezone.get_current_timezone()


def _trainee(row: dict[str, Any], ctx: ImportContext) -> tuple:
    training_class = _class_of(row, ctx)
    found = None
    for id_hash in crypto.lookup_hashes(row["id_number"]):
        found = found or ctx.lookups["enrolled"].get((training_class.pk, id_hash))
    if found is None:
        raise RowError("id_number", _("此人不在培训班“%(c)s”的名册中。") % {"c": training_class.name},
                       _("请先在培训班页面登记该学员，或核对身份证号与班级编号。"))
    return (*found, training_class.start_date, training_class.end_date)


def _checkin_validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    lookups = ctx.lookups
    trainees = lookups["trainees"]
    key = (row["class_id"], row["id_number"])
    trainee = trainees.get(key)
    if trainee is None:
        trainee = trainees[key] = _trainee(row, ctx)
    tz = lookups["tz"]
    checked_in = datetime_parse(row["checked_in_at"], tz)
    if checked_in is None:
        raise RowError("checked_in_at", _("签到时间无法识别。"), _("请写成 2025-03-01 08:30 的格式。"))
    checked_out = checked_in
    if row["checked_out_at"]:
        checked_out = datetime_parse(row["checked_out_at"], tz)
        if checked_out is None:
            raise RowError("checked_out_at", _("签退时间无法识别。"), _("请写成 2025-03-01 11:30 的格式。"))
        if checked_out < checked_in:
            raise RowError("checked_out_at", _("签退时间早于签到时间。"), _("请核对签到、签退两列是否填反。"))
    enrolment_id, worker_id, site_id, start, end = trainee
    if not start <= checked_in.date() <= end:  # a local wall-clock time: its date is the local date
        raise RowError("checked_in_at", _("签到日期不在开班至结班日期（%(a)s 至 %(b)s）之内。")
                       % {"a": start, "b": end}, _("请核对签到日期和班级编号。"))
    row["_enrolment"], row["_worker"], row["_site"] = enrolment_id, worker_id, site_id
    row["_in"], row["_out"] = checked_in, checked_out
    return row


CHECKIN_FIELDS = ("enrolment", "training_class", "worker", "site", "checked_in_at", "checked_out_at", "minutes",
                  "source", "device")
_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _stamp(text: Any, value: datetime, offsets: dict[str, str]) -> str:
    """`value` as COPY text. A cell in the device form (ASCII 2025-03-01 08:30[:15], which
    `datetime_parse` read with `fromisoformat`) is its own text plus the zone's UTC offset, looked
    up once per hour of the file (offsets change on the hour); any other cell is formatted."""
    if (text.__class__ is str and len(text) in (16, 19) and text[4] == "-" and text[7] == "-" and text[10] == " "
            and text.isascii()):
        hour = text[:13]
        offset = offsets.get(hour)
        if offset is None:
            offset = offsets[hour] = value.isoformat()[19:]
        return f"{text}{offset}" if len(text) == 19 else f"{text}:00{offset}"
    return value.isoformat()


def _checkins_encode(rows: list[dict[str, Any]], ctx: ImportContext) -> None:
    """PostgreSQL: each row's COPY text line, formatted in the reading thread (ADR 0007 §Speed)."""
    offsets = ctx.lookups.setdefault("utc_offsets", {})
    for r in rows:
        checked_in, checked_out = r["_in"], r["_out"]
        out_text = r["checked_out_at"] or r["checked_in_at"]
        r["_copy"] = (f"{r['_enrolment']}\t{r['class_id']}\t{r['_worker']}\t{r['_site']}\t"
                      f"{_stamp(r['checked_in_at'], checked_in, offsets)}\t{_stamp(out_text, checked_out, offsets)}\t"
                      f"{int((checked_out - checked_in).total_seconds()) // 60}\tdevice\t"
                      f"{(r.get('device') or '').translate(_COPY_ESCAPE)}\n")


def _checkins_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    """Insert the batch in bulk (PostgreSQL: COPY; others: executemany). Idempotent: a row already
    imported (same trainee, same check-in time) is left as it is and counted unchanged."""
    from django.db import connection

    from gongjiang.ingest.writers import rows_copy, rows_insert
    from gongjiang.training.models import CheckIn

    if connection.vendor == "postgresql":
        if rows and "_copy" not in rows[0]:
            _checkins_encode(rows, ctx)
        created = rows_copy(CheckIn, CHECKIN_FIELDS, "".join(r["_copy"] for r in rows),
                            conflict=("enrolment", "checked_in_at"))
    else:
        adapt = connection.ops.adapt_datetimefield_value
        created = rows_insert(CheckIn, CHECKIN_FIELDS, [
            (r["_enrolment"], r["class_id"], r["_worker"], r["_site"], adapt(r["_in"]), adapt(r["_out"]),
             int((r["_out"] - r["_in"]).total_seconds()) // 60, "device", r.get("device") or "") for r in rows],
            conflict=("enrolment", "checked_in_at"), direct=False)
    return WriteResult(created=created, unchanged=len(rows) - created)


register(ImportKind(
    name="training_checkins", label=gettext_lazy("培训签到记录"),
    description=gettext_lazy("人脸识别考勤设备导出的签到、签退记录；学员须已在培训班名册中。"),
    columns=[
        CLASS_COLUMN, ID_COLUMN,
        Column("name", gettext_lazy("姓名"), example="王小明", max_length=64),
        Column("checked_in_at", gettext_lazy("签到时间"), required=True, example="2025-03-01 08:30",
               aliases=("打卡时间", "签到")),
        Column("checked_out_at", gettext_lazy("签退时间"), example="2025-03-01 11:30", aliases=("签退",)),
        Column("device", gettext_lazy("设备编号"), example="FACE-01", max_length=64),
    ],
    natural_key=("class_id", "id_number", "checked_in_at"), prepare=_checkins_prepare,
    validate_row=_checkin_validate, write_batch=_checkins_write, permission=_trainer, batch_size=5000,
    # validate_row reads only what prepare loaded, and the writer refuses no row: PostgreSQL's
    # COPY of batch N may run while batch N+1 is read and checked.
    background_write=_trainer, encode_batch=_checkins_encode,
))


# --- Rosters -----------------------------------------------------------------------------------


def _roster_validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    _class_of(row, ctx)
    if not row.get("name"):
        raise RowError("name", _("缺少姓名。"), _("实名制登记须同时填写身份证号和姓名。"))
    return row


def _roster_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    from gongjiang.training.services import trainee_enrol

    result = WriteResult()
    for row in rows:
        try:
            with transaction.atomic():
                trainee_enrol(actor=ctx.actor, training_class=_classes(ctx)[row["class_id"]],
                              id_number=row["id_number"], name=row["name"])
            result.created += 1
        except DomainError as exc:
            if exc.code == "duplicate":
                result.unchanged += 1
                continue
            column = {"name": "name", "id_number": "id_number"}.get(exc.field or "", "")
            result.rejected.append((row, RowError(column, exc.message, _("请核对后重新导入这一行。"))))
        except IntegrityError:
            result.rejected.append((row, RowError("", _("保存失败：与已有记录冲突。"))))
    result.rejected_before_writing = True
    return result


register(ImportKind(
    name="training_roster", label=gettext_lazy("培训班学员名册"),
    description=gettext_lazy("实名制登记学员：身份证号经校验后与人才库比对，未登记的人员同时登记入库。"),
    columns=[CLASS_COLUMN, ID_COLUMN, Column("name", gettext_lazy("姓名"), required=True, example="王小明", max_length=64)],
    natural_key=("class_id", "id_number"), validate_row=_roster_validate, write_batch=_roster_write,
    permission=_trainer, batch_size=500,
))


# --- Institutions (the bureau) and class plans (an institution) --------------------------------


def _bureau_trainer(actor: Any) -> bool:
    return actor is not None and can(actor, "training.institution_manage")


def _per_row(rows: list[dict[str, Any]], write: Any, fields: dict[str, str]) -> WriteResult:
    """Write each row through its service in a savepoint; a refused row is reported with the
    service's Chinese message on the column of the field it names, the others are written."""
    result = WriteResult()
    for row in rows:
        try:
            with transaction.atomic():
                write(row)
            result.created += 1
        except DomainError as exc:
            if exc.code == "duplicate":
                result.unchanged += 1
                continue
            result.rejected.append((row, RowError(fields.get(exc.field or "", ""), exc.message,
                                                  _("请核对后重新导入这一行。"))))
        except IntegrityError:
            result.rejected.append((row, RowError("", _("保存失败：与已有记录冲突。"))))
    result.rejected_before_writing = True
    return result


def _institutions_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    from gongjiang.reference.models import Occupation
    from gongjiang.training.services import institution_admit

    def write(row: dict[str, Any]) -> None:
        codes = [c for c in re.split(r"[\s,，、;；]+", row["scope"] or "") if c]
        found = {o.code: o for o in Occupation.objects.filter(code__in=codes, level=4)}
        missing = [c for c in codes if c not in found]
        if missing:
            raise DomainError(_("没有这些职业（工种）代码：%(c)s") % {"c": "、".join(missing)}, field="scope")
        institution_admit(actor=ctx.actor, name=row["name"], uscc=row["uscc"], kind=row["kind"],
                          licence_number=row["licence_number"], district=row["district"],
                          scope=[found[c] for c in codes], admitted_on=row["admitted_on"] or ctx.today,
                          address=row["address"], contact_name=row["contact_name"],
                          contact_phone=row["contact_phone"])

    return _per_row(rows, write, {"uscc": "uscc", "name": "name", "licence_number": "licence_number",
                                  "scope": "scope"})


def _institution_kinds() -> list[tuple[str, str]]:
    from gongjiang.training.models import InstitutionKind

    return list(InstitutionKind.choices)


register(ImportKind(
    name="training_institutions", label=gettext_lazy("培训机构名单"),
    description=gettext_lazy("人社局准入的培训机构：统一社会信用代码、办学性质、许可证号、准予培训的职业（工种）代码。"),
    columns=[
        Column("name", gettext_lazy("机构名称"), required=True, example="定海区职业技能培训学校", max_length=200),
        Column("uscc", gettext_lazy("统一社会信用代码"), required=True, kind="uscc", example="52330902MJ0000000X"),
        Column("kind", gettext_lazy("办学性质"), required=True, kind="choice", choices=_institution_kinds(),
               example="非营利性"),
        Column("licence_number", gettext_lazy("办学许可证号"), required=True, example="教民133090270000001号",
               max_length=64),
        Column("district", gettext_lazy("所在区县"), required=True, kind="division", example="定海区"),
        Column("scope", gettext_lazy("培训范围（职业代码）"), required=True, example="6-18-02-04、4-10-01-02",
               help=gettext_lazy("国家职业分类大典细类代码，多个用顿号分隔")),
        Column("admitted_on", gettext_lazy("准入日期"), kind="date", example="2025-01-02"),
        Column("address", gettext_lazy("地址"), example="舟山市定海区环城南路1号", max_length=255),
        Column("contact_name", gettext_lazy("联系人"), example="张老师", max_length=64),
        Column("contact_phone", gettext_lazy("联系电话"), example="0580-2021234", max_length=32),
    ],
    natural_key="uscc", validate_row=lambda row, ctx: row, write_batch=_institutions_write,
    permission=_bureau_trainer, batch_size=200,
))


def _classes_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    from gongjiang.training.models import Programme, Site
    from gongjiang.training.services import class_file

    def write(row: dict[str, Any]) -> None:
        programme = Programme.objects.filter(code=row["programme"]).first() or \
            Programme.objects.filter(name=row["programme"]).first()
        if programme is None:
            raise DomainError(_("补贴性培训项目目录中没有“%(p)s”") % {"p": row["programme"]}, field="programme")
        site = Site.objects.filter(institution_id=getattr(ctx.actor, "training_institution_id", None),
                                   name=row["site"]).first()
        if site is None:
            raise DomainError(_("本机构没有名为“%(s)s”的培训场地") % {"s": row["site"]}, field="site")
        class_file(actor=ctx.actor, programme=programme, site=site, name=row["name"], teacher=row["teacher"],
                   start_date=row["start_date"], end_date=row["end_date"], planned_hours=row["planned_hours"],
                   capacity=row["capacity"])

    return _per_row(rows, write, {"programme": "programme", "site": "site", "end_date": "end_date",
                                  "planned_hours": "planned_hours", "capacity": "capacity", "name": "name",
                                  "teacher": "teacher"})


register(ImportKind(
    name="training_classes", label=gettext_lazy("培训班开班计划"),
    description=gettext_lazy("培训机构报备的培训班：项目须在补贴性培训项目目录和本机构准予培训的职业范围内，场地须为本机构场地。"),
    columns=[
        Column("name", gettext_lazy("班级名称"), required=True, example="焊工高级一期", max_length=200),
        Column("programme", gettext_lazy("培训项目"), required=True, example="hg-4",
               help=gettext_lazy("项目编号或项目名称，见补贴性培训项目目录")),
        Column("site", gettext_lazy("培训场地"), required=True, example="临城校区", max_length=200),
        Column("teacher", gettext_lazy("授课教师"), required=True, example="陈师傅", max_length=64),
        Column("start_date", gettext_lazy("开班日期"), required=True, kind="date", example="2025-03-03"),
        Column("end_date", gettext_lazy("结班日期"), required=True, kind="date", example="2025-03-07"),
        Column("planned_hours", gettext_lazy("计划学时"), required=True, kind="int", example="40"),
        Column("capacity", gettext_lazy("计划人数"), required=True, kind="int", example="30"),
    ],
    natural_key=("name", "start_date"), validate_row=lambda row, ctx: row, write_batch=_classes_write,
    permission=_trainer, batch_size=200,
))
