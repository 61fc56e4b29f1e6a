"""Training demo data (issue 12): a dozen admitted institutions of the demo district with sites on
the training map, a small subsidised-programme catalogue, classes over the two years before the
demo date with timetables, rosters drawn from the registry, device check-ins and completions —
and a few planted fraud patterns of each kind, so that supervision has something real to find:

- machine-clicking: one class where four trainees check in and out at the very same seconds;
- one person at two sites: a trainee of one class also checked in, at the same hours, at another
  institution's site;
- check-ins outside the timetable: one class with evening check-ins when no session ran;
- hours short: a completed trainee with a single day of attendance;
- past retirement age: women over 55 in one class (the registry's oldest);
- the same person twice in one programme.

Rows are written in bulk (like the rest of the demo); the completions' archive records are
`registry.TrainingRecord` rows, as `training.services.completion_record` would write them. The
catalogue's subsidy standards are demo amounts."""

from __future__ import annotations

import itertools
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongjiang.reference.models import Occupation
from gongjiang.registry.models import TrainingRecord, Worker
from gongjiang.training.coverage import TOWNSHIPS
from gongjiang.training.models import (
    CheckIn,
    ClassStatus,
    Completion,
    Enrolment,
    Institution,
    Programme,
    Session,
    Site,
    TrainingClass,
)

PROGRAMMES = [  # code, name, occupation code, grade, hours, subsidy standard (demo amounts)
    ("dh-hg-4", "焊工（高级工）", "6-18-02-04", 3, 40, "1800"),
    ("dh-hg-3", "焊工（中级工）", "6-18-02-04", 4, 32, "1400"),
    ("dh-dg-4", "电工（中级工）", "6-31-01-03", 4, 40, "1500"),
    ("dh-yl-5", "养老护理员（初级工）", "4-10-01-05", 5, 24, "1000"),
    ("dh-pt-4", "中式烹调师（中级工）", "4-03-02-01", 4, 32, "1300"),
    ("dh-ds-4", "电子商务师（四级）", "4-01-06-01", 4, 32, "1200"),
    ("dh-jz-5", "家政服务员（初级工）", "4-10-01-06", 5, 24, "900"),
]
EXTRA_NAMES = ["舟山市定海区海星职业技能培训学校", "舟山市定海区白泉职业技能培训中心", "舟山市定海区金海湾技能培训学校",
               "舟山市定海区千岛康护培训中心", "舟山市定海区马岙电商培训学校", "舟山市定海区临港焊接培训中心",
               "舟山市定海区城东家政培训学校", "舟山市定海区双桥烹饪培训学校", "舟山市定海区盐仓电工培训中心"]
SITE_TOWNS = ["解放街道", "昌国街道", "临城街道", "城东街道", "盐仓街道", "千岛街道", "白泉镇", "马岙街道", "环南街道",
              "双桥街道", "干览镇", "解放街道"]
SLOTS = ((time(8, 30), time(11, 30)), (time(13, 30), time(17, 30)))


def _uscc(n: int) -> str:
    """A valid credit code of a private non-enterprise unit (民办非企业单位, 52) of the district."""
    from stdnum.cn import uscc as std_uscc

    org = f"{70000000 + n:08d}"
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    check = 11 - sum(int(c) * w for c, w in zip(org, weights, strict=True)) % 11
    body = "52330902" + org + {10: "X", 11: "0"}.get(check, str(check))
    return body + std_uscc.calc_check_digit(body)


def _aware(day: date, at: time, seconds: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, at)) + timedelta(seconds=seconds)


@transaction.atomic
def training_demo_create(*, district: Any, trainer_names: tuple[str, ...], as_of: date, seed: int = 1) -> dict[str, int]:
    """Write the training demo world; returns counts. Runs the supervision rules at the end."""
    from gongjiang.accounts.models import User
    from gongjiang.training.supervision import supervision_run

    rng = random.Random(seed)
    occupations = {o.code: o for o in Occupation.objects.filter(code__in={p[2] for p in PROGRAMMES})}
    programmes = [Programme.objects.update_or_create(code=code, defaults={
        "name": name, "occupation": occupations[occ], "grade": grade, "hours": hours,
        "subsidy_standard": Decimal(standard), "citation": "定海区补贴性培训项目目录（演示金额）"})[0]
        for code, name, occ, grade, hours, standard in PROGRAMMES if occ in occupations]
    names = [n for n in trainer_names if "评价" not in n] + EXTRA_NAMES
    towns = {name: (lon, lat) for name, lon, lat in TOWNSHIPS}
    institutions, sites = [], []
    for i, name in enumerate(names[:12]):
        institution, _created = Institution.objects.update_or_create(uscc=_uscc(i + 1), defaults={
            "name": name, "kind": "non_profit" if i % 3 == 0 else "for_profit",
            "licence_number": f"教民1330902{70000 + i:05d}号", "district": district,
            "admitted_on": date(as_of.year - 3, 3, 1), "grade": "ABC"[i % 3] if i % 4 else "",
            "address": f"舟山市定海区{SITE_TOWNS[i]}"})
        institution.scope.set({programmes[j % len(programmes)].occupation for j in range(i, i + 3)})
        lon, lat = towns[SITE_TOWNS[i]]
        site = Site.objects.create(institution=institution, name=f"{SITE_TOWNS[i]}教学点", township=SITE_TOWNS[i],
                                   longitude=Decimal(f"{lon + rng.uniform(-0.01, 0.01):.6f}"),
                                   latitude=Decimal(f"{lat + rng.uniform(-0.01, 0.01):.6f}"), capacity=60,
                                   address=f"舟山市定海区{SITE_TOWNS[i]}")
        institutions.append(institution)
        sites.append(site)

    worker_ids = list(Worker.objects.filter(birth_date__gt=date(as_of.year - 52, 1, 1)).values_list("id", flat=True)[:4000])
    # Planted: women past 55 (the demo registry holds people up to 62, so no man is past 60 at class time).
    old_ids = list(Worker.objects.filter(sex="F", birth_date__lte=date(as_of.year - 57, 1, 1))
                   .order_by("birth_date").values_list("id", flat=True)[:3])
    rng.shuffle(worker_ids)
    pool = itertools.cycle(worker_ids)  # a small demo registry reuses people across classes
    per_class = max(6, len(worker_ids) // 36)
    counts = {"classes": 0, "enrolments": 0, "checkins": 0, "completions": 0}
    checkins, completions, records = [], [], []
    class_seq = 0
    planted_classes: dict[str, TrainingClass] = {}
    for index, institution in enumerate(institutions):
        scope_ids = set(institution.scope.values_list("id", flat=True))
        offered = [p for p in programmes if p.occupation_id in scope_ids]
        for k in range(4):
            class_seq += 1
            programme = offered[k % len(offered)]
            start = as_of - timedelta(days=60 + 180 * k + 7 * index)
            days = max(3, programme.hours // 7)
            training_class = TrainingClass.objects.create(
                institution=institution, programme=programme, name=f"{programme.name}第{k + 1}期", site=sites[index],
                teacher=rng.choice(["陈建国", "王海燕", "李志强", "张丽", "周明"]), start_date=start,
                end_date=start + timedelta(days=days - 1), planned_hours=days * 7, capacity=30,
                status=ClassStatus.APPROVED if k else ClassStatus.FILED)
            if k == 0:
                continue  # the newest plan of each institution awaits approval
            counts["classes"] += 1
            sessions = [Session(training_class=training_class, starts_at=_aware(start + timedelta(days=d), a),
                                ends_at=_aware(start + timedelta(days=d), b), topic="理论" if a.hour < 12 else "实操")
                        for d in range(days) for a, b in SLOTS]
            Session.objects.bulk_create(sessions)
            size = min(rng.randint(15, 25), per_class)
            people = list(dict.fromkeys(next(pool) for _ in range(size)))
            if index == 2 and k == 1 and old_ids:
                people = [p for p in people if p not in old_ids][:len(people) - len(old_ids)] + old_ids
                planted_classes["retirees"] = training_class
            enrolments = Enrolment.objects.bulk_create([Enrolment(training_class=training_class, worker_id=w)
                                                        for w in people])
            counts["enrolments"] += len(enrolments)
            clicked = enrolments[:4] if (index, k) == (1, 1) else []
            for n, enrolment in enumerate(enrolments):
                attend_days = range(1) if (index, k, n) == (3, 2, 0) else range(days)
                for d in attend_days:
                    day = start + timedelta(days=d)
                    for a, b in SLOTS:
                        if enrolment in clicked:
                            jitter_in = jitter_out = 0
                        else:
                            jitter_in, jitter_out = rng.randint(-900, 300), rng.randint(-300, 900)
                        checkins.append(CheckIn(
                            enrolment=enrolment, training_class=training_class, worker_id=enrolment.worker_id,
                            site=sites[index], checked_in_at=_aware(day, a, jitter_in),
                            checked_out_at=_aware(day, b, jitter_out),
                            minutes=int(((datetime.combine(day, b) - datetime.combine(day, a)).total_seconds()
                                         + jitter_out - jitter_in) // 60), device=f"FACE-{index:02d}"))
                if (index, k) == (4, 1) and n < 3:  # evening check-ins when no session ran
                    day = start + timedelta(days=1)
                    checkins.append(CheckIn(enrolment=enrolment, training_class=training_class,
                                            worker_id=enrolment.worker_id, site=sites[index],
                                            checked_in_at=_aware(day, time(20, 0), n * 37),
                                            checked_out_at=_aware(day, time(21, 30), n * 41), minutes=90,
                                            device=f"FACE-{index:02d}"))
                if training_class.end_date < as_of:
                    passed = rng.random() < (0.99 if index == 5 else 0.85)
                    completions.append(Completion(enrolment=enrolment, completed_on=training_class.end_date,
                                                  hours_attended=Decimal(len(attend_days) * 7), exam_passed=passed))
                    records.append(TrainingRecord(
                        worker_id=enrolment.worker_id, institution_name=institution.name, programme=programme.name,
                        occupation=programme.occupation, grade=programme.grade, start_date=start,
                        end_date=training_class.end_date, hours=len(attend_days) * 7, completed=passed,
                        subsidised=True))
            if (index, k) == (6, 1):  # one person at two sites: a trainee of this class, also at institution 7
                planted_classes["double"] = training_class
    # The same person twice in one programme, and at two sites at once.
    double = planted_classes.get("double")
    if double is not None:
        person = double.enrolments.first()
        other_class = TrainingClass.objects.filter(institution=institutions[7], status=ClassStatus.APPROVED).first()
        twin = Enrolment.objects.create(training_class=other_class, worker_id=person.worker_id)
        day = double.start_date
        checkins.append(CheckIn(enrolment=twin, training_class=other_class, worker_id=person.worker_id,
                                site=sites[7], checked_in_at=_aware(day, time(9, 0)),
                                checked_out_at=_aware(day, time(11, 0)), minutes=120, device="FACE-07"))
        again = TrainingClass.objects.filter(institution=institutions[6], programme=double.programme,
                                             status=ClassStatus.APPROVED).exclude(pk=double.pk).first()
        if again is not None:
            Enrolment.objects.get_or_create(training_class=again, worker_id=person.worker_id)
    CheckIn.objects.bulk_create(checkins, batch_size=5000, ignore_conflicts=True)
    saved = TrainingRecord.objects.bulk_create(records, batch_size=2000)
    for completion, record in zip(completions, saved, strict=True):
        completion.archive_record_id = record.pk
    Completion.objects.bulk_create(completions, batch_size=2000)
    counts.update(checkins=len(checkins), completions=len(completions))
    User.objects.filter(username="trainer").update(training_institution=institutions[0],
                                                   organisation_name=institutions[0].name)
    counts["findings"] = sum(supervision_run().values())
    return counts
