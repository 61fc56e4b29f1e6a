"""The demo's skill evaluation (issue 13): the `evaluator` account's agency, filed by the bureau
with a scope, running batches over two years — two issued (one certificate revoked), one in its
公示, one planned with candidates waiting for scores — through the evaluation services, so every
certificate is signed and written into the workers' archives like a real one."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count

from gongjiang.evaluation import services
from gongjiang.evaluation.models import AgencyKind, EligibilityRule
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Occupation
from gongjiang.registry.models import Certificate, Employment

WELDER = "6-18-02-04"
DEMO_CITATION = "演示数据：参照《国家职业技能标准》（2018年版）2.3 申报条件的通用年限"
# The 2018 routes (grade, previous grade, years), for a demo occupation that has no rules yet.
ROUTES = [(Grade.JUNIOR, None, 1), (Grade.INTERMEDIATE, Grade.JUNIOR, 4), (Grade.INTERMEDIATE, None, 6),
          (Grade.SENIOR, Grade.INTERMEDIATE, 5), (Grade.TECHNICIAN, Grade.SENIOR, 4),
          (Grade.SENIOR_TECHNICIAN, Grade.TECHNICIAN, 4)]


def _occupation() -> Occupation:
    """The occupation most demo workers are employed in (焊工 on a tie): its 中级工（四级）
    batches draw on every worker with six years in the job (the route with no earlier grade)."""
    counts = (Employment.objects.filter(occupation__isnull=False).values("occupation_id")
              .annotate(n=Count("worker", distinct=True)).order_by("-n", "occupation_id"))
    best = list(counts[:3])
    welder = Occupation.objects.filter(code=WELDER).first()
    if welder and best and any(row["occupation_id"] == welder.pk for row in best):
        return welder
    return Occupation.objects.get(pk=best[0]["occupation_id"]) if best else welder


def evaluation_demo_create(*, bureau: Any, evaluator: Any, district: Any, name: str, site_code: str,
                           employer: Any, as_of: date, seed: int) -> dict[str, int]:
    """File the agency, bind `evaluator` to it and run its batches; returns counts."""
    rng = random.Random(seed)
    occupation = _occupation()
    if not EligibilityRule.objects.filter(occupation=occupation).exists():
        for grade, previous, years in ROUTES:
            services.rule_save(actor=bureau, occupation=occupation, grade=grade, previous_grade=previous,
                               years=years, citation=DEMO_CITATION)
    province = district.code[:2]
    agency = services.agency_file(actor=bureau, name=name, kind=AgencyKind.SOCIAL, site_code=site_code,
                                  district=district, province_code=province, filed_on=as_of - timedelta(days=800))
    for grade in (Grade.JUNIOR, Grade.INTERMEDIATE, Grade.SENIOR, Grade.TECHNICIAN):
        services.agency_scope_add(actor=bureau, agency=agency, occupation=occupation, grade=grade)
    own = services.agency_file(actor=bureau, name=f"{employer.name}（自主评价）", kind=AgencyKind.EMPLOYER,
                               site_code=f"{int(site_code) + 90:06d}"[-6:], district=district, enterprise=employer,
                               province_code=province,
                               filed_on=as_of - timedelta(days=500))
    services.agency_scope_add(actor=bureau, agency=own, occupation=occupation, grade=Grade.SENIOR)
    evaluator.agency = agency
    evaluator.save(update_fields=["agency"])
    examiners = [services.examiner_add(actor=bureau, agency=agency, name=n, card_number=f"KP{site_code}{i:03d}")
                 for i, n in enumerate(["周考评", "林考评", "徐考评"], start=1)]

    # Workers without a 中级工 certificate in the occupation, those employed in it first, by the
    # start of their first job (a small demo district has few of them; others apply too).
    holders = set(Certificate.objects.filter(occupation=occupation, grade__gte=Grade.INTERMEDIATE)
                  .values_list("worker_id", flat=True))
    in_trade = set(Employment.objects.filter(occupation=occupation).values_list("worker_id", flat=True))
    first_job: dict[int, date] = {}
    for worker_id, start in Employment.objects.order_by("start_date").values_list("worker_id", "start_date")[:20000]:
        first_job.setdefault(worker_id, start)
    remaining = sorted(set(first_job) - holders)
    rng.shuffle(remaining)
    remaining.sort(key=lambda w: w not in in_trade)
    from gongjiang.registry.models import Worker

    counts = {"batches": 0, "candidates": 0, "certificates": 0, "revoked": 0}
    plans = [(as_of - timedelta(days=420), "issued"), (as_of - timedelta(days=70), "issued"),
             (as_of - timedelta(days=12), "in_notice"), (as_of + timedelta(days=20), "planned")]
    for exam, stage in plans:
        batch = services.batch_plan(actor=evaluator, occupation=occupation, grade=Grade.INTERMEDIATE, exam_date=exam,
                                    site="舟山市定海区职业技能公共实训基地", examiners=examiners[:2])
        counts["batches"] += 1
        ready = [w for w in remaining if first_job[w] <= exam - timedelta(days=6 * 366)][:8]
        early = [w for w in remaining if exam - timedelta(days=6 * 366) < first_job[w] <= exam][:1]
        for worker_id in ready + early:
            candidate = services._candidate_take(evaluator, batch, Worker.objects.get(pk=worker_id), exam)
            counts["candidates"] += 1
            if stage != "planned" and candidate.eligible:
                services.score_record(actor=evaluator, batch=batch, candidate_id=candidate.pk,
                                      theory=str(rng.randint(58, 96)), practical=str(rng.randint(61, 95)))
                if batch.candidates.get(pk=candidate.pk).result == "passed":
                    remaining.remove(worker_id)  # a failed candidate may sit a later batch
        if stage == "planned" or not batch.candidates.filter(eligible=True).exists():
            continue
        published = exam + timedelta(days=7)
        services.batch_publish(actor=evaluator, batch=batch, today=published)
        if stage == "issued":
            batch.refresh_from_db()
            issued = services.batch_issue(actor=evaluator, batch=batch, today=batch.notice_until + timedelta(days=1))
            counts["certificates"] += len(issued)
            if counts["batches"] == 1:
                services.batch_report(actor=evaluator, batch=batch, today=batch.report_due)
                if issued:
                    services.certificate_revoke(actor=bureau, certificate=issued[-1],
                                                reason="演示：抽查发现操作技能考核视频与本人不符")
                    counts["revoked"] += 1
    return counts


@transaction.atomic
def evaluation_demo_load(*, profile_key: str, district_code: str, as_of: date, seed: int) -> dict[str, int]:
    """After `district_generate`: the evaluation demo of the district's first evaluator (run by
    `demo_load`, so the generator's calibrated counts stay those of the archives it wrote)."""
    from gongjiang.accounts.models import User
    from gongjiang.demo.profiles import PROFILES
    from gongjiang.reference.models import Division

    profile = PROFILES[profile_key]
    name, site_code = profile.evaluators[0][0], profile.evaluators[0][1]
    users = {u.username: u for u in User.objects.filter(username__in=["bureau_admin", "evaluator", "hr"])}
    return evaluation_demo_create(bureau=users["bureau_admin"], evaluator=users["evaluator"],
                                  district=Division.objects.get(code=district_code), name=name, site_code=site_code,
                                  employer=users["hr"].enterprise, as_of=as_of, seed=seed)
