"""Scenario tests (issue 17 §1, ADR 0017): a small world run through the real formulas, the monthly
run and arrears, inside a transaction that is rolled back — the database is a scratch pad. Called
by `policy_tests.policy_test_file` for the `scenarios:` of a policy test file. Steps also:
`{run: single, month: 2027-01}` (one month through `decisions_record`) and
`{run: application, worker: 张三, certificate: 1, insured_months: 24, date: 2025-06-01}`.
Write `date:`, never `on:` (YAML reads a bare `on` as true). `predecessor: missing` removes a
registered one.

  scenarios:
    - name: 月中离岗当月不发
      parameters: {month_rule: 1}          # optional: other parameter values for this scenario
      world:
        enterprises: {甲船厂: {district: "330902"}}
        workers:
          张三:
            certificates: [{grade: 5, occupation: 6-18-02-04, issued_on: 2024-12-01, evaluator: 甲船厂}]
            jobs: [{enterprise: 甲船厂, occupation: 6-18-02-04, front_line: true, start: 2020-01-01,
                    end: 2025-07-15}]
            honours: [{title: 定海名匠, level: district, awarded_on: 2025-09-10}]
        payments: [{worker: 张三, period: 2025-01, amount: "400"}]      # earlier payments, this policy
        predecessor: {payments: [{worker: 张三, from: 2022-03, months: 34, amount: "400"}]}
                                                                         # or: predecessor: none
      steps:
        - {run: monthly, from: 2025-06, to: 2025-08}   # each month run on the 1st of the next
        - {run: arrears, until: 2025-06, date: 2025-06-20}
        - {pay: all, date: 2025-09-01}                 # confirmed, reviewed, notice ended → paid
        - {daily: 2025-12-01}                          # the daily job: reminders and waivers
      expect:
        claims: {张三: {2025-06: "400"}}               # every claim of the subject, by month
        decisions: [{subject: 张三, month: 2025-07, eligible: false, failed: [top_grade],
                     refused: 有效期, note: 当月1日}]
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q

from gongjiang.incentives.formulas import FORMULAS
from gongjiang.incentives.models import Policy, PolicyVersion


def _month(text) -> datetime.date:
    if isinstance(text, datetime.date):
        return text.replace(day=1)
    year, month = str(text).split("-")[:2]
    return datetime.date(int(year), int(month), 1)


class _Rollback(Exception):  # noqa: N818 — control flow: undo the scenario's world
    pass


def _day(value, where: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ScenarioError(f"{where}：日期“{value}”格式应为 YYYY-MM-DD") from exc


class ScenarioError(Exception):
    """A scenario written wrongly: the Chinese message says where and how to fix it."""


@dataclass
class _World:
    version: PolicyVersion
    workers: dict[str, Any] = field(default_factory=dict)
    enterprises: dict[str, Any] = field(default_factory=dict)
    certificates: dict[str, list] = field(default_factory=dict)

    def subject_key(self, name: str, where: str) -> str:
        if name in self.workers:
            return f"w{self.workers[name].pk}"
        if name in self.enterprises:
            return f"e{self.enterprises[name].pk}"
        raise ScenarioError(f"{where}：情景中没有名为“{name}”的人员或企业")

    def claims(self):
        from gongjiang.incentives.models import Claim

        return Claim.objects.filter(Q(worker__in=self.workers.values()) | Q(enterprise__in=self.enterprises.values()))


def _occupation(code, where):
    from gongjiang.reference.models import Occupation

    if not code:
        return None
    occ = Occupation.objects.filter(code=str(code)).first()
    if occ is None:
        raise ScenarioError(f"{where}：职业代码“{code}”不在职业分类中")
    return occ


def _world_build(policy: Policy, version: PolicyVersion, data: dict) -> _World:
    import uuid

    from gongjiang.incentives.models import LedgerEntry, PolicyDocument
    from gongjiang.reference.models import Division
    from gongjiang.registry.models import Certificate, Employment, Enterprise, Honour, Worker

    world = _World(version)
    for name, item in (data.get("enterprises") or {}).items():
        item = item or {}
        district = Division.objects.filter(code=str(item.get("district", policy.district.code))).first()
        if district is None:
            raise ScenarioError(f"企业“{name}”：区县代码“{item.get('district')}”不存在")
        world.enterprises[name] = Enterprise.objects.create(uscc=("SC" + uuid.uuid4().hex)[:18], name=str(name),
                                                            district=district)
    for name, item in (data.get("workers") or {}).items():
        item = item or {}
        worker = Worker(name=str(name), sex="M", birth_date=datetime.date(1985, 6, 15), id_number_sealed=b"",
                        id_number_hash="scenario-" + uuid.uuid4().hex, id_number_masked="情景测试")
        worker.save()
        world.workers[name] = worker
        for i, job in enumerate(item.get("jobs") or [], start=1):
            where = f"人员“{name}”第 {i} 段就业"
            if job.get("enterprise") not in world.enterprises:
                raise ScenarioError(f"{where}：企业“{job.get('enterprise')}”未在 enterprises 中列出")
            Employment.objects.create(worker=worker, enterprise=world.enterprises[job["enterprise"]],
                                      occupation=_occupation(job.get("occupation"), where),
                                      is_front_line=bool(job.get("front_line", False)),
                                      is_second_job=bool(job.get("second_job", False)),
                                      start_date=_day(job.get("start", "2020-01-01"), where),
                                      end_date=_day(job["end"], where) if job.get("end") else None)
        for i, cert in enumerate(item.get("certificates") or [], start=1):
            where = f"人员“{name}”第 {i} 本证书"
            evaluator = cert.get("evaluator")
            if evaluator and evaluator not in world.enterprises:
                raise ScenarioError(f"{where}：认定企业“{evaluator}”未在 enterprises 中列出")
            world.certificates.setdefault(name, []).append(Certificate.objects.create(worker=worker, number=f"SC{uuid.uuid4().hex[:16]}",
                                       kind=cert.get("kind", "skill_grade"), grade=cert.get("grade"),
                                       occupation=_occupation(cert.get("occupation"), where), issuer="情景测试",
                                       evaluator_enterprise=world.enterprises.get(evaluator),
                                       issued_on=_day(cert.get("issued_on"), where)))
        for i, honour in enumerate(item.get("honours") or [], start=1):
            where = f"人员“{name}”第 {i} 项荣誉"
            Honour.objects.create(worker=worker, title=str(honour.get("title", "")),
                                  level=honour.get("level", "district"),
                                  awarded_on=_day(honour.get("awarded_on"), where))

    def ledger(target: Policy, rows, label):
        for i, pay in enumerate(rows or [], start=1):
            where = f"{label}第 {i} 笔"
            key = world.subject_key(pay.get("worker") or pay.get("enterprise"), where)
            first = _month(pay.get("from") or pay.get("period"))
            for n in range(int(pay.get("months", 1))):
                month = datetime.date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1)
                period = pay.get("period_key") or f"{month:%Y-%m}"
                LedgerEntry.objects.create(
                    policy=target, subject_key=key, worker=world.workers.get(pay.get("worker")),
                    enterprise=world.enterprises.get(pay.get("enterprise")), period=period, period_start=month,
                    kind=LedgerEntry.Kind.PAYMENT, attempt=0, amount=Decimal(str(pay.get("amount", "0"))))

    ledger(policy, data.get("payments"), "本政策已发放记录")
    predecessor = data.get("predecessor")
    if predecessor == "none":
        policy.continues, policy.no_predecessor = None, True
        policy.save(update_fields=["continues", "no_predecessor"])
    elif predecessor == "missing":
        policy.continues, policy.no_predecessor = None, False
        policy.save(update_fields=["continues", "no_predecessor"])
    elif isinstance(predecessor, dict):
        doc = PolicyDocument.objects.create(
            number=f"情景测试原政策 {uuid.uuid4().hex[:8]}", title="情景测试：延续的原政策", issuer="情景测试",
            issued_on=datetime.date(2020, 1, 1), effective_from=datetime.date(2020, 1, 1),
            applies_from=datetime.date(2020, 1, 1), expires_on=policy.document.applies_from)
        old = Policy.objects.create(document=doc, code=f"scenario-{uuid.uuid4().hex[:12]}", name="情景测试原政策",
                                    clause="—", formula=policy.formula, subject_kind=policy.subject_kind,
                                    district=policy.district)
        policy.continues = old
        policy.save(update_fields=["continues"])
        ledger(old, predecessor.get("payments"), "原政策已发放记录")
    return world


def _parameters_override(version: PolicyVersion, values: dict) -> None:
    """Other values for this scenario: a value for every date the parameter changes on, decided now,
    so it wins for every month (rolled back with the world)."""
    from django.utils import timezone

    from gongjiang.incentives.models import ParameterValue

    spec = FORMULAS[version.policy.formula]
    now = timezone.now()
    for name, value in (values or {}).items():
        if name not in spec.parameters:
            raise ScenarioError(f"参数“{name}”不是该计算方式的参数。可用：{'、'.join(sorted(spec.parameters))}")
        try:
            number = Decimal(str(value))
        except ArithmeticError as exc:
            raise ScenarioError(f"参数“{name}”的取值“{value}”不是数字") from exc
        from gongjiang.incentives.formulas import parameter_value_problem

        problem = parameter_value_problem(version.policy.formula, name, number)
        if problem:
            raise ScenarioError(problem)
        dates = set(ParameterValue.objects.filter(version__policy=version.policy, name=name)
                    .values_list("effective_from", flat=True)) | {datetime.date(1900, 1, 1)}
        for day in dates:
            ParameterValue.objects.create(version=version, name=name, effective_from=day, value=number,
                                          citation="情景测试假设", decided_at=now)


def _step(world: _World, step: dict, index: int) -> None:
    from gongjiang.incentives.engine import month_next, months_between
    from gongjiang.incentives.models import ClaimStatus, DecisionRun
    from gongjiang.incentives.services import (
        arrears_run,
        claims_pay_due,
        claims_remind_and_waive,
        decisions_record,
        monthly_run,
    )

    where = f"第 {index} 步"
    workers = [w.pk for w in world.workers.values()]
    if step.get("run") == "monthly":
        first = _month(step.get("from") or step.get("month"))
        last = _month(step.get("to") or step.get("month") or first)
        for month in months_between(first, last):
            today = _day(step["date"], where) if step.get("date") else month_next(month)
            monthly_run(period_start=month, today=today, versions=[world.version], worker_ids=workers,
                        claim_ids=list(world.claims().values_list("pk", flat=True)))
    elif step.get("run") == "single":  # one month decided for the world's workers (decisions_record)
        month = _month(step.get("month"))
        decisions_record(version=world.version, period_start=month, kind=DecisionRun.Kind.SINGLE,
                         worker_ids=workers, today=_day(step["date"], where) if step.get("date") else month_next(month))
    elif step.get("run") == "application":  # an application (申报), as `claim_apply` decides it
        name = step.get("worker")
        certs = world.certificates.get(name) or []
        number = int(step.get("certificate", 1))
        if not 1 <= number <= len(certs):
            raise ScenarioError(f"{where}：人员“{name}”没有第 {number} 本证书")
        on = _day(step.get("date"), where)
        decisions_record(version=world.version, period_start=on.replace(day=1), kind=DecisionRun.Kind.SINGLE,
                         worker_ids=[world.workers[name].pk], claim_status=ClaimStatus.SUBMITTED, today=on,
                         extra_inputs={"certificate_id": certs[number - 1].pk,
                                       "insured_months": int(step.get("insured_months", 0)), "applied_on": on})
    elif step.get("run") == "arrears":
        arrears_run(version=world.version, until=_month(step["until"]), worker_ids=workers,
                    today=_day(step.get("date", month_next(_month(step["until"]))), where))
    elif "pay" in step:
        on = _day(step.get("date"), where)
        waiting = world.claims().filter(status__in=[ClaimStatus.AWAITING_CONFIRMATION, ClaimStatus.SUBMITTED,
                                                    ClaimStatus.FIRST_REVIEWED])
        if step["pay"] != "all":
            key = world.subject_key(step["pay"], where)
            waiting = waiting.filter(subject_key=key)
        waiting.update(status=ClaimStatus.IN_NOTICE, account_masked="6222****0000",
                       notice_until=on - datetime.timedelta(days=1))
        claims_pay_due(today=on, claim_ids=list(world.claims().values_list("pk", flat=True)))
    elif "daily" in step:
        claims_remind_and_waive(today=_day(step["daily"], where),
                                claim_ids=list(world.claims().values_list("pk", flat=True)))
    else:
        raise ScenarioError(f"{where}：应为 run: monthly、run: arrears、run: single、run: application、pay 或 daily")


def _expect(world: _World, expect: dict) -> list[str]:
    from collections import defaultdict

    from gongjiang.incentives.models import Decision

    problems = []
    for name, months in (expect.get("claims") or {}).items():
        key = world.subject_key(name, "expect.claims")
        actual: dict[str, Decimal] = defaultdict(Decimal)
        for month, amount in world.claims().filter(subject_key=key).values_list("period_start", "amount"):
            actual[f"{month:%Y-%m}"] += amount
        wanted = {f"{_month(m):%Y-%m}": Decimal(str(a)) for m, a in (months or {}).items() if Decimal(str(a))}
        if dict(actual) != wanted:
            show = lambda d: "、".join(f"{m} {format(v.normalize(), 'f')}元" for m, v in sorted(d.items())) or "无"  # noqa: E731
            problems.append(f"{name} 的享受事项应为 {show(wanted)}，实际 {show(actual)}")
    for i, item in enumerate(expect.get("decisions") or [], start=1):
        where = f"expect.decisions 第 {i} 项"
        key = world.subject_key(item.get("subject"), where)
        month = _month(item.get("month"))
        field_name = "worker_id" if key[0] == "w" else "enterprise_id"
        decisions = Decision.objects.filter(**{field_name: int(key[1:])}, period_start=month, policy=world.version
                                            .policy).select_related("run")
        latest = decisions.order_by("-run_id").first()
        if latest is None:
            problems.append(f"{where}：{item.get('subject')} {month:%Y-%m} 没有决定（不是候选对象）")
            continue
        decisions = [d for d in decisions if d.run_id == latest.run_id]
        explanations = [d.explanation for d in decisions]
        label = f"{item.get('subject')} {month:%Y-%m}"
        eligible = any(d.eligible for d in decisions)
        if "eligible" in item and bool(item["eligible"]) != eligible:
            problems.append(f"{label} 应{'符合' if item['eligible'] else '不符合'}，实际{'符合' if eligible else '不符合'}")
        if "amount" in item:
            total = sum((d.amount for d in decisions), Decimal("0"))
            if total != Decimal(str(item["amount"])):
                problems.append(f"{label} 本次应发应为 {item['amount']}，实际 {total}")
        if "failed" in item:
            failed = sorted({c["fact"] for e in explanations for c in e.get("conditions", []) if not c["passed"]})
            if failed != sorted(item["failed"]):
                problems.append(f"{label} 未满足的条件应为 {sorted(item['failed'])}，实际 {failed}")
        for word in ("refused", "note"):
            if word in item:
                texts = [e.get("refused", "") for e in explanations] if word == "refused" else [
                    n for e in explanations for n in e.get("notes", [])]
                if not any(str(item[word]) in t for t in texts):
                    problems.append(f"{label} 的说明中应有“{item[word]}”，实际：{'；'.join(t for t in texts if t) or '无'}")
    return problems


def scenario_run(policy: Policy, version: PolicyVersion, scenario: dict) -> list[str]:
    """Build the scenario's world, run its steps, compare; everything is rolled back. Returns the
    problems found (empty: passed)."""
    from django.db import transaction

    problems: list[str] = []
    try:
        with transaction.atomic():
            policy = Policy.objects.select_related("document", "district").get(pk=policy.pk)
            version = PolicyVersion.objects.select_related("policy", "policy__document").get(pk=version.pk)
            version.policy = policy
            _parameters_override(version, scenario.get("parameters"))
            world = _world_build(policy, version, scenario.get("world") or {})
            for index, step in enumerate(scenario.get("steps") or [], start=1):
                _step(world, step, index)
            problems = _expect(world, scenario.get("expect") or {})
            raise _Rollback
    except _Rollback:
        pass
    except ScenarioError as exc:
        problems = [f"情景写法有误：{exc}"]
    return problems
