"""Formulas: the shape of each kind of policy, in code (ADR 0009).

A formula declares the facts its conditions may read, gathers them for one period — for every
candidate at once with a few set-based queries (`worker_ids=None`), or for the given workers only
(the single-case path) — and turns parameter values into an amount. Amounts, caps, rates and the
conditions themselves are data on the policy version."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Q

from gongjiang.demand.selectors import shortage_occupation_codes
from gongjiang.incentives.counting import (
    COMMON_PARAMETERS,
    _policy_ids,
    claims_counting,
    committed_by_key,
)
from gongjiang.incentives.engine import (
    BOOL,
    DECIMAL,
    INT,
    MONTH_RULE_ANY_DAY,
    MONTH_RULE_EVENT_DAY,
    MONTH_RULE_FIRST_DAY,
    MONTH_RULE_LAST_DAY,
    MONTH_RULE_PRO_RATA,
    MONTH_RULES,
    STR,
    Parameter,
    month_last,
    month_next,
)
from gongjiang.incentives.models import Claim, ClaimStatus, Formula, Policy
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Certificate, Employment, Honour, TrainingRecord

CENT = Decimal("0.01")
ZERO = Decimal("0")


@dataclass
class Row:
    """One subject and period to decide, with the facts read for it."""

    period: str
    period_start: date
    facts: dict[str, Any]
    worker_id: int | None = None
    enterprise_id: int | None = None
    district_code: str = ""
    occupation_code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def subject_key(self) -> str:
        return f"w{self.worker_id}" if self.worker_id else f"e{self.enterprise_id}"


def _keys(worker_ids):
    return None if worker_ids is None else {f"w{w}" for w in worker_ids}


@dataclass(frozen=True, slots=True)
class Job:
    enterprise_id: int
    is_front_line: bool
    occupation_code: str
    district_code: str
    city_code: str


NO_JOB = Job(0, False, "", "", "")


def _main_employments_on(day: date, worker_ids) -> dict[int, tuple]:
    """worker id → (enterprise id, front line, occupation code, district code, city code) of the
    main employment on `day`; tuples, not dicts, because the run reads a million of them."""
    qs = Employment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day,
                                   is_second_job=False)
    if worker_ids is not None:
        qs = qs.filter(worker_id__in=worker_ids)
    return {row[0]: row[1:] for row in qs.values_list(
        "worker_id", "enterprise_id", "is_front_line", "occupation__code", "enterprise__district__code",
        "enterprise__district__parent__code")}


def _job(row: tuple | None) -> Job:
    return Job(row[0], row[1], row[2] or "", row[3] or "", row[4] or "") if row else NO_JOB


def month_rule(params: dict[str, Parameter], default: int) -> int:
    """The policy's month rule (issue 17 §3): the `month_rule` parameter, else the formula's default."""
    value = _p(params, "month_rule")
    return int(value) if value is not None and int(value) in MONTH_RULES else default


def jobs_in_month(rule: int, period_start: date, worker_ids) -> dict[int, tuple[tuple, int]]:
    """worker id → (main employment as in `_main_employments_on`, days in post this month) under
    `rule`: the job held on the 1st, or on the last day; or, for any day and pro rata, the job with
    the most days in the month (a later start wins a tie)."""
    last = month_last(period_start)
    if rule in (MONTH_RULE_FIRST_DAY, MONTH_RULE_LAST_DAY, MONTH_RULE_EVENT_DAY):
        day = period_start if rule == MONTH_RULE_FIRST_DAY else last
        return {w: (job, last.day) for w, job in _main_employments_on(day, worker_ids).items()}
    qs = Employment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=period_start), start_date__lte=last,
                                   is_second_job=False)
    if worker_ids is not None:
        qs = qs.filter(worker_id__in=worker_ids)
    best: dict[int, tuple[tuple, int, date]] = {}
    for row in qs.values_list("worker_id", "enterprise_id", "is_front_line", "occupation__code",
                              "enterprise__district__code", "enterprise__district__parent__code", "start_date",
                              "end_date"):
        start, end = max(row[6], period_start), min(row[7] or last, last)
        days = (end - start).days + 1
        held = best.get(row[0])
        if held is None or (days, row[6]) > (held[1], held[2]):
            best[row[0]] = (row[1:6], days, row[6])
    return {w: (job, days) for w, (job, days, _start) in best.items()}


def grade_in_occupation(held: dict[str, int], post_code: str) -> int | None:
    """The highest grade among certificates (occupation code → top grade) held in the occupation of
    the post: the same code, or the 职业 above the post's 工种 when the certificate names no 工种
    (`003` 二(三)4 "从事紧缺职业（工种）岗位的技师、高级技师", issue 17 §4)."""
    if not post_code:
        return None
    grades = [g for code, g in held.items() if code and (code == post_code or post_code.startswith(code + "-"))]
    return max(grades) if grades else None


class FormulaSpec:
    code: str
    facts: dict[str, tuple[str, str]]
    parameters: dict[str, str]  # name → Chinese meaning (the parameters the formula reads)
    month_rules: frozenset[int] = frozenset()  # the `month_rule` values it understands (issue 17 §3)

    def rows(self, policy: Policy, period_start: date, params: dict[str, Parameter], *,
             worker_ids=None, extra_inputs: dict | None = None, today: date | None = None) -> list[Row]:
        """The candidates for the month; `today` is the day the run counts claims on (§5)."""
        raise NotImplementedError

    def amount(self, row: Row, params: dict[str, Parameter], state: dict) -> tuple[Decimal, str]:
        raise NotImplementedError


def _p(params: dict[str, Parameter], name: str) -> Decimal | None:
    return params[name].value if name in params else None


class CertificateOneTime(FormulaSpec):
    """`003` 二(三)4: 1,600 yuan once for a new 高级工 certificate of a worker employed in Zhoushan."""

    code = Formula.CERTIFICATE_ONE_TIME
    month_rules = frozenset({MONTH_RULE_FIRST_DAY, MONTH_RULE_LAST_DAY, MONTH_RULE_ANY_DAY, MONTH_RULE_EVENT_DAY})
    facts = {
        "cert_grade": (INT, "证书等级"),
        "cert_kind": (STR, "证书类别"),
        "employed": (BOOL, "发证时在企业在岗"),
        "employer_district_code": (STR, "就业单位所在区县"),
        "employer_city_code": (STR, "就业单位所在地市"),
    }
    parameters = {"amount": "补贴金额（元）", "once_per_person": "每人限享一次（1）或每证一次（0）",
                  "month_rule": "在岗口径（1 当月1日／2 当月最后一天／3 当月任一天／5 发证当日）"}

    def rows(self, policy, period_start, params, *, worker_ids=None, extra_inputs=None, today=None):
        certs = Certificate.objects.filter(issued_on__gte=period_start, issued_on__lt=month_next(period_start),
                                           grade__isnull=False)
        if worker_ids is not None:
            certs = certs.filter(worker_id__in=worker_ids)
        once = _p(params, "once_per_person") == 1
        rule = month_rule(params, MONTH_RULE_EVENT_DAY)
        rows = []
        cert_rows = list(certs.values_list("id", "worker_id", "grade", "kind", "issued_on", "occupation__code"))
        by_day: dict[date, list] = defaultdict(list)
        for c in cert_rows:
            by_day[c[4] if rule == MONTH_RULE_EVENT_DAY else period_start].append(c)
        for day, certs_of_day in by_day.items():
            ids = {c[1] for c in certs_of_day}
            jobs = _main_employments_on(day, ids) if rule == MONTH_RULE_EVENT_DAY else {
                w: job for w, (job, _days) in jobs_in_month(rule, period_start, ids).items()}
            for cert_id, worker_id, grade, kind, issued, occ in certs_of_day:
                job = _job(jobs.get(worker_id))
                rows.append(Row(
                    period="person" if once else f"cert:{cert_id}", period_start=period_start,
                    worker_id=worker_id, district_code=job.district_code,
                    occupation_code=occ or "", extra={"certificate_id": cert_id, "event_on": issued},
                    facts={"cert_grade": grade, "cert_kind": kind, "employed": job is not NO_JOB,
                           "employer_district_code": job.district_code or None,
                           "employer_city_code": job.city_code or None}))
        return rows

    def amount(self, row, params, state):
        return (_p(params, "amount") or ZERO), "补贴金额 = amount"


class PostMonthly(FormulaSpec):
    """`003` 二(三)4: 400 (技师) / 600 (高级技师) yuan a month for a front-line worker in a shortage
    occupation, at most `max_months` months. The grade held at the month's end *in the occupation of
    the post* sets the rate (`grade_in_post_occupation`, issue 17 §4); which job counts in the
    month is the policy's `month_rule` (default: the job held on the last day, §3)."""

    code = Formula.POST_MONTHLY
    month_rules = frozenset({MONTH_RULE_FIRST_DAY, MONTH_RULE_LAST_DAY, MONTH_RULE_ANY_DAY, MONTH_RULE_PRO_RATA})
    facts = {
        "top_grade": (INT, "月末持有的岗位职业（工种）最高等级"),
        "front_line": (BOOL, "一线岗位"),
        "shortage_occupation": (BOOL, "岗位属于急需紧缺职业（工种）目录"),
        "employer_district_code": (STR, "就业单位所在区县"),
        "employer_city_code": (STR, "就业单位所在地市"),
        "months_paid": (INT, "已享受月数"),
    }
    parameters = {"amount_technician": "技师月补贴（元）", "amount_senior_technician": "高级技师月补贴（元）",
                  "max_months": "最长享受月数", "count_continued_policy": "原政策已享月数计入上限（1/0）",
                  "month_rule": "在岗口径（1 当月1日／2 当月最后一天／3 当月任一天／4 按在岗天数折算）",
                  "grade_in_post_occupation": "等级须为岗位所从事职业（工种）的等级（1 须一致／0 不限职业）"}

    def rows(self, policy, period_start, params, *, worker_ids=None, extra_inputs=None, today=None):
        month_end = month_last(period_start)
        rule = month_rule(params, MONTH_RULE_LAST_DAY)
        jobs = jobs_in_month(rule, period_start, worker_ids)
        must_match = _p(params, "grade_in_post_occupation") != 0  # default: must match (§4)
        certs = Certificate.objects.filter(issued_on__lte=month_end, grade__isnull=False)
        if worker_ids is not None:
            certs = certs.filter(worker_id__in=worker_ids)
        grades: dict[int, dict[str, int]] = defaultdict(dict)
        for worker_id, occ, top in certs.values("worker_id", "occupation__code").annotate(top=Max("grade")) \
                .values_list("worker_id", "occupation__code", "top"):
            grades[worker_id][occ or ""] = top
        shortage_by_district: dict[str, set[str]] = {}
        keys = _keys(worker_ids)
        committed = committed_by_key(_policy_ids(policy, params), subject_keys=keys, until=period_start, today=today)
        months_paid: dict[str, int] = defaultdict(int)
        for (key, _period), total in committed.items():
            if total > 0:
                months_paid[key] += 1
        rows = []
        period = period_start.strftime("%Y-%m")
        month_days = month_end.day
        for worker_id, ((_enterprise, front_line, occ, district, city), days) in jobs.items():
            held = grades.get(worker_id)
            if not held:
                continue  # no certificate: not a candidate (ADR 0009)
            district, occ = district or "", occ or ""
            top = grade_in_occupation(held, occ) if must_match else max(held.values())
            shortage = shortage_by_district.get(district)
            if shortage is None:
                shortage = shortage_by_district[district] = shortage_occupation_codes(district_code=district,
                                                                                      on=period_start)
            rows.append(Row(
                period=period, period_start=period_start, worker_id=worker_id,
                district_code=district, occupation_code=occ,
                extra={"days": days, "month_days": month_days, "pro_rata": rule == MONTH_RULE_PRO_RATA},
                facts={"top_grade": top, "front_line": front_line, "shortage_occupation": occ in shortage,
                       "employer_district_code": district, "employer_city_code": city,
                       "months_paid": months_paid.get(f"w{worker_id}", 0)}))
        return rows

    def amount(self, row, params, state):
        grade = row.facts["top_grade"]
        if grade is not None and grade >= Grade.SENIOR_TECHNICIAN:
            amount, rule = (_p(params, "amount_senior_technician") or ZERO), "高级技师及以上：amount_senior_technician"
        elif grade == Grade.TECHNICIAN:
            amount, rule = (_p(params, "amount_technician") or ZERO), "技师：amount_technician"
        else:
            return ZERO, "技师以下不享受"
        days, month_days = row.extra.get("days", 0), row.extra.get("month_days", 0)
        if row.extra.get("pro_rata") and month_days and days < month_days:
            return (amount * days / month_days).quantize(CENT, ROUND_HALF_UP), \
                f"{rule} × 当月在岗 {days} 天 / {month_days} 天"
        return amount, rule


class EnterpriseSelfCertReward(FormulaSpec):
    """`003` 二(一)3: 500 yuan a year for each employee certified by the enterprise itself (自主认定),
    at most 50,000 yuan per enterprise per year. Period: one employee in one year
    (`once_per_person` = 1, the default) or one certificate (0: "500元/人" read per certificate,
    issue 17 §6). Whether the holder is the enterprise's employee follows the `month_rule`."""

    code = Formula.ENTERPRISE_SELF_CERT_REWARD
    month_rules = frozenset({MONTH_RULE_FIRST_DAY, MONTH_RULE_LAST_DAY, MONTH_RULE_ANY_DAY, MONTH_RULE_EVENT_DAY})
    facts = {
        "cert_kind": (STR, "证书类别"),
        "cert_grade": (INT, "证书等级"),
        "employed_by_evaluator": (BOOL, "持证人为本企业在岗职工"),
        "enterprise_district_code": (STR, "企业所在区县"),
        "committed_this_year": (DECIMAL, "本企业本年度已享奖励（元）"),
    }
    parameters = {"amount_per_person": "每人奖励（元）", "annual_cap": "每企业每年上限（元）",
                  "once_per_person": "同一职工每年计一次（1）或每本证书计一次（0）",
                  "month_rule": "在职口径（1 当月1日／2 当月最后一天／3 当月任一天／5 发证当日）"}

    def rows(self, policy, period_start, params, *, worker_ids=None, extra_inputs=None, today=None):
        certs = Certificate.objects.filter(issued_on__gte=period_start, issued_on__lt=month_next(period_start),
                                           evaluator_enterprise__isnull=False)
        if worker_ids is not None:
            certs = certs.filter(worker_id__in=worker_ids)
        cert_rows = list(certs.values_list("id", "worker_id", "evaluator_enterprise_id", "kind", "grade",
                                           "issued_on", "evaluator_enterprise__district__code",
                                           "occupation__code").order_by("issued_on", "id"))
        year = period_start.year
        enterprises = {c[2] for c in cert_rows}
        committed = committed_by_key(_policy_ids(policy, params), subject_keys={f"e{e}" for e in enterprises},
                                     since=date(year, 1, 1), until=date(year + 1, 1, 1), today=today)
        per_enterprise: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for (key, _period), total in committed.items():
            per_enterprise[key] += total
        rule = month_rule(params, MONTH_RULE_ANY_DAY)
        last = month_last(period_start)
        spells: dict[tuple[int, int], list[tuple[date, date]]] = defaultdict(list)
        for w, e, start, end in Employment.objects.filter(
                worker_id__in={c[1] for c in cert_rows}, enterprise_id__in=enterprises, start_date__lte=last).filter(
                Q(end_date__isnull=True) | Q(end_date__gte=period_start)).values_list(
                "worker_id", "enterprise_id", "start_date", "end_date"):
            spells[(w, e)].append((start, end or last))

        def employed(worker_id: int, enterprise_id: int, issued: date) -> bool:
            day = {MONTH_RULE_FIRST_DAY: period_start, MONTH_RULE_LAST_DAY: last, MONTH_RULE_EVENT_DAY: issued}.get(rule)
            return any(day is None or start <= day <= end for start, end in spells.get((worker_id, enterprise_id), []))

        once = _p(params, "once_per_person") != 0  # default: once per person per year
        rows, seen = [], set()
        for cert_id, worker_id, enterprise_id, kind, grade, issued, district, occ in cert_rows:
            period = f"{year}:w{worker_id}" if once else f"cert:{cert_id}"
            if (enterprise_id, period) in seen:
                continue  # one reward per person per year, whatever the number of certificates
            seen.add((enterprise_id, period))
            rows.append(Row(period=period, period_start=period_start, enterprise_id=enterprise_id,
                            district_code=district or "", occupation_code=occ or "",
                            extra={"certificate_id": cert_id, "worker_id": worker_id, "event_on": issued},
                            facts={"cert_kind": kind, "cert_grade": grade,
                                   "employed_by_evaluator": employed(worker_id, enterprise_id, issued),
                                   "enterprise_district_code": district,
                                   "committed_this_year": per_enterprise[f"e{enterprise_id}"]}))
        return rows

    def amount(self, row, params, state):
        per_person, cap = _p(params, "amount_per_person") or ZERO, _p(params, "annual_cap")
        if cap is None:
            return per_person, "每人奖励 = amount_per_person"
        key = (row.enterprise_id, row.period_start.year)
        used = row.facts["committed_this_year"] + state.setdefault("allocated", defaultdict(lambda: ZERO))[key]
        amount = max(ZERO, min(per_person, cap - used))
        state["allocated"][key] += amount
        return amount, f"min(amount_per_person, annual_cap − 本年已享 {used})"


class SkillUpgrade(FormulaSpec):
    """The national skill-upgrade subsidy (技能提升补贴) as cities run it, decided on application."""

    code = Formula.SKILL_UPGRADE
    facts = {
        "insured_months": (INT, "参加失业保险月数"),
        "cert_grade": (INT, "证书等级"),
        "cert_kind": (STR, "证书类别"),
        "months_since_issue": (INT, "发证至申请的月数"),
        "same_occupation_grade_paid": (BOOL, "同职业同等级已享受"),
        "higher_grade_paid_same_occupation": (BOOL, "同职业已享受更高等级"),
        "times_paid_this_year": (INT, "本年度已享受次数"),
        "training_subsidised_for_cert": (BOOL, "同一证书已享受培训补贴"),
        "shortage_occupation": (BOOL, "证书职业属于急需紧缺目录"),
    }
    parameters = {"amount_junior": "初级（元）", "amount_intermediate": "中级（元）", "amount_senior": "高级（元）",
                  "shortage_uplift_rate": "紧缺职业上浮比例", "shortage_uplift_min_grade": "上浮起始等级",
                  "insured_months_min": "最少参保月数", "apply_within_months": "申请时限（月）",
                  "max_times_per_year": "每人每年最多次数"}

    def rows(self, policy, period_start, params, *, worker_ids=None, extra_inputs=None, today=None):
        """`extra_inputs`: {"certificate_id", "insured_months", "applied_on"} for one application;
        without it (what-if, bulk), certificates issued in the month with insured months unknown."""
        extra_inputs = extra_inputs or {}
        certs = Certificate.objects.filter(grade__isnull=False)
        if "certificate_id" in extra_inputs:
            certs = certs.filter(pk=extra_inputs["certificate_id"])
        else:
            certs = certs.filter(issued_on__gte=period_start, issued_on__lt=month_next(period_start))
        if worker_ids is not None:
            certs = certs.filter(worker_id__in=worker_ids)
        rows = []
        for cert in certs.select_related("occupation"):
            applied_on = extra_inputs.get("applied_on") or cert.issued_on
            occ = cert.occupation.code if cert.occupation else ""
            paid = committed_by_key([policy.pk], subject_keys={f"w{cert.worker_id}"}, today=today)
            paid_cert_ids = [int(p.split(":")[1]) for (_k, p), t in paid.items() if t > 0 and p.startswith("cert:")]
            paid_certs = list(Certificate.objects.filter(pk__in=paid_cert_ids).exclude(pk=cert.pk)
                              .values_list("occupation__code", "grade", "issued_on"))
            of_year = Claim.objects.filter(policy=policy, subject_key=f"w{cert.worker_id}",
                                           period_start__year=applied_on.year).exclude(period=f"cert:{cert.pk}")
            times_this_year = claims_counting(of_year, today=today).count() + of_year.filter(
                status__in=[ClaimStatus.BATCHED, ClaimStatus.PAID]).count()
            months = (applied_on.year - cert.issued_on.year) * 12 + applied_on.month - cert.issued_on.month \
                - (1 if applied_on.day < cert.issued_on.day else 0)
            district = ""
            job = _job(_main_employments_on(applied_on, [cert.worker_id]).get(cert.worker_id))
            district = job.district_code
            rows.append(Row(
                period=f"cert:{cert.pk}", period_start=period_start, worker_id=cert.worker_id,
                district_code=district, occupation_code=occ, extra={"certificate_id": cert.pk},
                facts={"insured_months": extra_inputs.get("insured_months"), "cert_grade": cert.grade,
                       "cert_kind": cert.kind, "months_since_issue": months,
                       "same_occupation_grade_paid": any(o == occ and g == cert.grade for o, g, _ in paid_certs),
                       "higher_grade_paid_same_occupation": any(o == occ and g > cert.grade
                                                                for o, g, _ in paid_certs),
                       "times_paid_this_year": times_this_year,
                       "training_subsidised_for_cert": TrainingRecord.objects.filter(
                           worker_id=cert.worker_id, subsidised=True, occupation=cert.occupation,
                           grade=cert.grade).exists(),
                       "shortage_occupation": occ in shortage_occupation_codes(
                           district_code=district or None, on=applied_on.replace(day=1))}))
        return rows

    def amount(self, row, params, state):
        grade = row.facts["cert_grade"]
        name = {Grade.JUNIOR: "amount_junior", Grade.INTERMEDIATE: "amount_intermediate",
                Grade.SENIOR: "amount_senior"}.get(grade)
        base = (_p(params, name) if name else None) or ZERO
        rate, min_grade = _p(params, "shortage_uplift_rate"), _p(params, "shortage_uplift_min_grade")
        if base and rate and row.facts["shortage_occupation"] and min_grade is not None and grade >= min_grade:
            return (base * (1 + rate)).quantize(CENT, ROUND_HALF_UP), f"{name} ×（1 + shortage_uplift_rate）"
        return base, name or "该等级不在补贴范围"


class HonourReward(FormulaSpec):
    """Rewards for honours and studios within quota: `003` 二(三)1 定海名匠 / 名匠工作室, and `000`
    三(一)3 district matching for national or municipal master studios. Amounts by level."""

    code = Formula.HONOUR_REWARD
    month_rules = frozenset({MONTH_RULE_FIRST_DAY, MONTH_RULE_LAST_DAY, MONTH_RULE_ANY_DAY, MONTH_RULE_EVENT_DAY})
    facts = {
        "honour_title": (STR, "荣誉称号"),
        "honour_level": (STR, "荣誉级别"),
        "within_quota": (BOOL, "在名额之内"),
        "employer_district_code": (STR, "就业单位所在区县"),
    }
    parameters = {"amount": "奖励金额（元）", "amount_national": "国家级（元）", "amount_provincial": "省（市）级（元）",
                  "amount_municipal": "市级（元）",
                  "month_rule": "就业单位口径（1 当月1日／2 当月最后一天／3 当月任一天／5 获评当日）"}

    def rows(self, policy, period_start, params, *, worker_ids=None, extra_inputs=None, today=None):
        from gongjiang.incentives.selectors import honour_within_quota

        honours = Honour.objects.filter(awarded_on__gte=period_start, awarded_on__lt=month_next(period_start))
        if worker_ids is not None:
            honours = honours.filter(worker_id__in=worker_ids)
        honours = list(honours)
        rule = month_rule(params, MONTH_RULE_LAST_DAY)
        ids = {h.worker_id for h in honours}
        month_jobs = {w: job for w, (job, _d) in jobs_in_month(rule, period_start, ids).items()} \
            if rule != MONTH_RULE_EVENT_DAY and honours else {}
        rows = []
        for h in honours:
            jobs = _main_employments_on(h.awarded_on, [h.worker_id]) if rule == MONTH_RULE_EVENT_DAY else month_jobs
            district = _job(jobs.get(h.worker_id)).district_code
            rows.append(Row(period=f"honour:{h.pk}", period_start=period_start, worker_id=h.worker_id,
                            district_code=district, extra={"honour_id": h.pk, "event_on": h.awarded_on},
                            facts={"honour_title": h.title, "honour_level": h.level,
                                   "within_quota": honour_within_quota(h, area=policy.district),
                                   "employer_district_code": district}))
        return rows

    def amount(self, row, params, state):
        name = f"amount_{row.facts['honour_level']}"
        if name in params:
            return params[name].value, name
        return (_p(params, "amount") or ZERO), "amount"


# --- training (issue 12) -----------------------------------------------------------------------


def _training_subject(policy: Policy, c: dict) -> tuple[int | None, int | None]:
    """(worker id, enterprise id) of the subject of a training subsidy row: the trainee, or — for
    a policy whose 享受对象 is 企业 — the institution's payee unit ("paid to the institution or the
    person as the policy says"). None, None: the institution has no payee unit (not a candidate)."""
    if policy.subject_kind == "enterprise":
        return (None, c["payee_id"]) if c["payee_id"] else (None, None)
    return c["worker_id"], None


class TrainingCompletion(FormulaSpec):
    """Subsidised training (补贴性职业技能培训, R3.2, R3.4): per trainee who completed a class of a
    catalogue programme in the month, the programme's published standard × `standard_share`. The
    training domain supplies the facts (`training.selectors.completions_for_subsidy`), including
    whether a confirmed supervision finding names the trainee. Paid to the trainee, or to the
    institution when the policy's subject kind is 企业 (one period per enrolment either way)."""

    code = Formula.TRAINING_COMPLETION
    facts = {
        "exam_passed": (BOOL, "结业考核合格"),
        "programme_in_catalogue": (BOOL, "项目在补贴性培训项目目录内"),
        "attended_share": (DECIMAL, "实到学时占计划学时比例"),
        "blocked_by_finding": (BOOL, "监管疑点经核查确认违规"),
        "institution_admitted": (BOOL, "培训机构处于准入状态"),
        "programme_standard": (DECIMAL, "项目补贴标准（元/人）"),
    }
    parameters = {"standard_share": "按项目补贴标准的比例", "attendance_min_share": "最低出勤比例"}

    def rows(self, policy, period_start, params, *, worker_ids=None, extra_inputs=None, today=None):
        from gongjiang.training.selectors import completions_for_subsidy

        rows = []
        for c in completions_for_subsidy(since=period_start, until=month_next(period_start), worker_ids=worker_ids):
            worker_id, enterprise_id = _training_subject(policy, c)
            if worker_id is None and enterprise_id is None:
                continue
            rows.append(Row(period=f"training:{c['enrolment_id']}", period_start=period_start, worker_id=worker_id,
                            enterprise_id=enterprise_id, district_code=c["district_code"],
                            occupation_code=c["occupation_code"],
                            extra={"enrolment_id": c["enrolment_id"], "worker_id": c["worker_id"]},
                            facts={k: c[k] for k in self.facts}))
        return rows

    def amount(self, row, params, state):
        share = _p(params, "standard_share") or ZERO
        standard = row.facts.get("programme_standard") or ZERO
        return (standard * share).quantize(CENT, ROUND_HALF_UP), "programme_standard × standard_share"


class TrainingShortageUplift(FormulaSpec):
    """The uplift of the training subsidy when the trainee then certifies in a shortage occupation
    (issue 12): decided in the month a certificate is issued to someone who completed a subsidised
    class in the certificate's occupation (same code, or a 工种 under the programme's 职业) on or
    before that day; amount = programme standard × `uplift_share`. The shortage catalogue is read
    as in force on the 1st of the month (ADR 0017). One period per enrolment (`training-uplift:`),
    so the uplift is paid once, to the trainee or the institution as the policy's subject says."""

    code = Formula.TRAINING_SHORTAGE_UPLIFT
    facts = {
        "exam_passed": (BOOL, "结业考核合格"),
        "blocked_by_finding": (BOOL, "监管疑点经核查确认违规"),
        "institution_admitted": (BOOL, "培训机构处于准入状态"),
        "occupation_in_shortage_catalogue": (BOOL, "所取证书职业属于急需紧缺职业目录"),
        "days_after_completion": (INT, "结业后取证天数"),
        "programme_standard": (DECIMAL, "项目补贴标准（元/人）"),
    }
    parameters = {"uplift_share": "上浮比例（按项目补贴标准）", "certify_within_days": "结业后取证期限（天）"}

    def rows(self, policy, period_start, params, *, worker_ids=None, extra_inputs=None, today=None):
        from gongjiang.training.selectors import completions_of

        certs = Certificate.objects.filter(issued_on__gte=period_start, issued_on__lt=month_next(period_start),
                                           occupation__isnull=False)
        if worker_ids is not None:
            certs = certs.filter(worker_id__in=worker_ids)
        by_worker: dict[int, list[tuple]] = defaultdict(list)
        for worker_id, issued, code, grade in certs.order_by("issued_on", "id").values_list(
                "worker_id", "issued_on", "occupation__code", "grade"):
            by_worker[worker_id].append((issued, code, grade))
        if not by_worker:
            return []
        shortage: dict[str, set[str]] = {}
        rows = []
        for c in completions_of(worker_ids=set(by_worker), until=month_next(period_start)):
            programme_code = c["occupation_code"]
            match = next((cert for cert in by_worker[c["worker_id"]] if cert[0] >= c["completed_on"] and (
                cert[1] == programme_code or cert[1].startswith(programme_code + "-")) and (
                c["programme_grade"] is None or (cert[2] is not None and cert[2] >= c["programme_grade"]))), None)
            worker_id, enterprise_id = _training_subject(policy, c)
            if match is None or (worker_id is None and enterprise_id is None):
                continue
            district = c["district_code"]
            if district not in shortage:
                shortage[district] = shortage_occupation_codes(district_code=district, on=period_start)
            rows.append(Row(period=f"training-uplift:{c['enrolment_id']}", period_start=period_start,
                            worker_id=worker_id, enterprise_id=enterprise_id, district_code=district,
                            occupation_code=match[1],
                            extra={"enrolment_id": c["enrolment_id"], "worker_id": c["worker_id"], "event_on": match[0]},
                            facts={"exam_passed": c["exam_passed"], "blocked_by_finding": c["blocked_by_finding"],
                                   "institution_admitted": c["institution_admitted"],
                                   "occupation_in_shortage_catalogue": match[1] in shortage[district]
                                   or programme_code in shortage[district],
                                   "days_after_completion": (match[0] - c["completed_on"]).days,
                                   "programme_standard": c["programme_standard"]}))
        return rows

    def amount(self, row, params, state):
        share = _p(params, "uplift_share") or ZERO
        standard = row.facts.get("programme_standard") or ZERO
        return (standard * share).quantize(CENT, ROUND_HALF_UP), "programme_standard × uplift_share"


# --- end training ------------------------------------------------------------------------------


FORMULAS: dict[str, FormulaSpec] = {spec.code: spec for spec in [
    CertificateOneTime(), PostMonthly(), EnterpriseSelfCertReward(), SkillUpgrade(), HonourReward(),
    TrainingCompletion(), TrainingShortageUplift()]}
for _spec in FORMULAS.values():
    _spec.parameters = {**_spec.parameters, **COMMON_PARAMETERS}

SWITCHES = {"once_per_person", "count_continued_policy", "grade_in_post_occupation"}  # 1 or 0


def parameter_value_problem(formula: str, name: str, value: Decimal) -> str:
    """Why `value` cannot be a value of parameter `name` under `formula` ("" when it can): a month
    rule the formula does not understand, a switch other than 0 or 1 (issue 17 §3, §6)."""
    spec = FORMULAS[formula]
    if name == "month_rule":
        if value not in spec.month_rules:
            allowed = "、".join(f"{n} {MONTH_RULES[n]}" for n in sorted(spec.month_rules)) or "（本计算方式不读取在岗口径）"
            return f"在岗口径 month_rule 只能取：{allowed}"
    elif name in SWITCHES and value not in (0, 1):
        return f"参数 {name} 只能取 1（是）或 0（否）"
    return ""
