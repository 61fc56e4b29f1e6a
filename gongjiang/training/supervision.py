"""Supervision rules over rosters and check-ins (R3.4, `001` (十八): 加强资金监管, 严防"虚假培训、
虚假考勤"). Each rule is one or two set-based queries over every class at once — never a loop of
ORM queries per class — and records a `Finding` per subject with its evidence and a reason a
clerk can read. Running again refreshes open findings and never reopens a closed one.

Thresholds are data below, each with why; the robust statistic for institution outliers is the
modified z-score of Iglesias and Hoaglin (1993): z = 0.6745 (x − median) / MAD, |z| > 3.5."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from gongjiang.accounts.permissions import require
from gongjiang.audit.models import AuditAction
from gongjiang.audit.services import audit_record
from gongjiang.core.errors import DomainError, NotFound
from gongjiang.training import selectors
from gongjiang.training.models import (
    CheckIn,
    ClassStatus,
    Completion,
    Enrolment,
    Finding,
    FindingStatus,
    Rule,
    Session,
    TrainingClass,
)

#: A check-in counts as within the timetable when it falls inside a session widened by this much
#: on either side (devices are at the door; trainees arrive early and leave a little late).
TIMETABLE_TOLERANCE = timedelta(minutes=30)
#: A completed trainee must have attended this share of the planned hours (common practice of
#: subsidised-training rules: 出勤率不低于 80%).
ATTENDANCE_MIN_SHARE = Decimal("0.8")
#: Two trainees of one class whose check-in and check-out times agree to the second this many
#: times or more, and at every check-in of the one with fewer, are machine-clicked.
IDENTICAL_MIN_MATCHES = 3
#: Statutory retirement ages in years (men 60, women 55 as the looser of the two female ages; the
#: 2025 gradual rise is not modelled), from the birth date of the resident ID number.
RETIREMENT_AGE = {"M": 60, "F": 55}
#: Modified z-score threshold and the fewest peers for the outlier rule to speak.
OUTLIER_Z, OUTLIER_MIN_PEERS, OUTLIER_MIN_COMPLETIONS = Decimal("3.5"), 5, 5


def _fmt(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def _candidates(since=None):
    classes = TrainingClass.objects.filter(status__in=[ClassStatus.APPROVED, ClassStatus.CLOSED])
    if since is not None:
        classes = classes.filter(end_date__gte=since)
    return classes


def rule_two_sites(classes) -> list[dict]:
    """One person checked in at two different sites at overlapping times."""
    other = CheckIn.objects.filter(worker_id=OuterRef("worker_id"), checked_in_at__lte=OuterRef("checked_out_at"),
                                   checked_out_at__gte=OuterRef("checked_in_at")).exclude(site_id=OuterRef("site_id"))
    rows = list(CheckIn.objects.filter(training_class__in=classes).filter(Exists(other))
                .values_list("id", "worker_id", "worker__name", "enrolment_id", "training_class_id",
                             "training_class__institution_id", "site__name", "checked_in_at", "checked_out_at"))
    by_worker: dict[int, list] = defaultdict(list)
    for row in rows:
        by_worker[row[1]].append(row)
    found = []
    for worker_id, hits in by_worker.items():
        hits.sort(key=lambda r: r[7])
        sites = sorted({h[6] for h in hits})
        for institution_id in {h[5] for h in hits}:
            mine = [h for h in hits if h[5] == institution_id]
            found.append({
                "rule": Rule.TWO_SITES, "key": f"w{worker_id}:i{institution_id}", "institution_id": institution_id,
                "class_id": mine[0][4], "enrolment_ids": sorted({h[3] for h in mine}),
                "reason": f"学员 {hits[0][2]} 在同一时间段内于 {'、'.join(sites)} 两处签到，"
                          f"共 {len(hits)} 条重叠记录；一个人不可能同时在两个场地上课，可能是代签或虚假考勤。",
                "evidence": [{"场地": h[6], "签到": _fmt(h[7]), "签退": _fmt(h[8]), "班级编号": h[4]} for h in hits[:20]]})
    return found


def rule_outside_timetable(classes) -> list[dict]:
    """Check-ins that fall in no session of the class's timetable (widened by the tolerance)."""
    within = Session.objects.filter(training_class_id=OuterRef("training_class_id"),
                                    starts_at__lte=OuterRef("checked_in_at") + TIMETABLE_TOLERANCE,
                                    ends_at__gte=OuterRef("checked_out_at") - TIMETABLE_TOLERANCE)
    rows = list(CheckIn.objects.filter(training_class__in=classes).filter(~Exists(within))
                .values_list("training_class_id", "training_class__name", "training_class__institution_id",
                             "enrolment_id", "worker__name", "checked_in_at", "checked_out_at"))
    by_class: dict[int, list] = defaultdict(list)
    for row in rows:
        by_class[row[0]].append(row)
    found = []
    for class_id, hits in by_class.items():
        found.append({
            "rule": Rule.OUTSIDE_TIMETABLE, "key": f"c{class_id}", "institution_id": hits[0][2], "class_id": class_id,
            "enrolment_ids": sorted({h[3] for h in hits}),
            "reason": f"培训班“{hits[0][1]}”有 {len(hits)} 条签到不在任何一节课的上课时间内"
                      f"（前后各放宽 {int(TIMETABLE_TOLERANCE.total_seconds() // 60)} 分钟），请核对是否按课表开课。",
            "evidence": [{"学员": h[4], "签到": _fmt(h[5]), "签退": _fmt(h[6])} for h in hits[:20]]})
    return found


def rule_hours_short(classes) -> list[dict]:
    """Completed trainees whose attended hours fall short of the planned hours' required share."""
    rows = list(Enrolment.objects.filter(training_class__in=classes, completion__isnull=False)
                .annotate(minutes=Sum("checkins__minutes"))
                .values_list("id", "worker__name", "training_class_id", "training_class__name",
                             "training_class__institution_id", "training_class__planned_hours", "minutes"))
    found = []
    for enrolment_id, name, class_id, class_name, institution_id, planned, minutes in rows:
        attended = Decimal(minutes or 0) / 60
        if attended < planned * ATTENDANCE_MIN_SHARE:
            found.append({
                "rule": Rule.HOURS_SHORT, "key": f"e{enrolment_id}", "institution_id": institution_id,
                "class_id": class_id, "enrolment_ids": [enrolment_id],
                "reason": f"学员 {name} 在“{class_name}”实到 {attended.quantize(Decimal('0.1'))} 学时，"
                          f"不足计划 {planned} 学时的 {int(ATTENDANCE_MIN_SHARE * 100)}%，却已登记结业。",
                "evidence": [{"计划学时": planned, "实到学时": str(attended.quantize(Decimal("0.1")))}]})
    return found


def rule_identical_sequence(classes) -> list[dict]:
    """Pairs of trainees of one class checked in and out at the very same seconds, again and again."""
    table = CheckIn._meta.db_table
    class_ids = list(classes.values_list("id", flat=True))
    if not class_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT a.enrolment_id, b.enrolment_id, a.training_class_id, COUNT(*) FROM {table} a "  # noqa: S608 — table name from the model
            f"JOIN {table} b ON a.training_class_id = b.training_class_id AND a.checked_in_at = b.checked_in_at "
            "AND a.checked_out_at = b.checked_out_at AND a.enrolment_id < b.enrolment_id "
            f"WHERE a.training_class_id IN (SELECT id FROM {TrainingClass._meta.db_table} WHERE status IN (%s, %s)) "
            "GROUP BY a.enrolment_id, b.enrolment_id, a.training_class_id HAVING COUNT(*) >= %s",
            [ClassStatus.APPROVED, ClassStatus.CLOSED, IDENTICAL_MIN_MATCHES])
        pairs = [p for p in cursor.fetchall() if p[2] in set(class_ids)]
    if not pairs:
        return []
    enrolment_ids = {e for p in pairs for e in p[:2]}
    counts = dict(CheckIn.objects.filter(enrolment_id__in=enrolment_ids).values_list("enrolment_id")
                  .annotate(n=Count("id")))
    names = dict(Enrolment.objects.filter(pk__in=enrolment_ids).values_list("id", "worker__name"))
    classes_by_id = {c.pk: c for c in TrainingClass.objects.filter(pk__in={p[2] for p in pairs})}
    groups: dict[int, dict[int, set]] = defaultdict(lambda: defaultdict(set))
    for a, b, class_id, matches in pairs:
        if matches >= min(counts.get(a, 0), counts.get(b, 0)):
            groups[class_id][a].add(b)
            groups[class_id][b].add(a)
    found = []
    for class_id, graph in groups.items():
        members = sorted(graph)
        training_class = classes_by_id[class_id]
        found.append({
            "rule": Rule.IDENTICAL_SEQUENCE, "key": f"c{class_id}", "institution_id": training_class.institution_id,
            "class_id": class_id, "enrolment_ids": members,
            "reason": f"培训班“{training_class.name}”有 {len(members)} 名学员每次签到、签退的时间都精确到秒完全相同，"
                      "真人刷脸不会如此一致，可能是机器批量打卡。",
            "evidence": [{"学员": names.get(e, ""), "签到次数": counts.get(e, 0),
                          "与之完全相同的学员": "、".join(names.get(o, "") for o in sorted(graph[e]))}
                         for e in members[:20]]})
    return found


def rule_past_retirement_age(classes) -> list[dict]:
    """Trainees past the statutory retirement age when the class started (from the ID number)."""
    rows = list(Enrolment.objects.filter(training_class__in=classes).values_list(
        "id", "worker__name", "worker__sex", "worker__birth_date", "training_class_id", "training_class__name",
        "training_class__start_date", "training_class__institution_id"))
    by_class: dict[int, list] = defaultdict(list)
    for enrolment_id, name, sex, born, class_id, class_name, start, institution_id in rows:
        age = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
        if age >= RETIREMENT_AGE.get(sex, 60):
            by_class[class_id].append((enrolment_id, name, age, class_name, institution_id))
    return [{"rule": Rule.PAST_RETIREMENT_AGE, "key": f"c{class_id}", "institution_id": hits[0][4],
             "class_id": class_id, "enrolment_ids": [h[0] for h in hits],
             "reason": f"培训班“{hits[0][3]}”有 {len(hits)} 名学员开班时已达法定退休年龄，"
                       "补贴性职业技能培训面向劳动年龄人口，请核实是否为冒名或凑数学员。",
             "evidence": [{"学员": h[1], "开班时年龄": h[2]} for h in hits[:20]]}
            for class_id, hits in by_class.items()]


def rule_repeated_programme(classes) -> list[dict]:
    """The same person enrolled in more than one class of the same programme."""
    repeated = list(Enrolment.objects.filter(training_class__in=classes)
                    .values("worker_id", "training_class__programme_id").annotate(n=Count("id")).filter(n__gte=2))
    if not repeated:
        return []
    wanted = Q()
    for r in repeated:
        wanted |= Q(worker_id=r["worker_id"], training_class__programme_id=r["training_class__programme_id"])
    rows = list(Enrolment.objects.filter(wanted, training_class__in=classes).values_list(
        "id", "worker_id", "worker__name", "training_class__programme_id", "training_class__programme__name",
        "training_class_id", "training_class__name", "training_class__institution_id",
        "training_class__start_date"))
    groups: dict[tuple, list] = defaultdict(list)
    for row in rows:
        groups[(row[1], row[3])].append(row)
    found = []
    for (worker_id, programme_id), hits in groups.items():
        hits.sort(key=lambda h: h[8])
        found.append({
            "rule": Rule.REPEATED_PROGRAMME, "key": f"w{worker_id}:p{programme_id}", "institution_id": hits[-1][7],
            "class_id": hits[-1][5], "enrolment_ids": [h[0] for h in hits[1:]],
            "reason": f"学员 {hits[0][2]} 先后 {len(hits)} 次参加同一补贴项目“{hits[0][4]}”，"
                      "同一项目同一等级只应享受一次培训补贴。",
            "evidence": [{"班级": h[6], "开班日期": str(h[8])} for h in hits]})
    return found


def modified_z(values: dict[Any, Decimal]) -> tuple[Decimal, Decimal, dict[Any, Decimal]]:
    """Median, MAD and the modified z-score of each value. When more than half the values are
    equal (MAD 0) the score uses the mean absolute deviation instead (z = (x − median) /
    (1.253314 · MeanAD), the IBM SPSS convention), so a single differing value is not infinite."""
    median = Decimal(statistics.median(values.values()))
    deviations = [abs(v - median) for v in values.values()]
    mad = Decimal(statistics.median(deviations))
    mean_ad = sum(deviations, Decimal(0)) / len(deviations)
    scores = {}
    for key, value in values.items():
        if mad:
            score = Decimal("0.6745") * (value - median) / mad
        elif mean_ad:
            score = (value - median) / (Decimal("1.253314") * mean_ad)
        else:
            score = Decimal(0)
        scores[key] = score.quantize(Decimal("0.01"))
    return median, mad, scores


def rule_institution_outlier(classes) -> list[dict]:
    """Institutions whose exam pass rate is far from their peers' (modified z-score)."""
    rows = list(Completion.objects.filter(enrolment__training_class__in=classes)
                .values("enrolment__training_class__institution_id", "enrolment__training_class__institution__name")
                .annotate(total=Count("id"), passed=Count("id", filter=Q(exam_passed=True))))
    rates = {r["enrolment__training_class__institution_id"]: Decimal(r["passed"]) / Decimal(r["total"])
             for r in rows if r["total"] >= OUTLIER_MIN_COMPLETIONS}
    if len(rates) < OUTLIER_MIN_PEERS:
        return []
    names = {r["enrolment__training_class__institution_id"]: r["enrolment__training_class__institution__name"]
             for r in rows}
    median, mad, scores = modified_z(rates)
    found = []
    for institution_id, z in scores.items():
        if abs(z) > OUTLIER_Z:
            rate = rates[institution_id]
            direction = "高于" if rate > median else "低于"
            found.append({
                "rule": Rule.INSTITUTION_OUTLIER, "key": f"i{institution_id}", "institution_id": institution_id,
                "class_id": None, "enrolment_ids": [],
                "reason": f"{names[institution_id]} 的考核合格率为 {rate:.0%}，明显{direction}同行的中位数 {median:.0%}"
                          f"（稳健 z 值 {z}，超过 ±{OUTLIER_Z} 即视为异常）。合格率远高于同行可能是考核走过场。",
                "evidence": [{"合格率": f"{rate:.1%}", "同行中位数": f"{median:.1%}", "绝对离差中位数": f"{mad:.3f}",
                              "稳健z值": str(z), "参与比较的机构数": len(rates)}]})
    return found


RULES = [rule_two_sites, rule_outside_timetable, rule_hours_short, rule_identical_sequence,
         rule_past_retirement_age, rule_repeated_programme, rule_institution_outlier]


@transaction.atomic
def supervision_run(*, actor: Any = None, since=None) -> dict[str, int]:
    """Run every rule over all approved classes (or those ending on or after `since`) and record
    the findings. A subject already found keeps its finding: an open one gets the new evidence, a
    closed one is left as decided. Returns the number of findings per rule. `actor` None is the
    nightly job; otherwise bureau staff."""
    if actor is not None:
        require(actor, "training.supervision")
    classes = _candidates(since)
    counts = {}
    existing = {(f.rule, f.key): f for f in Finding.objects.all()}
    through = Finding.enrolments.through
    for rule in RULES:
        results = rule(classes)
        counts[rule.__name__.removeprefix("rule_")] = len(results)
        for item in results:
            finding = existing.get((item["rule"], item["key"]))
            if finding is not None and finding.status != FindingStatus.OPEN:
                continue
            if finding is None:
                finding = Finding.objects.create(rule=item["rule"], key=item["key"],
                                                 institution_id=item["institution_id"],
                                                 training_class_id=item["class_id"], reason=item["reason"],
                                                 evidence=item["evidence"])
            else:
                finding.reason, finding.evidence = item["reason"], item["evidence"]
                finding.save(update_fields=["reason", "evidence"])
                through.objects.filter(finding=finding).delete()
            through.objects.bulk_create([through(finding_id=finding.pk, enrolment_id=e) for e in item["enrolment_ids"]])
    if actor is not None:
        audit_record(actor=actor, action=AuditAction.CHANGE, object_type="training_supervision",
                     summary=f"运行培训监管规则：{sum(counts.values())} 条疑点")
    return counts


@transaction.atomic
def finding_review(*, actor: Any, finding: Finding, status: str, outcome: str) -> Finding:
    """Close a finding: cleared (核查无问题) or confirmed (确认违规), with the outcome written.
    A confirmed finding blocks the training subsidy of the trainees it names."""
    require(actor, "training.supervision")
    if not selectors.finding_scope(actor).filter(pk=finding.pk).exists():
        raise NotFound("未找到该疑点，或您无权查看")
    if status not in (FindingStatus.CLEARED, FindingStatus.CONFIRMED):
        raise DomainError("请选择“核查无问题”或“确认违规”", field="status")
    if not outcome.strip():
        raise DomainError("请写明核查结论（核查了什么、结论是什么）", field="outcome")
    if finding.status != FindingStatus.OPEN:
        raise DomainError(f"该疑点已于 {timezone.localtime(finding.reviewed_at):%Y-%m-%d} 处理完毕")
    finding.status, finding.outcome = status, outcome.strip()
    finding.reviewed_by, finding.reviewed_at = actor, timezone.now()
    finding.save(update_fields=["status", "outcome", "reviewed_by", "reviewed_at"])
    audit_record(actor=actor, action=AuditAction.CHANGE, object_type="training_finding", object_id=finding.pk,
                 summary=f"疑点 {finding.get_rule_display()}：{finding.get_status_display()}")
    if status == FindingStatus.CONFIRMED:
        finding.claw_back = subsidy_claw_back_for(actor=actor, finding=finding)
    return finding


TRAINING_FORMULAS = {"training_completion", "training_shortage_uplift"}


def subsidy_claw_back_for(*, actor: Any, finding: Finding) -> dict[str, int]:
    """A confirmed finding reverses what was already paid for the trainees it names and stops
    their open claims, through the incentives ledger's reversal (ADR 0009: one engine, one
    ledger); later runs find the trainees blocked (`blocked_by_finding`)."""
    from gongjiang.incentives.services import subsidy_claw_back

    ids = list(finding.enrolments.values_list("id", flat=True))
    if not ids:
        return {"reversed": 0, "amount": "0", "stopped": 0}
    periods = {f"{prefix}:{pk}" for pk in ids for prefix in ("training", "training-uplift")}
    return subsidy_claw_back(actor=actor, formulas=TRAINING_FORMULAS, periods=periods,
                             reason=f"培训监管疑点 {finding.pk}（{finding.get_rule_display()}）经核查确认违规：{finding.outcome}")
